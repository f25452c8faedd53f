// The mesh path's task shader body (forward.task, shadow.task). A workgroup of draw gl_DrawID takes up to
// 32 (instance, meshlet) pairs of the run (several instances of a mesh with few meshlets, or 32 meshlets of
// one instance: GpuTaskCommand); each invocation tests one meshlet against the culled region
// (SKYHOOK_TASK_REGION: a view's frustum or a cascade's box) and, where the rasterizer would cull back faces
// anyway (SKYHOOK_TASK_CONE, single-sided materials, uniform positive scale), against its normal cone. The
// survivors go to mesh workgroups in order, and are counted.
#include "common.glsl"
#include "meshlet.glsl"

layout(local_size_x = SKYHOOK_TASK_MESHLETS) in;

taskPayloadSharedEXT MeshletPayload payload;

shared uint visibleFlags[SKYHOOK_TASK_MESHLETS];
shared uint keptTriangles;

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
    if (li == 0u) keptTriangles = 0u;
    // This invocation's (instance of the run, meshlet of the LOD): see GpuTaskCommand.
    uint perGroup = SKYHOOK_TASK_INSTANCES_PER_GROUP(run.meshletCount);
    uint instance, local;
    bool valid;
    if (perGroup > 1u) {
        instance = gl_WorkGroupID.x * perGroup + li / run.meshletCount;
        local = li % run.meshletCount;
        valid = li < perGroup * run.meshletCount && instance < run.instanceCount;
    } else {
        instance = gl_WorkGroupID.y;
        local = gl_WorkGroupID.x * SKYHOOK_TASK_MESHLETS + li;
        valid = local < run.meshletCount;
    }
    uint instanceId = run.firstInstance + instance;
    uint meshlet = run.firstMeshlet + local;
    bool visible = false;
    GpuMeshlet m;
    if (valid) {
        InstanceData inst = fetchInstance(instanceId);
        GpuShape shape = pc.shapes.v[inst.shape];
        Placement p = instancePlacement(inst, shape);
        // Cone culling only where the rasterizer culls back faces and the cone survives the transform.
        bool uniformScale = p.scale.x > 0.0 && p.scale.x == p.scale.y && p.scale.x == p.scale.z;
        bool cone = SKYHOOK_TASK_CONE != 0 && uniformScale && pc.materials.v[shape.material].doubleSided == 0u;
        m = MeshletRef(MeshletTablesRef(pc.meshlets).t.meshlets).v[meshlet];
        visible = (pc.flags & SKYHOOK_DRAW_KEEP_MESHLETS) != 0u || meshletVisible(m, p, cone);
    }
    visibleFlags[li] = visible ? 1u : 0u;
    barrier();
    // A deterministic compaction: each survivor's slot is the number of survivors before it.
    uint slot = 0u, total = 0u;
    for (uint i = 0u; i < SKYHOOK_TASK_MESHLETS; ++i) {
        if (i < li) slot += visibleFlags[i];
        total += visibleFlags[i];
    }
    if (visible) {
        payload.instances[slot] = instanceId;
        payload.meshlets[slot] = meshlet;
        atomicAdd(keptTriangles, m.triangleCount);
    }
    barrier();
    // Statistics: what the mesh workgroups will draw (Renderer::meshletCounts).
    if (li == 0u && total > 0u) {
        CountsRef counts = CountsRef(run.counts);
        atomicAdd(counts.v[SKYHOOK_CULL_MESHLETS], total);
        atomicAdd(counts.v[SKYHOOK_CULL_MESHLET_TRIANGLES], keptTriangles);
    }
    EmitMeshTasksEXT(total, 1u, 1u);
}
