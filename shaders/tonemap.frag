#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// Exposure, bloom mix, ACES filmic tone mapping and sRGB encoding into the display target (UNORM).
// A layer per view: a multiview pass tone-maps each eye into its layer of the target.
layout(set = 1, binding = 0) uniform sampler2DArray hdr;
layout(set = 1, binding = 1) uniform sampler2DArray bloom;
layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;

// ACES fitted curve (Stephen Hill): sRGB → AP1 → RRT+ODT fit → sRGB.
const mat3 kAcesInput = mat3(0.59719, 0.07600, 0.02840, 0.35458, 0.90834, 0.13383, 0.04823, 0.01566, 0.83777);
const mat3 kAcesOutput =
    mat3(1.60475, -0.10208, -0.00327, -0.53108, 1.10813, -0.07276, -0.07367, -0.00605, 1.07602);

vec3 rrtOdtFit(vec3 v) {
    vec3 a = v * (v + 0.0245786) - 0.000090537;
    vec3 b = v * (0.983729 * v + 0.4329510) + 0.238081;
    return a / b;
}

vec3 srgbEncode(vec3 c) {
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void main() {
    // The HDR image has the view's size: fetch its texel directly (pc.params.yz = the view's offset in the
    // target).
    vec3 color = texelFetch(hdr, ivec3(gl_FragCoord.xy - pc.params.yz, gl_ViewIndex), 0).rgb;
    if (pc.params.x > 0.5)
        color = mix(color, texture(bloom, vec3(inUv, gl_ViewIndex)).rgb, FRAME.bloomStrength);
    color *= FRAME.exposure;
    if (FRAME.debugView == SKYHOOK_DEBUG_NONE) {
        color = kAcesOutput * rrtOdtFit(kAcesInput * color);
    }
    outColor = vec4(srgbEncode(clamp(color, 0.0, 1.0)), 1.0);
}
