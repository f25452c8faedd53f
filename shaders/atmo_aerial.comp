#version 460
// The aerial-perspective volume (atmosphere.glsl): for each direction around the camera (a.up), the
// phase-free Rayleigh and Mie sums and the transmittance from the camera to each of kAtmoAerialSlices
// distances along the ray's segment in the air, spaced as the reference spaces its samples. One march per
// direction (kAtmoAerialSubsteps samples between slices) writes every slice. Every frame, shared by all views.
#include "common.glsl"
#include "atmo_view_lut.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 1, binding = 4, rgba32f) uniform writeonly image2D lut;

void main() {
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= kAtmoAerialWidth || p.y >= kAtmoAerialHeight) return;
    AtmosphereUniforms a = FRAME.atmosphere;
    bool groundRow;
    vec3 dir = atmoGridDirection(a, p, kAtmoAerialWidth, kAtmoAerialHeight, groundRow);
    vec3 toSun = atmoLocalSun(a);
    vec3 rayleighSum = vec3(0.0), mieSum = vec3(0.0), transmittance = vec3(1.0);
    const int w = kAtmoAerialWidth, hh = kAtmoAerialHeight;
    float t0, t1;
    bool ground;
    bool inAir = atmoSegment(a, a.up.w, dir.y, 3.0e38, t0, t1, ground);
    float h = a.up.w;
    float r = atmoPlanetRadius(a) + h;
    const int steps = (kAtmoAerialSlices - 1) * kAtmoAerialSubsteps;
    float prev = t0;
    for (int k = 0; k < kAtmoAerialSlices; ++k) {
        if (k > 0 && inAir) {
            for (int i = (k - 1) * kAtmoAerialSubsteps + 1; i <= k * kAtmoAerialSubsteps; ++i) {
                float t = atmoSampleDistance(t0, t1, float(i) / float(steps));
                atmoScatterStep(a, r, dir.y, h, toSun.y, dot(dir, toSun), prev, t, 0, rayleighSum, mieSum,
                                transmittance);
                prev = t;
            }
        }
        int y = k * hh + p.y;
        imageStore(lut, ivec2(p.x, y), vec4(rayleighSum, 1.0));
        imageStore(lut, ivec2(p.x + w, y), vec4(mieSum, 1.0));
        imageStore(lut, ivec2(p.x + 2 * w, y), vec4(transmittance, 1.0));
    }
}
