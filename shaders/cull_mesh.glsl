// The mesh path's part of the culling pass (included by cull.comp): with SKYHOOK_CULL_MESH_TASKS set, a
// visible run is written as a GpuTaskCommand instead of an indexed draw command, into the same variant
// region of pc.commands (which the renderer then sizes for GpuTaskCommands). The task shader
// (meshlet_task.glsl) reads the record back through gl_DrawID.
layout(buffer_reference, scalar) writeonly buffer TaskCommandRef {
    GpuTaskCommand v[];
};

// `at`: the command's index in pc.commands; the run draws `runLength` instances from `firstInstance`, all
// with mesh `mesh` at LOD `lod` (task workgroups as GpuTaskCommand in shared/layout.h describes).
void writeTaskCommand(uint at, GpuMeshInfo mesh, uint lod, uint runLength, uint firstInstance) {
    uvec2 meshlets = mesh.meshlets[lod];
    uint perGroup = SKYHOOK_TASK_INSTANCES_PER_GROUP(meshlets.y);
    uvec2 groups = perGroup > 1u ? uvec2((runLength + perGroup - 1u) / perGroup, 1u)
                                 : uvec2((meshlets.y + SKYHOOK_TASK_MESHLETS - 1u) / SKYHOOK_TASK_MESHLETS, runLength);
    if (meshlets.y == 0u) groups = uvec2(0u);
    TaskCommandRef(uint64_t(pc.commands)).v[at] = GpuTaskCommand(
        groups.x, groups.y, 1u, firstInstance, runLength, meshlets.x, meshlets.y, ~0u, uint64_t(pc.counts));
}
