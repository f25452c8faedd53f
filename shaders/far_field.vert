#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// One triangle over an eye at its depth at the split (pc.params.x): with the depth test it reaches only the
// samples nothing nearer was drawn into. A hair nearer than the split itself, so samples still at the value
// they were cleared to pass however the depth is interpolated.
void main() {
    vec2 uv = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
    gl_Position = vec4(uv * 2.0 - 1.0, pc.params.x * 1.0001, 1.0);
}
