// Point and spot lights as a frame sees them (engine/render/lights.hpp): ids below
// FRAME.staticLightCount name the scene's static table, the rest this frame's moving lights (placed in the
// dynamic cell); every light's colour is scaled by its intensity group's scale this frame. Shared by the
// binning pass and the shading. Include after shared/layout.h and scene_refs.glsl (FrameRef).
layout(buffer_reference, scalar) readonly buffer LightRef {
    GpuLight v[];
};
layout(buffer_reference, scalar) readonly buffer LightScaleRef {
    float v[];
};

float lightScale(FrameRef frame, uint group) {
    return LightScaleRef(frame.f.lightScales).v[group];
}

// The light as stored (colour not scaled).
GpuLight storedLight(FrameRef frame, LightRef staticLights, uint id) {
    uint staticCount = frame.f.staticLightCount;
    if (id < staticCount) return staticLights.v[id];
    return LightRef(frame.f.movingLights).v[id - staticCount];
}

// The light as it shines this frame.
GpuLight frameLight(FrameRef frame, LightRef staticLights, uint id) {
    GpuLight light = storedLight(frame, staticLights, id);
    light.color *= lightScale(frame, light.group);
    return light;
}
