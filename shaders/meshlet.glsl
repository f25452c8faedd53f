// The mesh path's shared declarations (task and mesh shaders, after common.glsl): the scene's meshlet
// tables (DrawPush::meshlets), the culled runs (DrawPush::tasks) and what a task workgroup hands its mesh
// workgroups.
#extension GL_EXT_mesh_shader : require

layout(buffer_reference, scalar) readonly buffer MeshletTablesRef {
    GpuMeshletTables t;
};
layout(buffer_reference, scalar) readonly buffer MeshletRef {
    GpuMeshlet v[];
};
layout(buffer_reference, scalar) readonly buffer TaskCommandRef {
    GpuTaskCommand v[];
};

// One instance and up to SKYHOOK_TASK_MESHLETS of its meshlets that survived culling, in meshlet order
// (mesh workgroup i draws meshlets[i]), so primitive order is the same every frame.
struct MeshletPayload {
    uint instance;
    uint meshlets[SKYHOOK_TASK_MESHLETS];
};
