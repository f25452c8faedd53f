#include "engine/scene/beams.hpp"

#include <algorithm>
#include <cmath>

#include "engine/scene/rules.hpp"

namespace skyhook::scene {
namespace {

constexpr double kPi = 3.14159265358979323846;

// SplitMix64 finaliser (the same family as the rules' hashes; its own stream so orders do not correlate).
constexpr uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

double beamIgnitionFraction(const InstanceRule& rule, uint64_t i) {
    const uint64_t count = std::max<uint64_t>(instanceCount(rule), 1);
    switch (rule.beam ? rule.beam->ignition.order : IgnitionOrder::Index) {
        case IgnitionOrder::Index:
            return double(i) / double(count);
        case IgnitionOrder::Random:
            return double(mix(mix(rule.beam->ignition.seed + 0x5851F42D4C957F2Dull) ^ i) >> 11) *
                   (1.0 / 9007199254740992.0);
        case IgnitionOrder::Longitude: {
            // About the centre of the rule's bounds (the sphere's centre for a sphere), from -180° to 180°.
            const Bounds b = ruleBounds(rule);
            const glm::dvec3 p = glm::dvec3(generatorPlacement(rule.generator, i)[3]) - 0.5 * (b.min + b.max);
            if (p.x == 0.0 && p.z == 0.0) return 0.0;
            const double f = (std::atan2(-p.z, p.x) + kPi) / (2.0 * kPi);
            return std::clamp(f, 0.0, std::nextafter(1.0, 0.0));
        }
    }
    return 0.0;
}

double beamIgnitionDelay(const InstanceRule& rule, uint64_t i) {
    if (!rule.beam) return 0.0;
    const BeamIgnition& ig = rule.beam->ignition;
    return ig.start + ig.duration * beamIgnitionFraction(rule, i);
}

BeamPlacement beamAt(const InstanceRule& rule, uint64_t i) {
    BeamPlacement out;
    if (!rule.beam) return out;
    const glm::dmat4 m = generatorPlacement(rule.generator, i);
    out.origin = glm::dvec3(m * glm::dvec4(rule.beam->origin, 1.0));
    out.direction = glm::normalize(glm::dmat3(m) * rule.beam->direction);
    out.delay = beamIgnitionDelay(rule, i);
    return out;
}

double beamLevel(double delay, double rampSeconds, double t) {
    if (t < delay) return 0.0;
    if (rampSeconds <= 0.0) return 1.0;
    const double x = std::min((t - delay) / rampSeconds, 1.0);
    return x * x * (3.0 - 2.0 * x);
}

}  // namespace skyhook::scene
