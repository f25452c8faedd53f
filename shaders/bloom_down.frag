#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// Bloom downsample: 13-tap filter (Jimenez, "Next generation post processing in Call of Duty"), with a
// Karis average on the first level against fireflies. pc.params.xy = source texel size, z = 1 on level 0.
layout(set = 1, binding = 0) uniform sampler2DArray src;  // a layer per view
layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

float luma(vec3 c) {
    return dot(c, vec3(0.2126, 0.7152, 0.0722));
}
vec3 karis(vec3 c) {
    return c / (1.0 + luma(c));
}

void main() {
    vec2 t = pc.params.xy;
    vec3 a = texture(src, vec3(inUv + t * vec2(-2, -2), gl_ViewIndex)).rgb;
    vec3 b = texture(src, vec3(inUv + t * vec2(0, -2), gl_ViewIndex)).rgb;
    vec3 c = texture(src, vec3(inUv + t * vec2(2, -2), gl_ViewIndex)).rgb;
    vec3 d = texture(src, vec3(inUv + t * vec2(-2, 0), gl_ViewIndex)).rgb;
    vec3 e = texture(src, vec3(inUv, gl_ViewIndex)).rgb;
    vec3 f = texture(src, vec3(inUv + t * vec2(2, 0), gl_ViewIndex)).rgb;
    vec3 g = texture(src, vec3(inUv + t * vec2(-2, 2), gl_ViewIndex)).rgb;
    vec3 h = texture(src, vec3(inUv + t * vec2(0, 2), gl_ViewIndex)).rgb;
    vec3 i = texture(src, vec3(inUv + t * vec2(2, 2), gl_ViewIndex)).rgb;
    vec3 j = texture(src, vec3(inUv + t * vec2(-1, -1), gl_ViewIndex)).rgb;
    vec3 k = texture(src, vec3(inUv + t * vec2(1, -1), gl_ViewIndex)).rgb;
    vec3 l = texture(src, vec3(inUv + t * vec2(-1, 1), gl_ViewIndex)).rgb;
    vec3 m = texture(src, vec3(inUv + t * vec2(1, 1), gl_ViewIndex)).rgb;
    vec3 result;
    if (pc.params.z > 0.5) {
        vec3 g0 = karis((a + b + d + e) * 0.25);
        vec3 g1 = karis((b + c + e + f) * 0.25);
        vec3 g2 = karis((d + e + g + h) * 0.25);
        vec3 g3 = karis((e + f + h + i) * 0.25);
        vec3 g4 = karis((j + k + l + m) * 0.25);
        result = g4 * 0.5 + (g0 + g1 + g2 + g3) * 0.125;
        result = result / max(1.0 - luma(result), 1e-4);  // undo the Karis weighting on average
    } else {
        result = e * 0.125 + (a + c + g + i) * 0.03125 + (b + d + f + h) * 0.0625 + (j + k + l + m) * 0.125;
    }
    outColor = vec4(max(result, vec3(0.0)), 1.0);
}
