// The clustered-lighting grid: screen tiles × logarithmic depth slices, shared by the binning pass and the
// shading that reads it.
uint clusterSlice(float viewDepth, vec4 depth, uint slices) {
    if (viewDepth <= depth.x) return 0u;
    return min(uint(log(viewDepth / depth.x) * depth.z), slices - 1u);
}

uint clusterIndex(uvec3 cell, uvec4 grid) { return cell.x + grid.x * (cell.y + grid.y * cell.z); }
