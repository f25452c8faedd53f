#version 460
layout(location = 0) out vec4 outColor;
void main() { outColor = vec4(0.8, 0.8, 0.8, 1.0); }
