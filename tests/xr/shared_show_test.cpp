// One real XR visitor (Monado's simulated HMD) in a shared show: an in-process master runs the clock and a
// second, headless visitor link stands in front of the headset (tests/xr/data/avatar_wall.json: a lit grey
// wall 2.5 m ahead). The XR visitor must render the master's show time at each frame's display time and draw
// the other visitor's avatar — depth-tested scene geometry in its colour — into both eyes when it stands in
// front of the wall, and not at all when it stands behind it; its own head must reach the other visitor.
// (The multi-process test with three visitors is tests/integration/venue_test.cpp: three XR processes on
// lavapipe would not fit two cores.)
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "engine/app/shared_show.hpp"
#include "engine/app/xr_shared.hpp"
#include "engine/core/image_io.hpp"
#include "engine/net/clock_sync.hpp"
#include "engine/net/master.hpp"
#include "tests/avatar_pixels.hpp"
#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

constexpr const char* kKey = "xr test venue key, 32 characters";

TEST_F(XrTest, ASharedShowFollowsTheMasterAndDrawsTheOtherVisitor) {
    setenv("SKYHOOK_VENUE_KEY", kKey, 1);
    net::ShowClock clock(120.0);
    auto master = net::Master::start({.bind = "tcp://127.0.0.1:*", .key = *net::keyFromString(kKey)}, clock);
    ASSERT_TRUE(master) << master.error().message;
    const std::string address = (*master)->endpoint().substr(std::string("tcp://").size());

    open(kAvatarScene, {}, {}, /*avatars=*/true);
    auto shared = app::SharedShow::connect({.master = address});
    ASSERT_TRUE(shared) << shared.error().message;
    app::SharedShow& show = **shared;
    visitor->setFrameHook(app::sharedShowHook(show));
    ASSERT_TRUE(runUntil([&] { return focused() && show.link().clock().synced; }));
    const std::vector<Rgba8Image> alone = captureEyes();

    // The other visitor: a head 1.5 m in front of the simulated one (which stands at 1.6 m looking down -z),
    // hands beside it.
    auto other = net::VisitorLink::connect({.master = address, .key = *net::keyFromString(kKey)});
    ASSERT_TRUE(other) << other.error().message;
    net::Pose pose;
    pose.head = {.position = {0.0f, 1.6f, -1.5f}, .orientation = {0, 0, 0, 1}, .valid = true};
    pose.hands[0] = {.position = {-0.25f, 1.4f, -1.3f}, .orientation = {0, 0, 0, 1}, .valid = true};
    pose.hands[1] = {.position = {0.25f, 1.4f, -1.3f}, .orientation = {0, 0, 0, 1}, .valid = true};
    ASSERT_TRUE(runUntil(
        [&] {
            (*other)->publishPose(pose);
            return show.link().remotes().size() == 1 && !(*other)->remotes().empty();
        },
        10.0));
    const std::vector<Rgba8Image> together = captureEyes();

    // Show time: the master's at the instant the frame is displayed, within a millisecond (not "now").
    const app::XrFrameTiming timing = visitor->frameTiming();
    net::ShowFollower mastersTime;  // the master's show time at any instant of its clock (this machine's)
    mastersTime.setState(clock.state());
    EXPECT_NEAR(timing.showTime, mastersTime.target(timing.displayNs), 1e-3);
    EXPECT_GT(timing.showTime, 120.0);
    EXPECT_NEAR(show.showTime(), clock.showTime(), 1e-3);
    // Our head reached the other visitor (Monado's simulated head stands 1.6 m up at the origin).
    const net::Pose seen = (*other)->remotes().front().pose;
    EXPECT_TRUE(seen.head.valid);
    EXPECT_NEAR(seen.head.position[1], 1.6f, 0.1f);

    const glm::vec4 tint = app::avatarColor((*other)->id());
    const std::filesystem::path out = SKYHOOK_BINARY_DIR "/xr_out";
    std::filesystem::create_directories(out);
    ASSERT_EQ(together.size(), 2u);
    ASSERT_NE(visitor->avatars(), nullptr);
    EXPECT_EQ(visitor->avatars()->shown(), 1u);
    for (size_t eye = 0; eye < 2; ++eye) {
        EXPECT_TRUE(writePng(out / ("avatar_" + std::to_string(eye) + ".png"), together[eye]).ok());
        EXPECT_EQ(skyhook::test::tintPixels(alone[eye], tint).count, 0u) << "eye " << eye;
        EXPECT_GT(skyhook::test::tintPixels(together[eye], tint).count, 200u)
            << "eye " << eye << " (see " << out << ")";
    }

    // Behind the wall (2.5 m ahead) it is hidden: depth-tested geometry, not lines drawn on top.
    pose.head.position[2] = -3.5f;
    pose.hands[0].position[2] = pose.hands[1].position[2] = -3.3f;
    ASSERT_TRUE(runUntil(
        [&] {
            (*other)->publishPose(pose);
            const auto remotes = show.link().remotes();
            return !remotes.empty() && remotes.front().pose.head.position[2] == -3.5f;
        },
        10.0));
    const std::vector<Rgba8Image> behind = captureEyes();
    ASSERT_EQ(behind.size(), 2u);
    EXPECT_EQ(visitor->avatars()->shown(), 1u);
    for (size_t eye = 0; eye < 2; ++eye) {
        EXPECT_TRUE(writePng(out / ("avatar_behind_" + std::to_string(eye) + ".png"), behind[eye]).ok());
        EXPECT_EQ(skyhook::test::tintPixels(behind[eye], tint).count, 0u) << "eye " << eye;
    }
    // Its health reached the master's table: the XR session's state and frame counters (app::frameCounters,
    // as skyhook xr reports them).
    std::optional<net::VisitorEntry> row;
    ASSERT_TRUE(runUntil([&] {
        show.reportFrames(app::frameCounters(*visitor));
        row.reset();
        for (const net::VisitorEntry& v : (*master)->visitors())
            if (v.id == show.link().id() && v.health && v.health->framesSubmitted > 0) row = v;
        return row.has_value();
    }));
    EXPECT_EQ(row->health->session, net::VisitorSession::Focused);
    EXPECT_TRUE(row->health->synced);
    EXPECT_LE(row->health->framesSubmitted, visitor->stats().framesSubmitted);
    EXPECT_EQ(row->health->recoveries, 0u);
    EXPECT_EQ(row->health->revision, clock.revision());
    const net::VisitorStatus status = net::classify(*row, net::steadyNowNs(), (*master)->thresholds());
    if (row->health->lateFrames == 0)
        EXPECT_EQ(status, net::VisitorStatus::Ok);
    else  // lavapipe on busy cores may skip a frame as late: flagged, still connected
        EXPECT_EQ(status, net::VisitorStatus::LateFrames);
    // Gone after the timeout once it stops (no goodbye: as if killed — the link is destroyed only later).
    const auto stopped = std::chrono::steady_clock::now();
    ASSERT_TRUE(runUntil([&] { return show.link().remotes().empty(); }, 10.0));
    EXPECT_GT(std::chrono::steady_clock::now() - stopped, std::chrono::milliseconds(1000));
    visitor->setFrameHook({});
}

}  // namespace
}  // namespace skyhook::xr::test
