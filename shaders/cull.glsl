// Shared by the two culling passes (cull_cells.comp, cull.comp): buffer references, the push-constant block
// (CullPush in shared/layout.h) and the scene's cells.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#include "shared/layout.h"
#include "instance.glsl"
#include "scene_refs.glsl"

struct DrawCommand {
    uint indexCount;
    uint instanceCount;
    uint firstIndex;
    int vertexOffset;
    uint firstInstance;
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
layout(buffer_reference, scalar) readonly buffer CellRangeRef {
    GpuCellRange v[];
};
layout(buffer_reference, scalar) buffer WorkRef {
    uint v[];
};
layout(buffer_reference, scalar) buffer LateRef {
    uint v[];
};

// The depth pyramid of occlusion culling (occlusion.glsl): one layer per view culled together.
layout(set = 1, binding = 0) uniform sampler2DArray pyramid;

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
    uint regionCount;  // views culled together from `region` (0 counts as 1)
}
pc;

// The regions culled together: one, or the eyes of a multiview pass.
uint regionCount() {
    return max(pc.regionCount, 1u);
}

// A cell's content: the static table's entry, or this frame's dynamic instances for the last cell.
GpuCellRange cellRange(uint cell) {
    if (cell == pc.frame.f.dynamicCell) return pc.frame.f.dynamicRange;
    return pc.cellRanges.v[cell];
}

// How many pixels one metre covers at `distance` in cull region `region`: perspective views shrink with
// distance from the eye; a shadow cascade's texels have one size everywhere.
float pixelsPerMetre(uint region, float distance) {
    vec4 eye = pc.frame.f.cullRegions[region].eye;
    return eye.w > 0.0 ? 1.0 / eye.w : pc.frame.f.cullRegions[region].scale.x / max(distance, 1e-3);
}

// The instance an id names (as fetchInstance in common.glsl does for the scene shaders).
InstanceData instanceById(uint id) {
    if ((id & SKYHOOK_GENERATED_BIT) != 0u) {
        uint span = (id & ~SKYHOOK_GENERATED_BIT) >> SKYHOOK_SPAN_SHIFT;
        return spanInstance(SpanRef(pc.frame.f.spans).v[span], id & (SKYHOOK_SPAN_MAX_INSTANCES - 1u));
    }
    if (id >= pc.frame.f.staticInstanceCount)
        return unpackInstance(
            InstanceRef(pc.frame.f.dynamicInstances).v[id - pc.frame.f.staticInstanceCount]);
    return unpackInstance(pc.instances.v[id]);
}

#include "occlusion.glsl"
