// Level 0 of the depth pyramid from the scene's depth: each texel keeps the farthest depth (reversed-Z: the
// smallest value) of every pixel and sample it covers. Level 0 is a power of two per axis, so a texel covers
// between one and two pixels per axis (all of them, rounded outwards); every further level halves exactly.
#extension GL_EXT_scalar_block_layout : require

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 1, binding = 5, r32f) uniform writeonly image2D level0;

layout(push_constant, scalar) uniform Push {
    uvec2 depthSize;  // pixels
    uvec2 levelSize;  // level 0 texels
    uint samples;
    uint layer;  // of the depth (a layer per view of a multiview pass)
}
pc;

float depthAt(ivec2 p, int s);

void main() {
    uvec2 t = gl_GlobalInvocationID.xy;
    if (any(greaterThanEqual(t, pc.levelSize))) return;
    uvec2 first = (t * pc.depthSize) / pc.levelSize;
    uvec2 last = min(((t + 1u) * pc.depthSize + pc.levelSize - 1u) / pc.levelSize, pc.depthSize) - 1u;
    float farthest = 1.0;
    for (uint y = first.y; y <= last.y; ++y)
        for (uint x = first.x; x <= last.x; ++x)
            for (uint s = 0u; s < pc.samples; ++s) farthest = min(farthest, depthAt(ivec2(x, y), int(s)));
    imageStore(level0, ivec2(t), vec4(farthest));
}
