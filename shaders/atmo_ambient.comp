#version 460
// The sky's ambient table for this frame (AtmosphereUniforms::ambient): illuminance per lux of sunlight from
// the sky on an up-facing surface at each row's altitude (w, set by the CPU), for the sun's angle at the
// camera. It changes as the camera moves, so the GPU integrates it every frame instead of the CPU: one
// workgroup per row, one invocation per direction of the hemisphere (atmoAmbientSample, summed in the CPU
// reference's order). The rows are written into this frame's uniforms, which forward.frag reads after.
#include "common.glsl"
#include "atmosphere.glsl"

layout(local_size_x = 64) in;

layout(buffer_reference, scalar) buffer FrameWriteRef {
    FrameUniforms f;
};

shared vec3 samples[kAtmoAmbientDirections];

void main() {
    uint row = gl_WorkGroupID.x;
    uint n = gl_LocalInvocationIndex;
    float h = FRAME.atmosphere.ambient[row].w;
    if (n < uint(kAtmoAmbientDirections)) {
        AtmosphereUniforms a = FRAME.atmosphere;
        // As the CPU reference: the sun's cosine at the camera, in the camera's local frame.
        float muS = dot(a.up.xyz, -FRAME.sunDirection.xyz);
        vec3 toSun = vec3(sqrt(max(0.0, 1.0 - muS * muS)), muS, 0.0);
        samples[n] = atmoAmbientSample(a, h, toSun, int(n));
    }
    barrier();
    if (n != 0u) return;
    vec3 sum = vec3(0.0);
    for (int i = 0; i < kAtmoAmbientDirections; ++i) sum += samples[i];
    FrameWriteRef(uint64_t(pc.frame)).f.atmosphere.ambient[row] = vec4(atmoAmbientIntegral(sum), h);
}
