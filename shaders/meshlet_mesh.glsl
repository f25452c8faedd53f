// The mesh path's mesh shader body (forward.mesh, shadow.mesh, bare.mesh): one workgroup draws one meshlet
// of one instance, placed exactly as forward.vert / shadow.vert / bare.vert place a vertex, with the same
// varyings (SKYHOOK_MESH_SHADED) so forward.frag shades both paths alike.
#include "common.glsl"
#include "meshlet.glsl"

#define SKYHOOK_MESH_THREADS 32
layout(local_size_x = SKYHOOK_MESH_THREADS) in;
layout(triangles, max_vertices = 64, max_primitives = 124) out;

taskPayloadSharedEXT MeshletPayload payload;

#ifdef SKYHOOK_MESH_SHADED
layout(location = 0) out vec3 outPosition[];  // camera-relative world position
layout(location = 1) out vec3 outNormal[];
layout(location = 2) out vec4 outTangent[];
layout(location = 3) out vec2 outUv[];
layout(location = 4) flat out uint outMaterial[];
#endif

void main() {
    GpuMeshletTables tables = MeshletTablesRef(pc.meshlets).t;
    GpuMeshlet m = MeshletRef(tables.meshlets).v[payload.meshlets[gl_WorkGroupID.x]];
    InstanceData inst = fetchInstance(payload.instances[gl_WorkGroupID.x]);
    GpuShape shape = pc.shapes.v[inst.shape];
    Placement p = instancePlacement(inst, shape);
#ifdef SKYHOOK_MESH_SHADOW
    mat4 viewProj = pc.frame.f.views[pc.viewIndex].cascadeViewProj[pc.cascade];
#else
    mat4 viewProj = pc.frame.f.views[pc.viewIndex].viewProj;
#endif
    SetMeshOutputsEXT(m.vertexCount, m.triangleCount);
    UintRef vertexIndices = UintRef(tables.vertices);
    UintRef triangles = UintRef(tables.triangles);
    for (uint i = gl_LocalInvocationIndex; i < m.vertexCount; i += SKYHOOK_MESH_THREADS) {
        GpuVertex vtx = pc.vertices.v[vertexIndices.v[m.vertexOffset + i]];
        vec3 world = placePoint(p, vtx.position);
        gl_MeshVerticesEXT[i].gl_Position = viewProj * vec4(world, 1.0);
#ifdef SKYHOOK_MESH_SHADED
        outPosition[i] = world;
        outNormal[i] = placeNormal(p, vtx.normal);
        // A mirroring transform flips the bitangent.
        float mirror = p.scale.x * p.scale.y * p.scale.z < 0.0 ? -1.0 : 1.0;
        outTangent[i] = vec4(placeTangent(p, vtx.tangent.xyz), vtx.tangent.w * mirror);
        outUv[i] = vec2(vtx.u, vtx.v);
        outMaterial[i] = shape.material;
#endif
    }
    for (uint i = gl_LocalInvocationIndex; i < m.triangleCount; i += SKYHOOK_MESH_THREADS) {
        uint packed = triangles.v[m.triangleOffset + i];
        gl_PrimitiveTriangleIndicesEXT[i] = uvec3(packed & 0xFFu, (packed >> 8) & 0xFFu, (packed >> 16) & 0xFFu);
    }
}
