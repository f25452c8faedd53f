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

layout(buffer_reference, scalar) buffer CountsRef {
    uint v[];
};

// Up to SKYHOOK_TASK_MESHLETS (instance, meshlet) pairs that survived culling, in the task workgroup's order
// (mesh workgroup i draws meshlets[i] of instances[i]), so primitive order is the same every frame.
struct MeshletPayload {
    uint instances[SKYHOOK_TASK_MESHLETS];
    uint meshlets[SKYHOOK_TASK_MESHLETS];
};
