#version 460
#include "common.glsl"
#include "sky.glsl"

layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

void main() {
    FrameUniforms f = pc.frame.f;
    ViewUniforms v = f.views[pc.viewIndex];
    vec4 far = v.invViewProj * vec4(inUv * 2.0 - 1.0, 1e-7, 1.0);
    vec3 dir = normalize(far.xyz / far.w);
    vec3 c = f.skyMode == 1u ? f.sky.rgb * f.sky.w
                              : skyRadiance(dir, -f.sunDirection.xyz, f.sky.rgb, f.sky.w, f.sunDirection.w > 0.0);
    outColor = vec4(c, 1.0);
}
