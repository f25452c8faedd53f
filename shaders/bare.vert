#version 460
#include "common.glsl"
// The benchmark's baseline: the same triangles with the least a shader can do.
void main() {
    GpuInstance inst = pc.instances.v[gl_InstanceIndex];
    vec4 world = instanceWorld(inst, pc.vertices.v[gl_VertexIndex].position);
    gl_Position = pc.frame.f.views[pc.viewIndex].viewProj * world;
}
