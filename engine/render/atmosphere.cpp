// CPU side of the atmosphere. shaders/atmosphere.glsl is written in the common subset of GLSL and C++, so it
// is compiled here as C++ (in an inner namespace) and serves as the CPU reference and the ambient integrator.
#include "engine/render/atmosphere.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace skyhook::render::atmosphere {

namespace glsl {
using namespace gpu_layout;
using glm::clamp;
using glm::dot;
using glm::floor;
using glm::max;
using glm::min;
using glm::mix;
using glm::normalize;
using std::abs;
using std::acos;
using std::cos;
using std::exp;
using std::pow;
using std::sin;
using std::sqrt;
inline glm::vec3 exp(const glm::vec3& v) {
    return glm::exp(v);
}
inline float length(const glm::vec3& v) {
    return glm::length(v);
}
#include "shaders/atmosphere.glsl"
}  // namespace glsl

static_assert(int(kTransmittanceWidth) == glsl::kAtmoTransmittanceWidth &&
              int(kTransmittanceHeight) == glsl::kAtmoTransmittanceHeight &&
              int(kSkyViewWidth) == glsl::kAtmoSkyViewWidth &&
              int(kSkyViewHeight) == glsl::kAtmoSkyViewHeight &&
              int(kAerialWidth) == glsl::kAtmoAerialWidth && int(kAerialHeight) == glsl::kAtmoAerialHeight &&
              int(kAerialSlices) == glsl::kAtmoAerialSlices && kSkySteps == glsl::kAtmoSkySteps);

namespace {

// Sky illuminance per lux of sunlight on a surface facing up at altitude h.
glm::vec3 hemisphereIrradiance(const AtmosphereUniforms& a, float h, const glm::vec3& toSun) {
    glm::vec3 sum(0.0f);
    for (int n = 0; n < glsl::kAtmoAmbientDirections; ++n) sum += glsl::atmoAmbientSample(a, h, toSun, n);
    return glsl::atmoAmbientIntegral(sum);
}

// The altitudes of the sky table's rows: dense near the ground where the sky changes fastest, the last at
// the top (where the sky above is black). Thin atmospheres squeeze them evenly below their top.
float skyAmbientAltitude(float top, int i) {
    const float levels[SKYHOOK_AMBIENT_LEVELS - 1] = {0.0f,     1000.0f,  3000.0f, 8000.0f,
                                                      15000.0f, 30000.0f, 60000.0f};
    return i + 1 < SKYHOOK_AMBIENT_LEVELS
               ? std::min(levels[i], top * float(i) / float(SKYHOOK_AMBIENT_LEVELS - 1))
               : top;
}

// Sky illuminance on the ground for 8 sun cosines from -0.2 to 1.
std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> groundAmbient(const AtmosphereUniforms& air) {
    std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> table{};
    for (int i = 0; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
        const float mu = -0.2f + 1.2f * float(i) / float(SKYHOOK_AMBIENT_LEVELS - 1);
        const glm::vec3 sun(std::sqrt(std::max(0.0f, 1.0f - mu * mu)), mu, 0.0f);
        table[size_t(i)] = glm::vec4(hemisphereIrradiance(air, 0.0f, sun), mu);
    }
    return table;
}

}  // namespace

struct AmbientCacheAccess {
    static bool hit(const AmbientCache& c, const AtmosphereUniforms& air) {
        return c.m_valid && std::memcmp(&c.m_air, &air, sizeof air) == 0;
    }
    static const std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS>& ground(const AmbientCache& c) {
        return c.m_ground;
    }
    static void store(AmbientCache& c, const AtmosphereUniforms& air,
                      const std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS>& ground) {
        c.m_valid = true;
        c.m_air = air;
        c.m_ground = ground;
        ++c.m_integrations;
    }
};

Where locate(const scene::Planet& planet, const glm::dmat4& planetCell, const glm::dvec3& camera) {
    const glm::dvec3 centre(planetCell * glm::dvec4(planet.center, 1.0));
    const glm::dvec3 rel = camera - centre;
    const double distance = glm::length(rel);
    Where w;
    w.altitude = distance - planet.radius;
    if (distance > 0.0) w.up = rel / distance;
    return w;
}

AtmosphereUniforms pack(const scene::Environment& env, const glm::dmat4& planetCell, const glm::dvec3& camera,
                        const glm::vec3& toSun, const PackOptions& options) {
    const scene::Planet& p = env.planet;
    const Where where = locate(p, planetCell, camera);
    AtmosphereUniforms a{};
    a.radii = glm::vec4(float(p.radius), float(p.radius + p.atmosphereHeight), env.starIntensity, 0.0f);
    a.rayleigh = glm::vec4(p.rayleighScattering, p.rayleighScaleHeight);
    a.mie = glm::vec4(p.mieScattering, p.mieAbsorption, p.mieScaleHeight, p.mieAnisotropy);
    a.ozone = glm::vec4(p.ozoneAbsorption, p.ozonePeakAltitude);
    a.ocean = glm::vec4(p.oceanColor, p.continents ? 1.0f : 0.0f);
    a.land = glm::vec4(p.landColor, 0.0f);
    a.ground = glm::vec4(p.ozoneHalfWidth, p.groundAlbedo, 0.0f, 0.0f);
    if (p.continents) {
        const scene::ContinentsMask& m = *p.continents;
        // A mask keeping everything has level -inf: any noise value passes.
        a.ground.z = std::isfinite(m.level) ? float(m.level) : -1.0f;
        a.ground.w = float(m.frequency);
        a.continents = glm::uvec4(uint32_t(m.seed & 0xFFFFFFFFu), uint32_t(m.seed >> 32), m.octaves, 0u);
    }
    for (int i = 0; i < 3; ++i) a.planetAxes[i] = glm::vec4(glm::normalize(glm::vec3(planetCell[i])), 0.0f);

    // The ground table over the sun's angle, integrated from the uniforms so far (no camera, no tables):
    // all that the integration reads, which is what makes the cache exact.
    std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> ground;
    AmbientCache* cache = options.ambientCache;
    if (cache && AmbientCacheAccess::hit(*cache, a)) {
        ground = AmbientCacheAccess::ground(*cache);
    } else {
        ground = groundAmbient(a);
        if (cache) AmbientCacheAccess::store(*cache, a, ground);
    }
    // The sky table over altitude, for the sun's angle at the camera.
    const float top = float(p.atmosphereHeight);
    const float muS = glm::dot(glm::vec3(where.up), toSun);
    const glm::vec3 localSun(std::sqrt(std::max(0.0f, 1.0f - muS * muS)), muS, 0.0f);
    std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> sky;
    for (int i = 0; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
        const float h = skyAmbientAltitude(top, i);
        sky[size_t(i)] =
            glm::vec4(options.skyAmbient ? hemisphereIrradiance(a, h, localSun) : glm::vec3(0.0f), h);
    }
    for (int i = 0; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
        a.ambient[i] = sky[size_t(i)];
        a.groundAmbient[i] = ground[size_t(i)];
    }

    // The camera. Below the surface (a camera inside the planet) the sky is drawn as from the ground.
    const float altitude = float(std::max(where.altitude, 0.0));
    a.up = glm::vec4(glm::vec3(where.up), altitude);
    return a;
}

float raySphere(float r, float mu, float h, float sphereAltitude, float sphereRadius) {
    return glsl::atmoRaySphere(r, mu, h, sphereAltitude, sphereRadius);
}

float altitudeAlong(float r, float mu, float h, float t) {
    return glsl::atmoAltitudeAlong(r, mu, h, t);
}

glm::vec3 transmittanceToTop(const AtmosphereUniforms& a, float altitude, float mu, int steps) {
    return glsl::atmoTransmittanceToTop(a, altitude, mu, steps);
}

glm::vec3 viewRay(const AtmosphereUniforms& a, float altitude, const glm::vec3& up, const glm::vec3& dir,
                  const glm::vec3& toSun, float* groundDistance, glm::vec3* transmittance, int steps) {
    float ground = -1.0f;
    glm::vec3 t(1.0f);
    glm::vec3 l = glsl::atmoViewRay(a, altitude, up, dir, toSun, steps, kSunSteps, true, ground, t);
    if (groundDistance) *groundDistance = ground;
    if (transmittance) *transmittance = t;
    return l;
}

float land(const AtmosphereUniforms& a, const glm::vec3& worldDirection) {
    return glsl::atmoLand(a, worldDirection);
}

float continentsNoise(uint64_t seed, float frequency, uint32_t octaves, const glm::vec3& direction) {
    return glsl::atmoContinentsNoise(seed, frequency, octaves, direction);
}

}  // namespace skyhook::render::atmosphere
