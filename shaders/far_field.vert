#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// One triangle over an eye at its depth at the split (pc.params.x): with the depth test it reaches only the
// samples nothing nearer was drawn into. A hair nearer than the split itself, so samples still at the value
// they were cleared to pass however the depth is interpolated.
// Where each corner's direction lands in the far field's view (pc.params.y): the eye's inverse projection and
// rotation take a pixel to a direction (depth 0: infinitely far, w = 0: no translation), the far view's
// rotation and projection take it to its clip space. Both are linear in the pixel's position, so
// far_field.frag interpolates the result without perspective and divides.
layout(location = 0) noperspective out vec3 outFarClip;
void main() {
    vec2 ndc = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2) * 2.0 - 1.0;
    vec4 direction = VIEW.invViewProj * vec4(ndc, 0.0, 1.0);
    vec4 clip = FRAME.views[uint(pc.params.y)].viewProj * vec4(direction.xyz, 0.0);
    outFarClip = clip.xyw;
    gl_Position = vec4(ndc, pc.params.x * 1.0001, 1.0);
}
