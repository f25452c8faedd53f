// The atmosphere's CPU reference (shaders/atmosphere.glsl compiled as C++, the very code the shaders run):
// stable ray-sphere distances at the surface and from orbit, transmittance, the sky's colour at noon and at
// sunset in physical units, the ambient tables, and the continents the planet's surface shows agreeing with
// the instance rules' mask (engines placed through the mask stand on rendered land).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/render/atmosphere.hpp"
#include "engine/scene/rules.hpp"

namespace skyhook::render {
namespace {

using atmosphere::AtmosphereUniforms;
constexpr double kRadius = 6371000.0;
constexpr float kSunLux = 120000.0f;

AtmosphereUniforms earth(double altitude, const glm::vec3& toSun, const scene::Environment& env = {}) {
    return atmosphere::pack(env, glm::dmat4(1.0), {0.0, kRadius + altitude, 0.0}, toSun);
}

// Elevation above the horizon and azimuth from -Z towards +X, in degrees.
glm::vec3 dirAt(float elevationDeg, float azimuthDeg = 0.0f) {
    const float e = glm::radians(elevationDeg), a = glm::radians(azimuthDeg);
    return glm::vec3(std::sin(a) * std::cos(e), std::sin(e), -std::cos(a) * std::cos(e));
}

float luminance(const glm::vec3& c) {
    return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b;
}

// The nearest positive root of |o + t d| = radius in double, o = (0, r, 0): the reference.
double exactDistance(double r, double mu, double radius) {
    const double b = r * mu, c = r * r - radius * radius, disc = b * b - c;
    if (disc < 0.0) return -1.0;
    const double s = std::sqrt(disc);
    const double t0 = -b - s, t1 = -b + s;
    return t0 >= 0.0 ? t0 : (t1 >= 0.0 ? t1 : -1.0);
}

TEST(Atmosphere, RaySphereIsStableOnTheGroundAndFromOrbit) {
    const float R = float(kRadius);
    // A camera standing exactly on the surface: the ground is at 0 looking down, missed looking up or level.
    EXPECT_EQ(atmosphere::raySphere(R, -0.5f, 0.0f, 0.0f, R), 0.0f);
    EXPECT_LT(atmosphere::raySphere(R, 0.5f, 0.0f, 0.0f, R), 0.0f);
    EXPECT_LT(atmosphere::raySphere(R, 0.0f, 0.0f, 0.0f, R), 0.0f);
    // Near the ground the distances stay accurate to centimetres (a float r² − R² would be off by metres).
    for (double h : {0.5, 2.0, 30.0, 1000.0}) {
        for (double mu : {-1.0, -0.5, -0.05, -0.01, -0.002}) {
            const double exact = exactDistance(kRadius + h, mu, kRadius);
            if (exact < 0.0) continue;
            const float t = atmosphere::raySphere(float(kRadius + h), float(mu), float(h), 0.0f, R);
            EXPECT_NEAR(t, exact, 0.01 + exact * 2e-6) << "h " << h << " mu " << mu;
        }
    }
    // From 36,000 km: the Earth's centre, and the top of the atmosphere.
    const double geo = kRadius + 3.6e7;
    EXPECT_NEAR(atmosphere::raySphere(float(geo), -1.0f, 3.6e7f, 0.0f, R), 3.6e7, 40.0);
    EXPECT_NEAR(atmosphere::raySphere(float(geo), -1.0f, 3.6e7f, 1e5f, R + 1e5f), 3.6e7 - 1e5, 40.0);
    // Inside the atmosphere looking up: the exit at the top.
    EXPECT_NEAR(atmosphere::raySphere(R + 2.0f, 1.0f, 2.0f, 1e5f, R + 1e5f), 1e5 - 2.0, 0.05);
}

TEST(Atmosphere, AltitudeAlongARayHasNoCancellation) {
    // 1 km along the horizontal from 2 m: the Earth curves 7.85 cm away.
    const double r = kRadius + 2.0;
    for (double t : {10.0, 1000.0, 100000.0}) {
        const double exact = std::sqrt(r * r + t * t) - kRadius;
        EXPECT_NEAR(atmosphere::altitudeAlong(float(r), 0.0f, 2.0f, float(t)), exact, 1e-3 + exact * 1e-6);
    }
}

TEST(Atmosphere, TransmittanceZenithVersusHorizon) {
    const AtmosphereUniforms a = earth(0.0, dirAt(90.0f));
    const glm::vec3 zenith = atmosphere::transmittanceToTop(a, 0.0f, 1.0f, 64);
    const glm::vec3 horizon = atmosphere::transmittanceToTop(a, 0.0f, 0.0f + 1e-4f, 64);
    // Vertical optical depth: Rayleigh 8 km × β, Mie 1.2 km × (β + absorption), ozone 30 km × ½ peak.
    const glm::vec3 depth = glm::vec3(5.802e-6f, 13.558e-6f, 33.1e-6f) * 8000.0f +
                            glm::vec3((3.996e-6f + 4.4e-6f) * 1200.0f) +
                            glm::vec3(0.650e-6f, 1.881e-6f, 0.085e-6f) * 15000.0f;
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(zenith[c], std::exp(-depth[c]), 0.01f) << "channel " << c;
    EXPECT_GT(zenith.b, 0.7f);
    EXPECT_LT(horizon.b, 0.01f);  // through ~40 air masses, blue is gone
    EXPECT_GT(horizon.r, horizon.b * 10.0f);
    // Below the horizon the planet blocks the sun.
    EXPECT_EQ(atmosphere::transmittanceToTop(a, 0.0f, -0.01f), glm::vec3(0.0f));
    // Quadratically spaced 8 steps (the shaders') stay close to 64.
    const glm::vec3 coarse = atmosphere::transmittanceToTop(a, 0.0f, 0.05f, 8);
    const glm::vec3 fine = atmosphere::transmittanceToTop(a, 0.0f, 0.05f, 256);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(coarse[c], fine[c], 0.05f * fine[c] + 1e-3f);
}

TEST(Atmosphere, NoonSkyIsBlueAndAsBrightAsDaylight) {
    const glm::vec3 sun = dirAt(70.0f, 180.0f);
    const AtmosphereUniforms a = earth(2.0, sun);
    const glm::vec3 up(0, 1, 0);
    const glm::vec3 zenith = atmosphere::viewRay(a, 2.0f, up, up, sun) * kSunLux;
    EXPECT_GT(zenith.b, zenith.g);
    EXPECT_GT(zenith.g, zenith.r);
    EXPECT_GT(zenith.b, 2.0f * zenith.r);
    // cd/m²: a clear sky is a few thousand (sunny-16 daylight at EV100 15 shows ~40,000 as white).
    EXPECT_GT(luminance(zenith), 1000.0f);
    EXPECT_LT(luminance(zenith), 10000.0f);
    // The horizon is brighter and whiter than the zenith.
    const glm::vec3 horizon = atmosphere::viewRay(a, 2.0f, up, dirAt(2.0f), sun) * kSunLux;
    EXPECT_GT(luminance(horizon), luminance(zenith));
    EXPECT_GT(horizon.r / horizon.b, zenith.r / zenith.b);
    // The sky's light on the ground: thousands of lux; none above the atmosphere.
    EXPECT_GT(luminance(glm::vec3(a.ambient[0])) * kSunLux, 3000.0f);
    EXPECT_LT(luminance(glm::vec3(a.ambient[0])) * kSunLux, 40000.0f);
    EXPECT_EQ(glm::vec3(a.ambient[SKYHOOK_AMBIENT_LEVELS - 1]), glm::vec3(0.0f));
    for (int i = 1; i < SKYHOOK_AMBIENT_LEVELS; ++i) EXPECT_GT(a.ambient[i].w, a.ambient[i - 1].w);
}

TEST(Atmosphere, SunsetIsRedTowardsTheSun) {
    const glm::vec3 sun = dirAt(1.0f);
    const AtmosphereUniforms a = earth(2.0, sun);
    const glm::vec3 up(0, 1, 0);
    const glm::vec3 towards = atmosphere::viewRay(a, 2.0f, up, dirAt(1.5f), sun);
    EXPECT_GT(towards.r, 3.0f * towards.b);
    EXPECT_GT(towards.r, towards.g);
    // Away from the sun it is much darker, and the zenith is dimmer than at noon.
    const glm::vec3 away = atmosphere::viewRay(a, 2.0f, up, dirAt(1.5f, 180.0f), sun);
    EXPECT_GT(luminance(towards), 3.0f * luminance(away));
    const AtmosphereUniforms noon = earth(2.0, dirAt(70.0f));
    EXPECT_LT(luminance(atmosphere::viewRay(a, 2.0f, up, up, sun)),
              0.5f * luminance(atmosphere::viewRay(noon, 2.0f, up, up, dirAt(70.0f))));
}

TEST(Atmosphere, FromGeostationaryOrbitSpaceIsBlackAndTheEarthLit) {
    const glm::vec3 sun = glm::normalize(glm::vec3(1.0f, 0.2f, 0.3f));
    const AtmosphereUniforms a = earth(3.6e7, sun);
    const glm::vec3 up(0, 1, 0);
    float ground = 0.0f;
    glm::vec3 t(0.0f);
    // Straight down: the surface 36,000 km away, lit, through a thin layer of air.
    const glm::vec3 down = atmosphere::viewRay(a, 3.6e7f, up, -up, sun, &ground, &t);
    EXPECT_NEAR(ground, 3.6e7f, 50.0f);
    EXPECT_GT(luminance(down) * kSunLux, 100.0f);
    EXPECT_GT(t.r, 0.8f);
    // Away from the Earth: nothing (the stars and the sun are added by the sky pass through `t`).
    const glm::vec3 space = atmosphere::viewRay(a, 3.6e7f, up, up, sun, &ground, &t);
    EXPECT_LT(ground, 0.0f);
    EXPECT_EQ(space, glm::vec3(0.0f));
    EXPECT_EQ(t, glm::vec3(1.0f));
    // Just outside the disc, a ray grazing 20 km above the limb on the lit side glows (the thin limb).
    const double d = kRadius + 3.6e7;
    const double limb = std::asin((kRadius + 20000.0) / d);
    const glm::vec3 graze(float(std::sin(limb)), -float(std::cos(limb)), 0.0f);
    const glm::vec3 glow = atmosphere::viewRay(a, 3.6e7f, up, graze, sun, &ground, &t);
    EXPECT_LT(ground, 0.0f);
    EXPECT_GT(luminance(glow) * kSunLux, 500.0f);
    EXPECT_GT(glow.b, glow.r);
}

TEST(Atmosphere, ShaderContinentsMatchTheInstanceRulesMask) {
    // An engines rule on the planet's sphere: every candidate the rule keeps must be land in the shaders'
    // test, and ocean where the rule drops it, except within float rounding of the cut level.
    scene::InstanceRule rule;
    rule.generator.kind = scene::GeneratorKind::Sphere;
    rule.generator.sphere.radius = kRadius;
    rule.generator.sphere.count = 20000;
    scene::ContinentsMask& mask = rule.generator.sphere.mask.emplace();
    mask.landFraction = 0.28;
    mask.seed = 0x1234567890ull;  // above 32 bits: both halves of the seed reach the shader
    mask.frequency = 2.0;
    mask.octaves = 4;
    scene::calibrateMask(mask);

    scene::Environment env;
    env.sky = scene::Environment::Sky::Atmosphere;
    env.planet.continents = mask;
    // The planet in a turned cell: the shader reads the mask in the planet's frame, like the rule.
    const glm::dmat4 cell = glm::mat4_cast(glm::angleAxis(0.7, glm::normalize(glm::dvec3(1, 2, 3))));
    const AtmosphereUniforms a = atmosphere::pack(env, cell, {0.0, 0.0, 3e7}, glm::vec3(0, 1, 0));

    uint64_t kept = 0, disagree = 0;
    for (uint64_t i = 0; i < rule.generator.sphere.count; ++i) {
        const glm::dvec3 local = glm::dvec3(scene::instanceTransform(rule, i)[3]) / kRadius;
        const glm::vec3 world(glm::dmat3(cell) * local);
        const bool cpu = scene::instanceEnabled(rule, i);
        const bool gpu = atmosphere::land(a, world) > 0.5f;
        kept += cpu;
        if (cpu != gpu) {
            ++disagree;
            const double n = scene::continentsNoise(mask, glm::normalize(local));
            EXPECT_NEAR(n, mask.level, 1e-5) << "candidate " << i << " disagrees far from the coast";
        }
    }
    EXPECT_NEAR(double(kept) / double(rule.generator.sphere.count), 0.28, 0.03);
    EXPECT_LE(disagree, rule.generator.sphere.count / 1000);
}

// The renderer keeps the ground ambient table in an AmbientCache and leaves the sky table's rows to its
// GPU pass: a hit gives the very bytes a recomputation gives, whatever the camera and the sun do; a change of
// the air integrates it again. Without the sky rows, pack() still gives their altitudes and everything
// else it gives with them.
TEST(Atmosphere, AmbientCacheHitsAreExactAndChangedInputsRecompute) {
    const auto bytesEqual = [](const AtmosphereUniforms& x, const AtmosphereUniforms& y) {
        return std::memcmp(&x, &y, sizeof x) == 0;
    };
    scene::Environment env;
    env.sky = scene::Environment::Sky::Atmosphere;
    const glm::vec3 sun = glm::normalize(glm::vec3(0.3f, 0.6f, -0.2f));
    const glm::dvec3 ground(0.0, kRadius + 2.0, 0.0);
    atmosphere::AmbientCache cache;
    const auto cached = [&](const glm::dvec3& camera, const glm::vec3& toSun) {
        return atmosphere::pack(env, glm::dmat4(1.0), camera, toSun,
                                {.ambientCache = &cache, .skyAmbient = false});
    };
    const auto fresh = [&](const glm::dvec3& camera, const glm::vec3& toSun) {
        return atmosphere::pack(env, glm::dmat4(1.0), camera, toSun, {.skyAmbient = false});
    };

    const AtmosphereUniforms first = cached(ground, sun);
    EXPECT_TRUE(bytesEqual(first, fresh(ground, sun)));
    EXPECT_EQ(cache.integrations(), 1u);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(bytesEqual(cached(ground, sun), first));
    EXPECT_EQ(cache.integrations(), 1u);

    // The camera climbs and moves around the planet, the sun sets: the ground table does not change.
    const glm::vec3 evening = glm::normalize(glm::vec3(0.9f, 0.1f, -0.2f));
    for (const glm::dvec3& camera :
         {ground + glm::dvec3(0.0, 5000.0, 0.0), glm::dvec3(kRadius + 2.0, 0.0, 0.0)})
        for (const glm::vec3& toSun : {sun, evening}) {
            const AtmosphereUniforms a = cached(camera, toSun);
            EXPECT_TRUE(bytesEqual(a, fresh(camera, toSun)));
            EXPECT_EQ(std::memcmp(a.groundAmbient, first.groundAmbient, sizeof a.groundAmbient), 0);
        }
    EXPECT_EQ(cache.integrations(), 1u);

    // Thicker air: integrated again, and the same as without the cache.
    env.planet.mieScattering *= 4.0f;
    const AtmosphereUniforms hazy = cached(ground, sun);
    EXPECT_TRUE(bytesEqual(hazy, fresh(ground, sun)));
    EXPECT_NE(std::memcmp(hazy.groundAmbient, first.groundAmbient, sizeof hazy.groundAmbient), 0);
    EXPECT_EQ(cache.integrations(), 2u);
    EXPECT_TRUE(bytesEqual(cached(ground, sun), hazy));
    EXPECT_EQ(cache.integrations(), 2u);

    // The CPU reference's sky rows: what the GPU pass fills in; the rest is the same bytes.
    AtmosphereUniforms reference = atmosphere::pack(env, glm::dmat4(1.0), ground, sun);
    EXPECT_GT(reference.ambient[0].x, 0.0f);
    for (int i = 0; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
        EXPECT_EQ(hazy.ambient[i], glm::vec4(0.0f, 0.0f, 0.0f, reference.ambient[i].w));
        reference.ambient[i] = hazy.ambient[i];
    }
    EXPECT_TRUE(bytesEqual(reference, hazy));
}

}  // namespace
}  // namespace skyhook::render
