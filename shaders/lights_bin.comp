#version 460
// Light binning for clustered forward shading: one thread per point or spot light. A light that touches the
// view frustum, and whose sphere of influence covers at least pc.minPixels on screen, appends its index to
// every cluster (screen tile × depth slice) its sphere overlaps. Shading then reads only its cluster's list,
// so the cost per pixel does not grow with the number of lights in the scene.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#include "shared/layout.h"
#include "scene_refs.glsl"
#include "lights.glsl"
#include "clusters.glsl"

layout(local_size_x = 64) in;

layout(buffer_reference, scalar) buffer UintRef {
    uint v[];
};

layout(push_constant, scalar) uniform Push {
    FrameRef frame;
    LightRef lights;
    CellRef cells;
    UintRef clusterCounts;
    UintRef clusterLights;
    UintRef stats;  // uint[SKYHOOK_LIGHT_STATS]
    uint lightCount;
    uint viewIndex;
    float minPixels;
    uint pad;
}
pc;

void main() {
    uint id = gl_GlobalInvocationID.x;
    if (id >= pc.lightCount) return;
    GpuLight light = storedLight(pc.frame, pc.lights, id);
    // A light its intensity track holds at 0 this frame lights nothing: not binned. (Its range stays the one
    // sized for the track's peak, so a dimmed light is never clipped.)
    if (light.type == SKYHOOK_LIGHT_DIRECTIONAL || !(lightScale(pc.frame, light.group) > 0.0)) return;
    vec3 p = light.position + cellOffset(pc.frame, pc.cells, light.cell);
    float r = light.range;
    mat4 view = pc.frame.f.views[pc.viewIndex].view;
    mat4 proj = pc.frame.f.views[pc.viewIndex].proj;
    for (int i = 0; i < 5; ++i) {
        vec4 plane = pc.frame.f.views[pc.viewIndex].frustumPlanes[i];
        if (dot(plane.xyz, p) + plane.w < -r) return;
    }
    vec3 v = (view * vec4(p, 1.0)).xyz;  // view space: -z is forward
    float depth = -v.z;
    vec4 d = pc.frame.f.clusterDepth;
    uvec4 grid = pc.frame.f.clusterGrid;
    float pixelsPerUnit = pc.frame.f.views[pc.viewIndex].viewport.y * 0.5 * abs(proj[1][1]);
    float distance = length(v);
    // Light LOD: a sphere of influence smaller than a few pixels lights at most those pixels.
    if (distance > r && r / (distance - r) * pixelsPerUnit < pc.minPixels) return;

    uint z0 = clusterSlice(depth - r, d, grid.z), z1 = clusterSlice(depth + r, d, grid.z);
    uvec2 t0 = uvec2(0u), t1 = grid.xy - 1u;
    if (depth - r > d.x) {
        // Screen bounds of the sphere's view-space box (all corners are in front of the near plane).
        vec2 lo = vec2(1e30), hi = vec2(-1e30);
        for (int c = 0; c < 8; ++c) {
            vec3 corner =
                v + r * vec3((c & 1) != 0 ? 1.0 : -1.0, (c & 2) != 0 ? 1.0 : -1.0, (c & 4) != 0 ? 1.0 : -1.0);
            vec4 clip = proj * vec4(corner, 1.0);
            vec2 ndc = clip.xy / clip.w;
            lo = min(lo, ndc);
            hi = max(hi, ndc);
        }
        if (any(greaterThan(lo, vec2(1.0))) || any(lessThan(hi, vec2(-1.0)))) return;
        vec2 uvLo = clamp(lo * 0.5 + 0.5, 0.0, 1.0), uvHi = clamp(hi * 0.5 + 0.5, 0.0, 1.0);
        t0 = min(uvec2(uvLo * vec2(grid.xy)), grid.xy - 1u);
        t1 = min(uvec2(uvHi * vec2(grid.xy)), grid.xy - 1u);
    }
    for (uint z = z0; z <= z1; ++z)
        for (uint y = t0.y; y <= t1.y; ++y)
            for (uint x = t0.x; x <= t1.x; ++x) {
                uint cluster = clusterIndex(uvec3(x, y, z), grid);
                uint slot = atomicAdd(pc.clusterCounts.v[cluster], 1u);
                if (slot < grid.w) pc.clusterLights.v[cluster * grid.w + slot] = id;
            }
    atomicAdd(pc.stats.v[SKYHOOK_LIGHT_STATS_BINNED], 1u);
    atomicAdd(pc.stats.v[SKYHOOK_LIGHT_STATS_ENTRIES],
              (z1 - z0 + 1u) * (t1.y - t0.y + 1u) * (t1.x - t0.x + 1u));
}
