#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// The planet's surface near an eye whose far field is drawn once for both eyes (near_ground.frag): a disc on
// the ground's tangent plane under the camera, its radius pc.params.z metres, so the fragment shader runs
// only where the ground may lie nearer than the split. The sphere drops
// below the plane away from the nadir, so every ray that meets the surface inside the radius crosses the
// disc first. A fan of kSegments triangles, drawn with 3 × kSegments vertices.
const int kSegments = 64;
void main() {
    int triangle = gl_VertexIndex / 3, corner = gl_VertexIndex % 3;
    vec3 up = FRAME.atmosphere.up.xyz;
    vec3 t1 = normalize(cross(up, abs(up.y) < 0.9 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0)));
    vec3 t2 = cross(up, t1);
    vec3 p = -up * FRAME.atmosphere.up.w;  // the nadir (positions are relative to the frame origin)
    if (corner > 0) {
        float angle = 2.0 * PI * float(triangle + corner - 1) / float(kSegments);
        // The polygon's edges, not only its corners, stay outside the circle.
        float radius = pc.params.z / cos(PI / float(kSegments));
        p += radius * (cos(angle) * t1 + sin(angle) * t2);
    }
    gl_Position = VIEW.viewProj * vec4(p, 1.0);
}
