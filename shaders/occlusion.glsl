// Occlusion tests against a depth pyramid, shared by the instance culling pass (cull.comp) and the mesh
// path's task shader (meshlet_task.glsl). The includer declares `pyramid` (one layer per view culled
// together, the eyes of a multiview pass): each texel holds the farthest
// depth (reversed-Z: the smallest) of the pixels it covers; level 0 is a power of two in each dimension, so
// every level halves exactly.

// The range of x / forward distance over a sphere seen from the origin, in the plane of one screen axis and
// the view direction: the two lines from the eye tangent to the sphere's circle there.
vec2 tangentRange(float across, float forward, float radius) {
    float middle = atan(across, forward);
    float spread = asin(clamp(radius / length(vec2(across, forward)), 0.0, 1.0));
    return vec2(tan(middle - spread), tan(middle + spread));
}

// Whether a sphere (camera-relative centre) lies entirely behind what the pyramid holds, seen through a view
// matrix `view` and a projection with x/y scale and offset `p2d` (P00, P11, P20, P21) and near plane `near`,
// against the pyramid's layer `layer`. Conservative: spheres reaching the near plane, or the screen's edge,
// are never hidden.
bool hiddenInPyramid(vec3 center, float radius, mat4 view, vec4 p2d, float near, vec4 size, int layer) {
    vec3 c = (view * vec4(center, 1.0)).xyz;
    float forward = -c.z;
    if (forward - radius <= near) return false;
    vec2 tx = tangentRange(c.x, forward, radius), ty = tangentRange(c.y, forward, radius);
    vec2 nx = p2d.x * tx - p2d.z, ny = p2d.y * ty - p2d.w;
    vec4 uv = vec4(min(nx.x, nx.y), min(ny.x, ny.y), max(nx.x, nx.y), max(ny.x, ny.y)) * 0.5 + 0.5;
    if (any(lessThan(uv.xy, vec2(0.0))) || any(greaterThan(uv.zw, vec2(1.0)))) return false;
    float nearest = near / (forward - radius);  // reversed-Z depth of the sphere's nearest point
    // The level where the rectangle spans at most 2 × 2 texels.
    vec2 extent = (uv.zw - uv.xy) * size.xy;
    int levels = int(size.z);
    int level = int(ceil(log2(max(max(extent.x, extent.y), 1.0))));
    for (int attempt = 0; attempt < 2; ++attempt, ++level) {
        level = min(level, levels - 1);
        ivec2 dims = max(ivec2(size.xy) >> level, ivec2(1));
        ivec2 lo = clamp(ivec2(uv.xy * vec2(dims)), ivec2(0), dims - 1);
        ivec2 hi = clamp(ivec2(uv.zw * vec2(dims)), ivec2(0), dims - 1);
        if (any(greaterThan(hi - lo, ivec2(1))) && level < levels - 1) continue;  // rounding: one level up
        float farthest = min(min(texelFetch(pyramid, ivec3(lo, layer), level).r,
                                 texelFetch(pyramid, ivec3(hi.x, lo.y, layer), level).r),
                             min(texelFetch(pyramid, ivec3(lo.x, hi.y, layer), level).r,
                                 texelFetch(pyramid, ivec3(hi, layer), level).r));
        return nearest < farthest;
    }
    return false;
}
