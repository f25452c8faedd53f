// The master's reading of its visitors' health: status thresholds (ok, late frames, stale, lost, left), the
// summary counts and log line, and the frame-rate meter.
#include <gtest/gtest.h>

#include "engine/net/visitor_health.hpp"

namespace skyhook::net {
namespace {

constexpr int64_t kS = 1'000'000'000;

VisitorEntry connected(int64_t lastSeen, float fps = 90.0f, uint64_t revision = 3) {
    return {.id = 1,
            .address = "10.0.0.5",
            .joinedNs = 0,
            .lastSeenNs = lastSeen,
            .health = Health{.session = VisitorSession::Focused,
                             .synced = true,
                             .framesSubmitted = 900,
                             .frameRate = fps,
                             .roundTripNs = 250'000,
                             .showErrorMs = -0.12f,
                             .revision = revision}};
}

TEST(VisitorHealth, StatusThresholds) {
    const HealthThresholds t;  // stale after 1 s, late frames flagged for 5 s
    VisitorEntry v = connected(10 * kS);
    EXPECT_EQ(classify(v, 10 * kS + kS / 2, t), VisitorStatus::Ok);
    EXPECT_EQ(classify(v, 11 * kS, t), VisitorStatus::Ok);  // exactly at the threshold: still ok
    EXPECT_EQ(classify(v, 11 * kS + 1, t), VisitorStatus::Stale);
    v.lastLateNs = 9 * kS;
    EXPECT_EQ(classify(v, 10 * kS, t), VisitorStatus::LateFrames);
    v.lastSeenNs = 14 * kS;
    EXPECT_EQ(classify(v, 14 * kS, t), VisitorStatus::LateFrames);
    EXPECT_EQ(classify(v, 14 * kS + 1, t), VisitorStatus::Ok);  // 5 s after the last late frame
    EXPECT_EQ(classify(v, 20 * kS, t), VisitorStatus::Stale);   // silence outranks late frames
    v.goneNs = 16 * kS;
    EXPECT_EQ(classify(v, 16 * kS, t), VisitorStatus::Lost);
    v.left = true;
    EXPECT_EQ(classify(v, 16 * kS, t), VisitorStatus::Left);
}

TEST(VisitorHealth, SummaryCountsAndLine) {
    std::vector<VisitorEntry> table = {connected(10 * kS, 90.0f), connected(10 * kS, 71.9f, 2),
                                       connected(8 * kS), connected(5 * kS)};
    table[1].lastLateNs = 9 * kS;
    table[1].health->showErrorMs = 0.5f;
    table[3].goneNs = 7 * kS;
    const HealthSummary s = summarize(table, 10 * kS, HealthThresholds{}, 3);
    EXPECT_EQ(s.counts[size_t(VisitorStatus::Ok)], 1u);
    EXPECT_EQ(s.counts[size_t(VisitorStatus::LateFrames)], 1u);
    EXPECT_EQ(s.counts[size_t(VisitorStatus::Stale)], 1u);
    EXPECT_EQ(s.counts[size_t(VisitorStatus::Lost)], 1u);
    EXPECT_EQ(s.connected, 3u);
    EXPECT_EQ(s.atRevision, 2u);  // the late one still shows revision 2
    EXPECT_DOUBLE_EQ(s.worstErrorMs, 0.5);
    EXPECT_DOUBLE_EQ(s.worstRoundTripMs, 0.25);
    EXPECT_FLOAT_EQ(float(s.lowestFrameRate), 71.9f);
    const ShowState clock{.showTime = 12.3456, .rate = 1.0, .playing = true, .revision = 3};
    EXPECT_EQ(
        summaryLine(clock, s),
        "show 12.346 s playing x1.00 rev 3 · 3 visitor(s): 1 ok, 1 late frames, 1 stale, 1 lost · 2/3 at "
        "rev 3 · worst error 0.50 ms, round trip 0.25 ms, lowest 71.9 fps");
    EXPECT_EQ(summaryLine(clock, summarize({}, 0, HealthThresholds{}, 3)),
              "show 12.346 s playing x1.00 rev 3 · 0 visitor(s): 0 ok, 0 late frames, 0 stale, 0 lost");
}

TEST(VisitorHealth, FrameRateMeter) {
    FrameRateMeter m;
    EXPECT_EQ(m.update(0, 0), 0.0f);
    EXPECT_EQ(m.update(45, kS / 2), 0.0f);  // under a second: not measured yet
    EXPECT_FLOAT_EQ(m.update(90, kS), 90.0f);
    EXPECT_FLOAT_EQ(m.update(90, kS + kS / 2), 90.0f);
    EXPECT_FLOAT_EQ(m.update(90, 2 * kS), 0.0f);  // the loop stopped
    EXPECT_FLOAT_EQ(m.update(5, 3 * kS), 0.0f);   // a counter that started over: a new window
    EXPECT_FLOAT_EQ(m.update(77, 4 * kS), 72.0f);
}

}  // namespace
}  // namespace skyhook::net
