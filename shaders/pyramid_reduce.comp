#version 460
// One level of the depth pyramid from the level below: the farthest (smallest, reversed-Z) of its 2 × 2
// texels. Levels are powers of two, so the halving is exact.
layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 1, binding = 4, r32f) uniform readonly image2D source;
layout(set = 1, binding = 5, r32f) uniform writeonly image2D target;

void main() {
    ivec2 t = ivec2(gl_GlobalInvocationID.xy);
    ivec2 size = imageSize(target);
    if (any(greaterThanEqual(t, size))) return;
    ivec2 src = imageSize(source);
    ivec2 a = min(2 * t, src - 1), b = min(2 * t + 1, src - 1);
    float d = min(min(imageLoad(source, a).r, imageLoad(source, ivec2(b.x, a.y)).r),
                  min(imageLoad(source, ivec2(a.x, b.y)).r, imageLoad(source, b).r));
    imageStore(target, t, vec4(d));
}
