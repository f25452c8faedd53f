#pragma once
// The planet and its atmosphere on the CPU: packing AtmosphereUniforms for a camera (altitude and local up in
// double precision, the ambient tables integrated with the shaders' own code) and a CPU reference of
// shaders/atmosphere.glsl, which this module compiles as C++ so tests check exactly what the GPU runs.
#include <array>
#include <cstdint>

#include <glm/glm.hpp>

#include "engine/scene/scene.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render::atmosphere {

using gpu_layout::AtmosphereUniforms;

// Ray-march quality: the sky pass, aerial perspective on geometry, and the CPU's ambient integration.
inline constexpr int kSkySteps = 24;
inline constexpr int kSunSteps = 8;

// The look-up tables' sizes (shaders/atmosphere.glsl; checked to agree): the transmittance LUT, the sky-view
// LUT's and the aerial-perspective volume's direction grids, and the volume's distance slices.
inline constexpr uint32_t kTransmittanceWidth = 256, kTransmittanceHeight = 64;
inline constexpr uint32_t kSkyViewWidth = 192, kSkyViewHeight = 128;
inline constexpr uint32_t kAerialWidth = 64, kAerialHeight = 64, kAerialSlices = 32;

// Remembers pack()'s ground ambient table, which takes ~1 ms of CPU to integrate and depends only on the
// planet and its air. Exact: the key is every byte the integration reads, so a hit gives the bytes a
// recomputation would. The renderer owns one.
class AmbientCache {
public:
    uint64_t integrations() const { return m_integrations; }  // a hit integrates nothing

private:
    friend struct AmbientCacheAccess;
    // What the integration reads: the uniforms without the camera and the tables.
    AtmosphereUniforms m_air{};
    bool m_valid = false;
    std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> m_ground{};
    uint64_t m_integrations = 0;
};

struct PackOptions {
    AmbientCache* ambientCache = nullptr;  // memoizes the ground table
    // true: the sky table (for the sun's angle at the camera, so it changes as the camera moves) is
    // integrated here, the CPU reference. false: only its rows' altitudes are set and the renderer's
    // atmosphere.ambient pass integrates it on the GPU each frame with the same code.
    bool skyAmbient = true;
};

// The planet of `env` for a camera at `camera` (world, double). `planetCell` is the world matrix of the
// planet's cell (identity for world space); `toSun` points at the sun (unit, world).
AtmosphereUniforms pack(const scene::Environment& env, const glm::dmat4& planetCell, const glm::dvec3& camera,
                        const glm::vec3& toSun, const PackOptions& options = {});

// The camera's altitude above the surface and the unit up through it, in double.
struct Where {
    double altitude = 0.0;
    glm::dvec3 up{0.0, 1.0, 0.0};
};
Where locate(const scene::Planet& planet, const glm::dmat4& planetCell, const glm::dvec3& camera);

// CPU reference of the shader functions (same code, see shaders/atmosphere.glsl).
float raySphere(float r, float mu, float h, float sphereAltitude, float sphereRadius);
float altitudeAlong(float r, float mu, float h, float t);
glm::vec3 transmittanceToTop(const AtmosphereUniforms& a, float altitude, float mu, int steps = kSunSteps);
// Radiance per lux of sunlight along a view ray (no sun disc or stars); groundDistance < 0 when it misses
// the planet.
glm::vec3 viewRay(const AtmosphereUniforms& a, float altitude, const glm::vec3& up, const glm::vec3& dir,
                  const glm::vec3& toSun, float* groundDistance = nullptr, glm::vec3* transmittance = nullptr,
                  int steps = kSkySteps);
// The shaders' continents test (1 land, 0 ocean) at a world direction.
float land(const AtmosphereUniforms& a, const glm::vec3& worldDirection);
float continentsNoise(uint64_t seed, float frequency, uint32_t octaves, const glm::vec3& direction);

}  // namespace skyhook::render::atmosphere
