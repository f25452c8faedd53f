#include "engine/net/clock_sync.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace skyhook::net {

int64_t steadyNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool ClockFilter::add(const ClockSample& s) {
    if (s.t4 < s.t1 || s.t3 < s.t2 || s.roundTrip() < 0) return false;
    m_samples.push_back(s);
    if (m_samples.size() > kWindow) m_samples.pop_front();
    return true;
}

const ClockSample* ClockFilter::best() const {
    const ClockSample* b = nullptr;
    for (const ClockSample& s : m_samples)
        if (!b || s.roundTrip() < b->roundTrip()) b = &s;
    return b;
}

int64_t ClockFilter::offset() const {
    const ClockSample* b = best();
    return b ? b->offset() : 0;
}

int64_t ClockFilter::roundTrip() const {
    const ClockSample* b = best();
    return b ? b->roundTrip() : 0;
}

bool ShowFollower::setState(const ShowState& state, uint32_t master) {
    if (m_state && master == m_master) {
        if (state.revision < m_state->revision) return false;
        if (state.revision == m_state->revision && state.masterTime < m_state->masterTime) return false;
    } else if (m_state) {
        m_started = false;  // another master: its show, from its state
    }
    m_master = master;
    m_state = state;
    return true;
}

double ShowFollower::target(int64_t masterNow) const {
    if (!m_state) return 0.0;
    const ShowState& s = *m_state;
    return s.showTime + (s.playing ? s.rate * double(masterNow - s.masterTime) * 1e-9 : 0.0);
}

double ShowFollower::update(int64_t localNow, int64_t offset) {
    if (!m_state) return m_shown;
    const double goal = target(localNow + offset);
    if (!m_started || m_state->seekEpoch != m_epoch || m_state->revision != m_revision || !m_state->playing) {
        m_started = true;
        m_epoch = m_state->seekEpoch;
        m_revision = m_state->revision;
        m_shown = goal;
    } else {
        const double dt = std::max(0.0, double(localNow - m_lastLocal) * 1e-9);
        const double predicted = m_shown + (m_state->playing ? m_state->rate * dt : 0.0);
        const double error = goal - predicted;
        double next = predicted;
        if (error > kJumpForward)
            next = goal;
        else
            next += std::clamp(error, -kSlewRate * dt, kSlewRate * dt);
        m_shown = std::max(m_shown, next);  // never backwards without a seek
    }
    m_lastLocal = localNow;
    m_lastError = goal - m_shown;
    return m_shown;
}

}  // namespace skyhook::net
