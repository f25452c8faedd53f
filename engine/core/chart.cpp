#include "engine/core/chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_easy_font.h>
#pragma GCC diagnostic pop

namespace skyhook::chart {
namespace {

constexpr Color kAxis{60, 60, 60};
constexpr Color kGrid{228, 228, 228};
constexpr Color kText{30, 30, 30};
constexpr Color kMutedText{90, 90, 90};

double percentile(std::vector<double> v, double p) {
    std::erase_if(v, [](double d) { return !std::isfinite(d); });
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

// The top of the y range: nice over the data, unless one value is far above the rest (see LineChart::yMax).
double chooseYTop(const LineChart& c) {
    if (c.yMax) return *c.yMax;
    double top = c.yMin, robust = c.yMin;
    for (const Series& s : c.series) {
        for (double v : s.values)
            if (std::isfinite(v)) top = std::max(top, v);
        robust = std::max(robust, percentile(s.values, 0.98));
    }
    for (const Marker& m : c.markers) {
        top = std::max(top, m.value);
        robust = std::max(robust, m.value);
    }
    if (robust > c.yMin && top - c.yMin > 2.5 * (robust - c.yMin)) top = c.yMin + 1.25 * (robust - c.yMin);
    return top > c.yMin ? top : c.yMin + 1.0;
}

std::string groupThousands(const std::string& digits) {
    const size_t start = !digits.empty() && digits[0] == '-' ? 1 : 0;
    const size_t dot = std::min(digits.find('.'), digits.size());
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > start && i < dot && (dot - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

int Ticks::count() const {
    return int(std::llround((max - min) / step)) + 1;
}

Ticks niceTicks(double lo, double hi, int maxTicks) {
    maxTicks = std::max(1, maxTicks);
    if (!(hi > lo)) hi = lo + 1.0;
    const double raw = (hi - lo) / maxTicks;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (;;) {
        for (double m : {1.0, 2.0, 5.0}) {
            const double step = m * magnitude;
            if (step < raw * (1.0 - 1e-9)) continue;
            Ticks t{std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step};
            if (t.count() - 1 <= maxTicks) return t;
        }
        magnitude *= 10.0;
    }
}

std::string tickLabel(double value, double step) {
    const int decimals = step >= 1.0 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    if (std::abs(value) < step * 1e-6) value = 0.0;  // no "-0"
    return groupThousands(fmt::format("{:.{}f}", value, decimals));
}

Canvas::Canvas(uint32_t width, uint32_t height, Color background) {
    m_image.width = width;
    m_image.height = height;
    m_image.pixels.resize(size_t(width) * height * 4);
    for (size_t i = 0; i < size_t(width) * height; ++i) {
        m_image.pixels[i * 4 + 0] = background.r;
        m_image.pixels[i * 4 + 1] = background.g;
        m_image.pixels[i * 4 + 2] = background.b;
        m_image.pixels[i * 4 + 3] = background.a;
    }
    resetClip();
}

void Canvas::setClip(int x0, int y0, int x1, int y1) {
    m_clip[0] = std::max(0, x0);
    m_clip[1] = std::max(0, y0);
    m_clip[2] = std::min(int(width()), x1);
    m_clip[3] = std::min(int(height()), y1);
}

void Canvas::resetClip() {
    setClip(0, 0, int(width()), int(height()));
}

void Canvas::set(int x, int y, Color c) {
    if (x < m_clip[0] || y < m_clip[1] || x >= m_clip[2] || y >= m_clip[3]) return;
    uint8_t* p = &m_image.pixels[(size_t(y) * width() + size_t(x)) * 4];
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
    p[3] = c.a;
}

Color Canvas::at(int x, int y) const {
    if (x < 0 || y < 0 || x >= int(width()) || y >= int(height())) return {};
    const uint8_t* p = &m_image.pixels[(size_t(y) * width() + size_t(x)) * 4];
    return {p[0], p[1], p[2], p[3]};
}

void Canvas::fillRect(int x0, int y0, int x1, int y1, Color c) {
    x0 = std::max(x0, m_clip[0]);
    y0 = std::max(y0, m_clip[1]);
    x1 = std::min(x1, m_clip[2]);
    y1 = std::min(y1, m_clip[3]);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) set(x, y, c);
}

void Canvas::line(double x0, double y0, double x1, double y1, Color c, int thickness, int dash) {
    if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
    const double dx = x1 - x0, dy = y1 - y0;
    const double length = std::sqrt(dx * dx + dy * dy);
    // Far outside the canvas: shorten nothing, but never loop over millions of off-canvas steps.
    const int steps = int(std::min(std::ceil(std::max(std::abs(dx), std::abs(dy))), 1e6));
    const int lo = -(thickness - 1) / 2, hi = thickness / 2;
    for (int i = 0; i <= steps; ++i) {
        const double t = steps ? double(i) / steps : 0.0;
        if (dash > 0 && std::fmod(t * length, 2.0 * dash) >= dash) continue;
        const int x = int(std::lround(x0 + dx * t)), y = int(std::lround(y0 + dy * t));
        fillRect(x + lo, y + lo, x + hi + 1, y + hi + 1, c);
    }
}

int Canvas::textWidth(std::string_view s, int scale) {
    std::string copy(s);
    return stb_easy_font_width(copy.data()) * scale;
}

void Canvas::text(int x, int y, std::string_view s, Color c, int scale) {
    std::string copy(s);
    std::vector<char> buffer(copy.size() * 1200 + 256);  // up to ~18 quads of 64 bytes a glyph
    const int quads =
        stb_easy_font_print(0.0f, 0.0f, copy.data(), nullptr, buffer.data(), int(buffer.size()));
    const float* v = reinterpret_cast<const float*>(buffer.data());
    for (int q = 0; q < quads; ++q) {
        const float* quad = v + q * 16;  // 4 vertices of x, y, z, colour (16 bytes each)
        float minX = quad[0], minY = quad[1], maxX = quad[0], maxY = quad[1];
        for (int k = 1; k < 4; ++k) {
            minX = std::min(minX, quad[k * 4]);
            maxX = std::max(maxX, quad[k * 4]);
            minY = std::min(minY, quad[k * 4 + 1]);
            maxY = std::max(maxY, quad[k * 4 + 1]);
        }
        fillRect(x + int(std::lround(minX * scale)), y + int(std::lround(minY * scale)),
                 x + int(std::lround(maxX * scale)), y + int(std::lround(maxY * scale)), c);
    }
}

double ChartLayout::px(double xValue) const {
    return left + (xValue - x.min) / (x.max - x.min) * (right - left);
}

double ChartLayout::py(double yValue) const {
    return bottom - (yValue - y.min) / (y.max - y.min) * (bottom - top);
}

ChartLayout layoutChart(const LineChart& c, uint32_t width, uint32_t height) {
    ChartLayout l;
    const int s = l.scale = std::max(1, int(std::min(width / 640, height / 360)));
    const int margin = 8 * s, line = 11 * s;
    // Rows above the plot: title, notes, legend, the y axis name.
    int top = margin + Canvas::textHeight(s + 1) + 5 * s;
    top += int(c.notes.size()) * line + line /* legend */ + 4 * s + line /* y label */;
    int bottom = int(height) - margin - line /* x tick labels */ - 4 * s;
    if (c.secondaryXLabel) bottom -= line;
    if (!c.xLabel.empty()) bottom -= line;
    l.top = top;
    l.bottom = std::max(top + 10, bottom);
    // The y range first: the left margin depends on its labels.
    const double yTop = chooseYTop(c);
    l.y = niceTicks(c.yMin, yTop, std::max(2, (l.bottom - l.top) / (28 * s)));
    int labelWidth = 0;
    for (int i = 0; i < l.y.count(); ++i)
        labelWidth = std::max(labelWidth, Canvas::textWidth(tickLabel(l.y.at(i), l.y.step), s));
    labelWidth = std::max(labelWidth, Canvas::textWidth(c.yLabel, s) / 2);
    l.left = margin + labelWidth + 8 * s;
    l.right = std::max(l.left + 10, int(width) - margin - 12 * s);
    const double x0 = c.x.empty() ? 0.0 : c.x.front(), x1 = c.x.empty() ? 1.0 : c.x.back();
    l.x = niceTicks(x0, x1, std::max(2, (l.right - l.left) / (70 * s)));
    return l;
}

Rgba8Image drawLineChart(const LineChart& c, uint32_t width, uint32_t height) {
    const ChartLayout l = layoutChart(c, width, height);
    const int s = l.scale, margin = 8 * s, line = 11 * s;
    Canvas canvas(width, height, {255, 255, 255});

    // Values above the range: counted in a note, marked on the top edge.
    std::vector<std::string> notes = c.notes;
    size_t above = 0;
    double highest = 0.0, highestX = 0.0;
    std::string highestSeries;
    for (const Series& series : c.series)
        for (size_t i = 0; i < series.values.size() && i < c.x.size(); ++i)
            if (std::isfinite(series.values[i]) && series.values[i] > l.y.max) {
                ++above;
                if (series.values[i] > highest) {
                    highest = series.values[i];
                    highestX = c.x[i];
                    highestSeries = series.label;
                }
            }
    if (above > 0)
        notes.push_back(
            fmt::format("{} value(s) above the plot (marked on its top edge); the highest: {} {} at {}",
                        above, highestSeries, tickLabel(highest, l.y.step / 10.0), tickLabel(highestX, 1.0)));

    // Title, notes, legend.
    int y = margin;
    canvas.text(margin, y, c.title, kText, s + 1);
    y += Canvas::textHeight(s + 1) + 5 * s;
    for (const std::string& note : notes) {
        canvas.text(margin, y, note, kMutedText, s);
        y += line;
    }
    int x = l.left;
    for (const Series& series : c.series) {
        canvas.fillRect(x, y + 2 * s, x + 16 * s, y + 5 * s, series.color);
        canvas.text(x + 20 * s, y, series.label, kText, s);
        x += 20 * s + Canvas::textWidth(series.label, s) + 16 * s;
    }

    // Grid, ticks and their labels.
    for (int i = 0; i < l.y.count(); ++i) {
        const int py = int(std::lround(l.py(l.y.at(i))));
        canvas.fillRect(l.left, py, l.right + 1, py + 1, kGrid);
        canvas.fillRect(l.left - 4 * s, py, l.left, py + 1, kAxis);
        const std::string label = tickLabel(l.y.at(i), l.y.step);
        canvas.text(l.left - 6 * s - Canvas::textWidth(label, s), py - 3 * s, label, kText, s);
    }
    canvas.text(std::max(margin, l.left - Canvas::textWidth(c.yLabel, s) / 2), l.top - line, c.yLabel, kText,
                s);
    int rowY = l.bottom + 6 * s;
    for (int i = 0; i < l.x.count(); ++i) {
        const double xv = l.x.at(i);
        const int px = int(std::lround(l.px(xv)));
        canvas.fillRect(px, l.top, px + 1, l.bottom, kGrid);
        canvas.fillRect(px, l.bottom, px + 1, l.bottom + 4 * s, kAxis);
        // Centred under the tick, kept inside the image.
        auto centred = [&](const std::string& text) {
            const int w = Canvas::textWidth(text, s);
            return std::clamp(px - w / 2, 0, std::max(0, int(width) - w - s));
        };
        const std::string label = tickLabel(xv, l.x.step);
        canvas.text(centred(label), rowY, label, kText, s);
        if (c.secondaryXLabel) {
            const std::string second = c.secondaryXLabel(xv);
            canvas.text(centred(second), rowY + line, second, kMutedText, s);
        }
    }
    if (!c.xLabel.empty()) {
        const int labelY = rowY + line * (c.secondaryXLabel ? 2 : 1);
        canvas.text((l.left + l.right - Canvas::textWidth(c.xLabel, s)) / 2, labelY, c.xLabel, kText, s);
    }

    // Series, clipped to the plot; values above it end in a mark on the top edge.
    canvas.setClip(l.left, l.top, l.right + 1, l.bottom + 1);
    for (auto it = c.series.rbegin(); it != c.series.rend(); ++it) {  // the first series on top
        const Series& series = *it;
        const size_t n = std::min(series.values.size(), c.x.size());
        for (size_t i = 0; i + 1 < n; ++i)
            if (std::isfinite(series.values[i]) && std::isfinite(series.values[i + 1]))
                canvas.line(l.px(c.x[i]), l.py(series.values[i]), l.px(c.x[i + 1]),
                            l.py(series.values[i + 1]), series.color, series.thickness * s);
        if (n == 1 && std::isfinite(series.values[0]))
            canvas.fillRect(int(l.px(c.x[0])) - 2 * s, int(l.py(series.values[0])) - 2 * s,
                            int(l.px(c.x[0])) + 2 * s, int(l.py(series.values[0])) + 2 * s, series.color);
        for (size_t i = 0; i < n; ++i)
            if (std::isfinite(series.values[i]) && series.values[i] > l.y.max) {
                const int px = int(std::lround(l.px(c.x[i])));
                for (int r = 0; r < 5 * s; ++r)
                    canvas.fillRect(px - r, l.top + r, px + r + 1, l.top + r + 1, series.color);
            }
    }
    // Reference lines over the series, their labels at the right end (pushed apart when close).
    std::vector<const Marker*> markers;
    for (const Marker& m : c.markers) markers.push_back(&m);
    std::sort(markers.begin(), markers.end(),
              [](const Marker* a, const Marker* b) { return a->value > b->value; });
    canvas.resetClip();
    int lastLabelY = -1000000;
    for (const Marker* m : markers) {
        if (m->value < l.y.min || m->value > l.y.max) continue;
        const double py = l.py(m->value);
        canvas.line(l.left, py, l.right, py, m->color, std::max(1, s), m->dash * s);
        const int w = Canvas::textWidth(m->label, s);
        const int labelY = std::max(int(py) - 10 * s, lastLabelY + 10 * s);
        canvas.fillRect(l.right - w - 6 * s, labelY - s, l.right - 2 * s, labelY + 8 * s,
                        {255, 255, 255, 255});
        canvas.text(l.right - w - 4 * s, labelY, m->label, m->color, s);
        lastLabelY = labelY;
    }
    // The axes last, over everything in the plot.
    canvas.fillRect(l.left - s + 1, l.top, l.left + 1, l.bottom + 1, kAxis);
    canvas.fillRect(l.left, l.bottom, l.right + 1, l.bottom + s, kAxis);
    return canvas.take();
}

}  // namespace skyhook::chart
