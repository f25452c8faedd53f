#version 460
// Overlay lines (engine/render/overlay_lines.hpp): segment gl_VertexIndex / 6 as a ribbon of a fixed pixel
// width facing the screen. Positions are relative to the frame origin; the segment is clipped at the near
// plane (clip w = near for the reversed-Z infinite projection) so a wall behind the eye still draws its part
// in front.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

struct OverlaySegment {
    vec4 a;  // xyz: start (origin-relative), w: unused
    vec4 b;
    vec4 color;
};
layout(buffer_reference, scalar) readonly buffer SegmentRef {
    OverlaySegment v[];
};
layout(push_constant, scalar) uniform Push {
    mat4 viewProj;
    SegmentRef segments;
    vec2 viewport;     // pixels
    float halfWidth;   // pixels
    float nearPlane;   // metres
};

layout(location = 0) out vec4 outColor;

// Corner: which end (0 = a, 1 = b) and which side (-1, +1).
const uint kEnd[6] = uint[](0, 1, 1, 0, 1, 0);
const float kSide[6] = float[](-1.0, -1.0, 1.0, -1.0, 1.0, 1.0);

void main() {
    const OverlaySegment s = segments.v[gl_VertexIndex / 6];
    const uint corner = gl_VertexIndex % 6;
    outColor = s.color;
    vec4 ca = viewProj * vec4(s.a.xyz, 1.0);
    vec4 cb = viewProj * vec4(s.b.xyz, 1.0);
    const float nearW = nearPlane * 1.001;
    if (ca.w < nearW && cb.w < nearW) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // wholly behind the eye: dropped
        return;
    }
    if (ca.w < nearW) ca = mix(ca, cb, (nearW - ca.w) / (cb.w - ca.w));
    if (cb.w < nearW) cb = mix(cb, ca, (nearW - cb.w) / (ca.w - cb.w));
    const vec2 half_ = 0.5 * viewport;
    const vec2 sa = ca.xy / ca.w * half_;
    const vec2 sb = cb.xy / cb.w * half_;
    vec2 dir = sb - sa;
    dir = dot(dir, dir) > 1e-12 ? normalize(dir) : vec2(1.0, 0.0);
    const vec2 normal = vec2(-dir.y, dir.x);
    vec4 p = kEnd[corner] == 0 ? ca : cb;
    p.xy += normal * kSide[corner] * halfWidth / half_ * p.w;
    p.z = 0.5 * p.w;  // no depth test; kept inside the clip volume
    gl_Position = p;
}
