#version 460
// The hidden area of a view (XR_KHR_visibility_mask: the pixels a headset's lenses never show), drawn first
// in the view's forward pass at the nearest depth (reversed-Z: 1) and in black, so no surface, sky or beam
// is shaded there. The triangles are in the view's tangent space (x right, y up at z = -1), as the runtime
// gives them, `stride` vertices per view in view order (a view with fewer ends in degenerate triangles). In a
// multiview pass each eye takes its own.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_multiview : require

#include "shared/layout.h"

layout(buffer_reference, scalar) readonly buffer HiddenFrameRef {
    FrameUniforms f;
};
layout(buffer_reference, scalar) readonly buffer HiddenVertexRef {
    vec2 v[];
};
layout(push_constant, scalar) uniform Push {
    HiddenFrameRef frame;
    HiddenVertexRef vertices;
    uint viewIndex;  // the pass's first view
    uint stride;     // vertices per view
}
pc;

void main() {
    uint view = pc.viewIndex + gl_ViewIndex;
    vec2 t = pc.vertices.v[view * pc.stride + gl_VertexIndex];
    vec4 clip = pc.frame.f.views[view].proj * vec4(t, -1.0, 1.0);
    gl_Position = vec4(clip.xy, clip.w, clip.w);  // depth 1: nearer than anything
}
