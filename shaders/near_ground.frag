#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
#include "atmosphere.glsl"
// The planet's surface nearer than the split in an eye whose far field is drawn once for both
// (near_ground.vert's disc): its depth from this eye's ray, so it stands where this eye sees it, and its
// colour from the far field's image where that view sees the same point. The far field's view draws the whole
// surface, the part inside its near plane too; the surface is matte and the air over a few hundred metres
// changes nothing visible, so the point looks the same from both places.
layout(set = 1, binding = 3) uniform sampler2DArray farImage;  // the mesh path's task pyramid elsewhere
layout(location = 0) out vec4 outColor;

void main() {
    vec2 ndc = gl_FragCoord.xy * VIEW.viewport.zw * 2.0 - 1.0;
    vec4 far = VIEW.invViewProj * vec4(ndc, 1e-7, 1.0);
    vec3 dir = normalize(far.xyz / far.w);
    AtmosphereUniforms a = FRAME.atmosphere;
    float h = a.up.w;
    float ground = atmoRaySphere(atmoPlanetRadius(a) + h, dot(dir, a.up.xyz), h, 0.0, atmoPlanetRadius(a));
    if (ground < 0.0) discard;
    vec3 point = dir * ground;
    vec4 clip = VIEW.viewProj * vec4(point, 1.0);
    float depth = clip.z / clip.w;
    if (depth <= pc.params.x) discard;  // beyond the split: the far field's
    gl_FragDepth = min(depth, 1.0);
    vec4 f = FRAME.views[uint(pc.params.y)].viewProj * vec4(point, 1.0);
    outColor = vec4(textureLod(farImage, vec3(f.xy / f.w * 0.5 + 0.5, 0.0), 0.0).rgb, 1.0);
}
