#include "engine/render/renderer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>
#include <tuple>

#include "engine/core/log.hpp"
#include "engine/render/culling.hpp"
#include "engine/render/formats.hpp"
#include "engine/render/instances.hpp"
#include "engine/render/projection.hpp"
#include "engine/scene/primitives.hpp"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

// Sphere and grid rule instances expanded on the CPU when a scene loads (32 bytes each on the GPU); path
// rules are expanded on the GPU and have no such limit.
constexpr uint64_t kMaxExpandedRuleInstances = 2'000'000;
// Animated instances (nodes and rules moved by tracks) posed on the CPU each frame.
constexpr uint64_t kMaxDynamicInstances = 65'536;

// Drawn where a model could not be loaded: a magenta cube that glows enough to be seen at any exposure.
scene::Model placeholderModel(float exposure) {
    auto model = scene::makePrimitiveModel("cube");
    SKYHOOK_CHECK(model.ok(), "the cube primitive must exist");
    scene::Model m = std::move(*model);
    m.name = "placeholder";
    scene::Material mat;
    mat.name = "placeholder";
    mat.baseColorFactor = {1.0f, 0.0f, 1.0f, 1.0f};
    mat.emissiveFactor = {1.0f, 0.0f, 1.0f};
    mat.emissiveStrength = 0.5f / exposure;
    mat.roughnessFactor = 0.5f;
    mat.metallicFactor = 0.0f;
    m.materials = {mat};
    for (auto& mesh : m.meshes) mesh.material = 0;
    return m;
}

// The sun: the first directional light, preferring one that casts shadows.
int32_t findSun(const scene::Scene& scene) {
    int32_t sun = -1;
    for (size_t i = 0; i < scene.lights.size(); ++i) {
        const scene::Light& l = scene.lights[i];
        if (l.type != scene::LightType::Directional) continue;
        if (sun < 0 || (l.castsShadows && !scene.lights[sun].castsShadows)) sun = static_cast<int32_t>(i);
    }
    return sun;
}

}  // namespace

Result<std::unique_ptr<Renderer>> Renderer::create(gpu::Device& device, const RendererDesc& desc) {
    std::unique_ptr<Renderer> r(new Renderer(device));
    SKYHOOK_TRY(r->init(desc));
    return r;
}

Renderer::~Renderer() {
    m_streamer.reset();  // loads in progress finish first; nothing they return is used
    m_gpuScene.reset();
}

Result<void> Renderer::init(const RendererDesc& desc) {
    m_settings = desc.settings;
    SKYHOOK_TRY(m_cache.init(m_device, desc.pipelineCacheFile));
    SKYHOOK_TRY(m_bindless.init(m_device));
    SKYHOOK_TRY(m_pipelines.init(m_device, m_cache.vk(), m_bindless.layout()));
    m_uploader = std::make_unique<gpu::Uploader>(m_device);
    auto shadowSampler = gpu::Sampler::create(m_device, {.debugName = "shadow_compare",
                                                         .filter = VK_FILTER_LINEAR,
                                                         .address = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
                                                         .maxAnisotropy = 1.0f,
                                                         .compare = true});
    if (!shadowSampler) return shadowSampler.error();
    m_shadowSampler = std::move(*shadowSampler);
    auto linear = gpu::Sampler::create(m_device, {.debugName = "linear_clamp",
                                                  .filter = VK_FILTER_LINEAR,
                                                  .address = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
                                                  .maxAnisotropy = 1.0f});
    if (!linear) return linear.error();
    m_linearClamp = std::move(*linear);
    m_frames.resize(gpu::FrameRing::kFramesInFlight);
    // Bindless slot 0: a white texel, so no shader fetch can ever reach an unwritten descriptor.
    auto white =
        gpu::Image::create(m_device, {.debugName = "white_texel",
                                      .format = VK_FORMAT_R8G8B8A8_UNORM,
                                      .extent = {1, 1},
                                      .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT});
    if (!white) return white.error();
    m_white = std::move(*white);
    const uint8_t texel[4] = {255, 255, 255, 255};
    gpu::MipData mip{{1, 1}, texel};
    SKYHOOK_TRY(m_uploader->image(m_white, {&mip, 1}));
    auto slot = m_bindless.add(m_white.view(), m_linearClamp.vk());
    if (!slot) return slot.error();
    SKYHOOK_CHECK(*slot == 0, "the white texel must be bindless slot 0");
    auto whiteArray =
        gpu::Image::create(m_device, {.debugName = "white_texel_array",
                                      .format = VK_FORMAT_R8G8B8A8_UNORM,
                                      .extent = {1, 1},
                                      .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                      .arrayView = true});
    if (!whiteArray) return whiteArray.error();
    m_whiteArray = std::move(*whiteArray);
    SKYHOOK_TRY(m_uploader->image(m_whiteArray, {&mip, 1}));
    // The mesh path where the device has task and mesh shaders (unless the settings ask for the indirect
    // one).
    const bool meshCapable = m_device.info().meshShader;
    if (m_settings.drawPath == DrawPath::Mesh && !meshCapable)
        return Error::make("the mesh draw path needs VK_EXT_mesh_shader with task shaders, which '{}' lacks",
                           m_device.info().name);
    // Auto takes the mesh path on GPUs. A CPU device runs task and mesh workgroups as emulated compute, which
    // costs more than the vertex work they replace (measured on the elevator flight: 1,071 vs 410 ms a
    // frame), so auto keeps the indirect path there; `--draw-path mesh` still forces it.
    const bool cpuDevice = m_device.info().type == "cpu";
    m_meshPathWanted = meshCapable && (m_settings.drawPath == DrawPath::Mesh ||
                                       (m_settings.drawPath == DrawPath::Auto && !cpuDevice));
    SKYHOOK_TRY(createPipelines());
    if (desc.stereo) SKYHOOK_TRY(ensureMultiviewPipelines());
    SKYHOOK_TRY(ensureShadowMap());
    return {};
}

Result<void> Renderer::createPipelines() {
    VkSampleCountFlags supported = m_device.info().colorSampleCounts;
    m_samples = VK_SAMPLE_COUNT_1_BIT;
    for (VkSampleCountFlagBits s : {VK_SAMPLE_COUNT_8_BIT, VK_SAMPLE_COUNT_4_BIT, VK_SAMPLE_COUNT_2_BIT})
        if (m_settings.msaaSamples >= static_cast<uint32_t>(s) && (supported & s)) {
            m_samples = s;
            break;
        }
    auto make = [&](VkPipeline& out, const gpu::GraphicsPipelineDesc& desc) -> Result<void> {
        auto p = m_pipelines.graphics(desc);
        if (!p) return p.error();
        out = *p;
        return {};
    };
    // Pipelines of the passes a multiview pass makes (ensureMultiviewPipelines makes their twins).
    m_multiviewDescs.clear();
    m_multiviewTwin.clear();
    auto makeMultiviewable = [&](VkPipeline& out, const gpu::GraphicsPipelineDesc& desc) -> Result<void> {
        SKYHOOK_TRY(make(out, desc));
        m_multiviewDescs.emplace_back(out, desc);
        return {};
    };
    // Pipelines that draw culled runs: on the mesh path, with a task/mesh twin of the same state.
    m_meshTwin.clear();
    auto makeScene = [&](VkPipeline& out, const gpu::GraphicsPipelineDesc& desc, const char* task,
                         const char* mesh, bool multiviewable = false) -> Result<void> {
        SKYHOOK_TRY(multiviewable ? makeMultiviewable(out, desc) : make(out, desc));
        if (m_meshPathWanted) SKYHOOK_TRY(createMeshTwin(out, desc, task, mesh));  // mesh_path.cpp
        return {};
    };
    for (uint32_t v = 0; v < kVariantCount; ++v) {
        bool blend = v == kBlend || v == kBlendDoubleSided;
        bool doubleSided = v == kOpaqueDoubleSided || v == kBlendDoubleSided;
        SKYHOOK_TRY(makeScene(m_forward[v],
                              {.debugName = fmt::format("forward.{}{}", blend ? "blend" : "opaque",
                                                        doubleSided ? ".double_sided" : ""),
                               .vertexShader = "forward.vert",
                               .fragmentShader = "forward.frag",
                               .colorFormats = {kHdrFormat},
                               .depthFormat = kDepthFormat,
                               .samples = m_samples,
                               .cullMode = doubleSided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT,
                               .depthWrite = !blend,
                               .blend = blend ? gpu::BlendMode::Alpha : gpu::BlendMode::None},
                              "forward.task", "forward.mesh", true));
    }
    SKYHOOK_TRY(makeScene(m_shadow,
                          {.debugName = "shadow",
                           .vertexShader = "shadow.vert",
                           .depthFormat = kShadowFormat,
                           .cullMode = VK_CULL_MODE_NONE,
                           .depthClamp = true,
                           // Reversed-Z: push stored depth away from the sun (smaller values).
                           .depthBiasConstant = -2.0f,
                           .depthBiasSlope = -2.5f},
                          "shadow.task", "shadow.mesh"));
    // Draws inside the forward pass that are not scene geometry: the HDR target, its depth, no culling.
    auto inForward = [&](const char* name, const char* vertex, const char* fragment, bool depthWrite,
                         VkCompareOp compare = VK_COMPARE_OP_GREATER_OR_EQUAL) {
        return gpu::GraphicsPipelineDesc{.debugName = name,
                                         .vertexShader = vertex,
                                         .fragmentShader = fragment,
                                         .colorFormats = {kHdrFormat},
                                         .depthFormat = kDepthFormat,
                                         .samples = m_samples,
                                         .cullMode = VK_CULL_MODE_NONE,
                                         .depthWrite = depthWrite,
                                         .depthCompare = compare};
    };
    // The hidden area of headset views: black at the nearest depth before anything else is drawn.
    SKYHOOK_TRY(makeMultiviewable(m_hiddenArea, inForward("hidden_area", "hidden_area.vert",
                                                          "hidden_area.frag", true, VK_COMPARE_OP_ALWAYS)));
    // The sky is drawn inside the forward pass after opaque geometry: it passes where depth is still at the
    // far value 0, and where the atmosphere's planet is nearer than the geometry (sky.frag writes the
    // planet's depth; elsewhere it writes 0, which changes nothing).
    SKYHOOK_TRY(makeMultiviewable(m_sky, inForward("sky", "fullscreen.vert", "sky.frag", true)));
    // The mono far field into an eye: where its depth is still at the split (nothing nearer drawn there), in
    // the forward pass, so multisampled edges of near surfaces blend with it in the resolve.
    SKYHOOK_TRY(
        makeMultiviewable(m_farField, inForward("far_field", "far_field.vert", "far_field.frag", false)));
    SKYHOOK_TRY(makeMultiviewable(m_nearGround,
                                  inForward("near_ground", "near_ground.vert", "near_ground.frag", true)));
    auto post = [](const char* name, const char* fragment, VkFormat format, gpu::BlendMode blend) {
        return gpu::GraphicsPipelineDesc{.debugName = name,
                                         .vertexShader = "fullscreen.vert",
                                         .fragmentShader = fragment,
                                         .colorFormats = {format},
                                         .cullMode = VK_CULL_MODE_NONE,
                                         .depthTest = false,
                                         .depthWrite = false,
                                         .blend = blend};
    };
    SKYHOOK_TRY(makeMultiviewable(m_bloomDown,
                                  post("bloom.down", "bloom_down.frag", kHdrFormat, gpu::BlendMode::None)));
    SKYHOOK_TRY(makeMultiviewable(m_bloomUp,
                                  post("bloom.up", "bloom_up.frag", kHdrFormat, gpu::BlendMode::Additive)));
    // Targets are 8-bit UNORM (offscreen images, swapchains, XR) and the shader encodes sRGB itself.
    SKYHOOK_TRY(makeMultiviewable(m_tonemapRgba, post("tonemap.rgba8", "tonemap.frag",
                                                      VK_FORMAT_R8G8B8A8_UNORM, gpu::BlendMode::None)));
    SKYHOOK_TRY(makeMultiviewable(m_tonemapBgra, post("tonemap.bgra8", "tonemap.frag",
                                                      VK_FORMAT_B8G8R8A8_UNORM, gpu::BlendMode::None)));
    auto cull = m_pipelines.compute({.debugName = "cull", .shader = "cull.comp"});
    if (!cull) return cull.error();
    m_cull = *cull;
    auto cullCells = m_pipelines.compute({.debugName = "cull.cells", .shader = "cull_cells.comp"});
    if (!cullCells) return cullCells.error();
    m_cullCells = *cullCells;
    for (auto [out, name, shader] :
         {std::tuple{&m_pyramidMs, "depth_pyramid.ms", "pyramid_ms.comp"},
          std::tuple{&m_pyramidSs, "depth_pyramid", "pyramid_ss.comp"},
          std::tuple{&m_pyramidReduce, "depth_pyramid.reduce", "pyramid_reduce.comp"}}) {
        auto p = m_pipelines.compute({.debugName = name, .shader = shader});
        if (!p) return p.error();
        *out = *p;
    }
    auto bin = m_pipelines.compute({.debugName = "lights.bin", .shader = "lights_bin.comp"});
    if (!bin) return bin.error();
    m_lightBin = *bin;
    SKYHOOK_TRY(m_beams.createPipelines(m_pipelines, m_samples));
    SKYHOOK_TRY(createAtmosphereLuts());  // atmosphere_passes.cpp
    SKYHOOK_TRY(makeScene(m_bare,
                          {.debugName = "bare",
                           .vertexShader = "bare.vert",
                           .fragmentShader = "bare.frag",
                           .colorFormats = {VK_FORMAT_R8G8B8A8_UNORM},
                           .depthFormat = kDepthFormat},
                          "forward.task", "bare.mesh"));
    return {};
}

// The multiview twins: the same state drawing both eyes (view mask 0b11), made once.
Result<void> Renderer::ensureMultiviewPipelines() {
    if (!m_multiviewTwin.empty()) return {};
    for (const auto& [pipeline, descIn] : m_multiviewDescs) {
        gpu::GraphicsPipelineDesc desc = descIn;
        desc.debugName += ".multiview";
        desc.viewMask = 0b11;
        auto twin = m_pipelines.graphics(desc);
        if (!twin) return twin.error();
        m_multiviewTwin[pipeline] = *twin;
    }
    return m_beams.createMultiviewPipeline(m_pipelines);
}

VkPipeline Renderer::forViews(VkPipeline pipeline, uint32_t viewCount) const {
    if (viewCount <= 1) return pipeline;
    const auto twin = m_multiviewTwin.find(pipeline);
    SKYHOOK_CHECK(twin != m_multiviewTwin.end(),
                  "a multiview pass with a pipeline that has no multiview twin");
    return twin->second;
}

// Two consecutive views into layers 0 and 1 of an array target, the whole of each layer: one multiview pass
// (with the setting on, off the mesh path). Every other view is a group of its own.
std::vector<Renderer::ViewGroup> Renderer::groupViews(const ViewSet& views) const {
    std::vector<ViewGroup> groups;
    const RenderTarget& t = views.target;
    auto wholeLayer = [&](const View& v) {
        return v.viewport.extent.width == 0 ||
               (v.viewport.offset.x == 0 && v.viewport.offset.y == 0 &&
                v.viewport.extent.width == t.extent.width && v.viewport.extent.height == t.extent.height);
    };
    const bool stereoTarget =
        m_settings.multiview && !m_meshPath && t.arrayView != VK_NULL_HANDLE && t.layerViews.size() == 2;
    for (uint32_t v = 0; v < views.views.size();) {
        const bool pair = stereoTarget && v + 1 < views.views.size() && views.views[v].targetLayer == 0 &&
                          views.views[v + 1].targetLayer == 1 && wholeLayer(views.views[v]) &&
                          wholeLayer(views.views[v + 1]);
        groups.push_back({v, pair ? 2u : 1u});
        v += pair ? 2 : 1;
    }
    return groups;
}

const ViewSet& Renderer::addFarFields(FrameBuffers& fb, const ViewSet& views) {
    // The slot's last frame is complete: judge its far field by what each side drew.
    FarFieldChoice& choice = m_farFieldChoice;
    if (fb.farView >= 0 && size_t(fb.farView) < fb.cull.size()) {
        auto triangles = [](ViewCull& vc) {
            uint64_t n = 0;
            for (gpu::Buffer* counts : {&vc.counts, &vc.lateCounts})
                if (*counts) {
                    counts->invalidate();
                    n += static_cast<const uint32_t*>(counts->mapped())[SKYHOOK_CULL_TRIANGLES];
                }
            return n;
        };
        const uint64_t far = triangles(fb.cull[size_t(fb.farView)]), eyes = triangles(fb.cull[fb.farEyes]);
        const bool active = far >= eyes;
        if (active != choice.active && m_settings.farFieldAuto)
            log::info("render", "mono far field {}: its view drew {} triangles, the eyes {}",
                      active ? "back on" : "off (each eye draws everything)", far, eyes);
        choice.active = active;
        if (!choice.active) choice.probeIn = 60;
    }
    fb.farView = -1;
    m_stats.farField = {};
    if (m_settings.farFieldPixels <= 0.0f) return views;
    if (m_settings.farFieldAuto && !choice.active && choice.probeIn > 0) {
        --choice.probeIn;
        return views;
    }
    std::vector<ViewGroup> groups;
    bool any = false;
    for (ViewGroup g : m_groups) {
        const size_t viewCount = any ? m_frameViews.views.size() : views.views.size();
        if (g.count == 2 && viewCount < SKYHOOK_MAX_VIEWS) {
            const View& left = views.views[g.first];
            const VkExtent2D ext = left.viewport.extent.width ? left.viewport.extent : views.target.extent;
            if (auto far = farFieldView(left, views.views[g.first + 1], ext, m_settings.farFieldPixels)) {
                if (!any) {
                    m_frameViews.views.assign(views.views.begin(), views.views.end());
                    m_frameViews.target = views.target;
                    any = true;
                }
                const uint32_t index = uint32_t(m_frameViews.views.size());
                if (index > views.views.size()) far->view.name = fmt::format("far{}", g.first);
                m_frameViews.views.push_back(std::move(far->view));
                groups.push_back({.first = index, .count = 1, .farSource = true});
                g.farView = int32_t(index);
                g.clearDepth = far->clearDepth;
                if (fb.farView < 0) {
                    fb.farView = g.farView;
                    fb.farEyes = g.first;
                    m_stats.farField = {.drawn = true, .split = far->split, .extent = far->extent};
                    if (!m_farFieldLogged)
                        log::info("render", "mono far field: beyond {:.1f} m both eyes share one {}x{} view",
                                  far->split, far->extent.width, far->extent.height);
                    m_farFieldLogged = true;
                }
                g.nearRadius = far->nearRadius;
            }
        }
        groups.push_back(g);
    }
    if (!any) return views;
    m_groups = std::move(groups);
    return m_frameViews;
}

Result<void> Renderer::ensureShadowMap() {
    uint32_t layers = std::max(1u, std::min(m_settings.cascadeCount, uint32_t(SKYHOOK_MAX_CASCADES)));
    if (m_shadowMap && m_shadowMap.desc().extent.width == m_settings.shadowMapSize &&
        m_shadowMap.desc().layers == layers)
        return {};
    auto img = gpu::Image::create(
        m_device, {.debugName = "shadow_cascades",
                   .format = kShadowFormat,
                   .extent = {m_settings.shadowMapSize, m_settings.shadowMapSize},
                   .layers = layers,
                   .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT,
                   .arrayView = true});
    if (!img) return img.error();
    m_shadowMap = std::move(*img);
    m_shadowMapInitialized = false;
    m_bindless.setShadowMap(m_shadowMap.view(), m_shadowSampler.vk());
    return {};
}

Result<void> Renderer::setScene(const scene::Scene& sceneIn, const ModelSource& source,
                                const SceneLoadOptions& options) {
    m_streamer.reset();  // the previous scene's loads stop here
    m_arrived.clear();
    m_loadOptions = options;
    m_scene = sceneIn;
    m_placeholders = 0;
    for (Pyramid& p : m_pyramids) p.valid = false;  // last frame's depth shows another scene
    m_sun = findSun(m_scene);
    const float exposure = exposureFromEv100(m_scene.environment.exposureEv100);
    m_exposure = exposure;
    const uint32_t modelCount = static_cast<uint32_t>(m_scene.models.size());
    // Every model's outline first (quick): the tables are built from them. Primitives, models of a source
    // without outlines and failures are complete now; the rest are loaded on worker threads.
    std::vector<std::optional<scene::Model>> ready(modelCount);
    m_failed.assign(modelCount, false);
    std::vector<uint32_t> jobs;
    m_outlines.clear();
    // The outlines first, several at once: on a cold cache each one cooks its source (an import in a child
    // process), which would otherwise run one after another before the first frame.
    std::vector<std::optional<Result<scene::ModelOutline>>> outlines(modelCount);
    if (source.outline) {
        std::vector<uint32_t> wanted;
        for (uint32_t i = 0; i < modelCount; ++i)
            if (m_scene.models[i].kind != scene::ModelRef::Kind::Primitive) wanted.push_back(i);
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t k = next++; k < wanted.size(); k = next++)
                outlines[wanted[k]] = source.outline(m_scene.models[wanted[k]]);
        };
        const size_t threads =
            std::min<size_t>(wanted.size(), std::max(1u, std::thread::hardware_concurrency()));
        std::vector<std::jthread> pool;
        for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
    }
    for (uint32_t i = 0; i < modelCount; ++i) {
        const scene::ModelRef& ref = m_scene.models[i];
        const bool primitive = ref.kind == scene::ModelRef::Kind::Primitive;
        auto fail = [&](const Error& e) {
            // The show goes on: log it (the operator console shows the log) and draw something visible
            // instead.
            log::error("render", "model '{}' could not be loaded: {}; drawing a placeholder",
                       primitive ? ref.primitive : ref.path, e.message);
            ready[i] = placeholderModel(exposure);
            m_failed[i] = true;
            ++m_placeholders;
            m_outlines.push_back(scene::outlineOf(*ready[i]));
        };
        if (primitive || !source.outline) {
            Result<scene::Model> m = primitive ? scene::makePrimitiveModel(ref.primitive) : source.load(ref);
            if (!m) {
                fail(m.error());
                continue;
            }
            m_outlines.push_back(scene::outlineOf(*m));
            ready[i] = std::move(*m);
            continue;
        }
        Result<scene::ModelOutline>& outline = *outlines[i];
        if (!outline) {
            fail(outline.error());
            continue;
        }
        m_outlines.push_back(std::move(*outline));
        jobs.push_back(i);
    }
    auto gpuScene = std::make_unique<GpuScene>(m_device, *m_uploader, m_bindless);
    std::vector<const scene::ModelOutline*> ptrs;
    for (const auto& o : m_outlines) ptrs.push_back(&o);
    SKYHOOK_TRY(gpuScene->plan(ptrs, m_meshPathWanted));
    m_resident.assign(modelCount, false);
    for (uint32_t i = 0; i < modelCount; ++i)
        if (ready[i]) {
            SKYHOOK_TRY(gpuScene->addModelData(i, *ready[i]));
            m_resident[i] = true;
        }
    ready.clear();
    m_gpuScene = std::move(gpuScene);
    if (!jobs.empty()) {
        m_streamer = std::make_unique<ModelStreamer>(
            jobs, [refs = m_scene.models, load = source.load](uint32_t i) { return load(refs[i]); },
            std::max(1u, options.loaderThreads));
    }
    // The deterministic start: every model before the tables (in model order, so buffers are laid out
    // the same on every run).
    if (!options.stream) SKYHOOK_TRY(waitForModels());
    GpuScene* scenePtr = m_gpuScene.get();
    GpuScene& gpuSceneRef = *scenePtr;

    // What tracks animate: node poses (and the nodes below them), path offsets of rules, materials.
    std::vector<bool> animatedNode(m_scene.nodes.size(), false),
        animatedRule(m_scene.instanceRules.size(), false);
    for (const scene::Track& t : m_scene.tracks) {
        if (t.targetKind == scene::TrackTargetKind::Node &&
            (t.property == scene::TrackProperty::Position || t.property == scene::TrackProperty::Rotation))
            animatedNode[t.target] = true;
        if (t.targetKind == scene::TrackTargetKind::InstanceRule &&
            t.property == scene::TrackProperty::PathOffset)
            animatedRule[t.target] = true;
    }
    for (size_t n = 0; n < m_scene.nodes.size(); ++n)  // parents come before children
        if (m_scene.nodes[n].posed || (m_scene.nodes[n].parent >= 0 && animatedNode[m_scene.nodes[n].parent]))
            animatedNode[n] = true;

    // Per-node and per-rule material overrides become materials of their own; placeholders keep their glow.
    m_animatedMaterials.clear();
    auto materialFor = [&](int32_t model, const std::optional<scene::Material>& material,
                           scene::TrackTargetKind kind, int32_t index) -> Result<std::optional<uint32_t>> {
        if (!material || m_failed[model]) return std::optional<uint32_t>{};
        auto idx = gpuSceneRef.addMaterial(*material);
        if (!idx) return idx.error();
        for (const scene::Track& t : m_scene.tracks)
            if (t.targetKind == kind && t.target == index &&
                t.property == scene::TrackProperty::EmissiveStrength) {
                m_animatedMaterials.push_back({kind, index, *idx});
                break;
            }
        return std::optional<uint32_t>(*idx);
    };
    // Every part of a model: the pipeline variant its material needs.
    auto forEachPart = [&](int32_t model, std::optional<uint32_t> override, const auto& fn) {
        for (const auto& part : gpuSceneRef.models()[model].parts) {
            uint32_t material = override.value_or(gpuSceneRef.meshes()[part.mesh].material);
            GpuScene::MaterialTraits t = gpuSceneRef.materialTraits(material);
            uint32_t variant = t.blend ? (t.doubleSided ? kBlendDoubleSided : kBlend)
                                       : (t.doubleSided ? kOpaqueDoubleSided : kOpaque);
            fn(glm::dmat4(part.transform), part.mesh, material, variant);
        }
    };
    m_items.clear();
    m_spanSources.clear();
    m_dynamicSources.clear();
    m_dynamicCapacity = 0;
    std::vector<glm::dmat4> world = m_scene.worldMatrices();
    for (size_t n = 0; n < m_scene.nodes.size(); ++n) {
        const scene::Node& node = m_scene.nodes[n];
        if (node.model < 0) continue;
        if (node.model >= static_cast<int32_t>(modelCount))
            return Error::make("node '{}' refers to model {} of {}", node.name, node.model, modelCount);
        auto override = materialFor(node.model, node.material, scene::TrackTargetKind::Node, int32_t(n));
        if (!override) return override.error();
        forEachPart(node.model, *override,
                    [&](const glm::dmat4& part, uint32_t mesh, uint32_t material, uint32_t v) {
                        if (animatedNode[n]) {
                            m_dynamicSources.push_back({false, int32_t(n), part, mesh, material, v});
                            ++m_dynamicCapacity;
                        } else {
                            m_items.push_back({world[n] * part, mesh, material, v});
                        }
                    });
    }
    // Instance rules: animated ones are posed every frame; path rules become spans the GPU expands (no
    // limit); the others are expanded here, up to a budget.
    const std::vector<glm::dmat4> cells = m_scene.cellMatrices();
    uint64_t budget = kMaxExpandedRuleInstances;
    for (size_t r = 0; r < m_scene.instanceRules.size(); ++r) {
        const scene::InstanceRule& rule = m_scene.instanceRules[r];
        if (rule.model < 0 || rule.model >= static_cast<int32_t>(modelCount)) continue;
        auto override =
            materialFor(rule.model, rule.material, scene::TrackTargetKind::InstanceRule, int32_t(r));
        if (!override) return override.error();
        const glm::dmat4 frame = rule.cell >= 0 ? cells[rule.cell] : glm::dmat4(1.0);
        const uint64_t count = scene::instanceCount(rule);
        const bool path = rule.generator.kind == scene::GeneratorKind::Path;
        if (animatedRule[r] || path) {
            forEachPart(rule.model, *override,
                        [&](const glm::dmat4& part, uint32_t mesh, uint32_t material, uint32_t v) {
                            PartSource source{true, int32_t(r), rule.base.matrix() * part, mesh, material, v};
                            if (animatedRule[r]) {
                                m_dynamicSources.push_back(source);
                                m_dynamicCapacity += count;
                            } else {
                                m_spanSources.push_back(source);
                            }
                        });
            continue;
        }
        const uint64_t expanded = std::min(count, budget);
        if (expanded < count)
            log::warn("render", "instance rule '{}': {} of its {} instances drawn (expansion budget {})",
                      rule.name, expanded, count, kMaxExpandedRuleInstances);
        for (uint64_t i = 0; i < expanded; ++i) {
            if (!scene::instanceEnabled(rule, i)) continue;
            const glm::dmat4 m = frame * scene::instanceTransform(rule, i);
            forEachPart(rule.model, *override,
                        [&](const glm::dmat4& part, uint32_t mesh, uint32_t material, uint32_t v) {
                            m_items.push_back({m * part, mesh, material, v});
                        });
        }
        budget -= expanded;
    }
    if (m_dynamicCapacity > kMaxDynamicInstances)
        log::warn("render", "scene '{}': {} animated instances; {} are posed per frame", m_scene.name,
                  m_dynamicCapacity, kMaxDynamicInstances);
    m_dynamicCapacity = std::min<uint64_t>(m_dynamicCapacity, kMaxDynamicInstances);
    SKYHOOK_TRY(gpuSceneRef.finishMaterials());
    SKYHOOK_TRY(buildSceneTables(gpuSceneRef, exposure));
    SKYHOOK_TRY(m_gpuScene->flush());
    chooseDrawPath();
    log::info(
        "render",
        "scene '{}': {} models, {} stored + {} generated + {} animated instances, {} triangles, {} lights, "
        "{} draw path{}{}",
        m_scene.name, modelCount, m_cpuInstances.size(), m_generatedInstances, m_dynamicCapacity,
        m_gpuScene->triangleCount(), m_sceneLights.staticCount() + m_sceneLights.movingCapacity(),
        m_meshPath ? fmt::format("mesh ({} meshlets)", m_gpuScene->meshletCount()) : std::string("indirect"),
        m_placeholders ? fmt::format(", {} placeholders", m_placeholders) : "",
        m_streamer ? fmt::format(", {} models streaming", modelCounts().pending) : "");
    return {};
}

ModelCounts Renderer::modelCounts() const {
    ModelCounts c;
    c.total = static_cast<uint32_t>(m_resident.size());
    for (bool r : m_resident) c.loaded += r ? 1 : 0;
    c.failed = m_placeholders;
    c.loaded -= std::min(c.loaded, c.failed);
    c.pending = c.total - c.loaded - c.failed;
    return c;
}

Result<void> Renderer::waitForModels() {
    if (!m_streamer) return {};
    std::vector<ModelStreamer::Arrived> all;
    while (m_streamer->outstanding() > 0)
        for (auto& a : m_streamer->waitAndTake()) all.push_back(std::move(a));
    for (auto& a : m_arrived) all.push_back(std::move(a));
    m_arrived.clear();
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    for (auto& a : all) SKYHOOK_TRY(applyModel(a.index, std::move(a.model)));
    m_streamer.reset();
    return m_gpuScene->flush();
}

Result<void> Renderer::applyArrivedModels(bool all) {
    if (!m_streamer && m_arrived.empty()) return {};
    if (m_streamer)
        for (auto& a : m_streamer->take()) m_arrived.push_back(std::move(a));
    if (m_arrived.empty()) return {};
    const uint32_t meshletsBefore = m_gpuScene->maxLodMeshlets();
    uint64_t bytes = 0;
    while (!m_arrived.empty() && (all || bytes < m_loadOptions.uploadBytesPerFrame)) {
        ModelStreamer::Arrived a = std::move(m_arrived.front());
        m_arrived.pop_front();
        if (a.model)
            for (const scene::Mesh& m : a.model->meshes)
                bytes +=
                    m.vertices.size() * sizeof(scene::Vertex) + m.indices.size() * 4 + m.meshlets.size() * 48;
        SKYHOOK_TRY(applyModel(a.index, std::move(a.model)));
    }
    SKYHOOK_TRY(m_gpuScene->flush());
    if (m_gpuScene->maxLodMeshlets() != meshletsBefore) chooseDrawPath();
    if (m_streamer && m_streamer->outstanding() == 0 && m_arrived.empty()) {
        m_streamer.reset();
        const ModelCounts c = modelCounts();
        log::info("render", "scene '{}': all {} models arrived ({} failed)", m_scene.name, c.total, c.failed);
    }
    return {};
}

Result<void> Renderer::applyModel(uint32_t index, Result<scene::Model> model) {
    const scene::ModelRef& ref = m_scene.models[index];
    Result<void> added = model ? Result<void>{} : Result<void>{model.error()};
    if (added) {
        if (std::string why = scene::outlineMismatch(m_outlines[index], *model); !why.empty())
            added = Error::make("{}: it changed since the scene was loaded ({})", ref.path, why);
    }
    if (added) added = m_gpuScene->addModelData(index, *model);
    if (!added) {
        // Mid-show: the show goes on with a visible placeholder where the model would be.
        log::error("render", "model '{}' could not be loaded: {}; drawing a placeholder", ref.path,
                   added.error().message);
        const scene::Model cube = placeholderModel(m_exposure);
        SKYHOOK_TRY(m_gpuScene->addPlaceholder(index, cube, cube.materials[0]));
        m_failed[index] = true;
        ++m_placeholders;
    }
    m_resident[index] = true;
    return {};
}

BeamCounts Renderer::beamCounts(uint64_t frameNumber, uint32_t view) const {
    return m_beams.drawnCounts(uint32_t(frameNumber % m_frames.size()), view);
}

std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> Renderer::skyAmbient(uint64_t frameNumber) const {
    std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> rows{};
    const FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    if (!fb.uniforms) return rows;
    fb.uniforms.invalidate();
    const auto* bytes = static_cast<const uint8_t*>(fb.uniforms.mapped());
    std::memcpy(rows.data(),
                bytes + offsetof(FrameUniforms, atmosphere) + offsetof(AtmosphereUniforms, ambient),
                sizeof rows);
    return rows;
}

Renderer::CullCounts Renderer::visibleCounts(uint64_t frameNumber, uint32_t view) const {
    CullCounts out;
    const FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    if (view >= fb.cull.size() || !fb.cull[view].counts) return out;
    fb.cull[view].counts.invalidate();
    uint32_t raw[SKYHOOK_CULL_COUNTS];
    std::memcpy(raw, fb.cull[view].counts.mapped(), sizeof raw);
    std::copy(raw, raw + SKYHOOK_VARIANTS, out.draws.begin());
    out.triangles = raw[SKYHOOK_CULL_TRIANGLES];
    out.instances = raw[SKYHOOK_CULL_INSTANCES];
    return out;
}

Renderer::LightCounts Renderer::lightCounts(uint64_t frameNumber, uint32_t view) const {
    LightCounts out;
    const FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    if (view >= fb.cull.size() || !fb.cull[view].lightStats) return out;
    fb.cull[view].lightStats.invalidate();
    uint32_t raw[SKYHOOK_LIGHT_STATS];
    std::memcpy(raw, fb.cull[view].lightStats.mapped(), sizeof raw);
    out.binned = raw[SKYHOOK_LIGHT_STATS_BINNED];
    out.clusterEntries = raw[SKYHOOK_LIGHT_STATS_ENTRIES];
    return out;
}

// The CPU mirror of cull_cells.comp and cull.comp: the same tests on the same float data, in the same chunks
// of 64 consecutive ids, so that runs (and therefore draw commands) match too.
Renderer::CullCounts Renderer::cpuVisibleCounts(const ViewSet& views, uint32_t viewIndex) const {
    CullCounts out;
    const View& view = views.views[viewIndex];
    VkExtent2D ext = view.viewport.extent.width ? view.viewport.extent : views.target.extent;
    const glm::dvec3 origin = views.views[0].position;
    const glm::mat4 proj = projectionMatrix(view.projection, float(ext.width) / float(ext.height));
    const glm::mat4 viewM = viewMatrix(view, origin);
    const auto planes = frustumPlanes(proj * viewM);
    const glm::vec3 eye(view.position - origin);
    const float pixelsPerUnit = float(ext.height) * 0.5f * std::abs(proj[1][1]);
    const bool acceptAll = !m_settings.gpuCulling;
    constexpr uint32_t kNoRun = ~0u;
    const GpuCellOrigin frameOrigin = splitOrigin(origin);
    const glm::vec4 originHi(frameOrigin.hi, 0.0f), originLo(frameOrigin.lo, 0.0f);

    struct Lane {
        uint32_t key = kNoRun;
        uint32_t variant = 0;
    };
    auto cullChunk = [&](const std::array<std::optional<UnpackedInstance>, 64>& chunk,
                         const glm::vec3& offset) {
        std::array<Lane, 64> lanes{};
        for (size_t l = 0; l < 64; ++l) {
            if (!chunk[l]) continue;
            const UnpackedInstance& in = *chunk[l];
            const GpuShape& shape = m_cpuShapes[in.shape];
            const GpuMesh& mesh = m_gpuScene->meshes()[shape.mesh];
            if (mesh.lods.empty()) continue;  // not resident yet: culling skips it (GpuMeshInfo::lodCount 0)
            glm::vec4 local((mesh.boundsMin + mesh.boundsMax) * 0.5f,
                            glm::length(mesh.boundsMax - mesh.boundsMin) * 0.5f);
            glm::vec4 world = transformSphere(modelMatrix(in, shape), local) + glm::vec4(offset, 0.0f);
            uint32_t lod = 0;
            if (!acceptAll) {
                if (!sphereVisible(planes, glm::vec3(world), world.w)) continue;
                const float distance = std::max(glm::length(glm::vec3(world) - eye) - world.w, 1e-3f);
                if (2.0f * world.w / distance * pixelsPerUnit < m_settings.minPixelSize) continue;
                std::vector<float> errors;
                for (const GpuLod& lv : mesh.lods) errors.push_back(lv.error);
                lod = selectLod(errors, world.w, glm::length(glm::vec3(world) - eye) - world.w, pixelsPerUnit,
                                m_settings.lodPixelError);
            }
            lanes[l] = {in.shape * 8u + lod, shape.variant};
            out.triangles += mesh.lods[lod].indexCount / 3;
            ++out.instances;
        }
        for (size_t l = 0; l < 64; ++l)
            if (lanes[l].key != kNoRun && (l == 0 || lanes[l - 1].key != lanes[l].key))
                ++out.draws[lanes[l].variant];
    };

    for (uint32_t c = 0; c <= m_cellCount; ++c) {
        const bool dynamic = c == m_cellCount;
        const GpuCellRange& range = dynamic ? m_dynamicRange : m_cpuRanges[c];
        if (range.instanceCount == 0 && range.spanCount == 0) continue;
        const glm::vec3 offset =
            dynamic ? glm::vec3(0.0f) : cellOriginOffset(m_cpuCellOrigins[c], originHi, originLo);
        if (!acceptAll) {
            const glm::vec3 lo = range.boundsMin + offset, hi = range.boundsMax + offset;
            bool outside = false;
            for (const glm::vec4& p : planes) {
                const glm::vec3 corner = glm::mix(lo, hi, glm::step(glm::vec3(0.0f), glm::vec3(p)));
                if (glm::dot(glm::vec3(p), corner) + p.w < 0.0f) outside = true;
            }
            const float distance = glm::length(glm::max(glm::max(lo - eye, eye - hi), glm::vec3(0.0f)));
            if (outside ||
                2.0f * range.maxRadius * pixelsPerUnit / std::max(distance, 1e-3f) < m_settings.minPixelSize)
                continue;
        }
        std::array<std::optional<UnpackedInstance>, 64> chunk;
        for (uint32_t base = 0; base < range.instanceCount; base += 64) {
            for (uint32_t l = 0; l < 64; ++l) {
                const uint32_t i = base + l;
                chunk[l].reset();
                if (i < range.instanceCount)
                    chunk[l] =
                        unpackInstance(dynamic ? m_cpuDynamic[i] : m_cpuInstances[range.firstInstance + i]);
            }
            cullChunk(chunk, offset);
        }
        for (uint32_t s = range.firstSpan; s < range.firstSpan + range.spanCount; ++s) {
            const GpuInstanceSpan& span = m_cpuSpans[s];
            for (uint32_t base = 0; base < span.count; base += 64) {
                for (uint32_t l = 0; l < 64; ++l) {
                    chunk[l].reset();
                    if (base + l < span.count) chunk[l] = spanInstance(span, base + l);
                }
                cullChunk(chunk, offset);
            }
        }
    }
    return out;
}

Result<void> Renderer::executeGraph(RenderGraph& graph, gpu::FrameSlot& frame) {
    auto compiled = graph.compile();
    if (!compiled) return compiled.error();
    auto physical = m_transients.acquire(graph, *compiled);
    if (!physical) return physical.error();
    graph.execute(
        frame.cmd, *compiled, std::move(*physical),
        [&frame](VkCommandBuffer cmd, const std::string& name) { return frame.timer.begin(cmd, name); },
        [&frame](VkCommandBuffer cmd, uint32_t token) { frame.timer.end(cmd, token); });
    m_transients.trim();
    return {};
}

Result<void> Renderer::render(gpu::FrameSlot& frame, uint64_t frameNumber, const ViewSet& views,
                              double timeSeconds, const OverlayFn& overlay) {
    auto start = std::chrono::steady_clock::now();
    SKYHOOK_CHECK(m_gpuScene != nullptr, "render() before setScene()");
    SKYHOOK_CHECK(
        views.target.format == VK_FORMAT_R8G8B8A8_UNORM || views.target.format == VK_FORMAT_B8G8R8A8_UNORM,
        "render targets are 8-bit UNORM (the tone-mapping pass encodes sRGB)");
    for (const View& v : views.views)
        SKYHOOK_CHECK(v.targetLayer < std::max<size_t>(1, views.target.layerViews.size()),
                      "view '{}' draws into layer {} of a target with {} layer views", v.name, v.targetLayer,
                      views.target.layerViews.size());
    SKYHOOK_TRY(ensureShadowMap());
    SKYHOOK_TRY(applyArrivedModels(false));  // a frame boundary: models that arrived go up with this frame
    FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    m_stats.draws = 0;
    m_groups = groupViews(views);
    for (const ViewGroup& g : m_groups)
        if (g.count > 1) SKYHOOK_TRY(ensureMultiviewPipelines());
    const ViewSet& frameViews = addFarFields(fb, views);
    SKYHOOK_TRY(writeFrameData(fb, frameViews, timeSeconds));
    SKYHOOK_TRY(m_beams.prepareFrame(m_device, uint32_t(frameNumber % m_frames.size()), timeSeconds,
                                     uint32_t(frameViews.views.size()), m_settings.beamCulling));

    RenderGraph& graph = m_graph;
    graph.clear();
    ImageId target = graph.importImage("target",
                                       {.format = views.target.format,
                                        .extent = views.target.extent,
                                        .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT},
                                       views.target.image, views.target.view, views.target.initial,
                                       views.target.final, true);
    ImageId targetDepth;
    if (const RenderTarget::Depth& d = views.target.depth; d.image) {
        SKYHOOK_CHECK(d.layers == std::max<size_t>(1, views.target.layerViews.size()),
                      "the depth target needs as many layers as the colour");
        targetDepth = graph.importImage(
            "target.depth",
            {.format = kDepthFormat,
             .extent = views.target.extent,
             .layers = d.layers,
             .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT},
            d.image, d.view, d.initial, d.final, true);
    }
    ImageId shadow = addShadowPass(graph, fb);
    m_atmoLuts = addAtmospherePasses(graph, fb);
    // A far field's group comes before its eyes' (addFarFields), which composite its image.
    std::vector<ImageId> hdr(frameViews.views.size());
    for (const ViewGroup& g : m_groups)
        hdr[g.first] = addViewPasses(graph, fb, frameViews, g, target, targetDepth, shadow,
                                     g.farView >= 0 ? hdr[size_t(g.farView)] : ImageId{});
    if (overlay) overlay(graph, target);
    SKYHOOK_TRY(executeGraph(graph, frame));
    // The pyramids now hold this frame's depth: the next frame's phase 1 sees the scene through them.
    if (occlusionActive())
        for (const ViewGroup& g : m_groups)
            for (uint32_t e = 0; e < g.count; ++e) {
                const View& view = frameViews.views[g.first + e];
                const VkExtent2D ext =
                    view.viewport.extent.width ? view.viewport.extent : views.target.extent;
                Pyramid& p = m_pyramids[g.first + e];
                // Eyes with a far field draw in one phase and build no pyramid: theirs is out of date.
                if (g.farView >= 0) {
                    p.valid = false;
                    continue;
                }
                p.view = view;
                p.proj = projectionMatrix(view.projection, float(ext.width) / float(ext.height));
                p.valid = true;
                p.heldBy = g.first;
                p.layer = e;
            }

    m_stats.triangles = m_sceneTriangles * views.views.size();
    m_stats.meshPath = m_meshPath;
    m_stats.gpuPasses = frame.lastTimings;
    m_stats.cpuMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return {};
}

Result<void> Renderer::renderBare(gpu::FrameSlot& frame, uint64_t frameNumber, const ViewSet& views) {
    SKYHOOK_CHECK(m_gpuScene != nullptr, "renderBare() before setScene()");
    SKYHOOK_CHECK(views.target.format == VK_FORMAT_R8G8B8A8_UNORM, "the bare baseline renders to RGBA8");
    SKYHOOK_TRY(applyArrivedModels(false));
    FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    m_groups.clear();
    for (uint32_t v = 0; v < views.views.size(); ++v) m_groups.push_back({v, 1});
    SKYHOOK_TRY(writeFrameData(fb, views, 0.0));
    RenderGraph graph;
    ImageId target = graph.importImage(
        "target", {.format = views.target.format, .extent = views.target.extent}, views.target.image,
        views.target.view, views.target.initial, views.target.final, true);
    addBarePass(graph, fb, views, target);
    return executeGraph(graph, frame);
}

}  // namespace skyhook::render
