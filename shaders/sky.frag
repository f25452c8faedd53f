#version 460
#include "common.glsl"
#include "sky.glsl"

layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

void main() {
    vec4 far = VIEW.invViewProj * vec4(inUv * 2.0 - 1.0, 1e-7, 1.0);
    vec3 dir = normalize(far.xyz / far.w);
    vec3 c = FRAME.skyMode == 1u ? FRAME.sky.rgb * FRAME.sky.w
                              : skyRadiance(dir, -FRAME.sunDirection.xyz, FRAME.sky.rgb, FRAME.sky.w, FRAME.sunDirection.w > 0.0);
    outColor = vec4(c, 1.0);
}
