#version 460
// A beam's proxy: the box (a frustum when the jet spreads) around its axis out to kBeamSigmas, 36 vertices
// per instance. Only the faces a ray from the eye enters through are drawn (the far faces when the eye is
// inside), so each covered pixel runs beam.frag once; the rest, and every beam not yet lit, collapse to
// nothing.
#include "beam.glsl"

layout(location = 0) out vec3 outPosition;  // camera-relative world position on the face
layout(location = 1) flat out uint outBeam;

// Corner bits: 1 = far end (s = length), 2 = +u, 4 = +v. Faces: -s, +s, -u, +u, -v, +v.
const uint kCorners[36] = uint[](0, 2, 6, 0, 6, 4,  1, 5, 7, 1, 7, 3,  0, 4, 5, 0, 5, 1,
                                 2, 3, 7, 2, 7, 6,  0, 1, 3, 0, 3, 2,  4, 6, 7, 4, 7, 5);

void main() {
    const vec4 kNothing = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: the triangle is dropped
    outBeam = uint(gl_InstanceIndex);
    outPosition = vec3(0.0);
    GpuBeam b = pc.beams.v[gl_InstanceIndex];
    GpuBeamRule rule = pc.rules.v[b.rule];
    if (beamLevel(b.delay, rule.color.w, pc.time) <= 0.0 || max(rule.color.r, max(rule.color.g, rule.color.b)) <= 0.0) {
        gl_Position = kNothing;
        return;
    }
    vec3 p = b.origin + pc.cells.v[b.cell].xyz;
    vec3 a = b.direction;
    vec3 helper = abs(a.y) < 0.99 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0);
    vec3 u = normalize(cross(helper, a));
    vec3 v = cross(a, u);
    vec3 eye = beamEye();
    float ppu = beamPixelsPerUnit();
    // Half-widths at both ends; in between the box edges are straight, which covers the beam because the
    // width needed (a maximum of functions convex in s) never rises above the chord.
    float w0 = kBeamSigmas * beamSigma(b, 0.0, length(p - eye), ppu);
    float w1 = kBeamSigmas * beamSigma(b, b.axisLength, length(p + a * b.axisLength - eye), ppu);

    // Is the eye inside the box? Then draw the faces it looks out through instead of the ones facing it.
    vec3 e = eye - p;
    float es = dot(e, a);
    float we = mix(w0, w1, clamp(es / b.axisLength, 0.0, 1.0));
    bool inside = es >= 0.0 && es <= b.axisLength && abs(dot(e, u)) <= we && abs(dot(e, v)) <= we;

    uint face = uint(gl_VertexIndex) / 6u;
    float slope = (w1 - w0) / b.axisLength;
    vec3 normal, onFace;
    if (face == 0u) { normal = -a; onFace = p; }
    else if (face == 1u) { normal = a; onFace = p + a * b.axisLength; }
    else {
        vec3 side = face < 4u ? u : v;
        float sideSign = (face & 1u) == 1u ? 1.0 : -1.0;
        normal = sideSign * side - slope * a;
        onFace = p + sideSign * side * w0;
    }
    bool facing = dot(normal, eye - onFace) > 0.0;
    if (facing == inside) {
        gl_Position = kNothing;
        return;
    }
    uint c = kCorners[gl_VertexIndex];
    float s = (c & 1u) != 0u ? b.axisLength : 0.0;
    float w = (c & 1u) != 0u ? w1 : w0;
    vec3 world = p + a * s + u * ((c & 2u) != 0u ? w : -w) + v * ((c & 4u) != 0u ? w : -w);
    outPosition = world;
    gl_Position = BEAM_VIEW.viewProj * vec4(world, 1.0);
}
