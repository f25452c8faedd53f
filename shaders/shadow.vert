#version 460
#include "common.glsl"

// Depth-only pass of one shadow cascade (pc.cascade).
void main() {
    GpuInstance inst = pc.instances.v[gl_InstanceIndex];
    GpuVertex vtx = pc.vertices.v[gl_VertexIndex];
    vec4 world = inst.model * vec4(vtx.position, 1.0);
    gl_Position = pc.frame.f.views[pc.viewIndex].cascadeViewProj[pc.cascade] * world;
}
