#version 460
#include "common.glsl"
// The benchmark's baseline: the same triangles with the least a shader can do.
void main() {
    InstanceData inst = fetchInstance(gl_InstanceIndex);
    vec3 world =
        placePoint(instancePlacement(inst, pc.shapes.v[inst.shape]), pc.vertices.v[gl_VertexIndex].position);
    gl_Position = pc.frame.f.views[pc.viewIndex].viewProj * vec4(world, 1.0);
}
