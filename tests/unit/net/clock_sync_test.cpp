// Clock following as math: the minimum-round-trip filter under simulated delays and jitter, the show
// follower's slewing, seeks and pauses, and the master's ShowClock.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <thread>

#include "engine/net/clock_sync.hpp"
#include "engine/net/show_clock.hpp"

namespace skyhook::net {
namespace {

constexpr int64_t kMs = 1'000'000;

// One exchange: the master's clock is local + trueOffset; each direction takes base + jitter.
ClockSample exchange(int64_t localSend, int64_t trueOffset, int64_t up, int64_t down, int64_t service) {
    ClockSample s;
    s.t1 = localSend;
    s.t2 = localSend + up + trueOffset;
    s.t3 = s.t2 + service;
    s.t4 = s.t3 - trueOffset + down;
    return s;
}

TEST(ClockFilter, ExactWithSymmetricDelay) {
    ClockFilter f;
    EXPECT_FALSE(f.ready());
    f.add(exchange(1000 * kMs, 250 * kMs, 2 * kMs, 2 * kMs, 10'000));
    EXPECT_EQ(f.offset(), 250 * kMs);
    EXPECT_EQ(f.roundTrip(), 4 * kMs);
}

TEST(ClockFilter, MinimumRoundTripRejectsJitter) {
    // Queueing adds up to 20 ms in either direction (2 ms on average), unevenly; the fastest exchange is the
    // least asymmetric: its error is at most half its round trip.
    std::mt19937 rng(7);
    std::exponential_distribution<double> queue(1.0 / (2.0 * kMs));
    const int64_t trueOffset = -1'300 * kMs;
    ClockFilter f;
    int64_t worstSingle = 0;
    for (int i = 0; i < 64; ++i) {
        const int64_t up = 100'000 + int64_t(std::min(queue(rng), 20.0 * kMs));
        const int64_t down = 100'000 + int64_t(std::min(queue(rng), 20.0 * kMs));
        const ClockSample s = exchange(int64_t(i) * 200 * kMs, trueOffset, up, down, 20'000);
        worstSingle = std::max(worstSingle, std::abs(s.offset() - trueOffset));
        ASSERT_TRUE(f.add(s));
    }
    EXPECT_GT(worstSingle, 2 * kMs);                        // a single sample can be far off
    EXPECT_LT(std::abs(f.offset() - trueOffset), kMs / 2);  // the filtered estimate is not
    EXPECT_EQ(f.samples(), ClockFilter::kWindow);
}

TEST(ClockFilter, IgnoresImpossibleSamples) {
    ClockFilter f;
    EXPECT_FALSE(f.add({.t1 = 10, .t2 = 5, .t3 = 4, .t4 = 20}));    // master replied before it received
    EXPECT_FALSE(f.add({.t1 = 10, .t2 = 11, .t3 = 30, .t4 = 12}));  // negative round trip
    EXPECT_FALSE(f.ready());
}

ShowState playingAt(int64_t masterTime, double showTime, uint32_t epoch = 0) {
    return {.masterTime = masterTime, .showTime = showTime, .rate = 1.0, .playing = true, .seekEpoch = epoch};
}

TEST(ShowFollower, FollowsThroughTheOffset) {
    ShowFollower f;
    const int64_t offset = 500 * kMs;  // master = local + 0.5 s
    f.setState(playingAt(10'000 * kMs, 100.0));
    // Local 9.6 s is master 10.1 s: show time 100.1.
    EXPECT_NEAR(f.update(9'600 * kMs, offset), 100.1, 1e-9);
    EXPECT_NEAR(f.update(9'650 * kMs, offset), 100.15, 1e-9);
    EXPECT_NEAR(f.lastError(), 0.0, 1e-9);
}

TEST(ShowFollower, SlewsAndNeverGoesBackwards) {
    ShowFollower f;
    f.setState(playingAt(0, 10.0));
    double shown = f.update(0, 0);
    EXPECT_EQ(shown, 10.0);
    // The offset estimate improves by 20 ms (the master is really 20 ms behind): the follower must not jump
    // back, it slows down by at most 5 %.
    const int64_t offset = -20 * kMs;
    double previous = shown;
    int64_t t = 0;
    for (int i = 0; i < 100; ++i) {
        t += 20 * kMs;  // 50 Hz
        shown = f.update(t, offset);
        EXPECT_GE(shown, previous);
        EXPECT_GE(shown - previous, 0.020 * (1.0 - ShowFollower::kSlewRate) - 1e-12);
        previous = shown;
    }
    EXPECT_NEAR(f.lastError(), 0.0, 1e-9);  // caught up within 0.4 s (20 ms at 5 %)
}

TEST(ShowFollower, SeekJumpsBackAndPauseHolds) {
    ShowFollower f;
    f.setState(playingAt(0, 50.0));
    EXPECT_EQ(f.update(0, 0), 50.0);
    EXPECT_NEAR(f.update(100 * kMs, 0), 50.1, 1e-9);
    f.setState(playingAt(100 * kMs, 5.0, /*epoch=*/1));  // the operator seeks back
    EXPECT_NEAR(f.update(200 * kMs, 0), 5.1, 1e-9);
    ShowState paused = playingAt(200 * kMs, 5.1, 1);
    paused.playing = false;
    f.setState(paused);
    EXPECT_NEAR(f.update(1'000 * kMs, 0), 5.1, 1e-9);
    EXPECT_NEAR(f.update(2'000 * kMs, 0), 5.1, 1e-9);
    // A master far ahead without a seek (e.g. the follower joined late): jump forward, never back.
    f.setState(playingAt(2'000 * kMs, 60.0, 1));
    EXPECT_NEAR(f.update(2'000 * kMs, 0), 60.0, 1e-9);
}

ShowState revisionAt(uint64_t revision, int64_t masterTime, double showTime, bool playing = true) {
    ShowState s = playingAt(masterTime, showTime);
    s.revision = revision;
    s.playing = playing;
    return s;
}

TEST(ShowFollower, AnOlderStateNeverUndoesANewerOne) {
    ShowFollower f;
    EXPECT_TRUE(f.setState(revisionAt(5, 1'000 * kMs, 40.0, /*playing=*/false), 0xaa));
    EXPECT_EQ(f.update(1'000 * kMs, 0), 40.0);
    EXPECT_EQ(f.displayedRevision(), 5u);
    // Revision 4 (say, still playing) arrives late, or is replayed: refused, the pause holds.
    EXPECT_FALSE(f.setState(revisionAt(4, 1'100 * kMs, 99.0), 0xaa));
    // The same revision anchored earlier is an older copy: refused too.
    EXPECT_FALSE(f.setState(revisionAt(5, 900 * kMs, 40.0, false), 0xaa));
    EXPECT_EQ(f.update(2'000 * kMs, 0), 40.0);
    EXPECT_EQ(f.state()->revision, 5u);
    // The same revision repeated later (the periodic state) and a newer one are taken.
    EXPECT_TRUE(f.setState(revisionAt(5, 2'000 * kMs, 40.0, false), 0xaa));
    EXPECT_TRUE(f.setState(revisionAt(6, 2'000 * kMs, 40.0), 0xaa));
    EXPECT_NEAR(f.update(2'500 * kMs, 0), 40.5, 1e-9);
    EXPECT_EQ(f.displayedRevision(), 6u);
}

TEST(ShowFollower, AnotherMasterStartsOver) {
    // A restarted master counts revisions from 1 again and may be anywhere in the show: its state is
    // taken and shown at once (even backwards, even with a lower revision).
    ShowFollower f;
    f.setState(revisionAt(9, 0, 300.0), 0xaa);
    EXPECT_EQ(f.update(0, 0), 300.0);
    EXPECT_TRUE(f.setState(revisionAt(1, 100 * kMs, 12.0), 0xbb));
    EXPECT_NEAR(f.update(100 * kMs, 0), 12.0, 1e-9);
    EXPECT_EQ(f.master(), 0xbbu);
}

TEST(ShowFollower, PauseFreezesOnTheMastersExactTime) {
    // The visitor ran 0.3 ms ahead when the pause arrived: it shows the master's paused time, not its own.
    ShowFollower f;
    f.setState(revisionAt(1, 0, 10.0), 0xaa);
    f.update(0, 0);
    EXPECT_NEAR(f.update(1'000'300'000, 0), 11.0003, 1e-9);
    f.setState(revisionAt(2, 1'000 * kMs, 11.0, /*playing=*/false), 0xaa);
    EXPECT_EQ(f.update(1'001 * kMs, 0), 11.0);
    EXPECT_EQ(f.lastError(), 0.0);
}

TEST(ShowFollower, AnOperatorsChangeIsShownExactly) {
    // Frames at 0 and 10 ms; the master doubles the rate at 12 ms. Predicting the whole frame at the new
    // rate would run 2 ms ahead and then slew for 40 ms; the new revision is taken exactly instead.
    ShowFollower f;
    f.setState(revisionAt(1, 0, 0.0), 0xaa);
    f.update(0, 0);
    EXPECT_NEAR(f.update(10 * kMs, 0), 0.010, 1e-12);
    ShowState doubled = revisionAt(2, 12 * kMs, 0.012);
    doubled.rate = 2.0;
    f.setState(doubled, 0xaa);
    EXPECT_NEAR(f.update(20 * kMs, 0), 0.028, 1e-12);
    EXPECT_NEAR(f.update(30 * kMs, 0), 0.048, 1e-12);
    EXPECT_EQ(f.displayedRevision(), 2u);
}

TEST(ShowClock, EveryChangeBumpsTheRevisionAndCallsTheListener) {
    ShowClock clock(0.0, false);
    int calls = 0;
    uint64_t seenRevision = 0;
    clock.setChangeListener([&] {
        ++calls;
        seenRevision = clock.revision();  // the listener may read the clock (it runs outside its lock)
    });
    EXPECT_EQ(clock.revision(), 1u);
    clock.play();
    clock.setRate(2.0);
    clock.seek(30.0);
    clock.pause();
    clock.setCue(2);
    EXPECT_EQ(calls, 5);
    EXPECT_EQ(clock.revision(), 6u);
    EXPECT_EQ(seenRevision, 6u);
    EXPECT_EQ(clock.state().revision, 6u);
    // Values the wire would refuse change nothing.
    EXPECT_FALSE(clock.setRate(std::numeric_limits<double>::quiet_NaN()));
    EXPECT_FALSE(clock.setRate(-1.0));
    EXPECT_FALSE(clock.setRate(ShowClock::kMaxRate * 2));
    EXPECT_FALSE(clock.seek(std::numeric_limits<double>::infinity()));
    EXPECT_FALSE(clock.seek(-2e9));
    EXPECT_EQ(calls, 5);
    EXPECT_EQ(clock.state().rate, 2.0);
    EXPECT_NEAR(clock.showTime(), 30.0, 1e-3);  // paused just after the seek
    clock.setChangeListener({});
    clock.play();
    EXPECT_EQ(calls, 5);
}

TEST(ShowClock, PlayPauseSeek) {
    ShowClock clock(3.0, /*playing=*/false);
    EXPECT_EQ(clock.showTime(), 3.0);
    clock.play();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GT(clock.showTime(), 3.015);
    clock.pause();
    const double held = clock.showTime();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(clock.showTime(), held);
    const uint32_t epoch = clock.state().seekEpoch;
    clock.seek(1.0);
    EXPECT_EQ(clock.showTime(), 1.0);
    EXPECT_EQ(clock.state().seekEpoch, epoch + 1);
    EXPECT_FALSE(clock.state().playing);
    clock.setCue(4);
    EXPECT_EQ(clock.state().cue, 4u);
}

}  // namespace
}  // namespace skyhook::net
