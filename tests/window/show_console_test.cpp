// The show master's console under Xvfb (run through xvfb-run by ctest), Vulkan validation on:
// - the console window (app::ShowConsole: its own device, swapchain, ImGui) draws a made-up table of six
//   visitors; the frame read back from the swapchain must show each row's status cell in its status
//   colour and in no other, and PLAYING / PAUSED in their colours; the frame is kept as show_console.png
//   (the picture in engine/ui/README.md);
// - `skyhook master --console` end to end: runs, draws, writes its --screenshot, exits 0 under
//   --validation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/app/show_console.hpp"
#include "engine/core/log.hpp"
#include "tests/run_command.hpp"
#include "tests/unit/ui/fake_show.hpp"

namespace skyhook::app {
namespace {

using ui::ShowPanel;
namespace fs = std::filesystem;
const fs::path kShots = SKYHOOK_WINDOW_SHOTS;

// Fraction of the pixels of `r` within `tolerance` of `color` (sRGB floats as ImGui writes them, bytes
// rounded).
double fractionOf(const Rgba8Image& img, ShowPanel::Rect r, std::array<float, 4> color, int tolerance = 3) {
    size_t hits = 0, n = 0;
    const int want[3] = {int(color[0] * 255.0f + 0.5f), int(color[1] * 255.0f + 0.5f),
                         int(color[2] * 255.0f + 0.5f)};
    for (uint32_t y = uint32_t(std::max(0.0f, r.y0)); y < uint32_t(r.y1) && y < img.height; ++y)
        for (uint32_t x = uint32_t(std::max(0.0f, r.x0)); x < uint32_t(r.x1) && x < img.width; ++x, ++n) {
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
            if (std::abs(p[0] - want[0]) <= tolerance && std::abs(p[1] - want[1]) <= tolerance &&
                std::abs(p[2] - want[2]) <= tolerance)
                ++hits;
        }
    return n ? double(hits) / double(n) : 0.0;
}

// Draws `snapshot` until a frame is captured (ImGui lays tables out over the first frames, and an image may
// not be free at once).
Rgba8Image draw(ShowConsole& console, const ui::ShowSnapshot& snapshot) {
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(console.frame(snapshot).ok());
    console.captureNextFrame();
    for (int i = 0; i < 200 && !console.hasCapture(); ++i) {
        console.poll();
        auto frame = console.frame(snapshot);
        EXPECT_TRUE(frame.ok()) << frame.error().message;
    }
    auto img = console.takeCapture();
    EXPECT_TRUE(img.ok()) << img.error().message;
    return img.ok() ? std::move(*img) : Rgba8Image{};
}

TEST(ShowConsoleWindow, StatusesAndClockStateInTheirColours) {
    auto opened = ShowConsole::open({.title = "skyhook master - console test", .validation = true});
    ASSERT_TRUE(opened) << opened.error().message;
    ShowConsole& console = **opened;
    // What the log panel of such a show would hold.
    log::warn("net", "master: visitor 00000001 (10.0.0.12) skipped late frames (4 so far)");
    log::warn("net", "master: visitor 00000002 (10.0.0.13) silent for 1.5 s: stale");
    log::warn("net", "master: visitor 00000003 (10.0.0.14) silent for 2.0 s: dropped (lost)");
    const ui::ShowSnapshot playing = ui::test::fakeShow(true);
    const Rgba8Image img = draw(console, playing);
    ASSERT_EQ(img.width, 1180u);
    ASSERT_EQ(img.height, 640u);
    ASSERT_TRUE(writePng(kShots / "show_console.png", img).ok());

    const std::vector<ui::VisitorRow> rows = ui::visitorRows(playing);
    const ShowPanel::Layout& layout = console.panel().layout();
    ASSERT_EQ(layout.statusCells.size(), rows.size());
    using S = net::VisitorStatus;
    for (size_t i = 0; i < rows.size(); ++i) {
        const ShowPanel::Rect cell = layout.statusCells[i];
        EXPECT_GT(fractionOf(img, cell, ui::statusColor(rows[i].status)), 0.4)
            << "row " << i << " (" << rows[i].cells[2] << ") is not drawn in its status colour";
        for (S other : {S::Ok, S::LateFrames, S::Stale, S::Lost, S::Left})
            if (other != rows[i].status)
                EXPECT_LT(fractionOf(img, cell, ui::statusColor(other)), 0.02)
                    << "row " << i << " shows the colour of " << net::visitorStatusName(other);
    }
    // The clock's state badge: PLAYING on green, PAUSED on yellow.
    const auto green = ui::statusColor(S::Ok), yellow = ui::statusColor(S::LateFrames);
    EXPECT_GT(fractionOf(img, layout.state, green), 0.4);
    EXPECT_LT(fractionOf(img, layout.state, yellow), 0.02);
    const Rgba8Image paused = draw(console, ui::test::fakeShow(false));
    const ShowPanel::Rect badge = console.panel().layout().state;
    EXPECT_LT(fractionOf(paused, badge, green), 0.02);
    EXPECT_GT(fractionOf(paused, badge, yellow), 0.4);
    EXPECT_EQ(console.validationMessages(), 0u);
}

TEST(ShowConsoleWindow, MasterCommandWithConsole) {
    const fs::path shot = kShots / "master_console.png";
    fs::remove(shot);
    const std::string cmd = std::string("SKYHOOK_VENUE_KEY='window test venue key 123' '") + SKYHOOK_EXE +
                            "' --validation master '" SKYHOOK_SOURCE_DIR
                            "/scenes/sphere_grid.json' --listen 127.0.0.1 "
                            "--port 0 --console --duration 2 --screenshot '" +
                            shot.string() + "' 2>&1";
    const test::CommandOutcome r = test::runCommand(cmd);
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("console window open"), std::string::npos) << r.out;
    auto img = readPng(shot);
    ASSERT_TRUE(img.ok()) << img.error().message;
    EXPECT_EQ(img->width, 1180u);
    // The clock runs: the PLAYING badge (green) on the line of the show time.
    EXPECT_GT(fractionOf(*img, {0, 20, 600, 60}, ui::statusColor(net::VisitorStatus::Ok)), 0.03);
}

}  // namespace
}  // namespace skyhook::app
