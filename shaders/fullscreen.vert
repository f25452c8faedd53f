#version 460
// One triangle covering the viewport; uv in [0,1] with (0,0) at the top left.
layout(location = 0) out vec2 outUv;
void main() {
    vec2 uv = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
    outUv = uv;
    gl_Position = vec4(uv * 2.0 - 1.0, 0.0, 1.0);  // depth 0 = infinitely far (reversed-Z)
}
