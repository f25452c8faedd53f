// Haptics as pure logic (engine/xr/haptics.hpp): the guardian's pulses as a hand nears, reaches and crosses
// the play area's edge, and show cues firing once, in order, when the show time reaches them.
#include <gtest/gtest.h>

#include "engine/xr/haptics.hpp"

namespace skyhook::xr {
namespace {

// A 4 m × 4 m play area around the origin: walls at x = ±2 and z = ±2.
Venue square() {
    Venue v;
    v.bounds = {{-2.0, -2.0}, {2.0, -2.0}, {2.0, 2.0}, {-2.0, 2.0}};
    v.guardian.distance = 0.4;
    return v;
}

using Hands = std::array<std::optional<glm::vec3>, kHandCount>;

TEST(GuardianHaptics, FarInsideIsSilent) {
    GuardianHaptics g;
    for (int i = 0; i < 10; ++i) {
        const auto pulses = g.update(square(), Hands{glm::vec3(0, 1, 0), glm::vec3(1.5f, 1, 0)}, i * 0.1);
        EXPECT_FALSE(pulses[0]);
        EXPECT_FALSE(pulses[1]);  // 0.5 m from the wall: beyond the 0.4 m distance
    }
}

TEST(GuardianHaptics, NearingAWallPulsesFasterAndStrongerAsTheHandComesCloser) {
    GuardianHaptics g;
    const Venue v = square();
    // 0.3 m from the wall (closeness 0.25): amplitude 0.4, every 0.5 - 0.4 × 0.25 = 0.4 s.
    auto p = g.update(v, Hands{std::nullopt, glm::vec3(1.7f, 1, 0)}, 10.0);
    ASSERT_TRUE(p[1]);
    EXPECT_FALSE(p[0]);
    EXPECT_NEAR(p[1]->amplitude, 0.4f, 1e-5f);
    EXPECT_NEAR(p[1]->seconds, GuardianHaptics::kPulseSeconds, 1e-12);
    EXPECT_FALSE(g.update(v, Hands{std::nullopt, glm::vec3(1.7f, 1, 0)}, 10.39)[1]);
    EXPECT_TRUE(g.update(v, Hands{std::nullopt, glm::vec3(1.7f, 1, 0)}, 10.41)[1]);
    // 0.04 m from it (closeness 0.9): amplitude 0.92, next after 0.5 - 0.4 × 0.9 = 0.14 s.
    p = g.update(v, Hands{std::nullopt, glm::vec3(1.96f, 1, 0)}, 10.82);
    ASSERT_TRUE(p[1]);
    EXPECT_NEAR(p[1]->amplitude, 0.92f, 1e-4f);
    EXPECT_FALSE(g.update(v, Hands{std::nullopt, glm::vec3(1.96f, 1, 0)}, 10.95)[1]);
    EXPECT_TRUE(g.update(v, Hands{std::nullopt, glm::vec3(1.96f, 1, 0)}, 10.97)[1]);
}

TEST(GuardianHaptics, CrossingOutGivesOneStrongPulseAtOnceThenFullStrengthRepeats) {
    GuardianHaptics g;
    const Venue v = square();
    ASSERT_TRUE(g.update(v, Hands{glm::vec3(-1.9f, 1, 0), std::nullopt}, 1.0)[0]);
    // Crossed between two frames, long before the next near pulse would be due: pulsed at once.
    auto p = g.update(v, Hands{glm::vec3(-2.1f, 1, 0), std::nullopt}, 1.02);
    ASSERT_TRUE(p[0]);
    EXPECT_EQ(p[0]->amplitude, GuardianHaptics::kCrossingAmplitude);
    EXPECT_EQ(p[0]->seconds, GuardianHaptics::kCrossingSeconds);
    EXPECT_FALSE(g.update(v, Hands{glm::vec3(-2.2f, 1, 0), std::nullopt}, 1.10)[0]);
    p = g.update(v, Hands{glm::vec3(-2.2f, 1, 0), std::nullopt}, 1.13);
    ASSERT_TRUE(p[0]);
    EXPECT_EQ(p[0]->amplitude, 1.0f);
    EXPECT_EQ(p[0]->seconds, GuardianHaptics::kPulseSeconds);
    // Back far inside, then near again: the first pulse comes at once.
    EXPECT_FALSE(g.update(v, Hands{glm::vec3(0, 1, 0), std::nullopt}, 1.20)[0]);
    EXPECT_TRUE(g.update(v, Hands{glm::vec3(1.8f, 1, 0), std::nullopt}, 1.21)[0]);
}

TEST(GuardianHaptics, DisabledGuardianUntrackedHandsAndMissingBoundsAreSilent) {
    GuardianHaptics g;
    Venue off = square();
    off.guardian.enabled = false;
    EXPECT_FALSE(g.update(off, Hands{glm::vec3(-3, 1, 0), glm::vec3(3, 1, 0)}, 0.0)[0]);
    Venue none;
    EXPECT_FALSE(g.update(none, Hands{glm::vec3(-3, 1, 0), glm::vec3(3, 1, 0)}, 0.0)[1]);
    EXPECT_FALSE(g.update(square(), Hands{}, 0.0)[0]);
}

TEST(HapticCues, FireOnceInOrderWhenTheShowTimeReachesThem) {
    HapticCues cues;
    cues.add({.showTime = 12.0, .pulse = {.amplitude = 0.3f}, .hands = HapticHands::Left});
    cues.add({.showTime = 10.0, .pulse = {.amplitude = 0.1f}});
    cues.add({.showTime = 11.0, .pulse = {.amplitude = 0.2f}, .hands = HapticHands::Right});
    EXPECT_TRUE(cues.due(9.99).empty());
    auto due = cues.due(11.0);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].pulse.amplitude, 0.1f);
    EXPECT_EQ(due[1].pulse.amplitude, 0.2f);
    EXPECT_TRUE(includes(due[1].hands, Hand::Right));
    EXPECT_FALSE(includes(due[1].hands, Hand::Left));
    EXPECT_TRUE(cues.due(11.5).empty());
    EXPECT_EQ(cues.pending(), 1u);
    // A cue added in the past fires with the next frame.
    cues.add({.showTime = 1.0});
    EXPECT_EQ(cues.due(11.6).size(), 1u);
    EXPECT_EQ(cues.due(100.0).size(), 1u);
    EXPECT_EQ(cues.pending(), 0u);
}

// A show's cues as show time passes them: fired once when the time moves forward across them, not while
// paused, not when a seek jumps over them (no burst), again after a seek back before them.
TEST(HapticTimeline, CuesFireAsShowTimePassesThemNotOnJumpsOrPauses) {
    const HapticPulse pulse{.amplitude = 1.0f, .seconds = 0.3};
    HapticTimeline timeline({{5.0, pulse, HapticHands::Both},
                             {2.0, pulse, HapticHands::Left},
                             {2.0, pulse, HapticHands::Right},
                             {20.0, pulse, HapticHands::Both}},
                            0.5);
    EXPECT_TRUE(timeline.due(1.9).empty()) << "nothing in the half second before the first frame";
    const auto both = timeline.due(2.0);
    ASSERT_EQ(both.size(), 2u) << "both cues at 2 s, on the frame that reaches them";
    EXPECT_EQ(both[0].hands, HapticHands::Left);
    EXPECT_TRUE(timeline.due(2.0).empty()) << "paused: nothing";
    EXPECT_TRUE(timeline.due(2.01).empty()) << "each fires once";
    EXPECT_TRUE(timeline.due(1.0).empty()) << "a seek back fires nothing";
    EXPECT_TRUE(timeline.due(1.8).empty());
    EXPECT_EQ(timeline.due(2.1).size(), 2u) << "and arms the cues after it again";
    EXPECT_TRUE(timeline.due(12.0).empty()) << "a seek forward jumps over the 5 s cue";
    EXPECT_TRUE(timeline.due(19.9).empty());
    const auto last = timeline.due(20.2);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_DOUBLE_EQ(last[0].showTime, 20.0);
    EXPECT_FLOAT_EQ(last[0].pulse.amplitude, 1.0f);
    EXPECT_EQ(timeline.size(), 4u);

    HapticTimeline start({{0.0, pulse, HapticHands::Both}}, 0.5);
    EXPECT_EQ(start.due(0.0).size(), 1u) << "a cue at the show's start fires with its first frame";
    EXPECT_TRUE(start.due(0.02).empty());
}

}  // namespace
}  // namespace skyhook::xr
