// Input and the venue against Monado's simulated HMD, which tests/xr/xr_env.sh gives two simulated Khronos
// simple controllers (SIMULATED_LEFT/RIGHT=simple; Monado places them at (∓0.2, 1.3, -0.5) in the hall): the
// action sets attach and xrSyncActions runs exactly while FOCUSED; the controllers' poses and the head reach
// the InputState; a venue's calibration places the rendered eyes; the guardian grid shows in both eyes when
// the head is outside the bounds and not at all far inside them.
#include <cmath>
#include <filesystem>

#include "engine/core/image_io.hpp"
#include "engine/xr/stereo_views.hpp"
#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

constexpr const char* kSimpleProfile = "/interaction_profiles/khr/simple_controller";

Venue testVenue(std::vector<glm::dvec2> bounds, glm::dvec3 offset = glm::dvec3(0.0),
                double yawDegrees = 0.0) {
    Venue v;
    v.name = "test hall";
    v.offset = offset;
    v.rotation = glm::angleAxis(glm::radians(yawDegrees), glm::dvec3(0.0, 1.0, 0.0));
    v.bounds = std::move(bounds);
    v.guardian.color = {0.0f, 1.0f, 0.0f, 1.0f};  // pure green: nothing else in the test scene is
    v.guardian.spacing = 0.25;
    return v;
}

uint64_t greenPixels(const Rgba8Image& img) {
    uint64_t n = 0;
    for (size_t i = 0; i + 3 < img.pixels.size(); i += 4)
        if (img.pixels[i + 1] > 150 && img.pixels[i] < 80 && img.pixels[i + 2] < 80) ++n;
    return n;
}

uint64_t differingPixels(const Rgba8Image& a, const Rgba8Image& b) {
    uint64_t n = 0;
    for (size_t i = 0; i + 3 < a.pixels.size() && i + 3 < b.pixels.size(); i += 4)
        if (std::abs(int(a.pixels[i + 1]) - int(b.pixels[i + 1])) > 60) ++n;
    return n;
}

TEST_F(XrTest, ActionSetsAttachAndSyncExactlyWhileFocused) {
    open();
    Actions* actions = visitor->headset().actions();
    ASSERT_NE(actions, nullptr);
    // Monado knows all four profiles of scenes/xr/actions.json.
    EXPECT_EQ(actions->profilesSuggested(), 4u);
    EXPECT_EQ(actions->profilesRejected(), 0u);
    uint32_t focusedFrames = 0, otherFrames = 0;
    ASSERT_TRUE(runUntil([&] { return focusedFrames >= 5; }, 30.0,
                         [&](const FrameResult&) {
                             const bool isFocused = focused();
                             EXPECT_EQ(visitor->headset().input().synced, isFocused)
                                 << "in " << sessionStateName(visitor->headset().state());
                             (isFocused ? focusedFrames : otherFrames) += 1;
                         }));
    EXPECT_GE(actions->syncs(), 5u);
}

TEST_F(XrTest, TheSimulatedControllersAndHeadReachTheInputState) {
    open();
    std::vector<FrameResult> frames;
    std::vector<InputState> inputs;
    ASSERT_TRUE(runUntil([&] { return focused() && inputs.size() >= 4; }, 30.0,
                         [&](const FrameResult& f) {
                             if (!focused() || !f.rendered) return;
                             frames.push_back(f);
                             inputs.push_back(visitor->headset().input());
                         }));
    const InputState& last = inputs.back();
    EXPECT_GE(last.profileChanges, 1u);
    for (uint32_t h = 0; h < 2; ++h) EXPECT_EQ(last.hands[h].profile, kSimpleProfile) << "hand " << h;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const InputState& in = inputs[i];
        EXPECT_EQ(in.time, frames[i].displayTime);
        ASSERT_TRUE(in.head.valid());
        // The head sits between the rendered eyes (both located at the same predicted time).
        const glm::dvec3 eyes =
            (glm::dvec3(frames[i].located[0].pose.position.x, frames[i].located[0].pose.position.y,
                        frames[i].located[0].pose.position.z) +
             glm::dvec3(frames[i].located[1].pose.position.x, frames[i].located[1].pose.position.y,
                        frames[i].located[1].pose.position.z)) *
            0.5;
        EXPECT_LT(glm::distance(glm::dvec3(in.head.position), eyes), 0.01);
        const glm::vec3 expected[2] = {{-0.2f, 1.3f, -0.5f}, {0.2f, 1.3f, -0.5f}};
        for (uint32_t h = 0; h < 2; ++h) {
            const HandInput& hand = in.hands[h];
            ASSERT_TRUE(hand.grip.valid()) << "hand " << h;
            ASSERT_TRUE(hand.aim.valid()) << "hand " << h;
            EXPECT_LT(glm::distance(hand.grip.position, expected[h]), 0.05f)
                << "hand " << h << " grip at " << hand.grip.position.x << ", " << hand.grip.position.y << ", "
                << hand.grip.position.z;
            // Nobody presses anything.
            EXPECT_EQ(hand.trigger, 0.0f);
            EXPECT_FALSE(hand.menu);
        }
    }
}

TEST_F(XrTest, AVenuesCalibrationPlacesTheRenderedEyes) {
    // The hall's STAGE origin 1000.5 m east, 2 m up, 30.25 m north in the scene, turned 90° to the left.
    const glm::dvec3 offset(1000.5, 2.0, -30.25);
    open(kStereoScene, testVenue({{-4, -3}, {4, -3}, {4, 3}, {-4, 3}}, offset, 90.0));
    EXPECT_EQ(visitor->origin().position, offset);
    std::vector<FrameResult> frames;
    ASSERT_TRUE(runUntil([&] { return focused() && frames.size() >= 3; }, 30.0,
                         [&](const FrameResult& f) {
                             if (f.rendered) frames.push_back(f);
                         }));
    for (const FrameResult& f : frames) {
        for (size_t i = 0; i < 2; ++i) {
            const XrVector3f& p = f.located[i].pose.position;
            // Yaw 90° about +y: hall (x, y, z) → scene offset + (z, y, -x).
            const glm::dvec3 expected = offset + glm::dvec3(p.z, p.y, -double(p.x));
            EXPECT_LT(glm::distance(f.views[i].position, expected), 1e-6) << "view " << i;
            // The simulated head stands 1.6 m above the hall's floor.
            EXPECT_NEAR(f.views[i].position.y, offset.y + 1.6, 0.1);
            // Looking down the hall's -z is looking down the scene's -x.
            const glm::dvec3 forward = f.views[i].orientation * glm::dvec3(0, 0, -1);
            EXPECT_LT(forward.x, -0.9) << "view " << i;
        }
        // The left eye (hall x < 0) ends up on the scene's +z side of the right one.
        const double dz = f.views[0].position.z - f.views[1].position.z;
        EXPECT_GT(dz, 0.05);
        EXPECT_LT(dz, 0.08);
    }
}

TEST_F(XrTest, TheGuardianGridShowsInBothEyesOutsideTheBoundsAndNotFarInside) {
    // Far inside a 100 m hall: no grid.
    open(kStereoScene, testVenue({{-50, -50}, {50, -50}, {50, 50}, {-50, 50}}));
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().framesSubmitted() >= 3; }));
    const std::vector<Rgba8Image> inside = captureEyes();
    ASSERT_EQ(inside.size(), 2u);
    EXPECT_EQ(visitor->guardianLines(), 0u);
    // A 1 × 0.5 m play area 2.5 m in front of the visitor: the head (and both hands) are outside it.
    ASSERT_TRUE(visitor->setVenue(testVenue({{-0.5, -3.0}, {0.5, -3.0}, {0.5, -2.5}, {-0.5, -2.5}})).ok());
    const std::vector<Rgba8Image> outside = captureEyes();
    ASSERT_EQ(outside.size(), 2u);
    EXPECT_GT(visitor->guardianLines(), 0u);

    const std::filesystem::path out = SKYHOOK_BINARY_DIR "/xr_out";
    std::filesystem::create_directories(out);
    for (size_t eye = 0; eye < 2; ++eye) {
        EXPECT_TRUE(writePng(out / ("guardian_inside_" + std::to_string(eye) + ".png"), inside[eye]).ok());
        EXPECT_TRUE(writePng(out / ("guardian_outside_" + std::to_string(eye) + ".png"), outside[eye]).ok());
        EXPECT_EQ(greenPixels(inside[eye]), 0u) << "eye " << eye << " (see " << out << ")";
        EXPECT_GT(greenPixels(outside[eye]), 300u) << "eye " << eye << " (see " << out << ")";
        EXPECT_GT(differingPixels(inside[eye], outside[eye]), 300u) << "eye " << eye;
    }
}

}  // namespace
}  // namespace skyhook::xr::test
