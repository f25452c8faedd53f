#version 460
// First level of GPU culling: one thread per cell. A cell whose content's bounds touch the culled region,
// and whose largest instance would cover at least minPixelSize somewhere in it, is appended to the work list,
// and the dispatch size of the instance pass (cull.comp, one workgroup per visible cell) grows by one. Cells
// far outside the view or too far away cost one test, never one per instance: this is what keeps 10^8
// instances from being touched every frame.
#include "cull.glsl"

layout(local_size_x = 64) in;

void main() {
    uint id = gl_GlobalInvocationID.x;
    if (id >= pc.itemCount) return;
    GpuCellRange range = cellRange(id);
    if (range.instanceCount == 0u && range.spanCount == 0u) return;
    if ((pc.flags & SKYHOOK_CULL_ACCEPT_ALL) == 0u) {
        vec3 offset = cellOffset(pc.frame, pc.cells, id);
        vec3 lo = range.boundsMin + offset, hi = range.boundsMax + offset;
        // Kept when any of the regions culled together sees it, judged from the nearest of their eyes.
        bool seen = false;
        float pixelsPerUnit = 0.0;
        for (uint e = 0u; e < regionCount(); ++e) {
            uint region = pc.region + e;
            bool inside = true;
            for (int i = 0; i < 5; ++i) {
                vec4 plane = pc.frame.f.cullRegions[region].planes[i];
                // The box corner furthest along the plane's normal: if even it is outside, the whole box is.
                vec3 corner = mix(lo, hi, step(vec3(0.0), plane.xyz));
                if (dot(plane.xyz, corner) + plane.w < 0.0) inside = false;
            }
            // An eye's near field: the box corner nearest the eye beyond the split, the whole box is.
            float farLimit = pc.frame.f.cullRegions[region].scale.y;
            vec4 nearPlane = pc.frame.f.cullRegions[region].planes[4];
            if (farLimit > 0.0 &&
                dot(nearPlane.xyz, mix(hi, lo, step(vec3(0.0), nearPlane.xyz))) + nearPlane.w > farLimit)
                inside = false;
            if (!inside) continue;
            seen = true;
            // Every instance's sphere lies in the box, so none is nearer than the box: if the largest one is
            // too small at the box's nearest point, all are (the same test cull.comp makes per instance).
            vec3 eye = pc.frame.f.cullRegions[region].eye.xyz;
            float distance = length(max(max(lo - eye, eye - hi), vec3(0.0)));
            pixelsPerUnit = max(pixelsPerUnit, pixelsPerMetre(region, distance));
        }
        if (!seen || 2.0 * range.maxRadius * pixelsPerUnit < pc.minPixelSize) return;
    }
    uint slot = atomicAdd(pc.work.v[0], 1u);
    pc.work.v[3u + slot] = id;
}
