#version 460
// The atmosphere's transmittance LUT (atmosphere.glsl, atmoTransmittanceUv): T(h, mu) to the top of the air,
// marched with the reference's own function. Recomputed only when the atmosphere's parameters change.
#include "common.glsl"
#include "atmosphere.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 1, binding = 4, rgba32f) uniform writeonly image2D lut;

void main() {
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= kAtmoTransmittanceWidth || p.y >= kAtmoTransmittanceHeight) return;
    AtmosphereUniforms a = FRAME.atmosphere;
    vec2 uv = (vec2(p) + 0.5) / vec2(kAtmoTransmittanceWidth, kAtmoTransmittanceHeight);
    float h, mu;
    atmoTransmittanceParams(a, uv, h, mu);
    // Without the ground test: texels on the horizon column must not blend towards 0.
    imageStore(lut, p, vec4(exp(-atmoOpticalDepthToTop(a, h, mu, kAtmoTransmittanceLutSteps)), 1.0));
}
