#version 460
// The depth pyramid's level 0 from single-sampled depth (see pyramid.glsl).
layout(set = 1, binding = 0) uniform sampler2DArray depth;
#include "pyramid.glsl"
float depthAt(ivec2 p, int s) {
    return texelFetch(depth, ivec3(p, pc.layer), 0).r;
}
