#version 460
// Overlay lines: the segment's colour, blended over the tone-mapped (sRGB-encoded) target.
layout(location = 0) in vec4 inColor;
layout(location = 0) out vec4 outColor;
void main() {
    outColor = inColor;
}
