#pragma once
// The master's show clock: steady-clock based show time with play, pause, seek, rate and cue, for the
// operator console (any thread: every call takes a lock). state() is what the master broadcasts.
#include <cstdint>
#include <mutex>

#include "engine/net/message.hpp"

namespace skyhook::net {

class ShowClock {
public:
    explicit ShowClock(double startTime = 0.0, bool playing = true);

    void play();
    void pause();
    // Jumps to `showTime` (also backwards); followers jump with it.
    void seek(double showTime);
    void setRate(double rate);
    void setCue(uint32_t cue);

    double showTime() const;
    // The clock as a ShowState anchored at the master's clock now.
    ShowState state() const;

private:
    double showTimeAt(int64_t now) const;
    void reanchor(int64_t now);

    mutable std::mutex m_mutex;
    int64_t m_anchor = 0;  // steady ns at which m_anchorShow holds
    double m_anchorShow = 0.0;
    double m_rate = 1.0;
    bool m_playing = true;
    uint32_t m_cue = 0;
    uint32_t m_seekEpoch = 0;
};

}  // namespace skyhook::net
