#version 460
// The beams' culling for one view, one thread per beam (engine/render/beams.hpp): a beam that is not lit yet,
// or whose 4-sigma hull (the convex hull of the spheres of its half-widths at both ends) lies outside the
// view frustum, is dropped. The others go to one of two lists, each with its indirect draw: a camera-facing
// ribbon when the beam is at most thinPixels wide (half-width at 4 sigma) wherever it is nearest and seen
// well off its axis, else the box. The counters were zeroed by the pass before (beams.reset).
#define BEAM_CULL
#include "beam.glsl"

layout(local_size_x = 64) in;

void main() {
    uint id = gl_GlobalInvocationID.x;
    if (id >= pc.beamCount) return;
    GpuBeam b = pc.beams.v[id];
    GpuBeamRule rule = pc.rules.v[b.rule];
    if (beamLevel(b.delay, rule.color.w, pc.time) <= 0.0 ||
        max(rule.color.r, max(rule.color.g, rule.color.b)) <= 0.0)
        return;
    vec3 p0 = b.origin + beamCellOffset(b.cell);
    vec3 a = b.direction;
    vec3 p1 = p0 + a * b.axisLength;
    vec3 eye = beamEye();
    float ppu = beamPixelsPerUnit();
    float d0 = length(p0 - eye), d1 = length(p1 - eye);
    float w0 = kBeamSigmas * beamSigma(b, 0.0, d0, ppu);
    float w1 = kBeamSigmas * beamSigma(b, b.axisLength, d1, ppu);
    // The box's corners reach sqrt(2) w from the axis.
    float r0 = 1.4142136 * w0, r1 = 1.4142136 * w1;
    // Kept when any of the views culled together has it in its frustum.
    bool seen = false;
    for (uint v = pc.viewIndex; v < pc.viewIndex + max(pc.viewCount, 1u) && !seen; ++v) {
        seen = true;
        for (int i = 0; i < 5; ++i) {
            vec4 plane = pc.frame.f.views[v].frustumPlanes[i];
            if (dot(plane.xyz, p0) + plane.w < -r0 && dot(plane.xyz, p1) + plane.w < -r1) seen = false;
        }
        // An eye with a mono far field: a beam wholly beyond the split is the far field's.
        float split = pc.frame.f.views[v].split.y;
        if (split > 0.0) {
            vec4 nearPlane = pc.frame.f.views[v].frustumPlanes[4];
            float limit = split - pc.frame.f.views[v].proj[3][2];  // beyond the near plane
            if (dot(nearPlane.xyz, p0) + nearPlane.w - r0 > limit &&
                dot(nearPlane.xyz, p1) + nearPlane.w - r1 > limit)
                seen = false;
        }
    }
    if (!seen) return;
    // Thin where it is nearest to the eye and at both ends (the width on screen, w / distance, peaks at one
    // of these for a jet seen from outside), and seen at least ~8 degrees off its axis at both ends.
    float sNear = clamp(dot(eye - p0, a), 0.0, b.axisLength);
    float dNear = length(p0 + a * sNear - eye);
    float wNear = kBeamSigmas * beamSigma(b, sNear, dNear, ppu);
    float pixels = max(max(w0 / max(d0, 1e-3), w1 / max(d1, 1e-3)), wNear / max(dNear, 1e-3)) * ppu;
    float along = max(abs(dot(a, p0 - eye)) / max(d0, 1e-3), abs(dot(a, p1 - eye)) / max(d1, 1e-3));
    bool ribbon = pixels <= pc.thinPixels && along < 0.99 && dNear > 2.0 * max(w0, w1);
    uint draw = ribbon ? SKYHOOK_BEAM_DRAW_RIBBON : SKYHOOK_BEAM_DRAW_BOX;
    uint slot = atomicAdd(pc.args.v[draw].instanceCount, 1u);
    pc.list.v[(ribbon ? pc.beamCount : 0u) + slot] = id;
}
