#version 460
#include "common.glsl"

// Depth-only pass of one shadow cascade (pc.cascade).
void main() {
    GpuInstance inst = pc.instances.v[gl_InstanceIndex];
    GpuVertex vtx = pc.vertices.v[gl_VertexIndex];
    vec4 world = instanceWorld(inst, vtx.position);
    gl_Position = pc.frame.f.views[pc.viewIndex].cascadeViewProj[pc.cascade] * world;
}
