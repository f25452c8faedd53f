#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
#include "sky.glsl"
#include "atmosphere.glsl"
layout(set = 1, binding = 0) uniform sampler2D atmoTransmittanceLut;
layout(set = 1, binding = 1) uniform sampler2D atmoSkyViewLut;
layout(set = 1, binding = 2) uniform sampler2D atmoAerialLut;
#define ATMO_READ_VIEW_LUTS
#include "atmosphere_lut.glsl"

// The sky behind everything opaque. With the atmosphere it also draws the planet: where a view ray meets the
// planet, the surface's depth is written (reversed-Z) and the depth test lets nearer geometry win, so
// anything behind the planet is hidden. Elsewhere it writes the far value 0, as the vertex shader would.

layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

void main() {
    vec4 far = VIEW.invViewProj * vec4(inUv * 2.0 - 1.0, 1e-7, 1.0);
    vec3 dir = normalize(far.xyz / far.w);
    gl_FragDepth = 0.0;
    vec3 c;
    if (FRAME.skyMode == SKYHOOK_SKY_COLOR) {
        c = FRAME.sky.rgb * FRAME.sky.w;
    } else if (FRAME.skyMode == SKYHOOK_SKY_PROCEDURAL) {
        c = skyRadiance(dir, -FRAME.sunDirection.xyz, FRAME.sky.rgb, FRAME.sky.w, FRAME.sunDirection.w > 0.0);
    } else {
        AtmosphereUniforms a = FRAME.atmosphere;
        vec3 toSun = -FRAME.sunDirection.xyz;
        vec3 sunIlluminance = FRAME.sunColor.rgb * FRAME.sunDirection.w;  // lux
        float ground;
        vec3 transmittance;
        if (a.radii.w > 0.5) {
            // From the LUTs (render/README.md): the air from the sky-view LUT, the surface per pixel.
            float h = a.up.w;
            ground = atmoRaySphere(atmoPlanetRadius(a) + h, dot(dir, a.up.xyz), h, 0.0, atmoPlanetRadius(a));
            float t0, t1;
            bool hitsGround;
            transmittance = vec3(1.0);
            c = vec3(0.0);
            if (atmoSegment(a, h, dot(dir, a.up.xyz), 3.0e38, t0, t1, hitsGround))
                c = atmoLutSky(a, dir, toSun, ground >= 0.0, transmittance);
            if (ground >= 0.0) {
                float muS = atmoSurfaceSunCosine(a, h, a.up.xyz, dir, toSun, ground);
                c += transmittance *
                     atmoSurface(a, h, a.up.xyz, dir, toSun, ground, atmoLutTransmittance(a, 0.0, muS), true);
            }
            c *= sunIlluminance;
        } else {
            c = atmoViewRay(a, a.up.w, a.up.xyz, dir, toSun, kAtmoSkySteps, 8, true, ground, transmittance) *
                sunIlluminance;
        }
        if (ground >= 0.0) {
            vec4 clip = VIEW.viewProj * vec4(dir * ground, 1.0);
            gl_FragDepth = clamp(clip.z / clip.w, 0.0, 1.0);
        } else {
            // Stars and the sun's disc (its real size and illuminance, limb-darkened), through the air.
            float pixelAngle = 2.0 / (abs(VIEW.proj[1][1]) * VIEW.viewport.y);
            vec3 space = atmoStars(dir, pixelAngle, a.radii.z);
            float cosSun = dot(dir, toSun);
            if (FRAME.sunDirection.w > 0.0 && cosSun > kAtmoSunCosRadius) {
                float x = clamp((1.0 - cosSun) / (1.0 - kAtmoSunCosRadius), 0.0, 1.0);  // ≈ (r / R)²
                float limb = 1.0 - 0.6 * (1.0 - sqrt(1.0 - x));
                space += sunIlluminance / (kAtmoSunSolidAngle * 0.8) * limb;
            }
            c += transmittance * space;
        }
        c = min(c, vec3(kAtmoMaxRadiance));
    }
    outColor = vec4(c, 1.0);
}
