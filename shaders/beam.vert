#version 460
// A beam's proxy, one instance per beam: the beam is the instance's beam id (the reference) or the id in the
// culled list at listOffset + instance (SKYHOOK_BEAM_LIST, written by beam_cull.comp).
//  * Box (36 vertices): the box (a frustum when the jet spreads) around the axis out to kBeamSigmas. Only the
//    faces a ray from the eye enters through are drawn (the far faces when the eye is inside), so each
//    covered pixel runs beam.frag once; the rest, and every beam not yet lit, collapse to nothing.
//  * Ribbon (SKYHOOK_BEAM_RIBBON, 6 vertices): for beams thin on screen and seen off their axis, a quad
//  facing
//    the eye at each end, as wide as the beam's 4-sigma half-width on either side of the axis and reaching
//    as far past each end (the end disc seen at a slant), plus half a pixel: about 30% fewer pixels than the
//    box's slanted silhouette, and no end caps.
// The beam's constants go to the fragment shader as flat varyings (no per-fragment table reads).
#include "beam.glsl"

layout(location = 0) out vec3 outPosition;    // camera-relative world position on the proxy
layout(location = 1) flat out vec4 outStart;  // xyz: the beam's origin (camera-relative), w: its length
layout(location = 2) flat out vec4 outAxis;   // xyz: its direction, w: its radius at the origin
layout(location = 3) flat out vec4 outColor;  // rgb: colour x intensity x level, w: spread

// Corner bits: 1 = far end (s = length), 2 = +u, 4 = +v. Faces: -s, +s, -u, +u, -v, +v.
const uint kCorners[36] = uint[](0, 2, 6, 0, 6, 4, 1, 5, 7, 1, 7, 3, 0, 4, 5, 0, 5, 1, 2, 3, 7, 2, 7, 6, 0, 1,
                                 3, 0, 3, 2, 4, 6, 7, 4, 7, 5);
// Ribbon corners: bit 1 = far end, bit 2 = + side.
const uint kRibbon[6] = uint[](0, 2, 3, 0, 3, 1);

void main() {
    const vec4 kNothing = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: the triangle is dropped
    outPosition = vec3(0.0);
    outStart = vec4(0.0);
    outAxis = vec4(0.0);
    outColor = vec4(0.0);
    bool listed = (pc.flags & SKYHOOK_BEAM_LIST) != 0u;
    bool ribbon = (pc.flags & SKYHOOK_BEAM_RIBBON) != 0u;
    uint id = listed ? pc.list.v[pc.listOffset + uint(gl_InstanceIndex)] : uint(gl_InstanceIndex);
    GpuBeam b = pc.beams.v[id];
    GpuBeamRule rule = pc.rules.v[b.rule];
    float level = beamLevel(b.delay, rule.color.w, pc.time);
    if (level <= 0.0 || max(rule.color.r, max(rule.color.g, rule.color.b)) <= 0.0) {
        gl_Position = kNothing;
        return;
    }
    vec3 p = b.origin + beamCellOffset(b.cell);
    vec3 a = b.direction;
    outStart = vec4(p, b.axisLength);
    outAxis = vec4(a, b.radius);
    outColor = vec4(rule.color.rgb * level, b.spread);
    vec3 helper = abs(a.y) < 0.99 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0);
    vec3 u = normalize(cross(helper, a));
    vec3 v = cross(a, u);
    vec3 eye = beamEye();
    float ppu = beamPixelsPerUnit();
    // Half-widths at both ends; in between the proxy's edges are straight, which covers the beam because the
    // width needed (a maximum of functions convex in s) never rises above the chord.
    float d0 = length(p - eye), d1 = length(p + a * b.axisLength - eye);
    float w0 = kBeamSigmas * beamSigma(b, 0.0, d0, ppu);
    float w1 = kBeamSigmas * beamSigma(b, b.axisLength, d1, ppu);

    if (ribbon) {
        uint c = kRibbon[gl_VertexIndex];
        bool far = (c & 1u) != 0u;
        vec3 end = far ? p + a * b.axisLength : p;
        float d = far ? d1 : d0;
        float w = (far ? w1 : w0) + 0.5 * d / ppu;  // half a pixel more for rasterization
        vec3 view = (end - eye) / max(d, 1e-6);
        vec3 side = cross(a, view);
        float sideLength = length(side);
        side = sideLength > 1e-4 ? side / sideLength : u;
        vec3 along = cross(view, side);  // a without its part along the view ray
        vec3 world = end + along * (far ? w : -w) + side * ((c & 2u) != 0u ? w : -w);
        outPosition = world;
        gl_Position = BEAM_VIEW.viewProj * vec4(world, 1.0);
        return;
    }

    // Is the eye inside the box? Then draw the faces it looks out through instead of the ones facing it.
    vec3 e = eye - p;
    float es = dot(e, a);
    float we = mix(w0, w1, clamp(es / b.axisLength, 0.0, 1.0));
    bool inside = es >= 0.0 && es <= b.axisLength && abs(dot(e, u)) <= we && abs(dot(e, v)) <= we;

    uint face = uint(gl_VertexIndex) / 6u;
    float slope = (w1 - w0) / b.axisLength;
    vec3 normal, onFace;
    if (face == 0u) {
        normal = -a;
        onFace = p;
    } else if (face == 1u) {
        normal = a;
        onFace = p + a * b.axisLength;
    } else {
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
