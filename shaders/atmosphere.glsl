// The planet and its atmosphere: single scattering (Rayleigh, Mie, ozone absorption) ray-marched per pixel,
// a cheap isotropic term for multiple scattering, the continents of the planet's surface and a star field.
// See engine/render/README.md ("Atmosphere") for the model, the units and the precision argument.
//
// Written in the common subset of GLSL and C++ (glm): engine/render/atmosphere.cpp includes this file too, so
// the CPU reference the unit tests check, the ambient tables' integral and the shaders run the same code.
// Rules: float literals with an `f`, no swizzles (vec3(v) instead of v.xyz), no structs other than
// AtmosphereUniforms, parameters through ATMO_IN/ATMO_OUT/ATMO_INOUT, every name starts with `atmo`.
#ifndef SKYHOOK_ATMOSPHERE_GLSL
#define SKYHOOK_ATMOSPHERE_GLSL

#ifdef __cplusplus
#define ATMO_IN(T) const T&
#define ATMO_OUT(T) T&
#define ATMO_INOUT(T) T&
#else
#define ATMO_IN(T) in T
#define ATMO_OUT(T) out T
#define ATMO_INOUT(T) inout T
#endif

const float kAtmoPi = 3.14159265f;
// The sun's angular radius (0.53° across) and the solid angle of its disc.
const float kAtmoSunCosRadius = 0.99998918f;  // cos(0.2665°)
const float kAtmoSunSolidAngle = 6.7967e-5f;  // 2π (1 − cos 0.2665°) sr
// Float16 HDR targets hold up to 65504: the sun disc is clamped below that (before exposure).
const float kAtmoMaxRadiance = 60000.0f;

float atmoPlanetRadius(ATMO_IN(AtmosphereUniforms) a) {
    return a.radii.x;
}
float atmoTopAltitude(ATMO_IN(AtmosphereUniforms) a) {
    return a.radii.y - a.radii.x;
}

// Distance along a ray to the sphere at altitude `sphereAlt`, from a point at altitude h (distance r = R + h
// from the centre) whose ray makes cosine mu with the local up; the nearest root ahead, or -1 when missed.
// r² − rs² is written as (h − sphereAlt)(r + rs): the altitudes are small and exact, so there is no
// cancellation between two numbers of 4×10^13; the near root comes from the product of the roots, exact
// for tiny distances (a camera standing on the ground: distance 0 looking down, a miss looking up).
float atmoRaySphere(float r, float mu, float h, float sphereAlt, float rs) {
    float hs = h - sphereAlt;
    float b = r * mu;
    float c = hs * (r + rs);  // r² − rs²
    float disc = b * b - c;
    if (disc < 0.0f) return -1.0f;
    float sq = sqrt(disc);
    if (hs >= 0.0f) {
        if (b >= 0.0f) return -1.0f;  // outside and moving away
        return c / (sq - b);          // near root: c / far root
    }
    // Inside: the exit. Written without cancellation for rays pointing outwards (b > 0).
    return b > 0.0f ? -c / (b + sq) : sq - b;
}

// Altitude at distance t along the ray: |r·up + t·dir| − R without computing |…| − R in float.
float atmoAltitudeAlong(float r, float mu, float h, float t) {
    float d = t * (2.0f * r * mu + t);  // r(t)² − r²
    return h + d / (sqrt(max(r * r + d, 0.0f)) + r);
}

float atmoRayleighDensity(ATMO_IN(AtmosphereUniforms) a, float h) {
    return exp(-max(h, 0.0f) / a.rayleigh.w);
}
float atmoMieDensity(ATMO_IN(AtmosphereUniforms) a, float h) {
    return exp(-max(h, 0.0f) / a.mie.z);
}
float atmoOzoneDensity(ATMO_IN(AtmosphereUniforms) a, float h) {
    return max(0.0f, 1.0f - abs(h - a.ozone.w) / a.ground.x);
}

vec3 atmoExtinction(ATMO_IN(AtmosphereUniforms) a, float h) {
    return vec3(a.rayleigh) * atmoRayleighDensity(a, h) + vec3(a.mie.x + a.mie.y) * atmoMieDensity(a, h) +
           vec3(a.ozone) * atmoOzoneDensity(a, h);
}

// The optical depth from altitude h to the top of the atmosphere along cosine mu, ignoring the planet.
// Samples are spaced quadratically (dense near the start, where the air is densest for rays that climb).
vec3 atmoOpticalDepthToTop(ATMO_IN(AtmosphereUniforms) a, float h, float mu, int steps) {
    float r = atmoPlanetRadius(a) + h;
    float top = atmoTopAltitude(a);
    float tTop = max(atmoRaySphere(r, mu, h, top, a.radii.y), 0.0f);
    vec3 depth = vec3(0.0f);
    float prev = 0.0f;
    for (int i = 1; i <= steps; ++i) {
        float u = float(i) / float(steps);
        float t = tTop * u * u;
        float mid = 0.5f * (prev + t);
        depth += atmoExtinction(a, atmoAltitudeAlong(r, mu, h, mid)) * (t - prev);
        prev = t;
    }
    return depth;
}

// Transmittance from a point at altitude h to the top of the atmosphere along a ray at cosine mu with the
// local up; 0 when the planet is in the way.
vec3 atmoTransmittanceToTop(ATMO_IN(AtmosphereUniforms) a, float h, float mu, int steps) {
    float R = atmoPlanetRadius(a);
    float top = atmoTopAltitude(a);
    if (h >= top) return vec3(1.0f);  // above the atmosphere (callers only ask from inside)
    if (atmoRaySphere(R + h, mu, h, 0.0f, R) >= 0.0f) return vec3(0.0f);
    return exp(-atmoOpticalDepthToTop(a, h, mu, steps));
}

float atmoRayleighPhase(float nu) {
    return 3.0f / (16.0f * kAtmoPi) * (1.0f + nu * nu);
}

// Cornette-Shanks: Henyey-Greenstein with a Rayleigh-like term, normalised over the sphere.
float atmoMiePhase(float g, float nu) {
    float g2 = g * g;
    float k = 3.0f / (8.0f * kAtmoPi) * (1.0f - g2) / (2.0f + g2);
    return k * (1.0f + nu * nu) / pow(max(1.0f + g2 - 2.0f * g * nu, 1e-6f), 1.5f);
}

// The segment of a view ray inside the atmosphere, from a camera at altitude h: [t0, t1], clipped by the
// ground (`hitsGround`) and by `maxDistance`. False when the ray misses the atmosphere.
bool atmoSegment(ATMO_IN(AtmosphereUniforms) a, float h, float mu, float maxDistance, ATMO_OUT(float) t0,
                 ATMO_OUT(float) t1, ATMO_OUT(bool) hitsGround) {
    float R = atmoPlanetRadius(a);
    float top = atmoTopAltitude(a);
    float r = R + h;
    t0 = 0.0f;
    t1 = maxDistance;
    hitsGround = false;
    float tGround = atmoRaySphere(r, mu, h, 0.0f, R);
    if (tGround >= 0.0f && tGround <= maxDistance) {
        t1 = tGround;
        hitsGround = true;
    }
    if (h >= top) {
        float tEnter = atmoRaySphere(r, mu, h, top, a.radii.y);
        if (tEnter < 0.0f || tEnter >= t1) return false;
        t0 = tEnter;
        if (!hitsGround) {
            // The far side of the shell: the exit is the far root of the same sphere.
            float b = r * mu;
            float disc = b * b - (h - top) * (r + a.radii.y);
            t1 = min(t1, sqrt(max(disc, 0.0f)) - b);
        }
    } else if (!hitsGround) {
        t1 = min(t1, atmoRaySphere(r, mu, h, top, a.radii.y));
    }
    return t1 > t0;
}

// The sun's transmittance at a sample: marched (the reference) unless the includer defines this macro (the
// LUT passes read it from the transmittance LUT; see shaders/atmosphere_lut.glsl).
#ifndef ATMO_SUN_TRANSMITTANCE
#define ATMO_SUN_TRANSMITTANCE(a, h, mu, steps) atmoTransmittanceToTop(a, h, mu, steps)
#endif

// One step [prev, t] of a view ray from a camera at altitude h (r = R + h, cosine mu with the local up, sun
// at cosine muS0, nu = dot(dir, toSun)): adds the sunlight scattered towards the camera without the phase
// functions, Rayleigh and Mie apart (the phases depend only on nu, constant along the ray, so they factor
// out exactly), and multiplies the transmittance. Energy-conserving step (Hillaire 2020).
void atmoScatterStep(ATMO_IN(AtmosphereUniforms) a, float r, float mu, float h, float muS0, float nu,
                     float prev, float t, int sunSteps, ATMO_INOUT(vec3) rayleighSum, ATMO_INOUT(vec3) mieSum,
                     ATMO_INOUT(vec3) transmittance) {
    float R = atmoPlanetRadius(a);
    float mid = 0.5f * (prev + t);
    float dt = t - prev;
    float hs = atmoAltitudeAlong(r, mu, h, mid);
    float rs = R + max(hs, 0.0f);
    float muS = clamp((r * muS0 + mid * nu) / rs, -1.0f, 1.0f);
    vec3 sun = ATMO_SUN_TRANSMITTANCE(a, max(hs, 0.0f), muS, sunSteps);
    vec3 rayleigh = vec3(a.rayleigh) * atmoRayleighDensity(a, hs);
    float mie = a.mie.x * atmoMieDensity(a, hs);
    vec3 extinction = atmoExtinction(a, hs);
    vec3 stepT = exp(-extinction * dt);
    vec3 weight = transmittance * sun * (vec3(1.0f) - stepT) / max(extinction, vec3(1e-30f));
    rayleighSum += weight * rayleigh;
    mieSum += weight * mie;
    transmittance *= stepT;
}

// Where the i-th of `steps` samples of [t0, t1] lies: quadratic spacing from the camera when it is inside
// the air (density falls away from it), even spacing from space (the densest air is anywhere along the ray).
float atmoSampleDistance(float t0, float t1, float u) {
    return t0 + (t1 - t0) * (t0 <= 0.0f ? u * u : u);
}

// The phase-free sums of the in-scattering along [t0, t1] and its transmittance (see atmoScatterStep).
void atmoInScatterParts(ATMO_IN(AtmosphereUniforms) a, float h, vec3 up, vec3 dir, vec3 toSun, float t0,
                        float t1, int steps, int sunSteps, ATMO_OUT(vec3) rayleighSum, ATMO_OUT(vec3) mieSum,
                        ATMO_OUT(vec3) transmittance) {
    float r = atmoPlanetRadius(a) + h;
    float mu = dot(dir, up);
    float muS0 = dot(toSun, up);
    float nu = dot(dir, toSun);
    rayleighSum = vec3(0.0f);
    mieSum = vec3(0.0f);
    transmittance = vec3(1.0f);
    float prev = t0;
    for (int i = 1; i <= steps; ++i) {
        float t = atmoSampleDistance(t0, t1, float(i) / float(steps));
        atmoScatterStep(a, r, mu, h, muS0, nu, prev, t, sunSteps, rayleighSum, mieSum, transmittance);
        prev = t;
    }
}

// Radiance per lux from the phase-free sums for a view ray at cosine nu with the sun: single scattering plus
// an isotropic multiple-scattering term, each sample also receiving `0.6 + 0.6 × ground albedo` of the
// sunlight reaching it, scattered evenly (a stand-in for Hillaire's multiple-scattering LUT; see
// render/README.md).
vec3 atmoPhased(ATMO_IN(AtmosphereUniforms) a, float nu, vec3 rayleighSum, vec3 mieSum) {
    float msFactor = 0.6f + 0.6f * a.ground.y;
    return rayleighSum * (atmoRayleighPhase(nu) + msFactor / (4.0f * kAtmoPi)) +
           mieSum * (atmoMiePhase(a.mie.w, nu) + msFactor / (4.0f * kAtmoPi));
}

// Light scattered towards the camera along [t0, t1] of a ray from a camera at altitude h (local `up`) in
// direction `dir`, per unit of sun illuminance (so × lux gives cd/m²), and the transmittance of the segment.
vec3 atmoInScatter(ATMO_IN(AtmosphereUniforms) a, float h, vec3 up, vec3 dir, vec3 toSun, float t0, float t1,
                   int steps, int sunSteps, ATMO_OUT(vec3) transmittance) {
    vec3 rayleighSum = vec3(0.0f);
    vec3 mieSum = vec3(0.0f);
    atmoInScatterParts(a, h, up, dir, toSun, t0, t1, steps, sunSteps, rayleighSum, mieSum, transmittance);
    return atmoPhased(a, dot(dir, toSun), rayleighSum, mieSum);
}

// ---- The continents: the CPU's continentsNoise (engine/scene/rules.cpp) in 64-bit integers and float. ----

uint64_t atmoSplitMix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ul;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBul;
    x ^= x >> 31;
    return x;
}

uint64_t atmoHash(uint64_t seed, uint64_t i, uint64_t stream) {
    return atmoSplitMix(atmoSplitMix(seed + stream * 0x632BE59BD9B4E019ul) ^ (i + 0x9E3779B97F4A7C15ul));
}

// [0, 1) from the top 24 bits (the CPU takes 53: the difference is below 10^-7).
float atmoUnit(uint64_t h) {
    return float(h >> 40) * (1.0f / 16777216.0f);
}

float atmoLattice(uint64_t seed, int64_t x, int64_t y, int64_t z) {
    uint64_t key = uint64_t(x) * 0x8CB92BA72F3D8DD7ul ^ uint64_t(y) * 0xD6E8FEB86659FD93ul ^ uint64_t(z);
    return atmoUnit(atmoHash(seed, key, 3ul));
}

float atmoValueNoise(vec3 p, uint64_t seed) {
    vec3 cell = floor(p);
    vec3 f = p - cell;
    vec3 w = f * f * (vec3(3.0f) - 2.0f * f);
    int64_t x = int64_t(cell.x), y = int64_t(cell.y), z = int64_t(cell.z);
    float x00 = mix(atmoLattice(seed, x, y, z), atmoLattice(seed, x + 1l, y, z), w.x);
    float x10 = mix(atmoLattice(seed, x, y + 1l, z), atmoLattice(seed, x + 1l, y + 1l, z), w.x);
    float x01 = mix(atmoLattice(seed, x, y, z + 1l), atmoLattice(seed, x + 1l, y, z + 1l), w.x);
    float x11 = mix(atmoLattice(seed, x, y + 1l, z + 1l), atmoLattice(seed, x + 1l, y + 1l, z + 1l), w.x);
    return mix(mix(x00, x10, w.y), mix(x01, x11, w.y), w.z);
}

// fbm over octaves at doubling frequencies and halving amplitudes, normalised to [0, 1).
float atmoContinentsNoise(uint64_t seed, float frequency, uint octaves, vec3 direction) {
    float sum = 0.0f, amplitude = 0.5f, norm = 0.0f;
    for (uint o = 0u; o < octaves; ++o) {
        sum += amplitude * atmoValueNoise(direction * frequency + vec3(17.0f * float(o)), seed + uint64_t(o));
        norm += amplitude;
        amplitude *= 0.5f;
        frequency *= 2.0f;
    }
    return norm > 0.0f ? sum / norm : 0.0f;
}

// Land (1) or ocean (0) at a unit direction in world space, through the planet's frame.
float atmoLand(ATMO_IN(AtmosphereUniforms) a, vec3 worldDirection) {
    if (a.ocean.w < 0.5f) return 0.0f;
    vec3 d = vec3(dot(worldDirection, vec3(a.planetAxes[0])), dot(worldDirection, vec3(a.planetAxes[1])),
                  dot(worldDirection, vec3(a.planetAxes[2])));
    uint64_t seed = uint64_t(a.continents.x) | (uint64_t(a.continents.y) << 32);
    float n = atmoContinentsNoise(seed, a.ground.w, a.continents.z, d);
    return n >= a.ground.z ? 1.0f : 0.0f;
}

// ---- Stars: one candidate per cell of a 3D grid around the unit sphere, hashed. ----

// Radiance of the star field in direction `dir` (unit) for pixels `pixelAngle` radians across: stars are
// drawn about 1.5 pixels wide whatever the resolution; the brightest reach `intensity`.
vec3 atmoStars(vec3 dir, float pixelAngle, float intensity) {
    const float grid = 120.0f;
    vec3 p = dir * grid;
    vec3 cell = floor(p);
    uint64_t key = uint64_t(int64_t(cell.x) + 4096l) | (uint64_t(int64_t(cell.y) + 4096l) << 16) |
                   (uint64_t(int64_t(cell.z) + 4096l) << 32);
    uint64_t h = atmoHash(0x5EED5EEDul, key, 7ul);
    if (atmoUnit(h) > 0.035f) return vec3(0.0f);  // about 6,000 stars over the sky
    vec3 jitter = vec3(atmoUnit(atmoHash(0ul, key, 8ul)), atmoUnit(atmoHash(0ul, key, 9ul)),
                       atmoUnit(atmoHash(0ul, key, 10ul)));
    vec3 star = normalize(cell + vec3(0.2f) + 0.6f * jitter);
    float angle = length(dir - star);  // chord ≈ angle for tiny angles
    float size = 0.75f * pixelAngle;
    float profile = exp(-angle * angle / (size * size));
    float b = atmoUnit(atmoHash(0ul, key, 11ul));
    float b2 = b * b;
    float brightness = b2 * b2 * b2 * b2;  // many faint stars, few bright ones
    float temperature = atmoUnit(atmoHash(0ul, key, 12ul));
    vec3 tint = mix(vec3(1.0f, 0.75f, 0.55f), vec3(0.7f, 0.8f, 1.0f), temperature);
    return tint * (intensity * brightness * profile);
}

// ---- Ambient tables (AtmosphereUniforms.ambient / groundAmbient; their integral is below). ----

// Sky illuminance per lux of sunlight on a surface facing up at altitude h (the camera's sun angle).
vec3 atmoAmbientAt(ATMO_IN(AtmosphereUniforms) a, float h) {
    if (h <= a.ambient[0].w) return vec3(a.ambient[0]);
    for (int i = 1; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
        if (h < a.ambient[i].w) {
            float f = (h - a.ambient[i - 1].w) / max(a.ambient[i].w - a.ambient[i - 1].w, 1e-3f);
            return mix(vec3(a.ambient[i - 1]), vec3(a.ambient[i]), f);
        }
    }
    return vec3(0.0f);  // above the atmosphere: black sky
}

// Sky illuminance per lux of sunlight on the ground for the sun at cosine muS.
vec3 atmoGroundAmbient(ATMO_IN(AtmosphereUniforms) a, float muS) {
    if (muS <= a.groundAmbient[0].w) return vec3(a.groundAmbient[0]);
    for (int i = 1; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
        if (muS < a.groundAmbient[i].w) {
            float f = (muS - a.groundAmbient[i - 1].w) /
                      max(a.groundAmbient[i].w - a.groundAmbient[i - 1].w, 1e-6f);
            return mix(vec3(a.groundAmbient[i - 1]), vec3(a.groundAmbient[i]), f);
        }
    }
    return vec3(a.groundAmbient[SKYHOOK_AMBIENT_LEVELS - 1]);
}

// ---- A whole view ray. ----

// Radiance per lux leaving the planet's surface towards the camera (before the air in between) where a view
// ray along `dir` from altitude h (local `up`) meets it at `groundDistance`; `sunTransmittance` is the
// sunlight's transmittance to the ground at the sun's cosine there, which the caller passes in (marched or
// from the LUT: atmoSurfaceSunCosine gives the cosine).
float atmoSurfaceSunCosine(ATMO_IN(AtmosphereUniforms) a, float h, vec3 up, vec3 dir, vec3 toSun,
                           float groundDistance) {
    vec3 n = normalize(up * (atmoPlanetRadius(a) + h) + dir * groundDistance);
    return dot(n, toSun);
}
vec3 atmoSurface(ATMO_IN(AtmosphereUniforms) a, float h, vec3 up, vec3 dir, vec3 toSun, float groundDistance,
                 vec3 sunTransmittance, bool groundAmbient) {
    vec3 n = normalize(up * (atmoPlanetRadius(a) + h) + dir * groundDistance);
    float muS = dot(n, toSun);
    float land = atmoLand(a, n);
    vec3 albedo = mix(vec3(a.ocean), vec3(a.land), land);
    vec3 skyLight = groundAmbient ? atmoGroundAmbient(a, muS) : vec3(0.0f);
    vec3 irradiance = sunTransmittance * max(muS, 0.0f) + skyLight;
    // Water mirrors the sky (Schlick's Fresnel, the sky's mean radiance E / π): bright at grazing angles.
    float c = 1.0f - clamp(-dot(dir, n), 0.0f, 1.0f);
    float fresnel = (1.0f - land) * (0.02f + 0.98f * c * c * c * c * c);
    return (albedo * (1.0f - fresnel) * irradiance + fresnel * skyLight) * (1.0f / kAtmoPi);
}

// Radiance per lux of sunlight along `dir` from a camera at altitude h (local `up`): the air's in-scattering
// and, where the ray meets the planet, its lit surface seen through the air. Sun disc and stars are not
// included (the caller adds them through `transmittance` where groundDistance < 0). `groundAmbient` adds
// the sky's light to the surface from the table (off while the CPU integrates that very table).
vec3 atmoViewRay(ATMO_IN(AtmosphereUniforms) a, float h, vec3 up, vec3 dir, vec3 toSun, int steps,
                 int sunSteps, bool groundAmbient, ATMO_OUT(float) groundDistance,
                 ATMO_OUT(vec3) transmittance) {
    float R = atmoPlanetRadius(a);
    float r = R + h;
    float mu = dot(dir, up);
    groundDistance = atmoRaySphere(r, mu, h, 0.0f, R);
    transmittance = vec3(1.0f);
    vec3 radiance = vec3(0.0f);
    float t0 = 0.0f, t1 = 0.0f;
    bool hitsGround = false;
    if (atmoSegment(a, h, mu, 3.0e38f, t0, t1, hitsGround))
        radiance = atmoInScatter(a, h, up, dir, toSun, t0, t1, steps, sunSteps, transmittance);
    if (groundDistance >= 0.0f) {
        float muS = atmoSurfaceSunCosine(a, h, up, dir, toSun, groundDistance);
        vec3 sun = atmoTransmittanceToTop(a, 0.0f, muS, sunSteps);
        radiance += transmittance * atmoSurface(a, h, up, dir, toSun, groundDistance, sun, groundAmbient);
    }
    return radiance;
}

// ---- The ambient tables' integral: sky illuminance per lux of sunlight on a surface facing up at altitude
// h, over the upper hemisphere cosine-weighted in 6 bands of equal dμ × 8 azimuths. The CPU integrates the
// ground table (and, as the reference, the sky table); the atmosphere.ambient pass integrates the sky table
// each frame with the same samples, summed in the same order. ----
const int kAtmoAmbientBands = 6;
const int kAtmoAmbientAzimuths = 8;
const int kAtmoAmbientDirections = kAtmoAmbientBands * kAtmoAmbientAzimuths;
const int kAtmoAmbientSteps = 12;
const int kAtmoAmbientSunSteps = 6;

// Direction n (band-major) of the integral: radiance per lux along it times its cosine.
vec3 atmoAmbientSample(ATMO_IN(AtmosphereUniforms) a, float h, vec3 toSun, int n) {
    int j = n / kAtmoAmbientAzimuths;
    int k = n - j * kAtmoAmbientAzimuths;
    float mu = (float(j) + 0.5f) / float(kAtmoAmbientBands);
    float s = sqrt(max(0.0f, 1.0f - mu * mu));
    float phi = (float(k) + 0.5f) * 6.2831853f / float(kAtmoAmbientAzimuths);
    vec3 dir = vec3(s * cos(phi), mu, s * sin(phi));
    float ground = 0.0f;
    vec3 transmittance = vec3(1.0f);
    return atmoViewRay(a, h, vec3(0.0f, 1.0f, 0.0f), dir, toSun, kAtmoAmbientSteps, kAtmoAmbientSunSteps,
                       false, ground, transmittance) *
           mu;
}

// The integral from the sum of every sample (in order n = 0, 1, ...): each stands for dμ × dφ.
vec3 atmoAmbientIntegral(vec3 sum) {
    return sum * (1.0f / float(kAtmoAmbientBands)) * (6.2831853f / float(kAtmoAmbientAzimuths));
}

// ---- Look-up tables (engine/render/README.md, "Atmosphere"): their parameterisations, shared with the CPU
// so tests can check them. The LUT passes evaluate the functions above at texel centres. ----

// The transmittance LUT: T(h, mu) to the top of the atmosphere for rays that miss the ground (Bruneton
// 2017): u from the distance to the top between its least and greatest values, v = ρ / H, ρ the distance
// to the horizon, H = ρ at the top. Texel centres sit exactly on the range ends.
const int kAtmoTransmittanceWidth = 256;
const int kAtmoTransmittanceHeight = 64;
float atmoUnitToTexel(float x, float n) {
    return (0.5f + x * (n - 1.0f)) / n;
}
float atmoTexelToUnit(float u, float n) {
    return (u * n - 0.5f) / (n - 1.0f);
}

vec2 atmoTransmittanceUv(ATMO_IN(AtmosphereUniforms) a, float h, float mu) {
    float R = atmoPlanetRadius(a);
    float top = atmoTopAltitude(a);
    h = clamp(h, 0.0f, top);
    float H = sqrt(top * (a.radii.y + R));
    float rho = sqrt(h * (2.0f * R + h));
    float d = max(atmoRaySphere(R + h, mu, h, top, a.radii.y), 0.0f);
    float dMin = top - h;
    float dMax = rho + H;
    float xMu = (d - dMin) / max(dMax - dMin, 1e-3f);
    return vec2(atmoUnitToTexel(clamp(xMu, 0.0f, 1.0f), float(kAtmoTransmittanceWidth)),
                atmoUnitToTexel(rho / H, float(kAtmoTransmittanceHeight)));
}

// The inverse: the altitude and cosine a texel coordinate stands for.
void atmoTransmittanceParams(ATMO_IN(AtmosphereUniforms) a, vec2 uv, ATMO_OUT(float) h, ATMO_OUT(float) mu) {
    float R = atmoPlanetRadius(a);
    float top = atmoTopAltitude(a);
    float H = sqrt(top * (a.radii.y + R));
    float xMu = clamp(atmoTexelToUnit(uv.x, float(kAtmoTransmittanceWidth)), 0.0f, 1.0f);
    float rho = H * clamp(atmoTexelToUnit(uv.y, float(kAtmoTransmittanceHeight)), 0.0f, 1.0f);
    h = min(rho * rho / (sqrt(rho * rho + R * R) + R), top);
    float r = R + h;
    float dMin = top - h;
    float d = dMin + xMu * (rho + H - dMin);
    mu = d <= 0.0f ? 1.0f : clamp(((top - h) * (a.radii.y + r) - d * d) / (2.0f * r * d), -1.0f, 1.0f);
}

// The sky-view LUT and the aerial-perspective volume share one parameterisation of directions around the
// camera: x = the azimuth from the sun's vertical plane / π (the sky is symmetric about it), and the zenith
// angle θ split at the horizon θh: sky rows from the horizon up to the zenith (or, from space, to the top
// of the atmosphere's limb) and ground rows from the horizon down to the nadir, y = sqrt of the angular
// distance from the horizon over its range (dense rows at the horizon, where the sky changes fastest).
// Ground and sky rows never blend: each half's texel centres sit on its range ends.
void atmoDirectionRange(ATMO_IN(AtmosphereUniforms) a, float h, ATMO_OUT(float) thetaH,
                        ATMO_OUT(float) thetaMin) {
    float R = atmoPlanetRadius(a);
    float top = atmoTopAltitude(a);
    float r = R + h;
    thetaH = acos(clamp(-sqrt(max(h, 0.0f) * (2.0f * R + h)) / r, -1.0f, 1.0f));
    thetaMin = h >= top ? acos(clamp(-sqrt((h - top) * (r + a.radii.y)) / r, -1.0f, 1.0f)) : 0.0f;
}

// x, y (both [0, 1]) of a direction with cosine mu to up and cosine cosAzimuth between its horizontal part
// and the sun's; `ground`: the ray meets the planet (the caller's ray-sphere test decides, so the half
// agrees).
vec2 atmoDirectionCoords(ATMO_IN(AtmosphereUniforms) a, float h, float mu, float cosAzimuth, bool ground) {
    float thetaH = 0.0f, thetaMin = 0.0f;
    atmoDirectionRange(a, h, thetaH, thetaMin);
    float theta = acos(clamp(mu, -1.0f, 1.0f));
    float y = ground ? (theta - thetaH) / max(kAtmoPi - thetaH, 1e-6f)
                     : (thetaH - theta) / max(thetaH - thetaMin, 1e-6f);
    return vec2(acos(clamp(cosAzimuth, -1.0f, 1.0f)) / kAtmoPi, sqrt(clamp(y, 0.0f, 1.0f)));
}

// The inverse: the zenith angle and azimuth of grid coordinates.
void atmoDirectionAngles(ATMO_IN(AtmosphereUniforms) a, float h, vec2 xy, bool ground, ATMO_OUT(float) theta,
                         ATMO_OUT(float) azimuth) {
    float thetaH = 0.0f, thetaMin = 0.0f;
    atmoDirectionRange(a, h, thetaH, thetaMin);
    float y2 = xy.y * xy.y;
    theta = ground ? thetaH + y2 * (kAtmoPi - thetaH) : thetaH - y2 * (thetaH - thetaMin);
    azimuth = xy.x * kAtmoPi;
}

// Texture coordinates in a grid image of `tileW` × `tileH` tiles laid out as `columns` × `rows`: tile
// (column, row) holds a w × h grid of directions (h even: rows below h / 2 are ground rays, nadir first).
vec2 atmoGridUv(vec2 xy, bool ground, float column, float row, float w, float h, float columns, float rows) {
    float half_ = 0.5f * h;
    float texelX = 0.5f + xy.x * (w - 1.0f);
    float texelY = ground ? half_ - 0.5f - xy.y * (half_ - 1.0f) : half_ + 0.5f + xy.y * (half_ - 1.0f);
    return vec2((column * w + texelX) / (columns * w), (row * h + texelY) / (rows * h));
}

// The sky-view LUT: 192 × 128 directions, three tiles side by side (Rayleigh sums, Mie sums, transmittance).
const int kAtmoSkyViewWidth = 192;
const int kAtmoSkyViewHeight = 128;
// The aerial-perspective volume: 64 × 64 directions × 32 distance slices (tile rows) × the same three tiles
// (columns). Slice k lies at atmoSampleDistance(t0, t1, k / 31) of the direction's whole segment in the air.
const int kAtmoAerialWidth = 64;
const int kAtmoAerialHeight = 64;
const int kAtmoAerialSlices = 32;
const int kAtmoAerialSubsteps = 2;  // march samples between two slices
// Samples per ray: the transmittance LUT's texels (the reference marches kSunSteps = 8 at every sample) and
// the sky-view LUT's directions (as the reference sky pass).
const int kAtmoTransmittanceLutSteps = 8;
const int kAtmoSkySteps = 24;

// The cosine of the azimuth between a direction and the sun, both taken horizontal at `up` (1 when either
// is vertical: the sky is then symmetric).
float atmoCosAzimuth(vec3 up, vec3 dir, vec3 toSun) {
    vec3 d = dir - up * dot(dir, up);
    vec3 s = toSun - up * dot(toSun, up);
    float len2 = dot(d, d) * dot(s, s);
    return len2 > 1e-12f ? dot(d, s) / sqrt(len2) : 1.0f;
}

#endif
