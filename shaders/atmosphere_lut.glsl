// Reading the atmosphere's look-up tables (GLSL only): the transmittance LUT, the sky-view LUT and the
// aerial-perspective volume, whose parameterisations are in atmosphere.glsl. Include after atmosphere.glsl.
// The includer declares the samplers it reads (atmoTransmittanceLut, and for the other two functions
// atmoSkyViewLut and atmoAerialLut): set 1, bindings 0, 1 and 2.
#ifndef SKYHOOK_ATMOSPHERE_LUT_GLSL
#define SKYHOOK_ATMOSPHERE_LUT_GLSL

// The transmittance from altitude h to the top along cosine mu: 0 through the planet, 1 above the air.
vec3 atmoLutTransmittance(AtmosphereUniforms a, float h, float mu) {
    float R = atmoPlanetRadius(a);
    if (h >= atmoTopAltitude(a)) return vec3(1.0);
    if (atmoRaySphere(R + max(h, 0.0), mu, max(h, 0.0), 0.0, R) >= 0.0) return vec3(0.0);
    return textureLod(atmoTransmittanceLut, atmoTransmittanceUv(a, max(h, 0.0), mu), 0.0).rgb;
}

#ifdef ATMO_READ_VIEW_LUTS
// A view ray from the camera (a.up): radiance per lux in-scattered along the whole ray through the air (to
// the ground where it meets the planet) and its transmittance, from the sky-view LUT.
vec3 atmoLutSky(AtmosphereUniforms a, vec3 dir, vec3 toSun, bool ground, out vec3 transmittance) {
    float h = a.up.w;
    vec3 up = a.up.xyz;
    vec2 xy = atmoDirectionCoords(a, h, dot(dir, up), atmoCosAzimuth(up, dir, toSun), ground);
    const float w = float(kAtmoSkyViewWidth), hh = float(kAtmoSkyViewHeight);
    vec3 rayleighSum = textureLod(atmoSkyViewLut, atmoGridUv(xy, ground, 0.0, 0.0, w, hh, 3.0, 1.0), 0.0).rgb;
    vec3 mieSum = textureLod(atmoSkyViewLut, atmoGridUv(xy, ground, 1.0, 0.0, w, hh, 3.0, 1.0), 0.0).rgb;
    transmittance = textureLod(atmoSkyViewLut, atmoGridUv(xy, ground, 2.0, 0.0, w, hh, 3.0, 1.0), 0.0).rgb;
    return atmoPhased(a, dot(dir, toSun), rayleighSum, mieSum);
}

// The air between the camera (a.up) and a point `distance` away along `dir`: radiance per lux in-scattered
// and the transmittance, from the aerial-perspective volume. Between two slices the values are interpolated
// linearly in distance (the in-scattering of a short path grows linearly with its length).
vec3 atmoLutAerial(AtmosphereUniforms a, vec3 dir, float distance, vec3 toSun, out vec3 transmittance) {
    float h = a.up.w;
    vec3 up = a.up.xyz;
    float mu = dot(dir, up);
    transmittance = vec3(1.0);
    float t0, t1;
    bool ground;
    if (!atmoSegment(a, h, mu, 3.0e38, t0, t1, ground) || distance <= t0) return vec3(0.0);
    float f = clamp((distance - t0) / (t1 - t0), 0.0, 1.0);
    float x = t0 <= 0.0 ? sqrt(f) : f;
    const float slices = float(kAtmoAerialSlices);
    float k = min(floor(x * (slices - 1.0)), slices - 2.0);
    float ta = atmoSampleDistance(t0, t1, k / (slices - 1.0));
    float tb = atmoSampleDistance(t0, t1, (k + 1.0) / (slices - 1.0));
    float wgt = clamp((distance - ta) / max(tb - ta, 1e-6), 0.0, 1.0);
    vec2 xy = atmoDirectionCoords(a, h, mu, atmoCosAzimuth(up, dir, toSun), ground);
    const float w = float(kAtmoAerialWidth), hh = float(kAtmoAerialHeight);
    vec3 v[6];
    for (int layer = 0; layer < 3; ++layer)
        for (int s = 0; s < 2; ++s)
            v[layer * 2 + s] =
                textureLod(atmoAerialLut, atmoGridUv(xy, ground, float(layer), k + float(s), w, hh, 3.0, slices), 0.0)
                    .rgb;
    transmittance = mix(v[4], v[5], wgt);
    return atmoPhased(a, dot(dir, toSun), mix(v[0], v[1], wgt), mix(v[2], v[3], wgt));
}
#endif

#endif
