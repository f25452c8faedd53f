#version 460
// The hidden area is black (hidden_area.vert).
layout(location = 0) out vec4 outColor;
void main() {
    outColor = vec4(0.0);
}
