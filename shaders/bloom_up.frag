#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// Bloom upsample: 3x3 tent filter of the smaller level, added (blend) onto the larger one.
// pc.params.xy = source texel size, pc.params.w = filter radius in texels.
layout(set = 1, binding = 0) uniform sampler2DArray src;  // a layer per view
layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

void main() {
    vec2 t = pc.params.xy * pc.params.w;
    vec3 s = texture(src, vec3(inUv + vec2(-t.x, -t.y), gl_ViewIndex)).rgb;
    s += texture(src, vec3(inUv + vec2(0.0, -t.y), gl_ViewIndex)).rgb * 2.0;
    s += texture(src, vec3(inUv + vec2(t.x, -t.y), gl_ViewIndex)).rgb;
    s += texture(src, vec3(inUv + vec2(-t.x, 0.0), gl_ViewIndex)).rgb * 2.0;
    s += texture(src, vec3(inUv, gl_ViewIndex)).rgb * 4.0;
    s += texture(src, vec3(inUv + vec2(t.x, 0.0), gl_ViewIndex)).rgb * 2.0;
    s += texture(src, vec3(inUv + vec2(-t.x, t.y), gl_ViewIndex)).rgb;
    s += texture(src, vec3(inUv + vec2(0.0, t.y), gl_ViewIndex)).rgb * 2.0;
    s += texture(src, vec3(inUv + vec2(t.x, t.y), gl_ViewIndex)).rgb;
    outColor = vec4(s / 16.0, 1.0);
}
