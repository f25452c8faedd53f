#include "engine/xr/haptics.hpp"

#include <algorithm>
#include <utility>

#include "engine/xr/guardian.hpp"

namespace skyhook::xr {

std::array<std::optional<HapticPulse>, kHandCount> GuardianHaptics::update(
    const Venue& venue, const std::array<std::optional<glm::vec3>, kHandCount>& hands, double now) {
    std::array<std::optional<HapticPulse>, kHandCount> out{};
    const bool active = venue.guardian.enabled && venue.bounds.size() >= 3 && venue.guardian.distance > 0.0;
    for (uint32_t h = 0; h < kHandCount; ++h) {
        HandState& s = m_hands[h];
        if (!active || !hands[h]) {
            s = {};
            continue;
        }
        bool inside = false;
        const double d = boundaryDistance(venue.bounds, glm::dvec2(hands[h]->x, hands[h]->z), &inside);
        const double closeness = inside ? 1.0 - d / venue.guardian.distance : 1.0;
        if (closeness <= 0.0) {
            s = {};  // back in the play area: the next approach buzzes at once
            continue;
        }
        const bool crossed = !inside && !s.outside;
        s.outside = !inside;
        if (crossed) {
            out[h] = HapticPulse{.amplitude = kCrossingAmplitude, .seconds = kCrossingSeconds};
            s.near = true;
            s.nextAt = now + kRepeatNear;
            continue;
        }
        if (s.near && now < s.nextAt) continue;
        s.near = true;
        s.nextAt = now + kRepeatFar + (kRepeatNear - kRepeatFar) * closeness;
        out[h] = HapticPulse{.amplitude = float(0.2 + 0.8 * closeness), .seconds = kPulseSeconds};
    }
    return out;
}

void HapticCues::add(const Cue& cue) {
    const auto at = std::upper_bound(m_cues.begin(), m_cues.end(), cue.showTime,
                                     [](double t, const Cue& c) { return t < c.showTime; });
    m_cues.insert(at, cue);
}

std::vector<HapticCues::Cue> HapticCues::due(double showTime) {
    const auto end = std::upper_bound(m_cues.begin(), m_cues.end(), showTime,
                                      [](double t, const Cue& c) { return t < c.showTime; });
    std::vector<Cue> out(m_cues.begin(), end);
    m_cues.erase(m_cues.begin(), end);
    return out;
}

HapticTimeline::HapticTimeline(std::vector<HapticCues::Cue> cues, double maxStep)
    : m_cues(std::move(cues)), m_maxStep(maxStep) {
    std::stable_sort(m_cues.begin(), m_cues.end(), [](const HapticCues::Cue& a, const HapticCues::Cue& b) {
        return a.showTime < b.showTime;
    });
}

std::vector<HapticCues::Cue> HapticTimeline::due(double showTime) {
    std::vector<HapticCues::Cue> out;
    // The first frame counts as having come `maxStep` from before: a cue at the show's start fires.
    const double last = std::exchange(m_last, showTime).value_or(showTime - m_maxStep);
    if (!(showTime > last) || showTime - last > m_maxStep) return out;
    // (last, showTime]
    const auto cmp = [](double t, const HapticCues::Cue& c) { return t < c.showTime; };
    const auto first = std::upper_bound(m_cues.begin(), m_cues.end(), last, cmp);
    const auto end = std::upper_bound(m_cues.begin(), m_cues.end(), showTime, cmp);
    out.assign(first, end);
    return out;
}

}  // namespace skyhook::xr
