#pragma once
// Plasma jets of the planetary engines: an instance rule's "beam" block gives every enabled instance one
// emissive volumetric beam, placed in the instance's frame (the generator's placement, like light rules) and
// lit in a sequence. Like the rest of rules.hpp, beam i is a pure function of the rule and i (no allocation),
// so the renderer expands beams once when a scene loads and evaluates ignition on the GPU from show time.
#include <cstdint>

#include <glm/glm.hpp>

namespace skyhook::scene {

struct InstanceRule;

// How the beams of a rule are ordered in their ignition sequence.
enum class IgnitionOrder : uint8_t {
    Index,      // by instance index
    Longitude,  // by the instance's longitude about the rule's +Y axis: a wave sweeping west to east
    Random,     // a hash of the seed and the index
};

struct BeamIgnition {
    double start = 0.0;        // show time (s) when the first beam starts to light
    double duration = 0.0;     // seconds over which the beams' starts are spread
    double rampSeconds = 3.0;  // each beam's rise from dark to full brightness (smoothstep)
    IgnitionOrder order = IgnitionOrder::Index;
    uint64_t seed = 0;  // for IgnitionOrder::Random
};

struct Beam {
    glm::dvec3 origin{0.0};               // where the jet starts, in the instance's frame (metres)
    glm::dvec3 direction{0.0, 1.0, 0.0};  // unit, in the instance's frame
    double length = 1.0e6;                // metres
    double radius = 100.0;                // metres at the origin: 2σ of the Gaussian radial profile
    double spread = 0.0;                  // radius growth per metre of length
    glm::vec3 color{0.55f, 0.75f, 1.0f};  // linear RGB
    float intensity = 1000.0f;            // cd/m²: radiance seen straight across the core at the origin
    float intensityScale = 1.0f;          // animated by "beamIntensity" tracks
    BeamIgnition ignition;
};

// The beam of instance i in the rule's cell frame. Only meaningful for a rule with a beam and i <
// instanceCount(rule).
struct BeamPlacement {
    glm::dvec3 origin{0.0};
    glm::dvec3 direction{0.0, 1.0, 0.0};
    double delay = 0.0;  // show time when it starts to light
};

// Where instance i falls in the ignition order, in [0, 1).
double beamIgnitionFraction(const InstanceRule& rule, uint64_t i);
// The show time at which beam i starts to light: start + duration × fraction.
double beamIgnitionDelay(const InstanceRule& rule, uint64_t i);
BeamPlacement beamAt(const InstanceRule& rule, uint64_t i);
// Brightness in [0, 1] at show time t of a beam that starts at `delay`: 0 before, a smoothstep over
// `rampSeconds`, then 1 (the shaders compute the same: shaders/beam.glsl).
double beamLevel(double delay, double rampSeconds, double t);

}  // namespace skyhook::scene
