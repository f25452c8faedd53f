// The display-time estimate used without XR_KHR_convert_timespec_time (engine/xr/display_clock.hpp): the
// runtime's clock offset from simulated frames that wake late by random amounts.
#include <gtest/gtest.h>

#include <random>

#include "engine/xr/display_clock.hpp"

namespace skyhook::xr {
namespace {

TEST(DisplayTimeEstimate, TheEarliestWakeGivesTheOffsetDespiteLateWakes) {
    constexpr int64_t kOffset = 123'456'789'012;  // XrTime − monotonic
    constexpr XrDuration kPeriod = 11'111'111;    // 90 Hz
    DisplayTimeEstimate e;
    EXPECT_FALSE(e.ready());
    EXPECT_EQ(e.offset(), 0);
    std::mt19937 rng(7);
    std::exponential_distribution<double> late(1.0 / 2e6);  // 2 ms mean scheduling delay
    int64_t mono = 5'000'000'000;
    for (int i = 0; i < 200; ++i) {
        mono += kPeriod;
        // Every fourth frame wakes on time; the rest late.
        const int64_t woke = mono + (i % 4 == 0 ? 0 : int64_t(late(rng)) + 1);
        e.add(mono + kPeriod + kOffset, kPeriod, woke);
    }
    ASSERT_TRUE(e.ready());
    EXPECT_EQ(e.offset(), kOffset);
}

TEST(DisplayTimeEstimate, FollowsAClockThatJumpsAfterTheWindow) {
    constexpr XrDuration kPeriod = 50'000'000;
    DisplayTimeEstimate e;
    for (int i = 0; i < 10; ++i) e.add(1'000'000'000 + i * kPeriod, kPeriod, i * kPeriod);
    EXPECT_EQ(e.offset(), 1'000'000'000 - kPeriod);
    for (size_t i = 0; i < DisplayTimeEstimate::kWindow; ++i)
        e.add(500'000'000 + int64_t(i) * kPeriod, kPeriod, int64_t(i) * kPeriod);
    EXPECT_EQ(e.offset(), 500'000'000 - kPeriod);
}

TEST(DisplayTimeEstimate, FramesWithoutTimesAreIgnored) {
    DisplayTimeEstimate e;
    e.add(0, 11'000'000, 5);
    e.add(1000, 0, 5);
    EXPECT_FALSE(e.ready());
}

}  // namespace
}  // namespace skyhook::xr
