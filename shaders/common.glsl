// Shared by every scene shader: buffer references to the GPU scene and the push-constant block.
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_scalar_block_layout : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_nonuniform_qualifier : require

#include "shared/layout.h"

layout(buffer_reference, scalar) readonly buffer FrameRef { FrameUniforms f; };
layout(buffer_reference, scalar) readonly buffer InstanceRef { GpuInstance v[]; };
layout(buffer_reference, scalar) readonly buffer MaterialRef { GpuMaterial v[]; };
layout(buffer_reference, scalar) readonly buffer VertexRef { GpuVertex v[]; };
layout(buffer_reference, scalar) readonly buffer LightRef { GpuLight v[]; };
layout(buffer_reference, scalar) readonly buffer CellRef { vec4 v[]; };

layout(push_constant, scalar) uniform Push {
    FrameRef frame;
    InstanceRef instances;
    MaterialRef materials;
    VertexRef vertices;
    LightRef lights;
    CellRef cells;
    uint viewIndex;
    uint cascade;
    uint flags;
    uint pad;
    vec4 params;
} pc;

layout(set = 0, binding = 0) uniform sampler2D textures[];
layout(set = 0, binding = 1) uniform sampler2DArrayShadow shadowMap;

// Read fields through these: copying the whole FrameUniforms (kilobytes) into a local costs every fragment.
#define FRAME pc.frame.f
#define VIEW pc.frame.f.views[pc.viewIndex]

// An instance's position relative to the frame origin: its cell-relative model matrix, then its cell's offset.
vec4 instanceWorld(GpuInstance inst, vec3 position) {
    vec4 world = inst.model * vec4(position, 1.0);
    world.xyz += pc.cells.v[inst.cell].xyz;
    return world;
}

const float PI = 3.14159265358979;
