#pragma once
// The master's table of visitors and what it makes of their health reports, as plain data and pure
// functions (the master fills the table on its network thread; the operator console and the log read
// copies):
// - status: ok, late frames (its late-frame count grew within lateWindow), stale (silent for staleAfter),
//   lost (silent for the master's peer timeout: dropped, kept in the table for the operator), left (said
//   goodbye). Lost and left rows are forgotten after forgetAfter.
// - FrameRateMeter: a visitor's frame rate from its frame counter (frames per second over windows of at
//   least a second).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/net/message.hpp"

namespace skyhook::net {

enum class VisitorStatus : uint8_t { Ok, LateFrames, Stale, Lost, Left };
const char* visitorStatusName(VisitorStatus status);

struct HealthThresholds {
    double staleAfter = 1.0;     // s of silence (visitors talk every 0.2 s: clock requests)
    double lateWindow = 5.0;     // s a late frame keeps a visitor flagged
    double forgetAfter = 300.0;  // s a lost or left visitor stays in the table
};

struct VisitorEntry {
    uint32_t id = 0;
    std::string address;           // the peer's IP
    int64_t joinedNs = 0;          // the master's steady clock
    int64_t lastSeenNs = 0;        // last accepted message
    int64_t lastLateNs = 0;        // when its late-frame count last grew (0: never)
    std::optional<Health> health;  // the latest report
    uint64_t healthReports = 0;
    uint64_t messages = 0;  // accepted messages
    int64_t goneNs = 0;     // when it was dropped or left (0: connected)
    bool left = false;      // said goodbye (else, when gone: lost)
};

VisitorStatus classify(const VisitorEntry& visitor, int64_t nowNs, const HealthThresholds& thresholds);

// Counts per status, and the worst figures among the connected visitors with health reports.
struct HealthSummary {
    uint32_t counts[5] = {};  // by VisitorStatus
    uint32_t atRevision = 0;  // connected visitors displaying `revision`
    uint32_t connected = 0;
    double worstErrorMs = 0.0;      // |show-time error|
    double worstRoundTripMs = 0.0;  // clock exchange
    double lowestFrameRate = 0.0;   // 0 when none reported
};
HealthSummary summarize(const std::vector<VisitorEntry>& visitors, int64_t nowNs,
                        const HealthThresholds& thresholds, uint64_t revision);
// One line for the log: "show 12.345 s playing x1.00 rev 3 · 3 visitor(s): 2 ok, 1 late frames, 0 stale,
// 0 lost · 3/3 at rev 3 · worst error 0.08 ms, round trip 0.31 ms, lowest 71.9 fps".
std::string summaryLine(const ShowState& clock, const HealthSummary& summary);

class FrameRateMeter {
public:
    static constexpr double kWindow = 1.0;  // s
    // The frame counter at local steady time `nowNs`; returns the current rate.
    float update(uint64_t frames, int64_t nowNs);
    float rate() const { return m_rate; }

private:
    bool m_started = false;
    uint64_t m_frames = 0;
    int64_t m_since = 0;
    float m_rate = 0.0f;
};

}  // namespace skyhook::net
