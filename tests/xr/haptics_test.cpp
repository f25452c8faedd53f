// Haptics against Monado's two simulated simple controllers (at (∓0.2, 1.3, -0.5) in the hall): every
// xrApplyHapticFeedback goes through the raw layer, which these tests wrap to record the call (action,
// subaction path, vibration) and what the runtime answered. A show cue pulses both hands once, on the frame
// whose show time reaches it; the guardian pulses only the hand near a wall, and a hand outside the play
// area gets the crossing pulse.
#include <algorithm>

#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

struct HapticCall {
    XrAction action = XR_NULL_HANDLE;
    XrPath subaction = XR_NULL_PATH;
    float amplitude = 0.0f;
    XrDuration duration = 0;
    XrResult result = XR_SUCCESS;
    double showTime = 0.0;  // of the frame it was sent with
};

struct Recorder {
    std::vector<HapticCall> applied;
    std::vector<std::pair<XrPath, XrResult>> stopped;
    const app::XrVisitor* visitor = nullptr;
};

RawApi recording(Recorder& r) {
    RawApi raw;
    raw.applyHapticFeedback = [&r](XrSession s, const XrHapticActionInfo* info, const XrHapticBaseHeader* h) {
        const XrResult result = xrApplyHapticFeedback(s, info, h);
        const auto* v = reinterpret_cast<const XrHapticVibration*>(h);
        r.applied.push_back({info->action, info->subactionPath, v->amplitude, v->duration, result,
                             r.visitor ? r.visitor->frameTiming().showTime : 0.0});
        return result;
    };
    raw.stopHapticFeedback = [&r](XrSession s, const XrHapticActionInfo* info) {
        const XrResult result = xrStopHapticFeedback(s, info);
        r.stopped.push_back({info->subactionPath, result});
        return result;
    };
    return raw;
}

XrPath path(XrInstance instance, const char* text) {
    XrPath p = XR_NULL_PATH;
    EXPECT_EQ(xrStringToPath(instance, text, &p), XR_SUCCESS);
    return p;
}

Venue hall(std::vector<glm::dvec2> bounds) {
    Venue v;
    v.name = "haptics hall";
    v.bounds = std::move(bounds);
    return v;
}

TEST_F(XrTest, AShowCuePulsesBothHandsOnceWhenTheShowReachesIt) {
    Recorder rec;
    open(kStereoScene, {}, recording(rec));
    rec.visitor = visitor.get();
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().input().synced; }));
    Actions* actions = visitor->headset().actions();
    ASSERT_NE(actions->hapticAction(), XR_NULL_HANDLE);
    const XrInstance instance = visitor->headset().instance().handle();
    const XrPath left = path(instance, "/user/hand/left"), right = path(instance, "/user/hand/right");
    EXPECT_EQ(actions->subactionPath(Hand::Left), left);
    EXPECT_EQ(actions->subactionPath(Hand::Right), right);
    EXPECT_TRUE(rec.applied.empty()) << "no venue, no cue: no pulse";

    const double cueAt = visitor->frameTiming().showTime + 0.3;
    visitor->cueHaptic(cueAt, {.amplitude = 0.8f, .seconds = 0.1});
    double before = 0.0;
    ASSERT_TRUE(runUntil([&] { return visitor->hapticCuesPending() == 0; }, 30.0,
                         [&](const FrameResult&) {
                             if (rec.applied.empty()) before = visitor->frameTiming().showTime;
                         }));
    ASSERT_EQ(rec.applied.size(), 2u);
    std::vector<XrPath> hands;
    for (const HapticCall& c : rec.applied) {
        EXPECT_EQ(c.action, actions->hapticAction());
        EXPECT_EQ(c.result, XR_SUCCESS);
        EXPECT_FLOAT_EQ(c.amplitude, 0.8f);
        EXPECT_EQ(c.duration, 100'000'000);
        EXPECT_GE(c.showTime, cueAt) << "not before the cue";
        EXPECT_LT(before, cueAt) << "on the first frame that reached it";
        hands.push_back(c.subaction);
    }
    std::sort(hands.begin(), hands.end());
    std::vector<XrPath> both{left, right};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(hands, both);
    EXPECT_EQ(actions->hapticPulses(), 2u);
    // Once only.
    ASSERT_TRUE(runUntil([&] { return visitor->framesStepped() > 0; }));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(visitor->step().ok());
    EXPECT_EQ(rec.applied.size(), 2u);

    auto stopped = actions->stopHaptic(Hand::Left);
    ASSERT_TRUE(stopped.ok()) << stopped.error().message;
    EXPECT_TRUE(*stopped);
    ASSERT_EQ(rec.stopped.size(), 1u);
    EXPECT_EQ(rec.stopped[0].first, left);
    EXPECT_EQ(rec.stopped[0].second, XR_SUCCESS);
}

// The show's own cues (the scene file's "haptics"): felt as the show time passes them, each once, on the
// hands it names, with its amplitude and duration.
TEST_F(XrTest, TheScenesHapticCuesAreFeltAsTheShowPassesThem) {
    Recorder rec;
    open(SKYHOOK_SOURCE_DIR "/tests/xr/data/haptic_show.json", {}, recording(rec));
    rec.visitor = visitor.get();
    EXPECT_EQ(visitor->sceneHapticCues(), 2u);
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->frameTiming().showTime > 1.3; }));
    Actions* actions = visitor->headset().actions();
    const XrInstance instance = visitor->headset().instance().handle();
    const XrPath left = path(instance, "/user/hand/left"), right = path(instance, "/user/hand/right");
    ASSERT_EQ(rec.applied.size(), 3u) << "the right hand at 0.5 s, both at 1.0 s";
    EXPECT_EQ(rec.applied[0].subaction, right);
    EXPECT_FLOAT_EQ(rec.applied[0].amplitude, 0.7f);
    EXPECT_EQ(rec.applied[0].duration, 250'000'000);
    EXPECT_GE(rec.applied[0].showTime, 0.5);
    EXPECT_LT(rec.applied[0].showTime, 0.5 + 0.2) << "on the frame that passed it";
    std::vector<XrPath> hands{rec.applied[1].subaction, rec.applied[2].subaction};
    std::sort(hands.begin(), hands.end());
    std::vector<XrPath> both{left, right};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(hands, both);
    for (const HapticCall& c : rec.applied) {
        EXPECT_EQ(c.action, actions->hapticAction());
        EXPECT_EQ(c.result, XR_SUCCESS);
    }
    EXPECT_FLOAT_EQ(rec.applied[1].amplitude, 0.4f);
    EXPECT_GE(rec.applied[1].showTime, 1.0);
}

TEST_F(XrTest, TheGuardianPulsesTheHandNearAWallAndTheHandThatCrossesIt) {
    Recorder rec;
    // The left wall 0.1 m left of the left controller (x = -0.2); the right one is 0.5 m from any wall.
    open(kStereoScene, hall({{-0.3, -3.0}, {3.0, -3.0}, {3.0, 3.0}, {-0.3, 3.0}}), recording(rec));
    rec.visitor = visitor.get();
    Actions* actions = visitor->headset().actions();
    ASSERT_TRUE(runUntil([&] { return rec.applied.size() >= 3; }));
    for (const HapticCall& c : rec.applied) {
        EXPECT_EQ(c.subaction, actions->subactionPath(Hand::Left));
        EXPECT_EQ(c.action, actions->hapticAction());
        EXPECT_EQ(c.result, XR_SUCCESS);
        EXPECT_NEAR(c.amplitude, 0.2f + 0.8f * 0.75f, 0.05f) << "0.1 m from a 0.4 m guardian";
    }

    // Now the right controller (x = 0.2) stands outside the play area: it gets the crossing pulse at once.
    rec.applied.clear();
    ASSERT_TRUE(visitor->setVenue(hall({{-3.0, -3.0}, {0.1, -3.0}, {0.1, 3.0}, {-3.0, 3.0}})).ok());
    ASSERT_TRUE(runUntil([&] {
        return std::any_of(rec.applied.begin(), rec.applied.end(), [&](const HapticCall& c) {
            return c.subaction == actions->subactionPath(Hand::Right);
        });
    }));
    const auto first = std::find_if(rec.applied.begin(), rec.applied.end(), [&](const HapticCall& c) {
        return c.subaction == actions->subactionPath(Hand::Right);
    });
    EXPECT_FLOAT_EQ(first->amplitude, GuardianHaptics::kCrossingAmplitude);
    EXPECT_EQ(first->duration, XrDuration(GuardianHaptics::kCrossingSeconds * 1e9));
    EXPECT_EQ(first->result, XR_SUCCESS);
}

}  // namespace
}  // namespace skyhook::xr::test
