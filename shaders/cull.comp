#version 460
// GPU instance culling and LOD selection, one workgroup per visible cell (cull_cells.comp made the list). The
// cell's stored instances, then the instances of its spans, go through in chunks of 64 consecutive ids: each
// tests its bounding sphere against the culled region and its size in pixels, and picks the coarsest LOD
// whose simplification error projects under pc.lodPixelError pixels. Consecutive visible instances with the
// same shape and LOD form a run drawn by one command (instanceCount = the run's length), written into its
// pipeline variant's region, compacted; the variant's count (read by vkCmdDrawIndexedIndirectCount), the
// triangles and the instances are counted. Counts are reserved once per workgroup and chunk; runs beyond a
// region's capacity are dropped (and still counted, so the overflow is visible).
#include "cull.glsl"
#include "cull_mesh.glsl"

layout(local_size_x = 64) in;

const uint kNoRun = 0xFFFFFFFFu;

shared uint localCount[SKYHOOK_VARIANTS];
shared uint localBase[SKYHOOK_VARIANTS];
shared uint localTriangles;
shared uint localInstances;
shared uint runKey[64];
shared uint runId[64];

bool sphereVisible(uint region, vec3 c, float r) {
    for (int i = 0; i < 5; ++i) {
        vec4 p = pc.frame.f.cullRegions[region].planes[i];
        if (dot(p.xyz, c) + p.w < -r) return false;
    }
    // An eye's near field ends at the split: what lies wholly beyond it is the far field's.
    float farLimit = pc.frame.f.cullRegions[region].scale.y;
    vec4 nearPlane = pc.frame.f.cullRegions[region].planes[4];
    return farLimit <= 0.0 || dot(nearPlane.xyz, c) + nearPlane.w - r <= farLimit;
}

// Whether every view culled together that has the sphere in its frustum sees it hidden in its layer of the
// pyramid: phase 2 (late) tests this frame's pyramid, phase 1 the previous frame's (never hidden where that
// is not usable).
bool hiddenInEveryView(vec3 center, float radius, bool late) {
    for (uint e = 0u; e < regionCount(); ++e) {
        uint view = pc.region + e;
        if (!sphereVisible(view, center, radius)) continue;
#define V pc.frame.f.views[view]
        if (late) {
            if (!hiddenInPyramid(center, radius, V.view, V.proj2d, V.occlusion.x, V.pyramid, int(e)))
                return false;
        } else if (V.occlusion.z < 0.5 ||
                   !hiddenInPyramid(center, radius, V.prevView, V.prevProj, V.occlusion.y, V.pyramid, int(e)))
            return false;
#undef V
    }
    return true;
}

// Occlusion culling of an opaque instance that passed the frustum and size tests. Phase 1: hidden in the
// previous frame's pyramid → deferred to phase 2 (appended to the view's list) and not drawn now; if the list
// is full it is drawn now. Phase 2: drawn unless hidden in this frame's pyramid (built from phase 1's depth).
// Views culled together (a multiview pass's eyes) share one list: hidden means hidden from each of them.
bool occlusionDefers(uint id, vec3 center, float radius) {
    if ((pc.flags & (SKYHOOK_CULL_OCCLUSION | SKYHOOK_CULL_LATE)) == 0u || pc.region >= SKYHOOK_MAX_VIEWS)
        return false;
    if ((pc.flags & SKYHOOK_CULL_LATE) != 0u) return hiddenInEveryView(center, radius, true);
    if (!hiddenInEveryView(center, radius, false)) return false;
#define V pc.frame.f.views[pc.region]
    LateRef late = LateRef(V.late);
    uint slot = atomicAdd(late.v[3], 1u);
    if (slot >= V.lateCapacity) return false;
#undef V
    late.v[SKYHOOK_LATE_HEADER + slot] = id;
    if (slot % 64u == 0u) atomicAdd(late.v[0], 1u);  // one more workgroup of phase 2
    atomicAdd(pc.counts.v[SKYHOOK_CULL_DEFERRED], 1u);
    return true;
}

// One instance per invocation; `id` is what its draw's gl_InstanceIndex will be.
void cullInstance(bool valid, uint id, InstanceData inst) {
    uint li = gl_LocalInvocationIndex;
    if (li < SKYHOOK_VARIANTS) localCount[li] = 0u;
    if (li == 0u) {
        localTriangles = 0u;
        localInstances = 0u;
    }

    bool visible = false;
    GpuShape shape;
    GpuMeshInfo mesh;
    uint lod = 0u;
    if (valid) {
        shape = pc.shapes.v[inst.shape];
        mesh = pc.meshes.v[shape.mesh];
        vec3 scale = inst.scale * shape.scale.xyz;
        vec3 center = quatToMat3(inst.rotation) * (scale * mesh.sphere.xyz) + inst.position +
                      cellOffset(pc.frame, pc.cells, inst.cell);
        float radius = mesh.sphere.w * max(abs(scale.x), max(abs(scale.y), abs(scale.z)));
        if (mesh.lodCount == 0u) {
            visible = false;  // its model's data has not arrived yet (streaming): nothing to draw
        } else if ((pc.flags & SKYHOOK_CULL_ACCEPT_ALL) != 0u) {
            visible = true;
        } else {
            // Kept when any of the views culled together sees it, at the size the nearest sees.
            float pixelsPerUnit = 0.0;
            for (uint e = 0u; e < regionCount(); ++e) {
                uint region = pc.region + e;
                if (!sphereVisible(region, center, radius)) continue;
                visible = true;
                float distance = max(length(center - pc.frame.f.cullRegions[region].eye.xyz) - radius, 1e-3);
                pixelsPerUnit = max(pixelsPerUnit, pixelsPerMetre(region, distance));
            }
            // Too small to cover a sample: a part 9×10^7 m away is not drawn at all.
            if (2.0 * radius * pixelsPerUnit < pc.minPixelSize) visible = false;
            if (visible && shape.variant < 2u) visible = !occlusionDefers(id, center, radius);
            if (visible) {
                for (uint l = mesh.lodCount - 1u; l > 0u; --l) {
                    float error = mesh.lodErrors[l / 4u][l % 4u] * radius;
                    if (error * pixelsPerUnit <= pc.lodPixelError) {
                        lod = l;
                        break;
                    }
                }
            }
        }
    }
    uint key = visible ? inst.shape * 8u + lod : kNoRun;
    runKey[li] = key;
    runId[li] = id;
    barrier();

    // A run starts where the previous id is not the previous instance drawn the same way; its first
    // invocation writes the command.
    bool start = visible && (li == 0u || runKey[li - 1u] != key || runId[li - 1u] + 1u != id);
    uint runLength = 0u;
    uint slot = 0u;
    if (start) {
        runLength = 1u;
        while (li + runLength < 64u && runKey[li + runLength] == key &&
               runId[li + runLength] == id + runLength)
            ++runLength;
        slot = atomicAdd(localCount[shape.variant], 1u);
    }
    if (visible) {
        atomicAdd(localTriangles, mesh.lods[lod].y / 3u);
        atomicAdd(localInstances, 1u);
    }
    barrier();
    if (li < SKYHOOK_VARIANTS) {
        uint n = localCount[li];
        localBase[li] = n > 0u ? atomicAdd(pc.counts.v[li], n) : 0u;
    }
    if (li == 0u) {
        if (localTriangles > 0u) atomicAdd(pc.counts.v[SKYHOOK_CULL_TRIANGLES], localTriangles);
        if (localInstances > 0u) atomicAdd(pc.counts.v[SKYHOOK_CULL_INSTANCES], localInstances);
    }
    barrier();
    if (start) {
        uint index = localBase[shape.variant] + slot;
        if (index < pc.variantCapacity[shape.variant]) {
            uint at = pc.variantOffset[shape.variant] + index;
            if ((pc.flags & SKYHOOK_CULL_MESH_TASKS) != 0u)
                writeTaskCommand(at, mesh, lod, runLength, id);  // the mesh path: cull_mesh.glsl
            else
                pc.commands.v[at] =
                    DrawCommand(mesh.lods[lod].y, runLength, mesh.lods[lod].x, mesh.vertexOffset, id);
        }
    }
    barrier();  // the next chunk reuses the shared counters
}

void main() {
    uint li = gl_LocalInvocationIndex;
    if ((pc.flags & SKYHOOK_CULL_LATE) != 0u) {
        // Phase 2: the instances phase 1 deferred, 64 list entries per workgroup.
        LateRef late = LateRef(pc.frame.f.views[pc.region].late);
        uint entries = min(late.v[3], pc.frame.f.views[pc.region].lateCapacity);
        uint index = gl_WorkGroupID.x * 64u + li;
        bool valid = index < entries;
        uint id = valid ? late.v[SKYHOOK_LATE_HEADER + index] : 0u;
        InstanceData inst;
        if (valid) inst = instanceById(id);
        cullInstance(valid, id, inst);
        return;
    }
    uint cell = pc.work.v[3u + gl_WorkGroupID.x];
    GpuCellRange range = cellRange(cell);
    // Stored instances (the dynamic cell's are this frame's animated ones).
    InstanceRef dynamicInstances = InstanceRef(pc.frame.f.dynamicInstances);
    uint staticCount = pc.frame.f.staticInstanceCount;
    for (uint base = 0u; base < range.instanceCount; base += 64u) {
        bool valid = base + li < range.instanceCount;
        uint id = range.firstInstance + base + li;
        InstanceData inst;
        if (valid && id >= staticCount)
            inst = unpackInstance(dynamicInstances.v[id - staticCount]);
        else if (valid)
            inst = unpackInstance(pc.instances.v[id]);
        cullInstance(valid, id, inst);
    }
    // Generated instances.
    SpanRef spans = SpanRef(pc.frame.f.spans);
    for (uint s = range.firstSpan; s < range.firstSpan + range.spanCount; ++s) {
        GpuInstanceSpan span = spans.v[s];
        for (uint base = 0u; base < span.count; base += 64u) {
            uint k = base + li;
            bool valid = k < span.count;
            InstanceData inst;
            if (valid) inst = spanInstance(span, k);
            cullInstance(valid, SKYHOOK_GENERATED_BIT | (s << SKYHOOK_SPAN_SHIFT) | k, inst);
        }
    }
}
