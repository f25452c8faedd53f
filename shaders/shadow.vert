#version 460
#include "common.glsl"

// Depth-only pass of one shadow cascade (pc.cascade).
void main() {
    InstanceData inst = fetchInstance(gl_InstanceIndex);
    vec3 world =
        placePoint(instancePlacement(inst, pc.shapes.v[inst.shape]), pc.vertices.v[gl_VertexIndex].position);
    gl_Position = pc.frame.f.views[pc.viewIndex].cascadeViewProj[pc.cascade] * vec4(world, 1.0);
}
