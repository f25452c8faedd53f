#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"

layout(location = 0) out vec3 outPosition;  // camera-relative world position
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec4 outTangent;
layout(location = 3) out vec2 outUv;
layout(location = 4) flat out uint outMaterial;

void main() {
    InstanceData inst = fetchInstance(gl_InstanceIndex);
    GpuShape shape = pc.shapes.v[inst.shape];
    GpuVertex vtx = pc.vertices.v[gl_VertexIndex];
    Placement p = instancePlacement(inst, shape);
    vec3 world = placePoint(p, vtx.position);
    outPosition = world;
    outNormal = placeNormal(p, vtx.normal);
    // A mirroring transform flips the bitangent.
    float mirror = p.scale.x * p.scale.y * p.scale.z < 0.0 ? -1.0 : 1.0;
    outTangent = vec4(placeTangent(p, vtx.tangent.xyz), vtx.tangent.w * mirror);
    outUv = vec2(vtx.u, vtx.v);
    outMaterial = shape.material;
    gl_Position = VIEW.viewProj * vec4(world, 1.0);
}
