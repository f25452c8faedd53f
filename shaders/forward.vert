#version 460
#include "common.glsl"

layout(location = 0) out vec3 outPosition;  // camera-relative world position
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec4 outTangent;
layout(location = 3) out vec2 outUv;
layout(location = 4) flat out uint outMaterial;

void main() {
    GpuInstance inst = pc.instances.v[gl_InstanceIndex];
    GpuVertex vtx = pc.vertices.v[gl_VertexIndex];
    vec4 world = instanceWorld(inst, vtx.position);
    outPosition = world.xyz;
    outNormal = mat3(inst.normalMatrix) * vtx.normal;
    outTangent = vec4(mat3(inst.model) * vtx.tangent.xyz, vtx.tangent.w);
    outUv = vec2(vtx.u, vtx.v);
    outMaterial = inst.material;
    gl_Position = pc.frame.f.views[pc.viewIndex].viewProj * world;
}
