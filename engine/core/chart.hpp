#pragma once
// Line charts rasterized on the CPU into an RGBA8 image (the timing plots of `skyhook flight`): nice axis
// ticks, grid, several series, horizontal reference lines (median, p99, frame budget), a legend and text
// from stb_easy_font. No anti-aliasing: the output is meant to be read, and to be tested pixel by pixel.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/image_io.hpp"

namespace skyhook::chart {

struct Color {
    uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Color&, const Color&) = default;
};

// Axis ticks at multiples of `step` (1, 2 or 5 × 10^n) from `min` to `max`, the smallest such range that
// covers [lo, hi] with at most `maxTicks` intervals.
struct Ticks {
    double min = 0.0;
    double max = 1.0;
    double step = 1.0;
    int count() const;  // tick marks, both ends included
    double at(int i) const { return min + step * i; }
};
Ticks niceTicks(double lo, double hi, int maxTicks);
// A tick label with as many decimals as the step needs ("0.25", "1,500", "90,000").
std::string tickLabel(double value, double step);

// A canvas with integer-pixel primitives; everything outside the image (or the clip rectangle) is dropped.
class Canvas {
public:
    Canvas(uint32_t width, uint32_t height, Color background);
    uint32_t width() const { return m_image.width; }
    uint32_t height() const { return m_image.height; }
    // Pixels in [x0, x1) × [y0, y1).
    void fillRect(int x0, int y0, int x1, int y1, Color c);
    // A line of `thickness` pixels (squares stamped along a DDA); dash > 0: `dash` pixels on, `dash` off.
    void line(double x0, double y0, double x1, double y1, Color c, int thickness = 1, int dash = 0);
    // stb_easy_font text with its top-left corner at (x, y), each font pixel `scale` pixels wide.
    void text(int x, int y, std::string_view s, Color c, int scale = 1);
    static int textWidth(std::string_view s, int scale = 1);
    static int textHeight(int scale = 1) { return 7 * scale; }
    void setClip(int x0, int y0, int x1, int y1);
    void resetClip();
    Color at(int x, int y) const;
    const Rgba8Image& image() const { return m_image; }
    Rgba8Image take() { return std::move(m_image); }

private:
    void set(int x, int y, Color c);
    Rgba8Image m_image;
    int m_clip[4] = {0, 0, 0, 0};
};

struct Series {
    std::string label;
    std::vector<double> values;  // one per x
    Color color;
    int thickness = 2;
};

// A horizontal line across the plot at `value`, labelled at its right end.
struct Marker {
    std::string label;
    double value = 0.0;
    Color color;
    int dash = 0;  // 0: solid
};

struct LineChart {
    std::string title;
    std::vector<std::string> notes;  // lines under the title
    std::string xLabel;              // the axis name with its unit, under the x tick labels
    std::string yLabel;              // over the y axis
    std::vector<double> x;           // shared by every series, ascending
    std::vector<Series> series;      // drawn last to first: the first is on top
    std::vector<Marker> markers;
    // A second row of labels under each x tick (e.g. the camera's altitude at that frame; say so in xLabel);
    // empty: none.
    std::function<std::string(double x)> secondaryXLabel;
    double yMin = 0.0;
    // Default: a nice range over the data. When one value is far above the rest (> 2.5 × the largest 98th
    // percentile of a series) the range stops at 1.25 × that; values above are drawn as marks on the top edge
    // and counted in a note.
    std::optional<double> yMax;
};

// Where the plot area is and how data maps to pixels (pixel centres).
struct ChartLayout {
    int left = 0, top = 0, right = 0, bottom = 0;  // the plot area [left, right] × [top, bottom]
    int scale = 1;                                 // font scale
    Ticks x, y;
    double px(double xValue) const;
    double py(double yValue) const;
};
ChartLayout layoutChart(const LineChart& chart, uint32_t width, uint32_t height);
Rgba8Image drawLineChart(const LineChart& chart, uint32_t width, uint32_t height);

}  // namespace skyhook::chart
