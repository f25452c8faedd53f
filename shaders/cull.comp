#version 460
// GPU instance culling: every draw item's bounding sphere is tested against the view frustum; visible items
// write their indirect draw command into their pipeline variant's region, compacted, and bump that
// variant's count (read by vkCmdDrawIndexedIndirectCount). Counts are reserved once per workgroup.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#include "shared/layout.h"

layout(local_size_x = 64) in;

struct DrawCommand {
    uint indexCount;
    uint instanceCount;
    uint firstIndex;
    int vertexOffset;
    uint firstInstance;
};

layout(buffer_reference, scalar) readonly buffer FrameRef { FrameUniforms f; };
layout(buffer_reference, scalar) readonly buffer InstanceRef { GpuInstance v[]; };
layout(buffer_reference, scalar) readonly buffer ItemRef { GpuDrawItem v[]; };
layout(buffer_reference, scalar) readonly buffer MeshRef { GpuMeshInfo v[]; };
layout(buffer_reference, scalar) writeonly buffer CommandRef { DrawCommand v[]; };
layout(buffer_reference, scalar) buffer CountRef { uint v[]; };
layout(buffer_reference, scalar) readonly buffer CellRef { vec4 v[]; };

layout(push_constant, scalar) uniform Push {
    FrameRef frame;
    InstanceRef instances;
    ItemRef items;
    MeshRef meshes;
    CommandRef commands;
    CountRef counts;
    CellRef cells;
    uint itemCount;
    uint viewIndex;
    uint variantOffset[SKYHOOK_VARIANTS];
} pc;

shared uint localCount[SKYHOOK_VARIANTS];
shared uint localBase[SKYHOOK_VARIANTS];

bool sphereVisible(vec3 c, float r) {
    for (int i = 0; i < 5; ++i) {
        vec4 p = pc.frame.f.views[pc.viewIndex].frustumPlanes[i];
        if (dot(p.xyz, c) + p.w < -r) return false;
    }
    return true;
}

void main() {
    if (gl_LocalInvocationIndex < SKYHOOK_VARIANTS) localCount[gl_LocalInvocationIndex] = 0u;
    barrier();

    uint id = gl_GlobalInvocationID.x;
    bool visible = false;
    GpuDrawItem item;
    GpuMeshInfo mesh;
    uint slot = 0u;
    if (id < pc.itemCount) {
        item = pc.items.v[id];
        mesh = pc.meshes.v[item.mesh];
        GpuInstance inst = pc.instances.v[item.instance];
        mat4 model = inst.model;
        vec3 center = (model * vec4(mesh.sphere.xyz, 1.0)).xyz + pc.cells.v[inst.cell].xyz;
        float scale = max(length(model[0].xyz), max(length(model[1].xyz), length(model[2].xyz)));
        visible = sphereVisible(center, mesh.sphere.w * scale);
        if (visible) slot = atomicAdd(localCount[item.variant], 1u);
    }
    barrier();
    if (gl_LocalInvocationIndex < SKYHOOK_VARIANTS) {
        uint n = localCount[gl_LocalInvocationIndex];
        localBase[gl_LocalInvocationIndex] = n > 0u ? atomicAdd(pc.counts.v[gl_LocalInvocationIndex], n) : 0u;
    }
    barrier();
    if (visible) {
        uint index = pc.variantOffset[item.variant] + localBase[item.variant] + slot;
        pc.commands.v[index] = DrawCommand(mesh.indexCount, 1u, mesh.firstIndex, mesh.vertexOffset, item.instance);
    }
}
