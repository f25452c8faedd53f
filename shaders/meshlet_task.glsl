// The mesh path's task shader body (forward.task, shadow.task). Workgroup (x, y) of draw gl_DrawID takes
// instance y of the run and its meshlets x·32 .. x·32+31; each invocation tests one meshlet against the culled
// region (SKYHOOK_TASK_REGION: a view's frustum or a cascade's box) and, where the rasterizer would cull back
// faces anyway (SKYHOOK_TASK_CONE, single-sided materials, uniform positive scale), against its normal cone.
// The survivors go to mesh workgroups in meshlet order.
#include "common.glsl"
#include "meshlet.glsl"

layout(local_size_x = SKYHOOK_TASK_MESHLETS) in;

taskPayloadSharedEXT MeshletPayload payload;

shared Placement sharedPlacement;
shared bool sharedCone;
shared uint visibleFlags[SKYHOOK_TASK_MESHLETS];

bool meshletVisible(GpuMeshlet m, Placement p, bool cone) {
    vec3 center = placePoint(p, m.center);
    vec3 s = abs(p.scale);
    float radius = m.radius * max(s.x, max(s.y, s.z));
    CullRegion region = FRAME.cullRegions[SKYHOOK_TASK_REGION];
    for (int i = 0; i < 5; ++i)
        if (dot(region.planes[i].xyz, center) + region.planes[i].w < -radius) return false;
    if (cone && m.coneCutoff < 1.0) {
        // meshoptimizer's conservative test: every triangle faces away from any eye in this cone.
        vec3 d = center - region.eye.xyz;
        if (dot(d, p.rotation * m.coneAxis) >= m.coneCutoff * length(d) + radius) return false;
    }
    return true;
}

void main() {
    GpuTaskCommand run = TaskCommandRef(pc.tasks).v[gl_DrawID];
    uint li = gl_LocalInvocationIndex;
    uint instanceId = run.firstInstance + gl_WorkGroupID.y;
    if (li == 0u) {
        InstanceData inst = fetchInstance(instanceId);
        GpuShape shape = pc.shapes.v[inst.shape];
        Placement p = instancePlacement(inst, shape);
        sharedPlacement = p;
        bool uniformScale = p.scale.x > 0.0 && p.scale.x == p.scale.y && p.scale.x == p.scale.z;
        sharedCone = SKYHOOK_TASK_CONE != 0 && uniformScale && pc.materials.v[shape.material].doubleSided == 0u;
        payload.instance = instanceId;
    }
    barrier();
    uint local = gl_WorkGroupID.x * SKYHOOK_TASK_MESHLETS + li;
    uint meshlet = run.firstMeshlet + local;
    bool visible = false;
    if (local < run.meshletCount) {
        GpuMeshlet m = MeshletRef(MeshletTablesRef(pc.meshlets).t.meshlets).v[meshlet];
        visible = meshletVisible(m, sharedPlacement, sharedCone);
    }
    visibleFlags[li] = visible ? 1u : 0u;
    barrier();
    // A deterministic compaction: each survivor's slot is the number of survivors before it.
    uint slot = 0u, total = 0u;
    for (uint i = 0u; i < SKYHOOK_TASK_MESHLETS; ++i) {
        if (i < li) slot += visibleFlags[i];
        total += visibleFlags[i];
    }
    if (visible) payload.meshlets[slot] = meshlet;
    EmitMeshTasksEXT(total, 1u, 1u);
}
