// Checks the screenshots `skyhook run` wrote under Xvfb (see CMakeLists.txt): the scene is lit and detailed,
// the overlay covers the top-left, and outside the overlay the picture is the same with and without it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "engine/core/image_io.hpp"

namespace {

using skyhook::Rgba8Image;

struct Region {
    uint32_t x0, y0, x1, y1;  // half-open
};

struct Stats {
    double mean[3] = {0, 0, 0};
    double stddev = 0.0;  // of luminance
    size_t distinct = 0;
};

Stats statsOf(const Rgba8Image& img, Region r) {
    Stats s;
    std::set<uint32_t> colors;
    double sumL = 0.0, sumL2 = 0.0;
    size_t n = 0;
    for (uint32_t y = r.y0; y < r.y1; ++y)
        for (uint32_t x = r.x0; x < r.x1; ++x) {
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
            for (int c = 0; c < 3; ++c) s.mean[c] += p[c];
            double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
            sumL += l;
            sumL2 += l * l;
            colors.insert(uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]);
            ++n;
        }
    for (double& m : s.mean) m /= double(n);
    double meanL = sumL / double(n);
    s.stddev = std::sqrt(std::max(0.0, sumL2 / double(n) - meanL * meanL));
    s.distinct = colors.size();
    return s;
}

// Mean absolute difference per channel between two images over a region.
double meanAbsDiff(const Rgba8Image& a, const Rgba8Image& b, Region r) {
    double sum = 0.0;
    size_t n = 0;
    for (uint32_t y = r.y0; y < r.y1; ++y)
        for (uint32_t x = r.x0; x < r.x1; ++x)
            for (int c = 0; c < 3; ++c) {
                size_t i = (size_t(y) * a.width + x) * 4 + c;
                sum += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
                ++n;
            }
    return sum / double(n);
}

// Fraction of pixels in a region within `tolerance` of one of ImGui's dark-style title-bar colours
// (TitleBgActive 0.16,0.29,0.48 / TitleBg 0.04,0.04,0.04; the target is UNORM, so bytes are the values *
// 255).
double titleBarFraction(const Rgba8Image& img, Region r, int tolerance = 12) {
    const int kColors[2][3] = {{41, 74, 122}, {10, 10, 10}};
    size_t hits = 0, n = 0;
    for (uint32_t y = r.y0; y < r.y1; ++y)
        for (uint32_t x = r.x0; x < r.x1; ++x, ++n) {
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
            for (const auto& c : kColors)
                if (std::abs(p[0] - c[0]) <= tolerance && std::abs(p[1] - c[1]) <= tolerance &&
                    std::abs(p[2] - c[2]) <= tolerance) {
                    ++hits;
                    break;
                }
        }
    return double(hits) / double(n);
}

class WindowScreenshots : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::path dir = SKYHOOK_WINDOW_SHOTS;
        auto ui = skyhook::readPng(dir / "run.png");
        ASSERT_TRUE(ui.ok()) << ui.error().message;
        auto noUi = skyhook::readPng(dir / "run_no_ui.png");
        ASSERT_TRUE(noUi.ok()) << noUi.error().message;
        m_ui = std::move(*ui);
        m_noUi = std::move(*noUi);
        ASSERT_EQ(m_ui.width, 640u);
        ASSERT_EQ(m_ui.height, 360u);
        ASSERT_EQ(m_noUi.width, m_ui.width);
        ASSERT_EQ(m_noUi.height, m_ui.height);
    }
    Rgba8Image m_ui, m_noUi;
};

TEST_F(WindowScreenshots, SceneIsRendered) {
    // The right half, bottom: the lit ground with the objects' shadows, clear of the overlay.
    Stats s = statsOf(m_noUi, {320, 180, 640, 360});
    double brightness = (s.mean[0] + s.mean[1] + s.mean[2]) / 3.0;
    EXPECT_GT(brightness, 30.0) << "the ground is black: nothing lit was rendered";
    EXPECT_LT(brightness, 250.0) << "the frame is blown out";
    EXPECT_GT(s.distinct, 100u) << "too few distinct colours for a shaded scene";
    EXPECT_GT(s.stddev, 4.0) << "the region is nearly uniform";
    Stats whole = statsOf(m_noUi, {0, 0, m_noUi.width, m_noUi.height});
    EXPECT_GT(whole.distinct, 500u);
}

TEST_F(WindowScreenshots, OverlayIsDrawnTopLeft) {
    Region topLeft{16, 16, 220, 140};
    double diff = meanAbsDiff(m_ui, m_noUi, topLeft);
    EXPECT_GT(diff, 15.0) << "the overlay's region looks the same with and without --no-ui";
    // The console's title bar runs along the top of its window.
    Region title{12, 10, 200, 24};
    EXPECT_GT(titleBarFraction(m_ui, title), 0.5) << "no ImGui title bar at the top-left";
    EXPECT_LT(titleBarFraction(m_noUi, title), 0.2)
        << "the --no-ui frame has title-bar colours: a bad reference";
    // Text: the console prints white-ish glyphs over its dark background.
    Stats panel = statsOf(m_ui, topLeft);
    EXPECT_GT(panel.distinct, 20u);
}

TEST_F(WindowScreenshots, OverlayLeavesTheRestAlone) {
    double diff = meanAbsDiff(m_ui, m_noUi, {400, 200, 640, 360});
    EXPECT_LT(diff, 2.0) << "outside the overlay both runs should show the same frame";
}

}  // namespace
