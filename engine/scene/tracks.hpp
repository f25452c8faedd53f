#pragma once
// Animation tracks: keyed values over show time that applyTracks writes into a Scene — node and camera poses,
// light intensities, material emissive strengths and rule path offsets (how climbers ascend the tether).
// Evaluation is a pure function of the track and the time, in double precision (a climber at 3.6×10^7 m
// keeps sub-millimetre steps), so every render node of a cluster computes the same pose for the same time.
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

namespace skyhook::scene {

struct Scene;

enum class TrackTargetKind : uint8_t { Node, Camera, Light, InstanceRule, LightRule };
enum class TrackProperty : uint8_t {
    Position,
    Rotation,
    Intensity,
    EmissiveStrength,
    PathOffset,
    BeamIntensity
};
enum class Interpolation : uint8_t {
    Linear,  // lerp; rotations slerp
    Step,    // hold each key until the next
    Smooth,  // Catmull-Rom through the keys (tangents scaled for uneven key times); rotations slerp
};

// Values per key: position 3, rotation 4 (quaternion [x, y, z, w], normalised when parsed), others 1.
int trackArity(TrackProperty property);

struct TrackKey {
    double time = 0.0;      // seconds, strictly ascending within a track
    glm::dvec4 value{0.0};  // the first trackArity() components are used
};

struct Track {
    std::string name;
    TrackTargetKind targetKind = TrackTargetKind::Node;
    int32_t target = -1;  // index into the Scene's nodes, cameras, lights, instanceRules or lightRules
    TrackProperty property = TrackProperty::Position;
    Interpolation interpolation = Interpolation::Linear;
    bool loop = false;
    // The loop period in seconds (>= the last key's time; the last value holds until it ends). Defaults to
    // the last key's time.
    double duration = 0.0;
    std::vector<TrackKey> keys;  // at least one
};

struct TrackValue {
    TrackProperty property = TrackProperty::Position;
    glm::dvec3 position{0.0};
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};
    double scalar = 0.0;  // intensity, emissiveStrength, pathOffset, beamIntensity
};

// The track's value at a time: before the first key the first value, after the last the last (or, looping,
// the time wrapped into [0, duration)). No allocation.
TrackValue evaluateTrack(const Track& track, double timeSeconds);
// The largest scalar value the track takes at any time: its largest key, or where smooth interpolation
// overshoots between keys, that peak (the renderer sizes an animated light's range from it). No allocation.
double trackMaxScalar(const Track& track);
// Evaluates every track of the scene and writes the values into their targets. Targets were checked when the
// scene was parsed; a track whose target no longer exists (the scene was edited by code) is a bug and panics.
void applyTracks(Scene& scene, double timeSeconds);

}  // namespace skyhook::scene
