#include "engine/scene/tracks.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine/core/check.hpp"
#include "engine/scene/scene.hpp"

namespace skyhook::scene {
namespace {

glm::dquat asQuat(const glm::dvec4& v) {
    return glm::dquat(v.w, v.x, v.y, v.z);
}

TrackValue valueOf(TrackProperty property, const glm::dvec4& v, const glm::dquat& rotation) {
    TrackValue out;
    out.property = property;
    out.position = glm::dvec3(v);
    out.rotation = rotation;
    out.scalar = v.x;
    return out;
}

// Track-local time: wrapped into the loop, or clamped to the keys.
double localTime(const Track& track, double t) {
    const double first = track.keys.front().time, last = track.keys.back().time;
    if (track.loop) {
        const double period = std::max(track.duration, last);
        if (period > 0.0) {
            t = std::fmod(t, period);
            if (t < 0.0) t += period;
        }
    }
    return std::clamp(t, first, last);
}

// Catmull-Rom as a cubic Hermite with tangents from the neighbouring keys, scaled to the span of segment k
// (keys k, k + 1) so uneven key times do not overshoot; end segments use one-sided tangents.
std::pair<glm::dvec4, glm::dvec4> hermiteTangents(const std::vector<TrackKey>& keys, size_t k) {
    const TrackKey& a = keys[k];
    const TrackKey& b = keys[k + 1];
    const double span = b.time - a.time;
    const TrackKey& before = k > 0 ? keys[k - 1] : a;
    const TrackKey& after = k + 2 < keys.size() ? keys[k + 2] : b;
    return {(b.value - before.value) * (span / (b.time - before.time)),
            (after.value - a.value) * (span / (after.time - a.time))};
}

}  // namespace

int trackArity(TrackProperty property) {
    switch (property) {
        case TrackProperty::Position:
            return 3;
        case TrackProperty::Rotation:
            return 4;
        default:
            return 1;
    }
}

TrackValue evaluateTrack(const Track& track, double timeSeconds) {
    SKYHOOK_CHECK(!track.keys.empty(), "track \"{}\" has no keys", track.name);
    const auto& keys = track.keys;
    const double t = localTime(track, timeSeconds);
    // The last key at or before t.
    size_t k = size_t(std::upper_bound(keys.begin(), keys.end(), t,
                                       [](double time, const TrackKey& key) { return time < key.time; }) -
                      keys.begin());
    k = k == 0 ? 0 : k - 1;
    const bool rotation = track.property == TrackProperty::Rotation;
    if (k + 1 >= keys.size() || track.interpolation == Interpolation::Step || t <= keys[k].time)
        return valueOf(track.property, keys[k].value, asQuat(keys[k].value));

    const TrackKey& a = keys[k];
    const TrackKey& b = keys[k + 1];
    const double span = b.time - a.time;
    const double u = (t - a.time) / span;
    if (rotation) {
        glm::dquat qa = asQuat(a.value), qb = asQuat(b.value);
        return valueOf(track.property, a.value, glm::normalize(glm::slerp(qa, qb, u)));
    }
    if (track.interpolation == Interpolation::Linear) {
        // a + (b - a) u keeps a's full precision for small steps at 10^7 m (no (1-u) a + u b cancellation).
        return valueOf(track.property, a.value + (b.value - a.value) * u, {});
    }
    const auto [m0, m1] = hermiteTangents(keys, k);
    const double u2 = u * u, u3 = u2 * u;
    const double h10 = u3 - 2.0 * u2 + u, h01 = -2.0 * u3 + 3.0 * u2, h11 = u3 - u2;
    // a + h01 (b - a) + ...: the same precision argument as for linear.
    const glm::dvec4 v = a.value + (b.value - a.value) * h01 + m0 * h10 + m1 * h11;
    return valueOf(track.property, v, {});
}

double trackMaxScalar(const Track& track) {
    SKYHOOK_CHECK(!track.keys.empty(), "track \"{}\" has no keys", track.name);
    const auto& keys = track.keys;
    double peak = keys[0].value.x;
    for (const TrackKey& key : keys) peak = std::max(peak, key.value.x);
    if (track.interpolation != Interpolation::Smooth) return peak;  // linear and step stay within the keys
    // Each smooth segment is the cubic a + c1 u + c2 u^2 + c3 u^3 on u in [0, 1]; between the keys it peaks
    // where its derivative c1 + 2 c2 u + 3 c3 u^2 is zero.
    for (size_t k = 0; k + 1 < keys.size(); ++k) {
        const auto [m0, m1] = hermiteTangents(keys, k);
        const double a = keys[k].value.x, d = keys[k + 1].value.x - a;
        const double c1 = m0.x, c2 = 3.0 * d - 2.0 * m0.x - m1.x, c3 = -2.0 * d + m0.x + m1.x;
        const auto consider = [&](double u) {
            if (u > 0.0 && u < 1.0) peak = std::max(peak, a + u * (c1 + u * (c2 + u * c3)));
        };
        // The roots of 3 c3 u^2 + 2 c2 u + c1 without cancellation: q / (3 c3) and c1 / q.
        const double disc = c2 * c2 - 3.0 * c1 * c3;
        if (disc < 0.0) continue;
        const double q = -(c2 + std::copysign(std::sqrt(disc), c2));
        if (c3 != 0.0) consider(q / (3.0 * c3));
        if (q != 0.0) consider(c1 / q);
    }
    return peak;
}

void applyTracks(Scene& scene, double timeSeconds) {
    for (const Track& track : scene.tracks) {
        const TrackValue v = evaluateTrack(track, timeSeconds);
        const size_t i = size_t(track.target);
        switch (track.targetKind) {
            case TrackTargetKind::Node: {
                SKYHOOK_CHECK(i < scene.nodes.size(), "track \"{}\" targets node {}", track.name, i);
                Node& n = scene.nodes[i];
                if (v.property == TrackProperty::Position) n.local.translation = v.position;
                if (v.property == TrackProperty::Rotation) n.local.rotation = v.rotation;
                if (v.property == TrackProperty::EmissiveStrength && n.material)
                    n.material->emissiveStrength = float(v.scalar);
                break;
            }
            case TrackTargetKind::Camera: {
                SKYHOOK_CHECK(i < scene.cameras.size(), "track \"{}\" targets camera {}", track.name, i);
                Camera& c = scene.cameras[i];
                if (v.property == TrackProperty::Position) c.position = v.position;
                if (v.property == TrackProperty::Rotation) c.orientation = v.rotation;
                break;
            }
            case TrackTargetKind::Light: {
                SKYHOOK_CHECK(i < scene.lights.size(), "track \"{}\" targets light {}", track.name, i);
                Light& l = scene.lights[i];
                if (v.property == TrackProperty::Position) l.position = v.position;
                if (v.property == TrackProperty::Intensity) l.intensity = float(v.scalar);
                break;
            }
            case TrackTargetKind::InstanceRule: {
                SKYHOOK_CHECK(i < scene.instanceRules.size(), "track \"{}\" targets rule {}", track.name, i);
                InstanceRule& r = scene.instanceRules[i];
                if (v.property == TrackProperty::PathOffset) r.generator.path.offset = v.scalar;
                if (v.property == TrackProperty::EmissiveStrength && r.material)
                    r.material->emissiveStrength = float(v.scalar);
                if (v.property == TrackProperty::BeamIntensity && r.beam)
                    r.beam->intensityScale = float(v.scalar);
                break;
            }
            case TrackTargetKind::LightRule: {
                SKYHOOK_CHECK(i < scene.lightRules.size(), "track \"{}\" targets light rule {}", track.name,
                              i);
                LightRule& r = scene.lightRules[i];
                if (v.property == TrackProperty::PathOffset) r.generator.path.offset = v.scalar;
                if (v.property == TrackProperty::Intensity) r.light.intensity = float(v.scalar);
                break;
            }
        }
    }
}

}  // namespace skyhook::scene
