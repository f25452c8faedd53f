#include "engine/scene/rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <glm/gtc/quaternion.hpp>

#include "engine/core/check.hpp"

namespace skyhook::scene {
namespace {

constexpr double kTwoPi = 6.283185307179586;
// 2^64 / golden ratio: adding it per index walks the golden angle in 64-bit fixed point, exact for any i
// (a double product i * 0.618... would lose the fraction's low bits beyond i ≈ 10^9).
constexpr uint64_t kGoldenFixed = 0x9E3779B97F4A7C15ull;
constexpr double kTwoPow64 = 18446744073709551616.0;

// SplitMix64 finaliser: a fast, well-mixed, platform-independent hash.
constexpr uint64_t mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}

constexpr uint64_t hash(uint64_t seed, uint64_t i, uint64_t stream) {
    return mix(mix(seed + stream * 0x632BE59BD9B4E019ull) ^ (i + 0x9E3779B97F4A7C15ull));
}

// [0, 1) from the top 53 bits.
constexpr double unit(uint64_t h) {
    return double(h >> 11) * (1.0 / 9007199254740992.0);
}

// A right-handed orthonormal frame whose +Y is `y` (unit). Chooses X from a fixed reference axis so that a
// straight path or a point on the sphere always gets the same frame, and +Y → identity.
glm::dmat3 frameWithY(const glm::dvec3& y) {
    glm::dvec3 reference = std::abs(y.z) < 0.999 ? glm::dvec3(0, 0, 1) : glm::dvec3(1, 0, 0);
    glm::dvec3 x = glm::normalize(glm::cross(y, reference));
    glm::dvec3 z = glm::cross(x, y);
    return glm::dmat3(x, y, z);
}

glm::dmat3 turnAboutY(const glm::dmat3& frame, double angle) {
    const double c = std::cos(angle), s = std::sin(angle);
    // Rotation about local +Y: x' = c x - s z, z' = s x + c z (right-handed).
    return glm::dmat3(c * frame[0] - s * frame[2], frame[1], s * frame[0] + c * frame[2]);
}

glm::dmat4 placement(const glm::dmat3& rotation, const glm::dvec3& position) {
    glm::dmat4 m(rotation);
    m[3] = glm::dvec4(position, 1.0);
    return m;
}

glm::dvec3 sphereDirection(const SphereGenerator& g, uint64_t i) {
    const double y = 1.0 - (2.0 * double(i) + 1.0) / double(g.count);
    const double r = std::sqrt(std::max(0.0, 1.0 - y * y));
    const uint64_t turns = i * kGoldenFixed + mix(g.seed);  // wraps mod 2^64 on purpose: a fraction of a turn
    const double phi = double(turns >> 11) * (kTwoPi / (kTwoPow64 / 2048.0));
    glm::dvec3 d(r * std::cos(phi), y, r * std::sin(phi));
    if (g.jitter > 0.0 && g.radius > 0.0) {
        // Push along the tangent plane by up to `jitter` metres, then back onto the sphere.
        const glm::dmat3 f = frameWithY(d);
        const double a = (unit(hash(g.seed, i, 1)) * 2.0 - 1.0) * g.jitter / g.radius;
        const double b = (unit(hash(g.seed, i, 2)) * 2.0 - 1.0) * g.jitter / g.radius;
        d = glm::normalize(d + a * f[0] + b * f[2]);
    }
    return d;
}

// Value noise on the integer lattice, smoothly interpolated: values in [0, 1).
double valueNoise(const glm::dvec3& p, uint64_t seed) {
    const glm::dvec3 cell = glm::floor(p);
    const glm::dvec3 f = p - cell;
    const glm::dvec3 w = f * f * (3.0 - 2.0 * f);
    const auto lattice = [&](int dx, int dy, int dz) {
        const uint64_t x = uint64_t(int64_t(cell.x) + dx), y = uint64_t(int64_t(cell.y) + dy),
                       z = uint64_t(int64_t(cell.z) + dz);
        return unit(hash(seed, x * 0x8CB92BA72F3D8DD7ull ^ y * 0xD6E8FEB86659FD93ull ^ z, 3));
    };
    const double x00 = glm::mix(lattice(0, 0, 0), lattice(1, 0, 0), w.x);
    const double x10 = glm::mix(lattice(0, 1, 0), lattice(1, 1, 0), w.x);
    const double x01 = glm::mix(lattice(0, 0, 1), lattice(1, 0, 1), w.x);
    const double x11 = glm::mix(lattice(0, 1, 1), lattice(1, 1, 1), w.x);
    return glm::mix(glm::mix(x00, x10, w.y), glm::mix(x01, x11, w.y), w.z);
}

}  // namespace

double pathLength(const PathGenerator& path) {
    return path.cumulative.size() >= 2 ? path.cumulative.back() : 0.0;
}

double pathArc(const PathGenerator& p, uint64_t i) {
    double s = p.offset + double(i) * p.spacing;
    if (p.wrap) {
        const double length = p.cumulative.empty() ? 0.0 : p.cumulative.back();
        if (length > 0.0) {
            s = std::fmod(s, length);
            if (s < 0.0) s += length;
        }
    }
    return s;
}

size_t pathSegment(const PathGenerator& path, double s) {
    SKYHOOK_CHECK(path.points.size() >= 2 && path.cumulative.size() == path.points.size(),
                  "path with {} points and {} cumulative lengths (call preparePath)", path.points.size(),
                  path.cumulative.size());
    const auto& cum = path.cumulative;
    s = std::clamp(s, 0.0, cum.back());
    // The last segment whose start is at or before s; zero-length segments are skipped by upper_bound.
    size_t k = size_t(std::upper_bound(cum.begin(), cum.end(), s) - cum.begin());
    k = std::clamp<size_t>(k, 1, cum.size() - 1) - 1;
    while (k > 0 && cum[k + 1] == cum[k]) --k;  // s at the very end: step back over zero-length segments
    return k;
}

glm::dvec3 pathPoint(const PathGenerator& path, double s, glm::dvec3* tangent) {
    const size_t k = pathSegment(path, s);
    const auto& cum = path.cumulative;
    s = std::clamp(s, 0.0, cum.back());
    const glm::dvec3 a = path.points[k], b = path.points[k + 1];
    const double length = cum[k + 1] - cum[k];
    if (tangent) *tangent = length > 0.0 ? (b - a) / length : glm::dvec3(0, 1, 0);
    if (length <= 0.0) return a;
    const double t = (s - cum[k]) / length;
    return a + (b - a) * t;
}

bool preparePath(PathGenerator& path, uint64_t count) {
    path.cumulative.assign(path.points.size(), 0.0);
    for (size_t k = 1; k < path.points.size(); ++k)
        path.cumulative[k] = path.cumulative[k - 1] + glm::length(path.points[k] - path.points[k - 1]);
    const double length = pathLength(path);
    if (!(length > 0.0) || !std::isfinite(length)) return false;
    if (count > 0) {
        path.count = count;
        path.spacing = length / double(count);
    } else {
        // A hair of tolerance so 0.3 m at 0.1 m spacing gives 3 tiles, not 2.
        const double n = std::floor(length / path.spacing * (1.0 + 1e-12));
        path.count =
            n >= double(kMaxRuleInstances) * 2.0 ? kMaxRuleInstances * 2 : uint64_t(std::max(n, 0.0));
    }
    return true;
}

double continentsNoise(const ContinentsMask& mask, const glm::dvec3& direction) {
    double sum = 0.0, amplitude = 0.5, norm = 0.0, frequency = mask.frequency;
    for (uint32_t o = 0; o < mask.octaves; ++o) {
        sum += amplitude * valueNoise(direction * frequency + 17.0 * double(o), mask.seed + o);
        norm += amplitude;
        amplitude *= 0.5;
        frequency *= 2.0;
    }
    return norm > 0.0 ? sum / norm : 0.0;
}

bool continentsLand(const ContinentsMask& mask, const glm::dvec3& direction) {
    return continentsNoise(mask, direction) >= mask.level;
}

void calibrateMask(ContinentsMask& mask) {
    if (mask.landFraction >= 1.0) {
        mask.level = -std::numeric_limits<double>::infinity();
        return;
    }
    std::array<double, kMaskCalibrationSamples> values{};
    SphereGenerator probe;
    probe.count = kMaskCalibrationSamples;
    for (uint32_t i = 0; i < kMaskCalibrationSamples; ++i)
        values[i] = continentsNoise(mask, sphereDirection(probe, i));
    std::sort(values.begin(), values.end());
    const double q = std::clamp(1.0 - mask.landFraction, 0.0, 1.0) * double(kMaskCalibrationSamples - 1);
    const size_t lo = size_t(q);
    const size_t hi = std::min<size_t>(lo + 1, kMaskCalibrationSamples - 1);
    mask.level = glm::mix(values[lo], values[hi], q - double(lo));
}

uint64_t generatorCount(const RuleGenerator& g) {
    switch (g.kind) {
        case GeneratorKind::Path:
            return g.path.count;
        case GeneratorKind::Sphere:
            return g.sphere.count;
        case GeneratorKind::Grid:
            return g.grid.count[0] * g.grid.count[1] * g.grid.count[2];
    }
    return 0;
}

bool generatorEnabled(const RuleGenerator& g, uint64_t i) {
    switch (g.kind) {
        case GeneratorKind::Path: {
            if (g.path.wrap) return true;
            const double s = pathArc(g.path, i);
            return s >= 0.0 && s <= pathLength(g.path);
        }
        case GeneratorKind::Sphere:
            return !g.sphere.mask || continentsLand(*g.sphere.mask, sphereDirection(g.sphere, i));
        case GeneratorKind::Grid:
            return true;
    }
    return false;
}

glm::dmat4 generatorPlacement(const RuleGenerator& g, uint64_t i) {
    switch (g.kind) {
        case GeneratorKind::Path: {
            const PathGenerator& p = g.path;
            const double s = pathArc(p, i);
            glm::dvec3 tangent;
            const glm::dvec3 position = pathPoint(p, s, &tangent);
            glm::dmat3 frame = p.align ? frameWithY(tangent) : glm::dmat3(1.0);
            if (p.twistPerMetre != 0.0) frame = turnAboutY(frame, std::fmod(p.twistPerMetre * s, kTwoPi));
            return placement(frame, position);
        }
        case GeneratorKind::Sphere: {
            const SphereGenerator& sp = g.sphere;
            const glm::dvec3 d = sphereDirection(sp, i);
            glm::dmat3 frame = sp.align ? frameWithY(d) : glm::dmat3(1.0);
            if (sp.randomYaw) frame = turnAboutY(frame, unit(hash(sp.seed, i, 4)) * kTwoPi);
            return placement(frame, sp.center + d * sp.radius);
        }
        case GeneratorKind::Grid: {
            const GridGenerator& gr = g.grid;
            const uint64_t x = i % gr.count[0], y = (i / gr.count[0]) % gr.count[1],
                           z = i / (gr.count[0] * gr.count[1]);
            const glm::dvec3 origin = gr.centered
                                          ? -0.5 *
                                                glm::dvec3(double(gr.count[0] - 1), double(gr.count[1] - 1),
                                                           double(gr.count[2] - 1)) *
                                                gr.spacing
                                          : glm::dvec3(0.0);
            return placement(glm::dmat3(1.0),
                             origin + glm::dvec3(double(x), double(y), double(z)) * gr.spacing);
        }
    }
    return glm::dmat4(1.0);
}

Bounds generatorBounds(const RuleGenerator& g, double reach) {
    Bounds b;
    switch (g.kind) {
        case GeneratorKind::Path: {
            if (g.path.points.empty()) break;
            b.min = b.max = g.path.points.front();
            for (const glm::dvec3& p : g.path.points) b.min = glm::min(b.min, p), b.max = glm::max(b.max, p);
            break;
        }
        case GeneratorKind::Sphere:
            b.min = g.sphere.center - g.sphere.radius;
            b.max = g.sphere.center + g.sphere.radius;
            break;
        case GeneratorKind::Grid: {
            const uint64_t last = generatorCount(g) - 1;
            const glm::dvec3 a(generatorPlacement(g, 0)[3]), z(generatorPlacement(g, last)[3]);
            b.min = glm::min(a, z);
            b.max = glm::max(a, z);
            break;
        }
    }
    b.min -= reach;
    b.max += reach;
    return b;
}

uint64_t instanceCount(const InstanceRule& rule) {
    return generatorCount(rule.generator);
}

bool instanceEnabled(const InstanceRule& rule, uint64_t i) {
    return generatorEnabled(rule.generator, i);
}

glm::dmat4 instanceTransform(const InstanceRule& rule, uint64_t i) {
    return generatorPlacement(rule.generator, i) * rule.base.matrix();
}

Bounds ruleBounds(const InstanceRule& rule) {
    // The base translation turns with the instance's frame, so only its length is known in advance; the grid
    // keeps its frame, so its offset is exact.
    if (rule.generator.kind == GeneratorKind::Grid) {
        Bounds b = generatorBounds(rule.generator);
        b.min += rule.base.translation;
        b.max += rule.base.translation;
        return b;
    }
    return generatorBounds(rule.generator, glm::length(rule.base.translation));
}

uint64_t lightCount(const LightRule& rule) {
    return generatorCount(rule.generator);
}

bool lightEnabled(const LightRule& rule, uint64_t i) {
    return generatorEnabled(rule.generator, i);
}

Light lightAt(const LightRule& rule, uint64_t i) {
    const glm::dmat4 m = generatorPlacement(rule.generator, i);
    const Light& t = rule.light;
    Light light;
    light.type = t.type;
    light.position = glm::dvec3(m * glm::dvec4(t.position, 1.0));
    light.direction = glm::vec3(glm::dmat3(m) * glm::dvec3(t.direction));
    light.color = t.color;
    light.intensity = t.intensity;
    light.range = t.range;
    light.innerConeAngle = t.innerConeAngle;
    light.outerConeAngle = t.outerConeAngle;
    light.castsShadows = t.castsShadows;
    return light;
}

Bounds lightRuleBounds(const LightRule& rule) {
    return generatorBounds(rule.generator, glm::length(rule.light.position));
}

}  // namespace skyhook::scene
