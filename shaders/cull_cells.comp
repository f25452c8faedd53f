#version 460
// First level of GPU culling: one thread per cell. A cell whose instances' bounds touch the view frustum is
// appended to the work list, and the dispatch size of the instance pass (cull.comp, one workgroup per
// visible cell) grows by one. Cells far outside the view cost one test, never one per instance.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#include "shared/layout.h"

layout(local_size_x = 64) in;

layout(buffer_reference, scalar) readonly buffer FrameRef { FrameUniforms f; };
layout(buffer_reference, scalar) readonly buffer CellRef { vec4 v[]; };
layout(buffer_reference, scalar) readonly buffer CellRangeRef { GpuCellRange v[]; };
layout(buffer_reference, scalar) buffer WorkRef { uint v[]; };

layout(push_constant, scalar) uniform Push {
    FrameRef frame;
    uint64_t instances;
    uint64_t shapes;
    uint64_t meshes;
    uint64_t commands;
    uint64_t counts;
    CellRef cells;
    CellRangeRef cellRanges;
    WorkRef work;
    uint itemCount;
    uint region;
    uint variantOffset[SKYHOOK_VARIANTS];
    float lodPixelError;
    float minPixelSize;
} pc;

void main() {
    uint id = gl_GlobalInvocationID.x;
    if (id >= pc.itemCount) return;
    GpuCellRange range = pc.cellRanges.v[id];
    if (range.instanceCount == 0u) return;
    vec3 offset = pc.cells.v[id].xyz;
    for (int i = 0; i < 5; ++i) {
        vec4 plane = pc.frame.f.cullRegions[pc.region].planes[i];
        // The box corner furthest along the plane's normal: if even it is outside, the whole box is.
        vec3 corner = mix(range.boundsMin, range.boundsMax, step(vec3(0.0), plane.xyz)) + offset;
        if (dot(plane.xyz, corner) + plane.w < 0.0) return;
    }
    uint slot = atomicAdd(pc.work.v[0], 1u);
    pc.work.v[3u + slot] = id;
}
