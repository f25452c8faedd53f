// Layouts shared by C++ and GLSL. GPU buffers use the scalar block layout (GL_EXT_scalar_block_layout), which
// matches C++ struct layout for these types; the static_asserts below catch any drift.
#ifndef SKYHOOK_SHARED_LAYOUT_H
#define SKYHOOK_SHARED_LAYOUT_H

#ifdef __cplusplus
#include <cstdint>
#include <glm/glm.hpp>
namespace skyhook::gpu_layout {
using vec2 = glm::vec2;
using vec3 = glm::vec3;
using vec4 = glm::vec4;
using uvec2 = glm::uvec2;
using uvec4 = glm::uvec4;
using mat4 = glm::mat4;
using uint = uint32_t;
#define SKYHOOK_LAYOUT_SIZE(T, n) \
    static_assert(sizeof(T) == (n), #T " changed size: update shaders/shared/layout.h")
#else
#define SKYHOOK_LAYOUT_SIZE(T, n)
#endif

#define SKYHOOK_MAX_CASCADES 4
#define SKYHOOK_MAX_VIEWS 8

#define SKYHOOK_LIGHT_DIRECTIONAL 0
#define SKYHOOK_LIGHT_POINT 1
#define SKYHOOK_LIGHT_SPOT 2

#define SKYHOOK_ALPHA_OPAQUE 0
#define SKYHOOK_ALPHA_MASK 1
#define SKYHOOK_ALPHA_BLEND 2

// Debug views (FrameUniforms.debugView)
#define SKYHOOK_DEBUG_NONE 0
#define SKYHOOK_DEBUG_ALBEDO 1
#define SKYHOOK_DEBUG_NORMALS 2
#define SKYHOOK_DEBUG_ROUGHNESS_METALLIC 3
#define SKYHOOK_DEBUG_CASCADES 4

struct GpuVertex {
    vec3 position;
    float u;
    vec3 normal;
    float v;
    vec4 tangent;
};
SKYHOOK_LAYOUT_SIZE(GpuVertex, 48);

// One drawn instance in 32 bytes, written once when the scene loads: position relative to the origin of its
// cell (a ~2 km cube placed in double precision, so float keeps sub-millimetre precision), rotation as a
// quaternion in 4 × snorm16, a uniform scale, and its shape (mesh, material, pipeline, per-axis scale). Each
// frame only the camera's position is written (the shaders offset each cell from it): no per-instance or
// per-cell CPU work per frame.
struct GpuInstance {
    vec3 position;
    uint cell;       // index into the scene's cell origins (GpuCellOrigin)
    uint rotation0;  // quaternion x, y (packSnorm2x16)
    uint rotation1;  // quaternion z, w
    float scale;     // uniform scale (times the shape's per-axis scale)
    uint shape;      // index into the scene's GpuShape table
};
SKYHOOK_LAYOUT_SIZE(GpuInstance, 32);

// What instances share: the mesh and material they draw, the pipeline variant, and a per-axis scale (the
// non-uniform part of their transforms), deduplicated across the scene.
struct GpuShape {
    uint mesh;
    uint material;
    uint variant;
    uint pad;
    vec4 scale;  // xyz
};
SKYHOOK_LAYOUT_SIZE(GpuShape, 32);

struct GpuMaterial {
    vec4 baseColorFactor;
    vec4 emissive;  // rgb = factor × strength
    float metallic;
    float roughness;
    float normalScale;
    float occlusionStrength;
    int baseColorTexture;  // bindless index or -1
    int normalTexture;
    int metallicRoughnessTexture;
    int occlusionTexture;
    int emissiveTexture;
    uint alphaMode;
    float alphaCutoff;
    uint doubleSided;
};
SKYHOOK_LAYOUT_SIZE(GpuMaterial, 80);

// A light. Point and spot lights live in a static table written when the scene loads, positioned relative
// to a cell like instances; lights that tracks move are placed each frame in a per-frame list (light ids from
// FrameUniforms.staticLightCount, in the dynamic cell); directional lights other than the sun go to a small
// per-frame list. A light's colour is scaled by its intensity group's scale this frame
// (FrameUniforms.lightScales[group]): group 0 is 1, the others are the lights and light rules with an
// intensity track (their colour is then per candela and the scale is the intensity).
struct GpuLight {
    vec3 position;  // relative to its cell's origin (point, spot)
    uint cell;
    vec3 color;      // colour × intensity: candela (point, spot) or lux (directional)
    float range;     // influence radius in metres (finite: see render/README.md)
    vec3 direction;  // the direction light travels (directional, spot)
    uint type;
    float cosInner;
    float cosOuter;
    uint group;  // intensity group: index into FrameUniforms.lightScales
    uint pad;
};
SKYHOOK_LAYOUT_SIZE(GpuLight, 64);

// A cell's content, with bounds relative to the cell's origin: stored instances (contiguous, sorted by cell)
// and spans of generated instances. The culling pass tests cells first, then only the content of visible
// cells; maxRadius lets it skip a cell whose largest instance would cover less than a pixel anywhere in it.
struct GpuCellRange {
    vec3 boundsMin;
    uint firstInstance;
    vec3 boundsMax;
    uint instanceCount;
    uint firstSpan;
    uint spanCount;
    float maxRadius;  // the largest bounding-sphere radius of the cell's instances
    uint pad;
};
SKYHOOK_LAYOUT_SIZE(GpuCellRange, 48);

// A cell's origin (world, double precision) as a double-float pair, origin = hi + lo: written once per scene.
// The frame sends its own origin the same way (FrameUniforms::originHi/originLo), and cellOriginOffset
// below gives the cell's offset from it with no per-cell work on the CPU per frame.
struct GpuCellOrigin {
    vec3 hi;  // the origin rounded to float
    vec3 lo;  // what rounding left, rounded to float
};
SKYHOOK_LAYOUT_SIZE(GpuCellOrigin, 24);

// Instances generated on the GPU: a run of a path rule's instances on one straight piece of the path, in one
// cell. Instance k of the span (k < count) has its placement at origin + k × step, turned by the placement
// rotation (instance 0's) and then by k × twistStep about its +Y; the rule's base transform (rotation,
// offset, uniform scale, and the shape's per-axis scale) follows. Nothing per instance is stored: the
// tether's 9×10^7 parts are ~4×10^4 spans.
struct GpuInstanceSpan {
    vec3 origin;  // instance 0's placement, relative to the cell's origin
    uint cell;
    vec3 step;  // placement advance per instance
    uint shape;
    uint placement0;  // placement rotation quaternion x, y (packSnorm2x16)
    uint placement1;  // z, w
    uint base0;       // base rotation quaternion (in the instance's frame)
    uint base1;
    vec3 baseOffset;  // base translation (in the instance's frame)
    float scale;      // uniform scale
    float twistStep;  // radians about the instance's +Y per instance
    uint count;       // at most SKYHOOK_SPAN_MAX_INSTANCES
};
SKYHOOK_LAYOUT_SIZE(GpuInstanceSpan, 72);

// Instance ids (gl_InstanceIndex, draw commands' firstInstance): below staticInstanceCount a stored
// instance, then the frame's dynamic instances; with SKYHOOK_GENERATED_BIT set, a span (bits 12..30) and an
// instance in it (bits 0..11).
#define SKYHOOK_GENERATED_BIT 0x80000000u
#define SKYHOOK_SPAN_SHIFT 12
#define SKYHOOK_SPAN_MAX_INSTANCES 4096u
#define SKYHOOK_MAX_SPANS 524288u

// Per view of a ViewSet.
struct ViewUniforms {
    mat4 view;  // rotation only: positions are already camera-relative
    mat4 proj;  // reversed-Z, infinite far
    mat4 viewProj;
    mat4 invViewProj;
    mat4 cascadeViewProj[SKYHOOK_MAX_CASCADES];  // camera-relative light-space matrices
    vec4 cascadeSplits;                          // view-space distances where each cascade ends
    vec4 viewport;                               // width, height, 1/width, 1/height
    vec4 frustumPlanes[6];  // camera-relative world space, inside where dot(xyz, p) + w >= 0; the 6th is
                            // unused
    // Occlusion culling against the depth pyramid of the previous frame (phase 1) and of this frame's first
    // phase (phase 2): the previous frame's view matrix for this frame's camera-relative positions, and the
    // projections' x/y scale and offset (P00, P11, P20, P21) and near plane.
    mat4 prevView;
    vec4 prevProj;
    vec4 proj2d;     // this frame's P00, P11, P20, P21
    vec4 occlusion;  // x: this frame's near plane, y: the previous frame's, z: 1 when the previous frame's
                     // pyramid is usable, w: unused
    vec4 pyramid;    // depth pyramid: level-0 width, height, levels, 0
    uint64_t late;   // the phase-2 list (SKYHOOK_LATE_HEADER uints, then instance ids)
    uint lateCapacity;
    uint pad;
    // Phase 2's draws (commands in the variants' regions, and counts): the mesh path's phase-1 task shaders
    // append the meshlets they defer there (GpuTaskCommand records with a meshlet mask).
    uint64_t lateCommands;
    uint64_t lateCounts;
    // Clustered lighting: this view's lights per cluster (uint per cluster) and their indices (clusterGrid.w
    // per cluster). Per view, so the eyes of one multiview pass each shade with their own lists.
    uint64_t clusterCounts;
    uint64_t clusterLights;
    // The mono far field (RenderSettings::farFieldPixels): x > 0: the view draws only what lies beyond this
    // view-space depth (metres; the far field's view, drawn once for both eyes); y > 0: only what lies nearer
    // (an eye). z: the far field's view index (an eye's), w: unused.
    vec4 split;
};
SKYHOOK_LAYOUT_SIZE(ViewUniforms, 64 * 8 + 32 + 96 + 64 + 64 + 48 + 16);

// What a culling pass culls against: a view's frustum or a shadow cascade's box (planes in camera-relative
// world space), and how big things look there (for LOD and small-object culling).
struct CullRegion {
    vec4 planes[5];  // inside where dot(xyz, p) + w >= 0
    vec4 eye;    // xyz: the eye (perspective); w: world size of one texel (orthographic), 0 for perspective
    vec4 scale;  // x: pixels per unit at distance 1 (perspective); y > 0: nothing further than this beyond
                 // the near plane (planes[4]) is kept (an eye's near field), else no far limit
};
SKYHOOK_LAYOUT_SIZE(CullRegion, 112);

#define SKYHOOK_CULL_REGIONS (SKYHOOK_MAX_VIEWS + SKYHOOK_MAX_CASCADES)

// The planet and its atmosphere (FrameUniforms.skyMode == SKYHOOK_SKY_ATMOSPHERE; see render/README.md). The
// camera's altitude and local up are computed on the CPU in double: a float planet centre 6.4×10^6 m away
// would be off by half a metre, while a float altitude near the ground is exact to a fraction of a
// millimetre. Lengths in metres, coefficients per metre.
#define SKYHOOK_SKY_PROCEDURAL 0
#define SKYHOOK_SKY_COLOR 1
#define SKYHOOK_SKY_ATMOSPHERE 2
#define SKYHOOK_AMBIENT_LEVELS 8
struct AtmosphereUniforms {
    vec4 up;             // xyz: unit vector from the planet's centre through the camera; w: camera altitude
    vec4 radii;          // x: planet radius, y: top of the atmosphere (radius + height), z: star intensity,
                         // w: 1 when shading from the LUTs (RenderSettings::atmosphereLuts), 0 ray-marched
    vec4 rayleigh;       // rgb: scattering at the surface; w: scale height
    vec4 mie;            // x: scattering, y: absorption at the surface; z: scale height; w: anisotropy g
    vec4 ozone;          // rgb: absorption at the peak; w: peak altitude
    vec4 ground;         // x: ozone layer half-width; y: ground albedo; z: continents level; w: frequency
    vec4 ocean;          // rgb: ocean albedo; w: 1 when the continents mask is on
    vec4 land;           // rgb: land albedo
    uvec4 continents;    // x, y: seed (low, high 32 bits); z: octaves
    vec4 planetAxes[3];  // the planet frame's axes in world space (the continents live in that frame)
    // Ambient light from the sky at 8 altitudes from the surface to the top of the atmosphere, integrated on
    // the CPU with the same code (shaders/atmosphere.glsl) for the camera's sun angle: rgb = illuminance
    // from the sky on a surface facing up per lux of sunlight, w = the altitude in metres (increasing).
    vec4 ambient[SKYHOOK_AMBIENT_LEVELS];
    // The same on the ground for the sun at cosines w = -0.2 .. 1 (the planet's surface seen from afar).
    vec4 groundAmbient[SKYHOOK_AMBIENT_LEVELS];
};
SKYHOOK_LAYOUT_SIZE(AtmosphereUniforms, 16 * (12 + 2 * SKYHOOK_AMBIENT_LEVELS));

// Pipeline variants of culled draws (opaque, opaque double-sided, blended, blended double-sided): each has
// its region of a view's culled commands.
#define SKYHOOK_VARIANTS 4

struct FrameUniforms {
    vec4 sunDirection;  // xyz = direction sunlight travels, w = illuminance (lux)
    vec4 sunColor;      // rgb, w = 1 when the sun casts shadows
    vec4 sky;           // rgb radiance tint, w = intensity
    float exposure;     // multiplier applied before tone mapping (from EV100)
    float time;
    uint lightCount;
    uint debugView;
    uint cascadeCount;
    float shadowTexelSize;
    float bloomStrength;
    uint skyMode;           // SKYHOOK_SKY_*
    uint globalLightCount;  // directional lights besides the sun (DrawPush.globals)
    uint clustered;         // 1: shade with the clustered light lists; 0: loop over every light (reference)
    uint staticInstanceCount;   // instance ids at or above this (below SKYHOOK_GENERATED_BIT) are dynamic
    uint dynamicCell;           // the cell index of this frame's dynamic instances (the last cell)
    uvec4 clusterGrid;          // tiles x, tiles y, depth slices, lights per cluster at most
    vec4 clusterDepth;          // near, far, slices / ln(far / near), 0: logarithmic depth slices
    uint64_t spans;             // GpuInstanceSpan[]: instances generated on the GPU (static per scene)
    uint64_t dynamicInstances;  // GpuInstance[]: this frame's animated instances, in the dynamic cell
    GpuCellRange dynamicRange;  // the dynamic cell's instances and bounds (relative to the frame origin)
    // The culled commands' regions, as CullPush has them (for the task shaders' deferred meshlets).
    uint variantOffset[SKYHOOK_VARIANTS];
    uint variantCapacity[SKYHOOK_VARIANTS];
    uint64_t lightScales;   // float[]: this frame's scale per intensity group (GpuLight.group; [0] = 1)
    uint64_t movingLights;  // GpuLight[]: this frame's moving lights (ids from staticLightCount)
    uint staticLightCount;  // light ids below this are in the static table (DrawPush.lights)
    uint movingLightCount;  // lightCount = staticLightCount + movingLightCount
    uint pad0;
    uint pad1;
    vec4 originHi;  // xyz: the frame origin (the first view's position) as a double-float pair,
    vec4 originLo;  // hi + lo, as GpuCellOrigin; w unused
    ViewUniforms views[SKYHOOK_MAX_VIEWS];
    CullRegion cullRegions[SKYHOOK_CULL_REGIONS];  // views first, then the shadow cascades
    AtmosphereUniforms atmosphere;                 // keep last
};
SKYHOOK_LAYOUT_SIZE(FrameUniforms, 48 + 32 + 16 + 32 + 64 + 8 * SKYHOOK_VARIANTS + 32 + 32 +
                                       sizeof(ViewUniforms) * SKYHOOK_MAX_VIEWS + 112 * SKYHOOK_CULL_REGIONS +
                                       16 * (12 + 2 * SKYHOOK_AMBIENT_LEVELS));

// A cell's origin relative to the frame origin, from the two double-float pairs: hi − originHi with its
// rounding error (Knuth's two-sum), plus lo − originLo, rounded once at the end. So the offset is the
// difference of the two origins rounded to float, as when the CPU computed it in double each frame, up to
// the pairs' own error (~2^-48 of the origins' magnitude: under a micrometre at 10^8 m). `precise`: the
// compiler must neither reassociate nor fuse these (C++ builds do neither without fast-math). The CPU's
// culling reference runs the same code.
#ifdef __cplusplus
#define SKYHOOK_PRECISE
#define SKYHOOK_INLINE inline
#else
#define SKYHOOK_PRECISE precise
#define SKYHOOK_INLINE
#endif
SKYHOOK_INLINE vec3 cellOriginOffset(GpuCellOrigin cell, vec4 originHi, vec4 originLo) {
    SKYHOOK_PRECISE vec3 a = cell.hi;
    SKYHOOK_PRECISE vec3 b = -vec3(originHi);
    SKYHOOK_PRECISE vec3 sum = a + b;
    SKYHOOK_PRECISE vec3 bPart = sum - a;
    SKYHOOK_PRECISE vec3 error = (a - (sum - bPart)) + (b - bPart);  // a + b = sum + error exactly
    SKYHOOK_PRECISE vec3 lo = cell.lo - vec3(originLo);
    SKYHOOK_PRECISE vec3 offset = sum + (error + lo);
    return offset;
}

#define SKYHOOK_MAX_LODS 8

// A mesh as the culling pass sees it: its model-space bounding sphere and its LOD chain (index ranges and
// simplification errors relative to the sphere's radius, non-decreasing).
struct GpuMeshInfo {
    int vertexOffset;
    uint lodCount;
    uint pad0;
    uint pad1;
    vec4 sphere;                   // xyz centre, w radius
    uvec2 lods[SKYHOOK_MAX_LODS];  // firstIndex, indexCount
    vec4 lodErrors[SKYHOOK_MAX_LODS / 4];
    uvec2 meshlets[SKYHOOK_MAX_LODS];  // per LOD: first meshlet (into GpuMeshletTables::meshlets), count
};
SKYHOOK_LAYOUT_SIZE(GpuMeshInfo, 192);

// --- The task/mesh-shader path (engine/render/README.md) -------------------------------------------------
// A meshlet of one LOD of one mesh, with offsets into the scene-wide tables: its vertices are
// GpuMeshletTables::vertices[vertexOffset .. + vertexCount] (indices into the scene's vertex buffer), its
// triangles GpuMeshletTables::triangles[triangleOffset .. + triangleCount] (three 8-bit local vertex
// indices packed into a uint). Bounds are in the mesh's model space.
struct GpuMeshlet {
    uint vertexOffset;
    uint triangleOffset;
    uint vertexCount;
    uint triangleCount;
    vec3 center;  // bounding sphere
    float radius;
    vec3 coneAxis;     // normal cone: the meshlet faces away from eyes inside the cone around -coneAxis
    float coneCutoff;  // cos of the cone's half angle (1: no cone)
};
SKYHOOK_LAYOUT_SIZE(GpuMeshlet, 48);

// Where the meshlet tables are (one small buffer per scene; DrawPush::meshlets points at it).
struct GpuMeshletTables {
    uint64_t meshlets;   // GpuMeshlet[]
    uint64_t vertices;   // uint[]
    uint64_t triangles;  // uint[]
    uint64_t pad;
};
SKYHOOK_LAYOUT_SIZE(GpuMeshletTables, 32);

// Meshlets one task workgroup culls (one per invocation) and at most hands on to mesh workgroups.
#define SKYHOOK_TASK_MESHLETS 32
// Instances one task workgroup takes: meshes of at most 16 meshlets pack several instances into its 32
// invocations (a 12-triangle part would otherwise leave 31 of them idle); larger ones take one instance.
#define SKYHOOK_TASK_INSTANCES_PER_GROUP(meshlets) \
    ((meshlets) <= SKYHOOK_TASK_MESHLETS / 2u ? SKYHOOK_TASK_MESHLETS / max((meshlets), 1u) : 1u)
// A visible run on the mesh path: a VkDrawMeshTasksIndirectCommandEXT (the first three words) and what the
// task shader needs to know about the run (read through DrawPush::tasks[gl_DrawID]). Task workgroups: with
// k = SKYHOOK_TASK_INSTANCES_PER_GROUP(meshletCount) > 1, (ceil(instanceCount / k), 1, 1), workgroup x
// taking instances x·k .. x·k+k-1 with all their meshlets; else (ceil(meshletCount / 32), instanceCount, 1),
// workgroup (x, y) taking meshlets x·32 .. x·32+31 of instance y.
struct GpuTaskCommand {
    uint groupCountX;
    uint groupCountY;
    uint groupCountZ;
    uint firstInstance;
    uint instanceCount;  // the run's length
    uint firstMeshlet;   // its LOD's meshlets in GpuMeshletTables::meshlets
    uint meshletCount;
    uint meshletMask;  // bit i: invocation i of each workgroup takes part (~0u for runs; deferred meshlets)
    uint64_t counts;   // the culling counts (uint[SKYHOOK_CULL_COUNTS]) the task shader adds its meshlets to
};
SKYHOOK_LAYOUT_SIZE(GpuTaskCommand, 40);

// The culling counts: draw commands per pipeline variant (a command draws a run of consecutive instances),
// then the triangles the visible instances will rasterize, the visible instances, (phase 1 of occlusion
// culling) the instances left to phase 2; on the mesh path the task shaders of the passes drawing them then
// add the meshlets they kept and those meshlets' triangles.
#define SKYHOOK_CULL_COUNTS (SKYHOOK_VARIANTS + 6)
#define SKYHOOK_CULL_TRIANGLES SKYHOOK_VARIANTS
#define SKYHOOK_CULL_INSTANCES (SKYHOOK_VARIANTS + 1)
#define SKYHOOK_CULL_DEFERRED (SKYHOOK_VARIANTS + 2)  // phase 1: instances hidden last frame, left to phase 2
#define SKYHOOK_CULL_MESHLETS (SKYHOOK_VARIANTS + 3)
#define SKYHOOK_CULL_MESHLET_TRIANGLES (SKYHOOK_VARIANTS + 4)
// The mesh path's phase 1: meshlets of drawn instances hidden in the previous frame's pyramid, left to phase
// 2
#define SKYHOOK_CULL_DEFERRED_MESHLETS (SKYHOOK_VARIANTS + 5)
// CullPush.flags
#define SKYHOOK_CULL_ACCEPT_ALL 1u  // no frustum, size or LOD test: every instance at LOD 0 (references)
#define SKYHOOK_CULL_OCCLUSION 2u   // phase 1: opaque instances hidden in the previous frame's pyramid wait
#define SKYHOOK_CULL_LATE 4u        // phase 2: the waiting instances, tested against this frame's pyramid
#define SKYHOOK_CULL_MESH_TASKS 8u  // write GpuTaskCommands (the mesh path) instead of indexed draw commands
// The phase-2 list: dispatch size (x, 1, 1), the entry count, then instance ids.
#define SKYHOOK_LATE_HEADER 4u

// What the light-binning pass counts per view: lights binned (in the frustum, large enough on screen and not
// scaled to 0) and the cluster entries they made, entries past a full cluster included (read back for
// statistics and tests).
#define SKYHOOK_LIGHT_STATS_BINNED 0
#define SKYHOOK_LIGHT_STATS_ENTRIES 1
#define SKYHOOK_LIGHT_STATS 2

// DrawPush.flags
#define SKYHOOK_DRAW_KEEP_MESHLETS 1u  // the mesh path's task shaders keep every meshlet (a reference)
// The mesh path's two-phase occlusion culling of meshlets (views' forward passes): phase 1 defers opaque
// meshlets hidden in the previous frame's pyramid to phase 2's draws; phase 2 drops meshlets hidden in this
// frame's pyramid.
#define SKYHOOK_DRAW_OCCLUSION_EARLY 2u
#define SKYHOOK_DRAW_OCCLUSION_LATE 4u

// Push constants of scene draws (GLSL declares the same block in common.glsl with buffer references).
#ifdef __cplusplus
struct DrawPush {
    uint64_t frame;      // FrameUniforms
    uint64_t instances;  // GpuInstance[]
    uint64_t materials;  // GpuMaterial[]
    uint64_t vertices;   // GpuVertex[]
    uint64_t lights;     // GpuLight[]: the scene's static point and spot lights (lights.glsl)
    uint64_t cells;      // GpuCellOrigin[]: each cell's origin (static per scene)
    uint64_t shapes;     // GpuShape[]
    uint64_t globals;    // GpuLight[]: directional lights besides the sun
    // The view drawn; in a multiview pass, the first of its views (each shader invocation's view is
    // viewIndex + gl_ViewIndex: VIEW_ID in common.glsl).
    uint viewIndex;
    uint cascade;
    uint flags;  // SKYHOOK_DRAW_*
    uint pad;
    vec4 params;  // pass-specific (post passes: texel size, strength, ...)
    // The mesh path (zero otherwise): the scene's GpuMeshletTables, and the GpuTaskCommands of the draw
    // being recorded (its variant's region of the culled commands; the task shader indexes it by gl_DrawID).
    uint64_t meshlets;
    uint64_t tasks;
};
SKYHOOK_LAYOUT_SIZE(DrawPush, 112);

// Push constants of the light-binning pass (lights_bin.comp declares the same block).
struct LightBinPush {
    uint64_t frame;
    uint64_t lights;  // the static table; moving lights come from the frame (lights.glsl)
    uint64_t cells;
    uint64_t clusterCounts;
    uint64_t clusterLights;
    uint64_t stats;   // uint[SKYHOOK_LIGHT_STATS]
    uint lightCount;  // static and moving
    uint viewIndex;
    float minPixels;  // lights whose whole influence covers less than this on screen are skipped
    uint pad;
};
SKYHOOK_LAYOUT_SIZE(LightBinPush, 64);

// Push constants of the culling pass (cull.comp declares the same block).
struct CullPush {
    uint64_t frame;       // FrameUniforms
    uint64_t instances;   // GpuInstance[]
    uint64_t shapes;      // GpuShape[]
    uint64_t meshes;      // GpuMeshInfo[]
    uint64_t commands;    // VkDrawIndexedIndirectCommand[] (written, compacted per variant)
    uint64_t counts;      // uint[SKYHOOK_CULL_COUNTS] (atomically incremented)
    uint64_t cells;       // GpuCellOrigin[], as in DrawPush
    uint64_t cellRanges;  // GpuCellRange[]
    uint64_t
        work;  // uint[]: [0..2] dispatch size of the instance pass (visible cells, 1, 1), then their indices
    uint itemCount;                          // instances (the instance pass) or cells (the cell pass)
    uint region;                             // index into FrameUniforms::cullRegions
    uint variantOffset[SKYHOOK_VARIANTS];    // first command of each variant's region
    uint variantCapacity[SKYHOOK_VARIANTS];  // commands each region holds (further visible runs are dropped)
    float lodPixelError;  // the coarsest LOD whose error stays under this many pixels is drawn
    float minPixelSize;   // instances whose bounding sphere covers fewer pixels are not drawn
    uint flags;           // SKYHOOK_CULL_*
    // Views culled together (the eyes of a multiview pass: regions region .. region + regionCount - 1, one
    // layer of the depth pyramid each): an instance is kept when any of them sees it, at the LOD the nearest
    // needs. 0 counts as 1.
    uint regionCount;
};
SKYHOOK_LAYOUT_SIZE(CullPush, 128);

}  // namespace skyhook::gpu_layout
#endif

// Plasma jets (engine/render/beams.hpp): one per enabled instance of a rule with a "beam", written once when
// the scene loads, its origin relative to a cell like instances. Ignition is evaluated on the GPU from show
// time, so a frame does no per-beam CPU work.
#ifdef __cplusplus
namespace skyhook::gpu_layout {
#endif
struct GpuBeam {
    vec3 origin;       // relative to its cell's origin
    uint cell;         // index into the scene's cell origins
    vec3 direction;    // unit
    float axisLength;  // metres along the direction
    float radius;      // metres at the origin: 2 sigma of the Gaussian radial profile
    float spread;      // radius growth per metre of length
    float delay;       // show time (s) when it starts to light
    uint rule;         // index into the frame's GpuBeamRule table
};
SKYHOOK_LAYOUT_SIZE(GpuBeam, 48);

// What a rule's beams share, written per frame (tracks scale the intensity).
struct GpuBeamRule {
    vec4 color;  // rgb: colour x intensity x track scale (cd/m2 across the core at the origin); w: ramp (s)
};
SKYHOOK_LAYOUT_SIZE(GpuBeamRule, 16);

// The beams' culling pass (shaders/beam_cull.comp) sorts the visible, lit beams of a view into two lists
// and writes two indirect draws: boxes (36 vertices) for the beams wide on screen or seen along their axis,
// camera-facing ribbons (6 vertices) for the thin ones. List entries are beam ids; the ribbon list starts
// at beamCount.
#define SKYHOOK_BEAM_DRAW_BOX 0
#define SKYHOOK_BEAM_DRAW_RIBBON 1
#define SKYHOOK_BEAM_DRAWS 2
#define SKYHOOK_BEAM_LIST 1u    // draw the beams of the list (else instance i is beam i: the reference)
#define SKYHOOK_BEAM_RIBBON 2u  // this draw's proxies are ribbons (else boxes)
struct BeamDrawArgs {
    uint vertexCount;  // VkDrawIndirectCommand
    uint instanceCount;
    uint firstVertex;
    uint firstInstance;
};
SKYHOOK_LAYOUT_SIZE(BeamDrawArgs, 16);

#ifdef __cplusplus
// Push constants of the beam passes (shaders/beam.glsl declares the same block).
struct BeamPush {
    uint64_t frame;  // FrameUniforms
    uint64_t beams;  // GpuBeam[]
    uint64_t rules;  // GpuBeamRule[]
    uint64_t cells;  // GpuCellOrigin[], as in DrawPush
    uint64_t list;   // uint[]: the culled beam ids (boxes from 0, ribbons from beamCount)
    uint64_t args;   // BeamDrawArgs[SKYHOOK_BEAM_DRAWS]
    uint viewIndex;
    uint beamCount;
    float time;       // show time (s)
    float minPixels;  // a beam's sigma covers at least this many pixels (thinner ones widen, keeping energy)
    float maxRadiance;  // cd/m2 one fragment may add (keeps sums inside half floats)
    float thinPixels;   // culling: beams at most this many pixels wide (4 sigma, half-width) become ribbons
    uint flags;         // SKYHOOK_BEAM_*
    uint listOffset;    // where this draw's list starts
    uint viewCount;     // culling: the views culled together (a multiview pass's eyes, from viewIndex)
    uint pad;
};
SKYHOOK_LAYOUT_SIZE(BeamPush, 88);
}  // namespace skyhook::gpu_layout
#endif

#endif
