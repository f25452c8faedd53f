#version 460
// The depth pyramid's level 0 from multisampled depth (see pyramid.glsl).
layout(set = 1, binding = 0) uniform sampler2DMSArray depth;
#include "pyramid.glsl"
float depthAt(ivec2 p, int s) {
    return texelFetch(depth, ivec3(p, pc.layer), s).r;
}
