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
    vec4 v[];
};
