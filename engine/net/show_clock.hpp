#pragma once
// The master's show clock: steady-clock based show time with play, pause, seek, rate and cue, for the
// operator console (any thread: every call takes a lock). state() is what the master broadcasts. Every
// change bumps the revision and calls the change listener (the master pushes the new state at once).
#include <cstdint>
#include <functional>
#include <mutex>

#include "engine/net/message.hpp"

namespace skyhook::net {

class ShowClock {
public:
    // The wire format's limits (decode rejects states beyond them).
    static constexpr double kMaxRate = 100.0;
    static constexpr double kMaxShowTime = 1e9;

    explicit ShowClock(double startTime = 0.0, bool playing = true);

    void play();
    void pause();
    // Jumps to `showTime` (also backwards); followers jump with it. False (nothing changes) for a time that
    // is not finite or beyond ±kMaxShowTime.
    bool seek(double showTime);
    // False (nothing changes) for a rate that is not finite or outside [0, kMaxRate].
    bool setRate(double rate);
    void setCue(uint32_t cue);

    double showTime() const;
    // The clock as a ShowState anchored at the master's clock now.
    ShowState state() const;
    // 1 at start; +1 per change.
    uint64_t revision() const;
    // Called after every change, on the thread that made it, outside the clock's lock (it may read the
    // clock). One listener; an empty function removes it, waiting for a call in progress to finish.
    void setChangeListener(std::function<void()> listener);

private:
    double showTimeAt(int64_t now) const;
    void reanchor(int64_t now);
    void changed();

    mutable std::mutex m_mutex;
    int64_t m_anchor = 0;  // steady ns at which m_anchorShow holds
    double m_anchorShow = 0.0;
    double m_rate = 1.0;
    bool m_playing = true;
    uint32_t m_cue = 0;
    uint32_t m_seekEpoch = 0;
    uint64_t m_revision = 1;

    std::mutex m_listenerMutex;  // held while the listener runs, so removing it waits for the call
    std::function<void()> m_listener;
};

}  // namespace skyhook::net
