// The mesh path's task shader body (forward.task, shadow.task). A workgroup of draw gl_DrawID takes up to
// 32 (instance, meshlet) pairs of the run (several instances of a mesh with few meshlets, or 32 meshlets of
// one instance: GpuTaskCommand); each invocation tests one meshlet against the culled region
// (SKYHOOK_TASK_REGION: a view's frustum or a cascade's box) and, where the rasterizer would cull back faces
// anyway (SKYHOOK_TASK_CONE, single-sided materials, uniform positive scale), against its normal cone. The
// survivors go to mesh workgroups in order, and are counted.
//
// With SKYHOOK_TASK_OCCLUSION (views), opaque meshlets are also culled in two phases against the view's depth
// pyramid, as cull.comp does for instances: in phase 1 (SKYHOOK_DRAW_OCCLUSION_EARLY) a meshlet hidden in the
// previous frame's pyramid is not drawn but appended to phase 2's draws (one GpuTaskCommand per instance of
// the workgroup, its deferred meshlets as a mask); in phase 2 (SKYHOOK_DRAW_OCCLUSION_LATE) every meshlet —
// of a deferred instance or a deferred meshlet — is dropped when this frame's pyramid hides it. Nothing pops:
// what phase 1 defers, phase 2 draws in the same frame if it is visible.
#include "common.glsl"
#include "meshlet.glsl"

layout(local_size_x = SKYHOOK_TASK_MESHLETS) in;

taskPayloadSharedEXT MeshletPayload payload;

shared uint visibleFlags[SKYHOOK_TASK_MESHLETS];
shared uint keptTriangles;

#if SKYHOOK_TASK_OCCLUSION
// Last frame's pyramid in phase 1, this frame's in phase 2; a white texel where a pass culls none.
layout(set = 1, binding = 3) uniform sampler2DArray pyramid;  // the view's layer 0
#include "occlusion.glsl"

layout(buffer_reference, scalar) writeonly buffer DeferredRef {
    GpuTaskCommand v[];
};

shared uint deferredMask[SKYHOOK_TASK_MESHLETS];  // per instance of the workgroup: its deferred meshlets
shared uint deferredKept[SKYHOOK_TASK_MESHLETS];  // per instance: 1 when phase 2's draws had room for them

// Whether phase 1 leaves the meshlet (sphere `center`, `radius`) to phase 2, or phase 2 finds it hidden.
bool meshletHidden(vec3 center, float radius, bool late) {
#define V FRAME.views[pc.viewIndex]
    if (late) return hiddenInPyramid(center, radius, V.view, V.proj2d, V.occlusion.x, V.pyramid, 0);
    return V.occlusion.z > 0.5 &&
           hiddenInPyramid(center, radius, V.prevView, V.prevProj, V.occlusion.y, V.pyramid, 0);
#undef V
}
#endif

bool meshletVisible(GpuMeshlet m, Placement p, vec3 center, float radius, bool cone) {
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
    valid = valid && ((run.meshletMask >> li) & 1u) != 0u;  // a deferred meshlet record's mask
    uint instanceId = run.firstInstance + instance;
    uint meshlet = run.firstMeshlet + local;
    bool visible = false, deferred = false;
    GpuMeshlet m;
    GpuShape shape;
    if (valid) {
        InstanceData inst = fetchInstance(instanceId);
        shape = pc.shapes.v[inst.shape];
        Placement p = instancePlacement(inst, shape);
        // Cone culling only where the rasterizer culls back faces and the cone survives the transform.
        bool uniformScale = p.scale.x > 0.0 && p.scale.x == p.scale.y && p.scale.x == p.scale.z;
        bool cone =
            SKYHOOK_TASK_CONE != 0 && uniformScale && pc.materials.v[shape.material].doubleSided == 0u;
        m = MeshletRef(MeshletTablesRef(pc.meshlets).t.meshlets).v[meshlet];
        vec3 center = placePoint(p, m.center);
        vec3 s = abs(p.scale);
        float radius = m.radius * max(s.x, max(s.y, s.z));
        bool keep = (pc.flags & SKYHOOK_DRAW_KEEP_MESHLETS) != 0u;
        visible = keep || meshletVisible(m, p, center, radius, cone);
#if SKYHOOK_TASK_OCCLUSION
        if (visible && !keep && (pc.flags & SKYHOOK_DRAW_OCCLUSION_LATE) != 0u)
            visible = !meshletHidden(center, radius, true);
        else if (visible && !keep && (pc.flags & SKYHOOK_DRAW_OCCLUSION_EARLY) != 0u)
            deferred = meshletHidden(center, radius, false);
#endif
    }
#if SKYHOOK_TASK_OCCLUSION
    if ((pc.flags & SKYHOOK_DRAW_OCCLUSION_EARLY) != 0u) {
        // This invocation's instance in the workgroup (j) and meshlet among that instance's (bit).
        uint j = perGroup > 1u ? li / max(run.meshletCount, 1u) : 0u;
        uint bit = perGroup > 1u ? li % max(run.meshletCount, 1u) : li;
        deferredMask[li] = 0u;
        barrier();
        if (deferred) atomicOr(deferredMask[j], 1u << bit);
        barrier();
        // The instance's first invocation appends one record for its deferred meshlets (it is valid when any
        // is deferred); with no room in phase 2's region they are drawn now.
        if (bit == 0u && deferredMask[j] != 0u) {
#define V FRAME.views[pc.viewIndex]
            uint variant = shape.variant;
            uint index = atomicAdd(CountsRef(V.lateCounts).v[variant], 1u);
            bool room = index < FRAME.variantCapacity[variant];
            if (room) {
                uint count = perGroup > 1u ? run.meshletCount
                                           : min(run.meshletCount - gl_WorkGroupID.x * SKYHOOK_TASK_MESHLETS,
                                                 SKYHOOK_TASK_MESHLETS);
                DeferredRef(V.lateCommands).v[FRAME.variantOffset[variant] + index] =
                    GpuTaskCommand(1u, 1u, 1u, instanceId, 1u, meshlet, count, deferredMask[j], V.lateCounts);
                atomicAdd(CountsRef(run.counts).v[SKYHOOK_CULL_DEFERRED_MESHLETS], bitCount(deferredMask[j]));
            }
#undef V
            deferredKept[j] = room ? 1u : 0u;
        }
        barrier();
        if (deferred && deferredKept[j] != 0u) visible = false;
    }
#endif
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
