#version 460
// GPU instance culling and LOD selection, one workgroup per visible cell (cull_cells.comp made the list):
// each of the cell's instances tests its bounding sphere against the view frustum; a visible item picks the coarsest LOD whose simplification error projects under
// pc.lodPixelError pixels, writes its indirect draw command into its pipeline variant's region, compacted,
// and bumps that variant's count (read by vkCmdDrawIndexedIndirectCount) and the triangle count. Counts are
// reserved once per workgroup.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require

#include "shared/layout.h"
#include "instance.glsl"

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
layout(buffer_reference, scalar) readonly buffer ShapeRef { GpuShape v[]; };
layout(buffer_reference, scalar) readonly buffer MeshRef { GpuMeshInfo v[]; };
layout(buffer_reference, scalar) writeonly buffer CommandRef { DrawCommand v[]; };
layout(buffer_reference, scalar) buffer CountRef { uint v[]; };
layout(buffer_reference, scalar) readonly buffer CellRef { vec4 v[]; };
layout(buffer_reference, scalar) readonly buffer CellRangeRef { GpuCellRange v[]; };
layout(buffer_reference, scalar) readonly buffer WorkRef { uint v[]; };

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
    float lodPixelError;
    float minPixelSize;
} pc;

shared uint localCount[SKYHOOK_VARIANTS];
shared uint localBase[SKYHOOK_VARIANTS];
shared uint localTriangles;

bool sphereVisible(vec3 c, float r) {
    for (int i = 0; i < 5; ++i) {
        vec4 p = pc.frame.f.cullRegions[pc.region].planes[i];
        if (dot(p.xyz, c) + p.w < -r) return false;
    }
    return true;
}

void cullInstance(uint id, bool inRange) {
    if (gl_LocalInvocationIndex < SKYHOOK_VARIANTS) localCount[gl_LocalInvocationIndex] = 0u;
    if (gl_LocalInvocationIndex == 0u) localTriangles = 0u;
    barrier();

    bool visible = false;
    GpuShape shape;
    GpuMeshInfo mesh;
    uint slot = 0u;
    uint lod = 0u;
    if (inRange) {
        GpuInstance inst = pc.instances.v[id];
        shape = pc.shapes.v[inst.shape];
        mesh = pc.meshes.v[shape.mesh];
        vec3 scale = inst.scale * shape.scale.xyz;
        vec3 center = quatToMat3(instanceQuat(inst.rotation0, inst.rotation1)) * (scale * mesh.sphere.xyz) +
                      inst.position + pc.cells.v[inst.cell].xyz;
        float radius = mesh.sphere.w * max(abs(scale.x), max(abs(scale.y), abs(scale.z)));
        visible = sphereVisible(center, radius);
        // How many pixels a metre covers at the instance: perspective views shrink with distance from the
        // eye; a shadow cascade's texels have one size everywhere.
        vec4 eye = pc.frame.f.cullRegions[pc.region].eye;
        float distance = max(length(center - eye.xyz) - radius, 1e-3);
        float pixelsPerUnit = eye.w > 0.0 ? 1.0 / eye.w : pc.frame.f.cullRegions[pc.region].scale.x / distance;
        // Too small to cover a sample: a part 9×10^7 m away is not drawn at all.
        if (2.0 * radius * pixelsPerUnit < pc.minPixelSize) visible = false;
        if (visible) {
            for (uint l = mesh.lodCount - 1u; l > 0u; --l) {
                float error = mesh.lodErrors[l / 4u][l % 4u] * radius;
                if (error * pixelsPerUnit <= pc.lodPixelError) {
                    lod = l;
                    break;
                }
            }
            slot = atomicAdd(localCount[shape.variant], 1u);
            atomicAdd(localTriangles, mesh.lods[lod].y / 3u);
        }
    }
    barrier();
    if (gl_LocalInvocationIndex < SKYHOOK_VARIANTS) {
        uint n = localCount[gl_LocalInvocationIndex];
        localBase[gl_LocalInvocationIndex] = n > 0u ? atomicAdd(pc.counts.v[gl_LocalInvocationIndex], n) : 0u;
    }
    if (gl_LocalInvocationIndex == 0u && localTriangles > 0u) atomicAdd(pc.counts.v[SKYHOOK_VARIANTS], localTriangles);
    barrier();
    if (visible) {
        uint index = pc.variantOffset[shape.variant] + localBase[shape.variant] + slot;
        pc.commands.v[index] = DrawCommand(mesh.lods[lod].y, 1u, mesh.lods[lod].x, mesh.vertexOffset, id);
    }
    barrier();  // the next chunk reuses the shared counters
}

void main() {
    GpuCellRange range = pc.cellRanges.v[pc.work.v[3u + gl_WorkGroupID.x]];
    for (uint base = 0u; base < range.instanceCount; base += 64u) {
        uint local = base + gl_LocalInvocationIndex;
        cullInstance(range.firstInstance + local, local < range.instanceCount);
    }
}
