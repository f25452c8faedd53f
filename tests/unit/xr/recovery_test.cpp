// Recovering a lost session or instance, and never submitting a late frame, without a runtime.
#include <gtest/gtest.h>

#include "engine/xr/frame_pacing.hpp"
#include "engine/xr/recovery.hpp"

namespace skyhook::xr {
namespace {

using A = RecoveryAction;

TEST(Backoff, DoublesFromTheInitialDelayUpToTheCap) {
    const BackoffPolicy p{.initialSeconds = 0.5, .factor = 2.0, .maxSeconds = 30.0, .jitter = 0.0};
    EXPECT_DOUBLE_EQ(backoffDelay(p, 0), 0.5);
    EXPECT_DOUBLE_EQ(backoffDelay(p, 1), 1.0);
    EXPECT_DOUBLE_EQ(backoffDelay(p, 5), 16.0);
    EXPECT_DOUBLE_EQ(backoffDelay(p, 6), 30.0);
    EXPECT_DOUBLE_EQ(backoffDelay(p, 1000), 30.0);
}

TEST(Backoff, JitterStaysWithinItsFractionAndUnderTheCapAndVaries) {
    const BackoffPolicy p{.initialSeconds = 1.0, .factor = 2.0, .maxSeconds = 8.0, .jitter = 0.2};
    Recovery r(p, 42);
    double previous = -1.0;
    bool varied = false;
    for (uint32_t attempt = 0; attempt < 8; ++attempt) {
        const double base = backoffDelay(p, attempt);
        const double d = r.onAttemptFailed(100.0);
        EXPECT_GE(d, base * 0.8 - 1e-9) << attempt;
        EXPECT_LE(d, std::min(base * 1.2, p.maxSeconds) + 1e-9) << attempt;
        EXPECT_DOUBLE_EQ(r.nextAttemptAt(), 100.0 + d);
        if (attempt >= 4 && previous >= 0.0 && d != previous) varied = true;
        if (attempt >= 4) previous = d;
    }
    // Capped attempts still spread (8 s × [0.8, 1]): headsets of a hall do not retry in step.
    EXPECT_TRUE(varied);
    Recovery a(p, 1), b(p, 2);
    EXPECT_NE(a.onSessionLost(0.0), b.onSessionLost(0.0));
}

TEST(Recovery, ASessionLossRetriesASessionAfterTheDelayOnly) {
    Recovery r({.initialSeconds = 1.0, .jitter = 0.0});
    EXPECT_FALSE(r.recovering());
    EXPECT_EQ(r.due(0.0), A::None);
    EXPECT_DOUBLE_EQ(r.onSessionLost(10.0), 1.0);
    EXPECT_TRUE(r.recovering());
    EXPECT_EQ(r.due(10.5), A::None);
    EXPECT_EQ(r.due(11.0), A::StartSession);
    EXPECT_EQ(r.due(11.0), A::None);  // once: it is in progress now
    EXPECT_TRUE(r.recovering());
    // The new session failed too: twice as long.
    EXPECT_DOUBLE_EQ(r.onAttemptFailed(11.0), 2.0);
    EXPECT_EQ(r.due(12.9), A::None);
    EXPECT_EQ(r.due(13.0), A::StartSession);
    r.onRecovered();
    EXPECT_FALSE(r.recovering());
    EXPECT_EQ(r.recoveries(), 1u);
    // The back-off started over.
    EXPECT_DOUBLE_EQ(r.onSessionLost(20.0), 1.0);
    EXPECT_EQ(r.sessionLosses(), 2u);
}

TEST(Recovery, AnInstanceLossNeedsAnInstanceFirstAndOutranksSessionLosses) {
    Recovery r({.initialSeconds = 0.5, .jitter = 0.0});
    r.onInstanceLost(0.0);
    r.onSessionLost(0.0);  // the session went down with it
    EXPECT_EQ(r.pending(), A::CreateInstance);
    EXPECT_EQ(r.due(10.0), A::CreateInstance);
    // The runtime is not back yet: still an instance, later (the third delay of this recovery).
    EXPECT_DOUBLE_EQ(r.onAttemptFailed(10.0), 0.5 * 4.0);
    EXPECT_EQ(r.due(11.9), A::None);
    EXPECT_EQ(r.due(12.0), A::CreateInstance);
    r.onInstanceCreated();
    // The instance is there but the session failed: only a session is retried now.
    r.onAttemptFailed(12.0);
    EXPECT_EQ(r.pending(), A::StartSession);
    EXPECT_EQ(r.instanceLosses(), 1u);
}

TEST(LatePolicy, SkipsAFrameThatCannotBeReadyAndTriesAgainAfterSkips) {
    LatePolicy p;
    EXPECT_FALSE(p.wouldBeLate(1.0, 50.0));  // nothing measured yet
    p.onRendered(20.0);
    EXPECT_DOUBLE_EQ(p.estimateMs(), 20.0);
    EXPECT_FALSE(p.wouldBeLate(10.0, 50.0));
    EXPECT_TRUE(p.wouldBeLate(30.0, 50.0));    // 30 + 20 > 45: it would miss its display time
    EXPECT_TRUE(p.wouldBeLate(0.0, 11.1));     // a 90 Hz display
    EXPECT_FALSE(p.wouldBeLate(1000.0, 0.0));  // no period given: never skipped
    // One slow frame moves the estimate by a quarter.
    p.onRendered(100.0);
    EXPECT_DOUBLE_EQ(p.estimateMs(), 40.0);
    EXPECT_TRUE(p.wouldBeLate(10.0, 50.0));
    // Skipping decays the estimate: after a few skips the eyes are rendered again.
    int skips = 0;
    while (p.wouldBeLate(10.0, 50.0)) {
        p.onSkipped();
        ASSERT_LT(++skips, 10);
    }
    EXPECT_GE(skips, 1);
}

TEST(FrameStats, MeanCpuAndSumsOverSessions) {
    FrameStats a{.framesEnded = 4, .framesSubmitted = 3, .skippedLate = 1, .cpuMsTotal = 8.0};
    EXPECT_DOUBLE_EQ(a.meanCpuMs(), 2.0);
    FrameStats b{.framesEnded = 4, .framesSubmitted = 2, .skippedNotVisible = 2, .cpuMsTotal = 4.0};
    a += b;
    EXPECT_EQ(a.framesSubmitted, 5u);
    EXPECT_EQ(a.skippedLate, 1u);
    EXPECT_EQ(a.skippedNotVisible, 2u);
    EXPECT_DOUBLE_EQ(a.meanCpuMs(), 1.5);
    EXPECT_DOUBLE_EQ(FrameStats{}.meanCpuMs(), 0.0);
}

}  // namespace
}  // namespace skyhook::xr
