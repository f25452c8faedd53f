// Buffer references to the scene's tables that the scene shaders (common.glsl) and the culling passes
// (cull.glsl) both read. Include after shared/layout.h with the buffer-reference, scalar-layout and int64
// extensions enabled.
layout(buffer_reference, scalar) readonly buffer FrameRef {
    FrameUniforms f;
};
layout(buffer_reference, scalar) readonly buffer InstanceRef {
    GpuInstance v[];
};
layout(buffer_reference, scalar) readonly buffer SpanRef {
    GpuInstanceSpan v[];
};
layout(buffer_reference, scalar) readonly buffer ShapeRef {
    GpuShape v[];
};
layout(buffer_reference, scalar) readonly buffer CellRef {
    GpuCellOrigin v[];
};

// A cell's origin relative to this frame's origin. The dynamic cell's instances are posed relative to the
// frame origin itself.
vec3 cellOffset(FrameRef frame, CellRef cells, uint cell) {
    if (cell == frame.f.dynamicCell) return vec3(0.0);
    return cellOriginOffset(cells.v[cell], frame.f.originHi, frame.f.originLo);
}
