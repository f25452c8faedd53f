// The mesh path's part of the culling pass (included by cull.comp): with SKYHOOK_CULL_MESH_TASKS set, a
// visible run is written as a GpuTaskCommand instead of an indexed draw command, into the same variant
// region of pc.commands (which the renderer then sizes for GpuTaskCommands). The task shader
// (meshlet_task.glsl) reads the record back through gl_DrawID.
layout(buffer_reference, scalar) writeonly buffer TaskCommandRef {
    GpuTaskCommand v[];
};

// `at`: the command's index in pc.commands; the run draws `runLength` instances from `firstInstance`, all
// with mesh `mesh` at LOD `lod`: one task workgroup per instance and group of SKYHOOK_TASK_MESHLETS meshlets.
void writeTaskCommand(uint at, GpuMeshInfo mesh, uint lod, uint runLength, uint firstInstance) {
    uvec2 meshlets = mesh.meshlets[lod];
    uint groups = (meshlets.y + SKYHOOK_TASK_MESHLETS - 1u) / SKYHOOK_TASK_MESHLETS;
    TaskCommandRef(uint64_t(pc.commands)).v[at] =
        GpuTaskCommand(groups, runLength, 1u, firstInstance, meshlets.x, meshlets.y, 0u, 0u);
}
