#include "engine/net/show_clock.hpp"

#include <cmath>

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
    ++m_revision;
}

void ShowClock::changed() {
    std::lock_guard lock(m_listenerMutex);
    if (m_listener) m_listener();
}

void ShowClock::setChangeListener(std::function<void()> listener) {
    std::lock_guard lock(m_listenerMutex);
    m_listener = std::move(listener);
}

void ShowClock::play() {
    {
        std::lock_guard lock(m_mutex);
        reanchor(steadyNowNs());
        m_playing = true;
    }
    changed();
}

void ShowClock::pause() {
    {
        std::lock_guard lock(m_mutex);
        reanchor(steadyNowNs());
        m_playing = false;
    }
    changed();
}

bool ShowClock::seek(double showTime) {
    if (!std::isfinite(showTime) || std::abs(showTime) > kMaxShowTime) return false;
    {
        std::lock_guard lock(m_mutex);
        reanchor(steadyNowNs());
        m_anchorShow = showTime;
        ++m_seekEpoch;
    }
    changed();
    return true;
}

bool ShowClock::setRate(double rate) {
    if (!std::isfinite(rate) || rate < 0.0 || rate > kMaxRate) return false;
    {
        std::lock_guard lock(m_mutex);
        reanchor(steadyNowNs());
        m_rate = rate;
    }
    changed();
    return true;
}

void ShowClock::setCue(uint32_t cue) {
    {
        std::lock_guard lock(m_mutex);
        m_cue = cue;
        ++m_revision;
    }
    changed();
}

double ShowClock::showTime() const {
    std::lock_guard lock(m_mutex);
    return showTimeAt(steadyNowNs());
}

uint64_t ShowClock::revision() const {
    std::lock_guard lock(m_mutex);
    return m_revision;
}

ShowState ShowClock::state() const {
    std::lock_guard lock(m_mutex);
    const int64_t now = steadyNowNs();
    return {.masterTime = now,
            .showTime = showTimeAt(now),
            .rate = m_rate,
            .playing = m_playing,
            .cue = m_cue,
            .seekEpoch = m_seekEpoch,
            .revision = m_revision};
}

}  // namespace skyhook::net
