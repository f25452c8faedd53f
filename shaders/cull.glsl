// Shared by the two culling passes (cull_cells.comp, cull.comp): buffer references, the push-constant block
// (CullPush in shared/layout.h) and the scene's cells.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#include "shared/layout.h"
#include "instance.glsl"

struct DrawCommand {
    uint indexCount;
    uint instanceCount;
    uint firstIndex;
    int vertexOffset;
    uint firstInstance;
};

layout(buffer_reference, scalar) readonly buffer FrameRef {
    FrameUniforms f;
};
layout(buffer_reference, scalar) readonly buffer InstanceRef {
    GpuInstance v[];
};
layout(buffer_reference, scalar) readonly buffer SpanRef {
    GpuInstanceSpan v[];
};
layout(buffer_reference, scalar) readonly buffer ShapeRef {
    GpuShape v[];
};
layout(buffer_reference, scalar) readonly buffer MeshRef {
    GpuMeshInfo v[];
};
layout(buffer_reference, scalar) writeonly buffer CommandRef {
    DrawCommand v[];
};
layout(buffer_reference, scalar) buffer CountRef {
    uint v[];
};
layout(buffer_reference, scalar) readonly buffer CellRef {
    vec4 v[];
};
layout(buffer_reference, scalar) readonly buffer CellRangeRef {
    GpuCellRange v[];
};
layout(buffer_reference, scalar) buffer WorkRef {
    uint v[];
};

layout(push_constant, scalar) uniform Push {
    FrameRef frame;
    InstanceRef instances;
    ShapeRef shapes;
    MeshRef meshes;
    CommandRef commands;
    CountRef counts;
    CellRef cells;
    CellRangeRef cellRanges;
    WorkRef work;
    uint itemCount;
    uint region;
    uint variantOffset[SKYHOOK_VARIANTS];
    uint variantCapacity[SKYHOOK_VARIANTS];
    float lodPixelError;
    float minPixelSize;
    uint flags;
    uint pad;
}
pc;

// A cell's content: the static table's entry, or this frame's dynamic instances for the last cell.
GpuCellRange cellRange(uint cell) {
    if (cell == pc.frame.f.dynamicCell) return pc.frame.f.dynamicRange;
    return pc.cellRanges.v[cell];
}

// How many pixels one metre covers at `distance` in the culled region: perspective views shrink with
// distance from the eye; a shadow cascade's texels have one size everywhere.
float pixelsPerMetre(float distance) {
    vec4 eye = pc.frame.f.cullRegions[pc.region].eye;
    return eye.w > 0.0 ? 1.0 / eye.w : pc.frame.f.cullRegions[pc.region].scale.x / max(distance, 1e-3);
}
