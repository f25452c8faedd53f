#pragma once
// The renderer: draws a scene for a ViewSet. Per view: cascaded sun shadows, forward PBR into a multisampled
// HDR target with the sky behind, resolve, bloom, exposure and ACES tone mapping into the view's region of
// the target. All passes go through the render graph; all pipelines exist before the first frame.
// Threading: the render thread only.
#include <cstdint>
#include <deque>
#include <filesystem>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/bindless.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/frame.hpp"
#include "engine/gpu/pipeline.hpp"
#include "engine/gpu/upload.hpp"
#include "engine/render/atmosphere.hpp"
#include "engine/render/beams.hpp"
#include "engine/render/gpu_scene.hpp"
#include "engine/render/graph.hpp"
#include "engine/render/instances.hpp"
#include "engine/render/lights.hpp"
#include "engine/render/streaming.hpp"
#include "engine/render/view.hpp"
#include "engine/scene/scene.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

// How scene geometry is drawn: indexed indirect draws of the culled runs (vkCmdDrawIndexedIndirectCount),
// or task and mesh shaders over each run's meshlets (VK_EXT_mesh_shader), which also cull meshlets. Auto
// takes the mesh path where the device offers task and mesh shaders. Read when the renderer is created.
enum class DrawPath : uint8_t { Auto, Indirect, Mesh };
const char* drawPathName(DrawPath path);
// "auto", "indirect" or "mesh"; anything else is nullopt.
std::optional<DrawPath> parseDrawPath(std::string_view name);

struct RenderSettings {
    uint32_t msaaSamples = 4;       // clamped to what the device supports
    uint32_t shadowMapSize = 2048;  // per cascade
    uint32_t cascadeCount = 4;      // 0 disables sun shadows
    float shadowDistance = 200.0f;  // metres covered by the cascades
    bool bloom = true;
    uint32_t debugView = 0;      // SKYHOOK_DEBUG_* in shaders/shared/layout.h
    float exposureBias = 0.0f;   // EV added to the scene's exposure (operator control)
    bool gpuCulling = true;      // off: the culling pass keeps every instance at LOD 0 (a reference)
    float lodPixelError = 1.0f;  // with GPU culling: the coarsest LOD whose error stays under this (pixels)
    float minPixelSize =
        0.5f;  // with GPU culling: instances smaller than this on screen (pixels) are skipped
    bool occlusionCulling = true;  // with GPU culling: two-phase culling against a depth pyramid
    bool clusteredLights = true;   // shade with per-cluster light lists (off: every light, for reference)
    float lightMinPixels = 2.0f;   // lights whose influence covers less of the screen are skipped
    DrawPath drawPath = DrawPath::Auto;  // Mesh on a device without mesh shaders: Renderer::create fails
    bool meshletCulling = true;  // the mesh path culls meshlets (off: keeps every meshlet, a reference)
    // The atmosphere from look-up tables computed on the GPU (off: ray-marched per pixel, the reference).
    bool atmosphereLuts = true;
    bool beamCulling = true;  // cull beams on the GPU, ribbons for thin ones (off: every box, a reference)
    // Two views drawn into layers 0 and 1 of an array target (a headset's eyes) go through one multiview
    // pass: culled once for both, drawn once with the eye chosen per invocation (off: a pass per view, the
    // reference). The mesh path draws each view on its own (VK_EXT_mesh_shader's multiview is not used).
    bool multiview = true;
    // The mono far field of a multiview pass's eyes: beyond the depth where the two eyes' views of a point
    // differ by less than this many pixels from a view between them, the scene is drawn once, from between
    // the eyes, and both eyes take that image; each eye draws only what is nearer (render/README.md). Real
    // scale scenes are mostly that far. 0: each eye draws everything (the reference).
    float farFieldPixels = 0.5f;
    // Keep the far field only while it pays: while the far field's view draws at least as many triangles as
    // the eyes (what the GPU culling kept, in the last completed frame that had it). Otherwise each eye draws
    // everything, and every 60 frames one frame tries the far field again. Off: always, where it applies.
    bool farFieldAuto = true;
};

struct FrameStats {
    double cpuMs = 0.0;               // CPU time spent in render()
    uint64_t instances = 0;           // stored + generated on the GPU + dynamic (animated) instances
    uint64_t generatedInstances = 0;  // of those, expanded on the GPU from path rules
    uint32_t dynamicInstances = 0;    // of those, posed on the CPU this frame (animated nodes and rules)
    uint32_t draws = 0;               // indirect draw calls recorded (one per pipeline variant and pass)
    uint32_t visible = 0;  // draw commands the GPU kept in the first view (most recent completed frame)
    uint32_t visibleInstances = 0;  // instances those commands draw
    uint64_t visibleTriangles = 0;  // triangles of those instances at their chosen LODs
    uint32_t droppedDraws = 0;      // visible runs beyond the command capacity (not drawn; should be 0)
    uint32_t deferredInstances =
        0;                       // first view: hidden in the last frame's depth, tested again after phase 1
    uint32_t lateInstances = 0;  // of those, drawn in phase 2 (newly visible)
    uint64_t triangles = 0;
    bool meshPath = false;  // scene geometry went through task and mesh shaders (else indexed indirect draws)
    uint32_t visibleMeshlets = 0;   // mesh path: meshlets the first view's task shaders kept (all its passes)
    uint64_t meshletTriangles = 0;  // and their triangles (visibleTriangles minus what meshlet culling saved)
    uint32_t deferredMeshlets = 0;  // mesh path, first view: meshlets of phase 1's instances hidden in the
                                    // last frame's depth, left to phase 2
    uint32_t lateMeshlets = 0;      // meshlets phase 2 drew (of deferred instances and deferred meshlets)
    std::vector<gpu::PassTiming> gpuPasses;  // from the most recent completed frame
    // The mono far field of the last frame's eyes (RenderSettings::farFieldPixels): whether one was drawn,
    // the split (view depth, metres) and its view's size in pixels.
    struct FarField {
        bool drawn = false;
        float split = 0.0f;
        VkExtent2D extent{};
    } farField;
};

// Loads the geometry of a model reference (the app supplies it: cooked assets through the asset module).
using ModelLoader = std::function<Result<scene::Model>(const scene::ModelRef&)>;

// Where a scene's models come from. `outline` is quick once cooked (a cooked file's structure; on a cold
// cache it cooks the source first) and runs in setScene, for several models at once on worker threads; `load`
// reads the data and, when the scene streams, runs on worker threads. Both must be thread-safe and must not
// call the renderer. Without `outline`, setScene loads every model itself.
struct ModelSource {
    std::function<Result<scene::ModelOutline>(const scene::ModelRef&)> outline;
    ModelLoader load;
};

struct SceneLoadOptions {
    // false: setScene returns once every model is on the GPU (deterministic: render, bench, tests).
    // true: it returns once the scene's tables are built; models arrive while frames are rendered and
    // what has not arrived is not drawn yet (a live show: the first frame does not wait for the scene).
    bool stream = false;
    uint32_t loaderThreads = 2;  // worker threads loading model data
    // Model data (vertices, indices, meshlets, pixels) uploaded per frame at most, so one frame does not
    // take every arrival at once; a model is never split (one larger than this goes alone).
    uint64_t uploadBytesPerFrame = 64ull << 20;
};

// The scene's models: on the GPU, still loading, or replaced by a placeholder because they failed.
struct ModelCounts {
    uint32_t total = 0;
    uint32_t loaded = 0;
    uint32_t pending = 0;
    uint32_t failed = 0;  // drawn as glowing magenta placeholders
};

// The world transform of a node the app poses (scene::Node::posed) for the frames that follow.
struct NodePose {
    int32_t node = -1;
    glm::dmat4 world{1.0};
};

// Extra work recorded into the graph after tone mapping (the operator overlay, readbacks).
using OverlayFn = std::function<void(RenderGraph& graph, ImageId target)>;

struct RendererDesc {
    std::filesystem::path pipelineCacheFile;  // empty: no disk cache
    RenderSettings settings;
    // Create the multiview pipelines (both eyes in one pass) with the others, before the first frame: a
    // headset's renderer. Without, they are made when a frame first draws two views into an array target.
    bool stereo = false;
};

class Renderer {
public:
    static Result<std::unique_ptr<Renderer>> create(gpu::Device& device, const RendererDesc& desc);
    ~Renderer();

    // Replaces the scene. A model that fails to load is logged and drawn as a placeholder (a magenta cube,
    // or when it fails mid-show, magenta boxes of its meshes' bounds).
    Result<void> setScene(const scene::Scene& scene, const ModelSource& source,
                          const SceneLoadOptions& options = {});
    Result<void> setScene(const scene::Scene& scene, const ModelLoader& loader) {
        return setScene(scene, ModelSource{.load = loader});
    }
    ModelCounts modelCounts() const;
    // Blocks until every model of the scene has arrived and is uploaded (or is a placeholder): the
    // deterministic start of a streamed scene. The uploads go with the next submitted frame.
    Result<void> waitForModels();
    // Records one frame for `views` into the frame's command buffer.
    Result<void> render(gpu::FrameSlot& frame, uint64_t frameNumber, const ViewSet& views, double timeSeconds,
                        const OverlayFn& overlay = {});

    // What the GPU culling pass kept for view `view` of frame `frameNumber`: draws per pipeline variant and
    // their triangles at the chosen LODs. Valid once that frame's submission has completed (until its frame
    // slot is reused).
    struct CullCounts {
        std::array<uint32_t, SKYHOOK_VARIANTS> draws{};  // commands: runs of consecutive instances
        uint64_t triangles = 0;
        uint32_t instances = 0;
        friend bool operator==(const CullCounts&, const CullCounts&) = default;
    };
    CullCounts visibleCounts(uint64_t frameNumber, uint32_t view) const;
    // The beams view `view` of frame `frameNumber` drew as boxes and as ribbons (with beamCulling; once the
    // frame completed).
    BeamCounts beamCounts(uint64_t frameNumber, uint32_t view) const;
    // The sky ambient table the GPU integrated for frame `frameNumber` (FrameUniforms::atmosphere.ambient;
    // once the frame completed, with the atmosphere).
    std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> skyAmbient(uint64_t frameNumber) const;
    // On the mesh path: what the task shaders of view `view`'s passes kept of those draws (meshlets and their
    // triangles; without meshlet culling the triangles equal CullCounts::triangles per pass). Zero otherwise.
    struct MeshletCounts {
        uint32_t meshlets = 0;
        uint64_t triangles = 0;
    };
    MeshletCounts meshletCounts(uint64_t frameNumber, uint32_t view) const;
    // What the light-binning pass of view `view` of frame `frameNumber` kept (with clusteredLights; once the
    // frame completed): point and spot lights binned (in the view, large enough on screen, not scaled to 0)
    // and the cluster entries they made (entries past a full cluster's kLightsPerCluster included).
    struct LightCounts {
        uint32_t binned = 0;
        uint32_t clusterEntries = 0;
    };
    LightCounts lightCounts(uint64_t frameNumber, uint32_t view) const;
    // The same computed on the CPU for `views` (the reference the GPU is tested against).
    CullCounts cpuVisibleCounts(const ViewSet& views, uint32_t view) const;

    // The benchmark's baseline: the same draws with a trivial shader, one pass, no MSAA, shadows or post.
    Result<void> renderBare(gpu::FrameSlot& frame, uint64_t frameNumber, const ViewSet& views);

    // Poses the scene's posed nodes (avatars) from the next frame until the next call: each node listed is
    // drawn with its children as animated instances (lit, depth-tested, casting shadows); posed nodes not
    // listed are hidden and cost nothing. Other nodes are ignored. At most one pose per node (the last wins).
    void setNodePoses(std::span<const NodePose> poses) {
        m_nodePoses.clear();
        for (const NodePose& p : poses) m_nodePoses[p.node] = p.world;
    }

    RenderSettings& settings() { return m_settings; }
    // The path scene geometry takes for the current scene (DrawPath::Indirect or DrawPath::Mesh).
    DrawPath drawPath() const { return m_meshPath ? DrawPath::Mesh : DrawPath::Indirect; }
    const FrameStats& stats() const { return m_stats; }
    gpu::Pipelines& pipelines() { return m_pipelines; }
    gpu::Uploader& uploader() { return *m_uploader; }
    gpu::BindlessTextures& bindless() { return m_bindless; }
    const scene::Scene& scene() const { return m_scene; }
    uint32_t placeholderCount() const { return m_placeholders; }
    uint64_t sceneGpuBytes() const { return m_gpuScene ? m_gpuScene->gpuBytes() : 0; }
    // GPU memory of the instances and the shapes they share (bytes).
    uint64_t instanceGpuBytes() const { return m_instances.size() + m_shapes.size() + m_spanBuffer.size(); }

private:
    Renderer(gpu::Device& device) : m_device(device), m_transients(device) {}
    Result<void> init(const RendererDesc& desc);
    Result<void> createPipelines();
    Result<void> ensureShadowMap();

    enum ForwardVariant : uint32_t { kOpaque, kOpaqueDoubleSided, kBlend, kBlendDoubleSided, kVariantCount };
    struct ViewCull {
        gpu::Buffer commands;  // compacted per variant by the culling pass (device-local)
        gpu::Buffer counts;    // SKYHOOK_CULL_COUNTS counts (host-visible: statistics and tests read them)
        gpu::Buffer work;      // the visible cells: dispatch size (3 uints), then cell indices
        gpu::Buffer late;      // occlusion culling: the instances phase 1 deferred to phase 2
        gpu::Buffer lateCommands;   // what phase 2 draws, as `commands`
        gpu::Buffer lateCounts;     // and its counts, as `counts`
        gpu::Buffer clusterCounts;  // lights per cluster
        gpu::Buffer clusterLights;  // light indices, clusterGrid.w per cluster
        gpu::Buffer lightStats;     // SKYHOOK_LIGHT_STATS counts of the binning pass (host-visible)
    };
    // One in-flight frame's data: what the CPU writes each frame (host-visible) and what the GPU passes
    // write.
    struct FrameBuffers {
        gpu::Buffer uniforms;
        gpu::Buffer globals;               // directional lights besides the sun
        gpu::Buffer dynamic;               // GpuInstance per dynamic (animated) instance
        gpu::Buffer materials;             // the material table, when tracks animate materials
        gpu::Buffer lightScales;           // float per intensity group (lights.hpp)
        gpu::Buffer movingLights;          // GpuLight per light moved by tracks this frame
        gpu::Buffer hiddenArea;            // the views' hidden-area triangles (vec2), hiddenStride per view
        std::vector<ViewCull> cull;        // per view
        std::vector<ViewCull> shadowCull;  // per shadow cascade (commands, counts and work only)
        // The far field of the frame that last used this slot: its view and its eyes' first view (-1: none).
        int32_t farView = -1;
        uint32_t farEyes = 0;
    };
    // frame_data.cpp
    Result<void> writeFrameData(FrameBuffers& fb, const ViewSet& views, double timeSeconds);
    // Poses the animated instances (tracks applied) relative to `origin` into fb.dynamic.
    Result<void> writeDynamicInstances(FrameBuffers& fb, const glm::dvec3& origin);
    Result<void> writeAnimatedMaterials(FrameBuffers& fb);
    // Intensity-group scales and the moving lights at the frame's time (tracks applied) into fb.
    Result<void> writeFrameLights(FrameBuffers& fb, const glm::dvec3& origin);
    // Buffers named "frame.<kind><index>.*" (the name is only formatted when one is created).
    Result<void> ensureCullBuffers(ViewCull& vc, const char* kind, uint32_t index, bool clusters);
    // passes.cpp: the graph's passes and what they share.
    gpu_layout::DrawPush basePush(const FrameBuffers& fb, uint32_t viewIndex) const;
    void bindShared(VkCommandBuffer cmd, const gpu_layout::DrawPush& push) const;
    // Culls every instance against cull region `region` (a view or a shadow cascade) into `vc`; with
    // SKYHOOK_CULL_ACCEPT_ALL in `flags` it keeps every instance at LOD 0.
    struct CulledDraws {
        BufferId commands;
        BufferId counts;
        BufferId late;  // with SKYHOOK_CULL_OCCLUSION: the instances left to phase 2
        // and phase 2's draws (the mesh path's phase 1 appends deferred meshlets to them)
        BufferId lateCommands;
        BufferId lateCounts;
        const ViewCull* cull = nullptr;
    };
    // `regionCount` regions from `region` are culled together (the views of a multiview pass).
    CulledDraws addCullPasses(RenderGraph& graph, FrameBuffers& fb, ViewCull& vc, uint32_t region,
                              const std::string& prefix, uint32_t flags, ImageId pyramid = {},
                              uint32_t regionCount = 1);
    // Phase 2 of occlusion culling: the deferred instances against this frame's pyramid.
    CulledDraws addLateCullPass(RenderGraph& graph, FrameBuffers& fb, ViewCull& vc, uint32_t region,
                                uint32_t regionCount, const std::string& prefix, ImageId pyramid,
                                const CulledDraws& early);
    void bindPyramid(PassContext& ctx, ImageId pyramid) const;
    // The pyramid the views' task shaders test meshlets against (set 1, binding 3; the white texel without).
    void bindTaskPyramid(PassContext& ctx, ImageId pyramid) const;
    // DrawPush::flags for the draws recorded next.
    void pushDrawFlags(VkCommandBuffer cmd, uint32_t flags) const;
    gpu_layout::CullPush makeCullPush(const FrameBuffers& fb, const ViewCull& vc, const gpu::Buffer& commands,
                                      const gpu::Buffer& counts, uint32_t region, uint32_t flags,
                                      uint32_t regionCount = 1) const;
    // Builds the depth pyramid of view group `group` from `depth` (a layer per view).
    void addPyramidPass(RenderGraph& graph, uint32_t group, const std::string& prefix, ImageId depth,
                        ImageId pyramid);
    // Draws the culled commands (`commands`, `counts`: a ViewCull's or its late pair) of `variants` with
    // `pipeline(variant)` (on the mesh path: its mesh twin).
    void drawCulled(VkCommandBuffer cmd, const gpu::Buffer& commands, const gpu::Buffer& counts,
                    std::span<const uint32_t> variants, const std::function<VkPipeline(uint32_t)>& pipeline);
    bool occlusionActive() const { return m_settings.occlusionCulling && m_settings.gpuCulling; }
    uint32_t cullFlags() const { return m_settings.gpuCulling ? 0u : SKYHOOK_CULL_ACCEPT_ALL; }
    // mesh_path.cpp: the task/mesh-shader path.
    Result<void> createMeshTwin(VkPipeline indirect, gpu::GraphicsPipelineDesc desc, const char* task,
                                const char* mesh);
    void chooseDrawPath();  // per scene, once the GPU scene is built
    void drawCulledMeshTasks(VkCommandBuffer cmd, const gpu::Buffer& commands, const gpu::Buffer& counts,
                             std::span<const uint32_t> variants,
                             const std::function<VkPipeline(uint32_t)>& pipeline);
    // Declares what a pass drawing culled commands reaches through device addresses on the mesh path: the
    // task shader reads the commands and adds its statistics to the counts.
    void readCulledMeshTasks(PassBuilder& b, BufferId commands, BufferId counts) const;
    size_t cullCommandBytes() const;  // one culled command (indexed or task) as this path writes it
    // A full-screen triangle into `target` (`viewCount` > 1: a multiview pass over its first layers).
    void recordFullscreen(VkCommandBuffer cmd, VkImageView target, VkRect2D area, VkAttachmentLoadOp load,
                          VkPipeline pipeline, std::span<const gpu::PassBinding> bindings,
                          gpu_layout::DrawPush push, glm::vec4 params, uint32_t viewCount = 1) const;
    ImageId addShadowPass(RenderGraph& graph, FrameBuffers& fb);
    // atmosphere_passes.cpp: the atmosphere's LUTs, their passes, and binding them for forward.frag/sky.frag.
    struct AtmosphereLuts {
        ImageId transmittance, skyView, aerial;  // invalid without the atmosphere or with the reference path
        BufferId
            ambient;  // the frame's uniforms once the sky ambient rows are in (invalid without atmosphere)
    };
    Result<void> createAtmosphereLuts();
    AtmosphereLuts addAtmospherePasses(RenderGraph& graph, FrameBuffers& fb);
    void readAtmosphereLuts(PassBuilder& b) const;
    void bindAtmosphereLuts(PassContext& ctx) const;
    // Views drawn by one set of passes: a single view, or the eyes of a multiview pass (consecutive views
    // into layers 0 and 1 of an array target, the same size).
    struct ViewGroup {
        uint32_t first = 0;
        uint32_t count = 1;
        // The mono far field (RenderSettings::farFieldPixels): the eyes' group names the view that draws
        // their far field and the eyes' depth at the split (what their depth is cleared to); that view's own
        // group
        // (`farSource`, recorded first) stops at its resolved HDR image.
        int32_t farView = -1;
        float clearDepth = 0.0f;
        float nearRadius = 0.0f;  // metres from the eyes within which a surface can lie nearer than the split
        bool farSource = false;
    };
    std::vector<ViewGroup> groupViews(const ViewSet& views) const;
    // The views this frame draws: `views`, plus a far field's view per multiview pair that has one (their
    // groups added to m_groups).
    const ViewSet& addFarFields(FrameBuffers& fb, const ViewSet& views);
    // RenderSettings::farFieldAuto's choice, from the slot's last frame with a far field.
    struct FarFieldChoice {
        bool active = true;
        uint32_t probeIn = 0;  // inactive: frames until one tries the far field again
    };
    FarFieldChoice m_farFieldChoice;
    bool m_farFieldLogged = false;
    ViewSet m_frameViews;  // addFarFields' copy of the views (storage kept)
    // `targetDepth`: the target's depth out (RenderTarget::depth), or invalid. `farImage`: the far field's
    // image of a group that has one. Returns the group's resolved HDR image.
    ImageId addViewPasses(RenderGraph& graph, FrameBuffers& fb, const ViewSet& views, ViewGroup group,
                          ImageId target, ImageId targetDepth, ImageId shadow, ImageId farImage = {});
    void addLightPasses(RenderGraph& graph, FrameBuffers& fb, uint32_t viewIndex, const std::string& prefix,
                        BufferId clusterCounts, BufferId clusterLights);
    // scene_tables.cpp
    Result<void> buildSceneTables(const GpuScene& gpuScene, float exposure);
    Result<void> buildLightTable(CellTable& cells, float exposure);
    Result<gpu::Buffer> staticBuffer(const std::string& name, VkBufferUsageFlags usage,
                                     std::span<const uint8_t> bytes);
    void addBarePass(RenderGraph& graph, FrameBuffers& fb, const ViewSet& views, ImageId target);
    // Uploads models that have arrived from the loader threads (up to the per-frame budget unless `all`) and
    // turns failed ones into placeholders. Render thread, between frames.
    Result<void> applyArrivedModels(bool all);
    Result<void> applyModel(uint32_t index, Result<scene::Model> model);
    Result<void> executeGraph(RenderGraph& graph, gpu::FrameSlot& frame);

    gpu::Device& m_device;
    RenderSettings m_settings;
    gpu::PipelineCache m_cache;
    gpu::BindlessTextures m_bindless;
    gpu::Pipelines m_pipelines;
    std::unique_ptr<gpu::Uploader> m_uploader;
    std::unique_ptr<GpuScene> m_gpuScene;
    TransientPool m_transients;
    scene::Scene m_scene;
    int32_t m_sun = -1;  // index into m_scene.lights of the light drawn as the sun (shadows, sky)

    // What the scene draws, gathered by setScene and packed by buildSceneTables: stored instances (nodes
    // and expanded sphere/grid rules), path rules the GPU expands from spans, and animated instances posed
    // every frame.
    struct DrawItem {
        glm::dmat4 world{1.0};
        uint32_t mesh = 0;
        uint32_t material = 0;
        uint32_t pipeline = 0;  // ForwardVariant
    };
    struct PartSource {  // one part of a path rule's model (spans), or of an animated node or rule (dynamic)
        bool rule = false;      // an instance rule, else a node
        int32_t index = -1;     // into m_scene.instanceRules or m_scene.nodes
        glm::dmat4 local{1.0};  // the part's transform in its model (rules: base × part)
        uint32_t mesh = 0;
        uint32_t material = 0;
        uint32_t pipeline = 0;
        uint32_t shape = 0;  // dynamic parts: fixed when the scene loads
    };
    std::vector<DrawItem> m_items;          // cleared once packed
    std::vector<PartSource> m_spanSources;  // cleared once packed
    std::vector<PartSource> m_dynamicSources;
    std::vector<gpu_layout::GpuCellOrigin> m_cpuCellOrigins;  // cell origins (world, double-float pairs)
    // CPU copies of the static tables (the culling reference reads them).
    std::vector<gpu_layout::GpuInstance> m_cpuInstances;
    std::vector<gpu_layout::GpuInstanceSpan> m_cpuSpans;
    std::vector<gpu_layout::GpuShape> m_cpuShapes;
    std::vector<gpu_layout::GpuCellRange> m_cpuRanges;
    std::vector<gpu_layout::GpuInstance> m_cpuDynamic;  // the most recent frame's dynamic instances
    gpu_layout::GpuCellRange m_dynamicRange{};          // and their range (relative to that frame's origin)
    uint64_t m_generatedInstances = 0;
    uint64_t m_dynamicCapacity = 0;  // dynamic instances at most (enabled instances of animated rules, nodes)
    bool m_dynamicOverflowLogged = false;
    std::unordered_map<int32_t, glm::dmat4> m_nodePoses;  // of posed nodes shown (setNodePoses)
    gpu::Buffer m_instances;   // GpuInstance per stored instance (static per scene)
    gpu::Buffer m_spanBuffer;  // GpuInstanceSpan table (static per scene)
    // The culling pass's command regions, one per pipeline variant: offset and capacity in commands.
    uint32_t m_drawOffsets[kVariantCount] = {};
    uint32_t m_drawCapacity[kVariantCount] = {};
    uint32_t m_commandCount = 0;  // all regions together
    // Materials animated by tracks: the track's target and its GPU material.
    struct AnimatedMaterial {
        scene::TrackTargetKind kind = scene::TrackTargetKind::Node;
        int32_t index = -1;
        uint32_t material = 0;
    };
    std::vector<AnimatedMaterial> m_animatedMaterials;
    uint32_t m_placeholders = 0;
    // Streaming: each model's outline (what was planned), whether it is resident, and the loads in flight.
    std::vector<scene::ModelOutline> m_outlines;
    std::vector<bool> m_resident;
    std::vector<bool> m_failed;  // drawn as a placeholder (their per-node materials are not used)
    std::deque<ModelStreamer::Arrived> m_arrived;  // taken from the streamer, not yet uploaded
    std::unique_ptr<ModelStreamer> m_streamer;
    SceneLoadOptions m_loadOptions;
    float m_exposure = 1.0f;

    VkPipeline m_forward[kVariantCount] = {};
    VkPipeline m_shadow = VK_NULL_HANDLE;
    VkPipeline m_sky = VK_NULL_HANDLE;
    VkPipeline m_bloomDown = VK_NULL_HANDLE;
    VkPipeline m_bloomUp = VK_NULL_HANDLE;
    VkPipeline m_tonemapRgba = VK_NULL_HANDLE;  // per target format: R8G8B8A8 and B8G8R8A8 (swapchains)
    VkPipeline m_tonemapBgra = VK_NULL_HANDLE;
    VkPipeline m_bare = VK_NULL_HANDLE;
    VkPipeline m_hiddenArea = VK_NULL_HANDLE;  // hidden_area.vert: the views' hidden areas, black and nearest
    VkPipeline m_farField = VK_NULL_HANDLE;  // far_field.*: the far field's image into an eye's free samples
    VkPipeline m_nearGround = VK_NULL_HANDLE;  // near_ground.*: the planet's surface in an eye's near field
    float m_cameraAltitude = 0.0f;             // this frame's, above the atmosphere's planet (0 without one)
    uint32_t m_hiddenStride = 0;  // this frame's vertices per view (0: no view has a hidden area)
    // Draws the hidden areas of `viewCount` views from `viewIndex` into the current rendering.
    void drawHiddenArea(VkCommandBuffer cmd, const FrameBuffers& fb, uint32_t viewIndex,
                        uint32_t viewCount) const;
    // The mesh path: whether the device can take it and the settings want it, whether the current scene
    // takes it, and each scene pipeline's task/mesh twin (forward variants, shadow, bare).
    bool m_meshPathWanted = false;
    bool m_meshPath = false;
    std::unordered_map<VkPipeline, VkPipeline> m_meshTwin;
    // Multiview: the pipelines a multiview pass draws with (forward variants, sky, bloom, tone mapping),
    // their descriptions, and their twins with a view mask of both eyes (made by ensureMultiviewPipelines).
    std::vector<std::pair<VkPipeline, gpu::GraphicsPipelineDesc>> m_multiviewDescs;
    std::unordered_map<VkPipeline, VkPipeline> m_multiviewTwin;
    Result<void> ensureMultiviewPipelines();
    // `pipeline` for a pass over `viewCount` views (its multiview twin when more than one).
    VkPipeline forViews(VkPipeline pipeline, uint32_t viewCount) const;
    std::vector<ViewGroup> m_groups;  // this frame's
    VkPipeline m_cull = VK_NULL_HANDLE;
    VkPipeline m_lightBin = VK_NULL_HANDLE;
    SceneLights m_sceneLights;       // the point and spot lights and their animation (lights.hpp)
    gpu::Buffer m_lights;            // their static GpuLight table (per scene)
    uint32_t m_frameLightCount = 0;  // this frame's light ids: static then moving
    gpu::Buffer m_shapes;            // GpuShape table (static per scene)
    gpu::Buffer m_cellRanges;        // GpuCellRange per cell (static per scene)
    gpu::Buffer m_cellOrigins;       // GpuCellOrigin per cell (static per scene)
    uint32_t m_cellCount = 0;
    uint64_t m_sceneTriangles = 0;  // every draw at LOD 0
    VkPipeline m_cullCells = VK_NULL_HANDLE;
    VkPipeline m_pyramidMs = VK_NULL_HANDLE;  // level 0 from multisampled depth
    VkPipeline m_pyramidSs = VK_NULL_HANDLE;  // level 0 from single-sampled depth
    VkPipeline m_pyramidReduce = VK_NULL_HANDLE;
    // Per view: the depth pyramid of the last frame and how that frame saw the scene. A view group's pyramid
    // image lives with its first view, a layer per view.
    struct Pyramid {
        gpu::Image image;          // the first view of a group: a layer per view of the group
        bool initialized = false;  // written at least once (its layout is known)
        bool valid = false;        // holds the last frame's depth of this view (same size, same scene)
        uint32_t heldBy = 0;       // the group (its first view) whose image holds that depth, at layer
        uint32_t layer = 0;        // `layer`
        View view;                 // the view it was rendered from
        glm::mat4 proj{1.0f};
        VkExtent2D depthExtent{0, 0};
    };
    std::vector<Pyramid> m_pyramids;
    // Instances one view's phase 1 may defer to phase 2 (4 bytes each); beyond, they are drawn in phase 1.
    static constexpr uint32_t kMaxLateInstances = 1u << 20;
    Result<void> ensurePyramid(ViewGroup group, VkExtent2D depthExtent);
    VkSampleCountFlagBits m_samples = VK_SAMPLE_COUNT_1_BIT;

    BeamPass m_beams;  // the planetary engines' plasma jets (beams.hpp)

    // The atmosphere's LUTs (atmosphere_passes.cpp): this frame's, the persistent transmittance LUT and the
    // planet parameters it holds, and the passes' pipelines.
    AtmosphereLuts m_atmoLuts;
    atmosphere::AmbientCache m_ambientCache;  // the ground ambient table of FrameUniforms::atmosphere
    gpu::Image m_atmoTransmittance;
    bool m_atmoTransmittanceInitialized = false;
    std::vector<float> m_atmoTransmittanceKey;
    VkPipeline m_atmoAmbientPipeline = VK_NULL_HANDLE;
    VkPipeline m_atmoTransmittancePipeline = VK_NULL_HANDLE;
    VkPipeline m_atmoSkyViewPipeline = VK_NULL_HANDLE;
    VkPipeline m_atmoAerialPipeline = VK_NULL_HANDLE;

    gpu::Image m_white;
    gpu::Image m_whiteArray;  // the same as a 2D array (where shaders sample a pyramid)
    gpu::Image m_shadowMap;
    bool m_shadowMapInitialized = false;
    gpu::Sampler m_shadowSampler;
    gpu::Sampler m_linearClamp;

    std::vector<FrameBuffers> m_frames;
    RenderGraph m_graph;  // this frame's (cleared each frame, its storage kept)
    FrameStats m_stats;
};

}  // namespace skyhook::render
