#include "engine/net/visitor_health.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace skyhook::net {

const char* visitorStatusName(VisitorStatus status) {
    switch (status) {
        case VisitorStatus::Ok:
            return "ok";
        case VisitorStatus::LateFrames:
            return "late frames";
        case VisitorStatus::Stale:
            return "stale";
        case VisitorStatus::Lost:
            return "lost";
        case VisitorStatus::Left:
            return "left";
    }
    return "?";
}

VisitorStatus classify(const VisitorEntry& v, int64_t nowNs, const HealthThresholds& t) {
    if (v.goneNs) return v.left ? VisitorStatus::Left : VisitorStatus::Lost;
    if (double(nowNs - v.lastSeenNs) * 1e-9 > t.staleAfter) return VisitorStatus::Stale;
    if (v.lastLateNs && double(nowNs - v.lastLateNs) * 1e-9 <= t.lateWindow) return VisitorStatus::LateFrames;
    return VisitorStatus::Ok;
}

HealthSummary summarize(const std::vector<VisitorEntry>& visitors, int64_t nowNs, const HealthThresholds& t,
                        uint64_t revision) {
    HealthSummary s;
    for (const VisitorEntry& v : visitors) {
        ++s.counts[size_t(classify(v, nowNs, t))];
        if (v.goneNs) continue;
        ++s.connected;
        if (!v.health) continue;
        const Health& h = *v.health;
        if (h.revision == revision) ++s.atRevision;
        s.worstErrorMs = std::max(s.worstErrorMs, std::abs(double(h.showErrorMs)));
        s.worstRoundTripMs = std::max(s.worstRoundTripMs, double(h.roundTripNs) * 1e-6);
        if (h.frameRate > 0.0f && (s.lowestFrameRate == 0.0 || h.frameRate < s.lowestFrameRate))
            s.lowestFrameRate = h.frameRate;
    }
    return s;
}

std::string summaryLine(const ShowState& clock, const HealthSummary& s) {
    const auto count = [&](VisitorStatus status) { return s.counts[size_t(status)]; };
    std::string line = fmt::format(
        "show {:.3f} s {} x{:.2f} rev {} · {} visitor(s): {} ok, {} late frames, {} "
        "stale, {} lost",
        clock.showTime, clock.playing ? "playing" : "paused", clock.rate, clock.revision, s.connected,
        count(VisitorStatus::Ok), count(VisitorStatus::LateFrames), count(VisitorStatus::Stale),
        count(VisitorStatus::Lost));
    if (s.connected == 0) return line;
    line += fmt::format(" · {}/{} at rev {} · worst error {:.2f} ms, round trip {:.2f} ms", s.atRevision,
                        s.connected, clock.revision, s.worstErrorMs, s.worstRoundTripMs);
    if (s.lowestFrameRate > 0.0) line += fmt::format(", lowest {:.1f} fps", s.lowestFrameRate);
    return line;
}

float FrameRateMeter::update(uint64_t frames, int64_t nowNs) {
    if (!m_started || frames < m_frames) {  // first call, or a counter that started over
        m_started = true;
        m_frames = frames;
        m_since = nowNs;
        return m_rate;
    }
    const double elapsed = double(nowNs - m_since) * 1e-9;
    if (elapsed >= kWindow) {
        m_rate = float(double(frames - m_frames) / elapsed);
        m_frames = frames;
        m_since = nowNs;
    }
    return m_rate;
}

}  // namespace skyhook::net
