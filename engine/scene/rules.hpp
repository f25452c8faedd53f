#pragma once
// Instance and light rules: the space elevator's ~10^8 parts and 262,144 lights stay rules in the Scene and
// are never expanded into Nodes (those are limited to 10^6). Instance i of a rule is a pure function of the
// rule and i: O(1) (a path is O(log points)), deterministic, double precision, no allocation, no state. So
// the renderer can page instances by cell, or expand them on the GPU with the same math, in any order and on
// any thread, and two evaluations of the same i are bit-identical.
//
// There is deliberately no timing test for this (timed tests flake on shared machines): the guarantee is the
// shape of the code — every evaluation function below takes the rule by const reference, touches a fixed
// number of its fields (a binary search over a path's precomputed cumulative lengths at most) and allocates
// nothing. Keep it that way: no containers, strings or logging inside them.
//
// Frames: every position here is in the rule's cell frame (Scene::cellMatrices()[rule.cell], or world space
// when cell is -1). Units are metres, seconds and radians (degrees only in files).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "engine/scene/beams.hpp"
#include "engine/scene/light.hpp"
#include "engine/scene/material.hpp"
#include "engine/scene/transform.hpp"

namespace skyhook::scene {

// At most this many instances (or lights) per rule: 2^40 ≈ 1.1×10^12, far above the elevator's 10^8, low
// enough that an index always fits a double exactly (2^53) and a typo like 1e30 is an error.
inline constexpr uint64_t kMaxRuleInstances = uint64_t(1) << 40;
// A path's polyline may have at most this many points (they are stored, unlike instances).
inline constexpr uint64_t kMaxPathPoints = uint64_t(1) << 20;

// An axis-aligned box in double precision.
struct Bounds {
    glm::dvec3 min{0.0};
    glm::dvec3 max{0.0};

    bool contains(const glm::dvec3& p, double tolerance = 0.0) const {
        return glm::all(glm::greaterThanEqual(p, min - tolerance)) &&
               glm::all(glm::lessThanEqual(p, max + tolerance));
    }
};

enum class GeneratorKind : uint8_t { Path, Sphere, Grid };

// Instances along a polyline, `spacing` metres apart: instance i sits at arc length offset + i * spacing and
// covers [s, s + spacing), so tiled parts of length `spacing` fill the path exactly.
struct PathGenerator {
    std::vector<glm::dvec3> points;  // at least 2, in the cell frame
    // cumulative[k] = arc length from points[0] to points[k] (precomputed when parsing, so index → segment is
    // a binary search); cumulative.back() is the path's length.
    std::vector<double> cumulative;
    uint64_t count = 0;
    double spacing = 1.0;        // metres between instances
    double offset = 0.0;         // metres from the start (animated by "pathOffset" tracks: climbers)
    bool wrap = false;           // arc lengths past either end wrap around (a loop of climbers)
    bool align = false;          // instance +Y along the path's tangent
    double twistPerMetre = 0.0;  // radians about the instance's +Y per metre of arc length
};

// "Continents": a procedural land mask on the unit sphere, fbm of 3D value noise. Candidates where the noise
// is below `level` are ocean and disabled.
struct ContinentsMask {
    double landFraction = 0.3;  // the file's "threshold": the share of the sphere that is land
    uint64_t seed = 0;
    double frequency = 2.0;  // lattice cells per unit of the direction vector at the first octave
    uint32_t octaves = 4;
    // The noise value above which a direction is land: the (1 - landFraction) quantile of the noise over
    // kMaskCalibrationSamples Fibonacci directions, computed when parsing (calibrateMask) so that the kept
    // share matches landFraction whatever the seed.
    double level = 0.0;
};

// Candidates on a Fibonacci sphere: candidate i is at height 1 - (2i + 1) / count, turned by i golden angles
// (computed in 64-bit fixed point so the spiral stays exact up to 2^40 points).
struct SphereGenerator {
    glm::dvec3 center{0.0};
    double radius = 1.0;
    uint64_t count = 0;
    uint64_t seed = 0;       // turns the spiral and seeds jitter and yaw
    bool align = false;      // instance +Y along the outward normal
    double jitter = 0.0;     // metres of deterministic tangential displacement (then back on the sphere)
    bool randomYaw = false;  // a deterministic random turn about the instance's +Y
    std::optional<ContinentsMask> mask;
};

// A grid like the nodes' grid, kept as a rule: x fastest, then y, then z.
struct GridGenerator {
    uint64_t count[3] = {1, 1, 1};
    glm::dvec3 spacing{1.0};
    bool centered = true;
};

struct RuleGenerator {
    GeneratorKind kind = GeneratorKind::Path;
    PathGenerator path;  // only the member named by `kind` is meaningful
    SphereGenerator sphere;
    GridGenerator grid;
};

struct InstanceRule {
    std::string name;
    int32_t model = -1;                // index into Scene::models
    std::optional<Material> material;  // overrides the model's materials, as for nodes
    int32_t cell = -1;                 // index into Scene::cells, or -1 for world space
    Transform base;                    // applied to every instance, in the instance's own frame
    RuleGenerator generator;
    std::optional<Beam> beam;  // a plasma jet per enabled instance (beams.hpp)
};

// A light template repeated by a generator (path or sphere).
struct LightRule {
    std::string name;
    // The template: position is an offset and direction a direction in each instance's frame (which is
    // rotated only when the generator aligns); every other field is copied. Its name is not (lightAt does
    // not allocate).
    Light light;
    int32_t cell = -1;
    RuleGenerator generator;
};

// How many instances the generator gives (disabled candidates of a masked sphere included).
uint64_t generatorCount(const RuleGenerator& g);
// Whether instance i exists: false for sphere candidates over ocean and for path instances pushed past an
// end by the offset (when not wrapping).
bool generatorEnabled(const RuleGenerator& g, uint64_t i);
// Where instance i sits and how it is turned, in the cell frame (no base transform). i < generatorCount.
glm::dmat4 generatorPlacement(const RuleGenerator& g, uint64_t i);
// The box holding every instance origin, for offsets of up to `reach` metres from the placement.
Bounds generatorBounds(const RuleGenerator& g, double reach = 0.0);

uint64_t instanceCount(const InstanceRule& rule);
bool instanceEnabled(const InstanceRule& rule, uint64_t i);
// placement(i) × base: the instance's model matrix in the rule's cell frame. i < instanceCount(rule).
glm::dmat4 instanceTransform(const InstanceRule& rule, uint64_t i);
// The box of every instance origin in the cell frame, whatever the path offset (conservative).
Bounds ruleBounds(const InstanceRule& rule);

uint64_t lightCount(const LightRule& rule);
bool lightEnabled(const LightRule& rule, uint64_t i);
// Light i with its position in the rule's cell frame. i < lightCount(rule).
Light lightAt(const LightRule& rule, uint64_t i);
Bounds lightRuleBounds(const LightRule& rule);

// Arc length of a path (0 for fewer than 2 points).
double pathLength(const PathGenerator& path);
// The arc length of instance i: offset + i × spacing, wrapped into [0, length) when the path wraps.
double pathArc(const PathGenerator& path, uint64_t i);
// The polyline segment (index of its first point) holding arc length s (clamped to the path); pathPoint is
// linear in s within one.
size_t pathSegment(const PathGenerator& path, double s);
// The point at arc length s (clamped to the path) and the unit tangent there.
glm::dvec3 pathPoint(const PathGenerator& path, double s, glm::dvec3* tangent = nullptr);

// The continents noise in [0, 1) at a unit direction, and whether the mask keeps that direction.
double continentsNoise(const ContinentsMask& mask, const glm::dvec3& direction);
bool continentsLand(const ContinentsMask& mask, const glm::dvec3& direction);
inline constexpr uint32_t kMaskCalibrationSamples = 512;
// Sets mask.level from mask.landFraction (done by the parser; call it after changing a mask by hand).
void calibrateMask(ContinentsMask& mask);
// Fills path.cumulative from path.points and derives count or spacing: pass count 0 to derive the count from
// path.spacing. Returns false when the path has no length.
bool preparePath(PathGenerator& path, uint64_t count);

}  // namespace skyhook::scene
