#include "engine/net/show_clock.hpp"

#include "engine/net/clock_sync.hpp"

namespace skyhook::net {

ShowClock::ShowClock(double startTime, bool playing)
    : m_anchor(steadyNowNs()), m_anchorShow(startTime), m_playing(playing) {}

double ShowClock::showTimeAt(int64_t now) const {
    return m_anchorShow + (m_playing ? m_rate * double(now - m_anchor) * 1e-9 : 0.0);
}

void ShowClock::reanchor(int64_t now) {
    m_anchorShow = showTimeAt(now);
    m_anchor = now;
}

void ShowClock::play() {
    std::lock_guard lock(m_mutex);
    reanchor(steadyNowNs());
    m_playing = true;
}

void ShowClock::pause() {
    std::lock_guard lock(m_mutex);
    reanchor(steadyNowNs());
    m_playing = false;
}

void ShowClock::seek(double showTime) {
    std::lock_guard lock(m_mutex);
    m_anchor = steadyNowNs();
    m_anchorShow = showTime;
    ++m_seekEpoch;
}

void ShowClock::setRate(double rate) {
    std::lock_guard lock(m_mutex);
    reanchor(steadyNowNs());
    m_rate = rate;
}

void ShowClock::setCue(uint32_t cue) {
    std::lock_guard lock(m_mutex);
    m_cue = cue;
}

double ShowClock::showTime() const {
    std::lock_guard lock(m_mutex);
    return showTimeAt(steadyNowNs());
}

ShowState ShowClock::state() const {
    std::lock_guard lock(m_mutex);
    const int64_t now = steadyNowNs();
    return {.masterTime = now,
            .showTime = showTimeAt(now),
            .rate = m_rate,
            .playing = m_playing,
            .cue = m_cue,
            .seekEpoch = m_seekEpoch};
}

}  // namespace skyhook::net
