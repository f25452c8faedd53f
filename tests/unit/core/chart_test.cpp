// The chart rasterizer behind `skyhook flight`'s timing.png: axis ranges and ticks, labels, lines landing on
// the pixels the layout says, clipped outliers marked.
#include <gtest/gtest.h>

#include "engine/core/chart.hpp"

namespace {

using namespace skyhook::chart;

constexpr Color kWhite{255, 255, 255};
constexpr Color kBlue{0, 114, 178};

int countColor(const Canvas& canvas, Color c) {
    int n = 0;
    for (int y = 0; y < int(canvas.height()); ++y)
        for (int x = 0; x < int(canvas.width()); ++x) n += canvas.at(x, y) == c ? 1 : 0;
    return n;
}

TEST(Chart, NiceTicksCoverTheRangeWithRoundSteps) {
    Ticks a = niceTicks(0.0, 437.0, 5);
    EXPECT_DOUBLE_EQ(a.min, 0.0);
    EXPECT_DOUBLE_EQ(a.max, 500.0);
    EXPECT_DOUBLE_EQ(a.step, 100.0);
    EXPECT_EQ(a.count(), 6);
    Ticks b = niceTicks(3.0, 117.0, 6);
    EXPECT_DOUBLE_EQ(b.min, 0.0);
    EXPECT_DOUBLE_EQ(b.max, 120.0);
    EXPECT_DOUBLE_EQ(b.step, 20.0);
    Ticks c = niceTicks(0.0, 0.83, 4);
    EXPECT_DOUBLE_EQ(c.step, 0.5);
    EXPECT_DOUBLE_EQ(c.max, 1.0);
    Ticks d = niceTicks(12.0, 12.0, 5);  // an empty range still gets an axis
    EXPECT_GT(d.max, d.min);
    for (int maxTicks : {2, 3, 5, 8, 13})
        for (double hi : {0.7, 9.9, 16.7, 830.0, 3801.0, 9e7}) {
            Ticks t = niceTicks(0.0, hi, maxTicks);
            EXPECT_LE(t.min, 0.0);
            EXPECT_GE(t.max, hi);
            EXPECT_LE(t.count() - 1, maxTicks) << hi << " " << maxTicks;
        }
}

TEST(Chart, TickLabelsGroupThousandsAndShowTheStepsDecimals) {
    EXPECT_EQ(tickLabel(1500.0, 100.0), "1,500");
    EXPECT_EQ(tickLabel(90000.0, 10000.0), "90,000");
    EXPECT_EQ(tickLabel(0.25, 0.05), "0.25");
    EXPECT_EQ(tickLabel(-1234567.0, 1.0), "-1,234,567");
    EXPECT_EQ(tickLabel(-1e-12, 0.5), "0.0");
    EXPECT_EQ(tickLabel(999.0, 1.0), "999");
}

TEST(Chart, LinesAndTextLandOnTheirPixels) {
    Canvas canvas(100, 60, kWhite);
    canvas.line(10, 20, 50, 20, kBlue);
    for (int x = 10; x <= 50; ++x) EXPECT_EQ(canvas.at(x, 20), kBlue) << x;
    EXPECT_EQ(canvas.at(30, 19), kWhite);
    EXPECT_EQ(canvas.at(30, 21), kWhite);
    EXPECT_EQ(canvas.at(51, 20), kWhite);
    canvas.line(10, 40, 50, 40, kBlue, 1, 4);  // dashed: 4 on, 4 off
    EXPECT_EQ(canvas.at(11, 40), kBlue);
    EXPECT_EQ(canvas.at(15, 40), kWhite);
    EXPECT_EQ(canvas.at(19, 40), kBlue);
    Canvas text(100, 20, kWhite);
    text.text(2, 2, "p99 412 ms", kBlue);
    EXPECT_GT(countColor(text, kBlue), 30);
    EXPECT_GT(Canvas::textWidth("p99 412 ms"), Canvas::textWidth("p99"));
    EXPECT_EQ(Canvas::textWidth("ab", 2), 2 * Canvas::textWidth("ab"));
}

TEST(Chart, SeriesCrossTheLayoutsPixels) {
    LineChart c;
    c.title = "test";
    c.yLabel = "ms";
    for (int i = 0; i <= 10; ++i) c.x.push_back(i);
    Series diagonal{.label = "diagonal", .color = kBlue, .thickness = 1};
    for (int i = 0; i <= 10; ++i) diagonal.values.push_back(10.0 * i);
    c.series = {diagonal};
    c.yMax = 100.0;
    const ChartLayout l = layoutChart(c, 640, 360);
    EXPECT_DOUBLE_EQ(l.y.max, 100.0);
    EXPECT_DOUBLE_EQ(l.x.min, 0.0);
    EXPECT_DOUBLE_EQ(l.x.max, 10.0);
    EXPECT_LT(l.left, l.right);
    EXPECT_LT(l.top, l.bottom);
    EXPECT_NEAR(l.px(0.0), l.left, 1e-9);
    EXPECT_NEAR(l.py(100.0), l.top, 1e-9);
    skyhook::Rgba8Image img = drawLineChart(c, 640, 360);
    ASSERT_EQ(img.width, 640u);
    ASSERT_EQ(img.height, 360u);
    auto at = [&](int x, int y) {
        const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
        return Color{p[0], p[1], p[2], p[3]};
    };
    // The diagonal passes through (5, 50) and (2.5, 25).
    for (double x : {2.5, 5.0, 7.5}) {
        const int px = int(std::lround(l.px(x))), py = int(std::lround(l.py(10.0 * x)));
        bool hit = false;
        for (int dy = -1; dy <= 1; ++dy) hit = hit || at(px, py + dy) == kBlue;
        EXPECT_TRUE(hit) << "x = " << x;
    }
    // Far from the line: background (or grid), never the series.
    EXPECT_NE(at(int(l.px(8.0)), int(l.py(20.0))), kBlue);
}

TEST(Chart, AnOutlierIsClippedAndMarkedOnTheTopEdge) {
    LineChart c;
    for (int i = 0; i < 50; ++i) c.x.push_back(i);
    Series s{.label = "frame", .color = kBlue};
    for (int i = 0; i < 50; ++i) s.values.push_back(i == 20 ? 5000.0 : 100.0 + i % 3);
    c.series = {s};
    const ChartLayout l = layoutChart(c, 640, 360);
    EXPECT_LT(l.y.max, 1000.0) << "one outlier does not flatten the other 49 values";
    EXPECT_GE(l.y.max, 102.0);
    skyhook::Rgba8Image img = drawLineChart(c, 640, 360);
    const int px = int(std::lround(l.px(20.0)));
    const uint8_t* p = &img.pixels[(size_t(l.top + 2) * img.width + px) * 4];
    EXPECT_EQ((Color{p[0], p[1], p[2], p[3]}), kBlue) << "the mark on the top edge";
}

}  // namespace
