// Shared by every scene shader: buffer references to the GPU scene and the push-constant block.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_nonuniform_qualifier : require
#ifdef SKYHOOK_MULTIVIEW
#extension GL_EXT_multiview : require
#endif

#include "shared/layout.h"

#include "scene_refs.glsl"
#include "lights.glsl"
layout(buffer_reference, scalar) readonly buffer MaterialRef {
    GpuMaterial v[];
};
layout(buffer_reference, scalar) readonly buffer VertexRef {
    GpuVertex v[];
};
layout(buffer_reference, scalar) readonly buffer UintRef {
    uint v[];
};

layout(push_constant, scalar) uniform Push {
    FrameRef frame;
    InstanceRef instances;
    MaterialRef materials;
    VertexRef vertices;
    LightRef lights;
    CellRef cells;
    ShapeRef shapes;
    LightRef globals;
    uint viewIndex;
    uint cascade;
    uint flags;
    uint pad;
    vec4 params;
    uint64_t meshlets;  // GpuMeshletTables (the mesh path; meshlet.glsl)
    uint64_t tasks;     // GpuTaskCommand[] of this draw (the mesh path)
}
pc;

layout(set = 0, binding = 0) uniform sampler2D textures[];
layout(set = 0, binding = 1) uniform sampler2DArrayShadow shadowMap;

// The view an invocation draws: in a multiview pass (the eyes of a headset in one pass) the pass's first view
// plus gl_ViewIndex. Stages that may run in a multiview pass define SKYHOOK_MULTIVIEW before including this
// file; gl_ViewIndex is 0 outside one, so the same shader serves single views.
#ifdef SKYHOOK_MULTIVIEW
#define VIEW_ID (pc.viewIndex + gl_ViewIndex)
#else
#define VIEW_ID pc.viewIndex
#endif
// Read fields through these: copying the whole FrameUniforms (kilobytes) into a local costs every fragment.
#define FRAME pc.frame.f
#define VIEW pc.frame.f.views[VIEW_ID]

#include "instance.glsl"

// An instance's placement relative to the frame origin: rotation, per-axis scale and translation (its
// cell-relative position plus the cell's offset this frame).
struct Placement {
    mat3 rotation;
    vec3 scale;
    vec3 translation;
};

// The instance a draw's gl_InstanceIndex names: stored, dynamic (this frame's) or generated from a span.
InstanceData fetchInstance(uint id) {
    if ((id & SKYHOOK_GENERATED_BIT) != 0u) {
        uint span = (id & ~SKYHOOK_GENERATED_BIT) >> SKYHOOK_SPAN_SHIFT;
        return spanInstance(SpanRef(FRAME.spans).v[span], id & (SKYHOOK_SPAN_MAX_INSTANCES - 1u));
    }
    if (id >= FRAME.staticInstanceCount)
        return unpackInstance(InstanceRef(FRAME.dynamicInstances).v[id - FRAME.staticInstanceCount]);
    return unpackInstance(pc.instances.v[id]);
}

Placement instancePlacement(InstanceData inst, GpuShape shape) {
    Placement p;
    p.rotation = quatToMat3(inst.rotation);
    p.scale = inst.scale * shape.scale.xyz;
    p.translation = inst.position + cellOffset(pc.frame, pc.cells, inst.cell);
    return p;
}

vec3 placePoint(Placement p, vec3 position) {
    return p.rotation * (p.scale * position) + p.translation;
}
// Normals transform by the inverse transpose: rotation times inverse scale.
vec3 placeNormal(Placement p, vec3 normal) {
    return p.rotation * (normal / p.scale);
}
vec3 placeTangent(Placement p, vec3 tangent) {
    return p.rotation * (tangent * p.scale);
}

const float PI = 3.14159265358979;
