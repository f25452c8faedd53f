#pragma once
// Following the master's clock, as pure math (unit-tested with simulated delays and jitter):
// - ClockFilter: NTP-style 4-timestamp exchanges (t1 visitor sends, t2 master receives, t3 master replies,
//   t4 visitor receives); offset = ((t2 - t1) + (t3 - t4)) / 2, round trip = (t4 - t1) - (t3 - t2). The
//   estimate is the sample with the smallest round trip of the last kWindow: queueing only ever adds delay,
//   so the fastest exchange is the least asymmetric one.
// - ShowFollower: the show time a visitor displays. It slews towards the master's show time (at most
//   kSlewRate seconds of correction per second) and never goes backwards while the master's clock runs
//   unchanged. An operator's change (a new revision: play, pause, seek, rate) is shown at once: the follower
//   takes the master's show time exactly (a seek jumps, even backwards; a pause or rate change may step by
//   the push's latency times the rate, invisibly, and every visitor freezes on the same frame), as it does
//   on the first state and while paused. States are ordered: a state older than the one it has (a lower
//   revision, or the same revision anchored earlier) is refused, so a late or replayed state can never undo
//   a newer one; a state from another master (restarted) starts over.
#include <cstdint>
#include <deque>
#include <optional>

#include "engine/net/message.hpp"

namespace skyhook::net {

// Nanoseconds of std::chrono::steady_clock (CLOCK_MONOTONIC: one clock for every process of a machine).
int64_t steadyNowNs();

struct ClockSample {
    int64_t t1 = 0, t2 = 0, t3 = 0, t4 = 0;
    int64_t offset() const { return ((t2 - t1) + (t3 - t4)) / 2; }  // master = local + offset
    int64_t roundTrip() const { return (t4 - t1) - (t3 - t2); }
};

class ClockFilter {
public:
    static constexpr size_t kWindow = 16;
    // A sample with a negative round trip or t4 < t1 is impossible (a bad or replayed reply): ignored.
    bool add(const ClockSample& sample);
    bool ready() const { return !m_samples.empty(); }
    int64_t offset() const;     // of the best sample (0 before any)
    int64_t roundTrip() const;  // of the best sample
    size_t samples() const { return m_samples.size(); }

private:
    const ClockSample* best() const;
    std::deque<ClockSample> m_samples;
};

class ShowFollower {
public:
    static constexpr double kSlewRate = 0.05;  // s of correction per s
    // A follower this far behind (or ahead) without a seek catches up by jumping forward (only forward).
    static constexpr double kJumpForward = 2.0;

    // False (the state is not taken) when it is older than the current state of the same master.
    bool setState(const ShowState& state, uint32_t master = 0);
    bool hasState() const { return m_state.has_value(); }
    uint32_t master() const { return m_master; }
    // The revision the last update() displayed (0 before any).
    uint64_t displayedRevision() const { return m_revision; }
    const std::optional<ShowState>& state() const { return m_state; }
    // The master's show time at master clock `masterNow`.
    double target(int64_t masterNow) const;
    // The show time to display at local clock `localNow`, given the current offset estimate.
    double update(int64_t localNow, int64_t offset);
    double lastError() const { return m_lastError; }  // target − displayed at the last update (s)

private:
    std::optional<ShowState> m_state;
    uint32_t m_master = 0;
    bool m_started = false;
    uint32_t m_epoch = 0;
    uint64_t m_revision = 0;  // of the state last displayed
    int64_t m_lastLocal = 0;
    double m_shown = 0.0;
    double m_lastError = 0.0;
};

}  // namespace skyhook::net
