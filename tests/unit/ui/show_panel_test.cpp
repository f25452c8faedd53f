// The show master's console panel without a GPU: an ImGui context of its own drives the real panel code.
// The table's text and statuses for a made-up table, the show-time format, and the controls: mouse clicks
// and the Space key (fed through ImGui's input state) must come back as the commands the app applies. The
// drawn pixels are checked under Xvfb (tests/window/show_console_test.cpp).
#include <gtest/gtest.h>

#include <imgui.h>

#include "engine/ui/show_panel.hpp"
#include "tests/unit/ui/fake_show.hpp"

namespace skyhook::ui {
namespace {

using test::fakeShow;
constexpr int kSpace = 32;  // the key index the test maps ImGuiKey_Space to

class ShowPanelControls : public ::testing::Test {
protected:
    void SetUp() override {
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1180, 640);
        io.DeltaTime = 1.0f / 60.0f;
        io.KeyMap[ImGuiKey_Space] = kSpace;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas NewFrame needs
    }
    void TearDown() override { ImGui::DestroyContext(m_context); }

    std::vector<ShowCommand> frame(const ShowSnapshot& s) {
        ImGui::NewFrame();
        auto commands = m_panel.draw(s, nullptr);
        ImGui::Render();
        return commands;
    }
    // Hover, press, release over the centre of `r` (a button fires on release).
    std::vector<ShowCommand> click(const ShowSnapshot& s, ShowPanel::Rect r) {
        ImGuiIO& io = ImGui::GetIO();
        std::vector<ShowCommand> all;
        io.MousePos = ImVec2(r.cx(), r.cy());
        for (bool down : {false, true, false}) {
            io.MouseDown[0] = down;
            for (const ShowCommand& c : frame(s)) all.push_back(c);
        }
        return all;
    }

    ImGuiContext* m_context = nullptr;
    ShowPanel m_panel;
};

TEST(ShowPanelText, RowsOfAMadeUpTable) {
    const std::vector<VisitorRow> rows = visitorRows(fakeShow());
    ASSERT_EQ(rows.size(), 6u);
    using S = net::VisitorStatus;
    const S statuses[] = {S::Ok, S::LateFrames, S::Stale, S::Lost, S::Left, S::Ok};
    for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].status, statuses[i]) << i;
    const std::array<std::string, kVisitorColumns> first = {
        "0a0b0c0d", "10.0.0.11", "ok",        "focused", "89.9", "9000",     "0",
        "1",        "+0.08",     "-1300.012", "0.15",    "7",    "0.1 s ago"};
    EXPECT_EQ(rows[0].cells, first);
    EXPECT_FALSE(rows[0].behind);
    EXPECT_EQ(rows[1].cells[2], "late frames");
    EXPECT_EQ(rows[1].cells[6], "4");
    EXPECT_TRUE(rows[1].behind);  // still at revision 6
    EXPECT_EQ(rows[2].cells[2], "stale");
    EXPECT_EQ(rows[2].cells[3], "visible");
    EXPECT_EQ(rows[2].cells[12], "1.5 s ago");
    EXPECT_EQ(rows[3].cells[2], "lost");
    EXPECT_EQ(rows[3].cells[3], "recovering");
    EXPECT_EQ(rows[3].cells[12], "8.0 s ago");  // since it was dropped
    EXPECT_FALSE(rows[3].behind);               // gone: not counted as behind
    EXPECT_EQ(rows[4].cells[2], "left");
    EXPECT_EQ(rows[4].cells[12], "40.0 s ago");
    EXPECT_EQ(rows[5].cells[3], "no report yet");
    EXPECT_EQ(rows[5].cells[4], "-");
}

TEST(ShowPanelText, ShowTimeFormat) {
    EXPECT_EQ(formatShowTime(0.0), "0:00:00.000");
    EXPECT_EQ(formatShowTime(3723.4567), "1:02:03.457");
    EXPECT_EQ(formatShowTime(-1.5), "-0:00:01.500");
}

TEST_F(ShowPanelControls, ButtonsAndSpaceBecomeCommands) {
    const ShowSnapshot playing = fakeShow(true);
    EXPECT_TRUE(frame(playing).empty());
    const ShowPanel::Layout layout = m_panel.layout();
    ASSERT_EQ(layout.statusCells.size(), 6u);
    for (const ShowPanel::Rect& r :
         {layout.play, layout.pause, layout.back, layout.forward, layout.seek, layout.rate})
        ASSERT_GT(r.x1 - r.x0, 10.0f);

    EXPECT_EQ(click(playing, layout.pause), (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Pause}}));
    EXPECT_TRUE(click(playing, layout.play).empty());  // disabled while playing
    EXPECT_EQ(click(playing, layout.back),
              (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Seek, .value = 90.0}}));
    EXPECT_EQ(click(playing, layout.forward),
              (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Seek, .value = 110.0}}));
    EXPECT_EQ(click(playing, layout.seek),
              (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Seek, .value = 0.0}}));
    // The rate field follows the clock (x1.5) until the operator types another.
    EXPECT_EQ(click(playing, layout.rate),
              (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Rate, .value = 1.5}}));

    const ShowSnapshot paused = fakeShow(false);
    EXPECT_EQ(click(paused, m_panel.layout().play),
              (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Play}}));
    EXPECT_TRUE(click(paused, m_panel.layout().pause).empty());

    // Space toggles: pause while playing, play while paused; held, it fires once.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    io.KeysDown[kSpace] = true;
    EXPECT_EQ(frame(playing), (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Pause}}));
    EXPECT_TRUE(frame(playing).empty());
    io.KeysDown[kSpace] = false;
    frame(paused);
    io.KeysDown[kSpace] = true;
    EXPECT_EQ(frame(paused), (std::vector<ShowCommand>{{.kind = ShowCommand::Kind::Play}}));
    io.KeysDown[kSpace] = false;
}

}  // namespace
}  // namespace skyhook::ui
