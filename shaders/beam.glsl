// The plasma jets' shared declarations: push constants (BeamPush in shared/layout.h), the beam's profile and
// ignition. Profile: a Gaussian across the axis with sigma(s) = radius(s) / 2, radius(s) = radius + spread s,
// emission scaled by (sigma0 / sigma)^2 (the flux through a cross-section is kept as the jet widens) and
// faded by (1 - s / length)^2 towards the end. sigma never gets thinner than minPixels on screen: a thinner
// beam is widened with its emission divided by the same factor squared, so a distant beam stays a stable line
// with the energy it had.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#ifndef BEAM_CULL
#extension GL_EXT_multiview : require
#endif

#include "shared/layout.h"

layout(buffer_reference, scalar) readonly buffer BeamFrameRef {
    FrameUniforms f;
};
layout(buffer_reference, scalar) readonly buffer BeamRef {
    GpuBeam v[];
};
layout(buffer_reference, scalar) readonly buffer BeamRuleRef {
    GpuBeamRule v[];
};
layout(buffer_reference, scalar) readonly buffer BeamCellRef {
    GpuCellOrigin v[];
};

// Only the culling pass (which defines BEAM_CULL) writes the list and the draws.
#ifdef BEAM_CULL
layout(buffer_reference, scalar) buffer BeamListRef {
    uint v[];
};
layout(buffer_reference, scalar) buffer BeamArgsRef {
    BeamDrawArgs v[SKYHOOK_BEAM_DRAWS];
};
#else
layout(buffer_reference, scalar) readonly buffer BeamListRef {
    uint v[];
};
layout(buffer_reference, scalar) readonly buffer BeamArgsRef {
    BeamDrawArgs v[SKYHOOK_BEAM_DRAWS];
};
#endif

layout(push_constant, scalar) uniform BeamPushBlock {
    BeamFrameRef frame;
    BeamRef beams;
    BeamRuleRef rules;
    BeamCellRef cells;
    BeamListRef list;
    BeamArgsRef args;
    uint viewIndex;
    uint beamCount;
    float time;
    float minPixels;
    float maxRadiance;
    float thinPixels;
    uint flags;
    uint listOffset;
    uint viewCount;
    uint pad;
}
pc;

// The view drawn: in a multiview pass (both eyes at once) the pass's first view plus gl_ViewIndex. The
// culling pass culls against viewCount views from viewIndex and sizes beams as the first sees them.
#ifdef BEAM_CULL
#define BEAM_VIEW pc.frame.f.views[pc.viewIndex]
#else
#define BEAM_VIEW pc.frame.f.views[pc.viewIndex + gl_ViewIndex]
#endif

// The proxy box reaches this many sigmas from the axis (the profile is 3e-4 of its peak there).
const float kBeamSigmas = 4.0;

// Brightness in [0, 1] at show time t (engine/scene/beams.cpp beamLevel).
float beamLevel(float delay, float ramp, float t) {
    if (t < delay) return 0.0;
    if (ramp <= 0.0) return 1.0;
    float x = min((t - delay) / ramp, 1.0);
    return x * x * (3.0 - 2.0 * x);
}

// A beam's cell origin relative to the frame origin (beams are static: never in the dynamic cell).
vec3 beamCellOffset(uint cell) {
    return cellOriginOffset(pc.cells.v[cell], pc.frame.f.originHi, pc.frame.f.originLo);
}

// The eye in the frame's camera-relative space (views other than the first sit a little off the origin).
vec3 beamEye() {
    mat4 v = BEAM_VIEW.view;
    return -(transpose(mat3(v)) * v[3].xyz);
}

// Pixels per metre at a distance of one metre.
float beamPixelsPerUnit() {
    return BEAM_VIEW.viewport.y * 0.5 * abs(BEAM_VIEW.proj[1][1]);
}

// sigma at axial position s seen from `distance` metres: the physical one, or minPixels on screen.
float beamSigmaAt(float radius, float spread, float s, float distance, float pixelsPerUnit) {
    float physical = 0.5 * (radius + spread * s);
    return max(physical, pc.minPixels * distance / pixelsPerUnit);
}
float beamSigma(GpuBeam b, float s, float distance, float pixelsPerUnit) {
    return beamSigmaAt(b.radius, b.spread, s, distance, pixelsPerUnit);
}
