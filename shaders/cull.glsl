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

// The depth pyramid of occlusion culling: each texel holds the farthest depth (reversed-Z: the smallest) of
// the pixels it covers; level 0 is a power of two in each dimension, so every level halves exactly.
layout(set = 1, binding = 0) uniform sampler2D pyramid;

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

// The range of x / forward distance over a sphere seen from the origin, in the plane of one screen axis and
// the view direction: the two lines from the eye tangent to the sphere's circle there.
vec2 tangentRange(float across, float forward, float radius) {
    float middle = atan(across, forward);
    float spread = asin(clamp(radius / length(vec2(across, forward)), 0.0, 1.0));
    return vec2(tan(middle - spread), tan(middle + spread));
}

// Whether a sphere (camera-relative centre) lies entirely behind what the pyramid holds, seen through a view
// matrix `view` and a projection with x/y scale and offset `p2d` (P00, P11, P20, P21) and near plane `near`.
// Conservative: spheres reaching the near plane, or the screen's edge, are never hidden.
bool hiddenInPyramid(vec3 center, float radius, mat4 view, vec4 p2d, float near, vec4 size) {
    vec3 c = (view * vec4(center, 1.0)).xyz;
    float forward = -c.z;
    if (forward - radius <= near) return false;
    vec2 tx = tangentRange(c.x, forward, radius), ty = tangentRange(c.y, forward, radius);
    vec2 nx = p2d.x * tx - p2d.z, ny = p2d.y * ty - p2d.w;
    vec4 uv = vec4(min(nx.x, nx.y), min(ny.x, ny.y), max(nx.x, nx.y), max(ny.x, ny.y)) * 0.5 + 0.5;
    if (any(lessThan(uv.xy, vec2(0.0))) || any(greaterThan(uv.zw, vec2(1.0)))) return false;
    float nearest = near / (forward - radius);  // reversed-Z depth of the sphere's nearest point
    // The level where the rectangle spans at most 2 × 2 texels.
    vec2 extent = (uv.zw - uv.xy) * size.xy;
    int levels = int(size.z);
    int level = int(ceil(log2(max(max(extent.x, extent.y), 1.0))));
    for (int attempt = 0; attempt < 2; ++attempt, ++level) {
        level = min(level, levels - 1);
        ivec2 dims = max(ivec2(size.xy) >> level, ivec2(1));
        ivec2 lo = clamp(ivec2(uv.xy * vec2(dims)), ivec2(0), dims - 1);
        ivec2 hi = clamp(ivec2(uv.zw * vec2(dims)), ivec2(0), dims - 1);
        if (any(greaterThan(hi - lo, ivec2(1))) && level < levels - 1) continue;  // rounding: one level up
        float farthest =
            min(min(texelFetch(pyramid, lo, level).r, texelFetch(pyramid, ivec2(hi.x, lo.y), level).r),
                min(texelFetch(pyramid, ivec2(lo.x, hi.y), level).r, texelFetch(pyramid, hi, level).r));
        return nearest < farthest;
    }
    return false;
}
