#version 460
// The sky-view LUT (atmosphere.glsl): for each direction around the camera (a.up), the phase-free Rayleigh
// and Mie sums of the light scattered along the whole ray through the air and its transmittance, marched
// exactly as the reference sky pass marches (kAtmoSkySteps samples), with the sun's transmittance from the
// transmittance LUT. Every frame; all views share it (they share the first view's atmosphere).
#include "common.glsl"
#include "atmo_view_lut.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 1, binding = 4, rgba32f) uniform writeonly image2D lut;

void main() {
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= kAtmoSkyViewWidth || p.y >= kAtmoSkyViewHeight) return;
    AtmosphereUniforms a = FRAME.atmosphere;
    bool groundRow;
    vec3 dir = atmoGridDirection(a, p, kAtmoSkyViewWidth, kAtmoSkyViewHeight, groundRow);
    vec3 up = vec3(0.0, 1.0, 0.0);
    vec3 rayleighSum = vec3(0.0), mieSum = vec3(0.0), transmittance = vec3(1.0);
    float t0, t1;
    bool ground;
    if (atmoSegment(a, a.up.w, dir.y, 3.0e38, t0, t1, ground))
        atmoInScatterParts(a, a.up.w, up, dir, atmoLocalSun(a), t0, t1, kAtmoSkySteps, 0, rayleighSum, mieSum,
                           transmittance);
    const int w = kAtmoSkyViewWidth;
    imageStore(lut, p, vec4(rayleighSum, 1.0));
    imageStore(lut, ivec2(p.x + w, p.y), vec4(mieSum, 1.0));
    imageStore(lut, ivec2(p.x + 2 * w, p.y), vec4(transmittance, 1.0));
}
