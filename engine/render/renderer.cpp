#include "engine/render/renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include <glm/gtc/matrix_inverse.hpp>

#include "engine/core/log.hpp"
#include "engine/render/projection.hpp"
#include "engine/scene/primitives.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

constexpr VkFormat kHdrFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;
constexpr VkFormat kShadowFormat = VK_FORMAT_D32_SFLOAT;

template <class T>
std::span<const uint8_t> bytesOf(const std::vector<T>& v) {
    return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

Result<void> ensureBuffer(gpu::Device& device, gpu::Buffer& buffer, VkDeviceSize size,
                          VkBufferUsageFlags usage, const std::string& name) {
    size = std::max<VkDeviceSize>(size, 256);
    if (buffer && buffer.size() >= size) return {};
    // Grow by half again so a slowly growing scene does not reallocate every frame.
    auto b = gpu::Buffer::create(device, {.debugName = name,
                                          .size = size + size / 2,
                                          .usage = usage | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
                                          .memory = gpu::MemoryUsage::Upload});
    if (!b) return b.error();
    buffer = std::move(*b);
    return {};
}

scene::Model placeholderModel() {
    auto model = scene::makePrimitiveModel("cube");
    SKYHOOK_CHECK(model.ok(), "the cube primitive must exist");
    scene::Model m = std::move(*model);
    m.name = "placeholder";
    scene::Material mat;
    mat.name = "placeholder";
    mat.baseColorFactor = {1.0f, 0.0f, 1.0f, 1.0f};
    mat.emissiveFactor = {1.0f, 0.0f, 1.0f};
    mat.emissiveStrength = 1.0f;  // scaled to stay visible at any exposure (see setScene)
    mat.roughnessFactor = 0.5f;
    mat.metallicFactor = 0.0f;
    m.materials = {mat};
    for (auto& mesh : m.meshes) mesh.material = 0;
    return m;
}

float exposureFromEv100(float ev100) {
    return 1.0f / (1.2f * std::exp2(ev100));
}

}  // namespace

Result<std::unique_ptr<Renderer>> Renderer::create(gpu::Device& device, const RendererDesc& desc) {
    std::unique_ptr<Renderer> r(new Renderer(device));
    SKYHOOK_TRY(r->init(desc));
    return r;
}

Renderer::~Renderer() {
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
    SKYHOOK_TRY(createPipelines());
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
    for (uint32_t v = 0; v < kVariantCount; ++v) {
        bool blend = v == kBlend || v == kBlendDoubleSided;
        bool doubleSided = v == kOpaqueDoubleSided || v == kBlendDoubleSided;
        auto p = m_pipelines.graphics({.debugName = fmt::format("forward.{}{}", blend ? "blend" : "opaque",
                                                                doubleSided ? ".double_sided" : ""),
                                       .vertexShader = "forward.vert",
                                       .fragmentShader = "forward.frag",
                                       .colorFormats = {kHdrFormat},
                                       .depthFormat = kDepthFormat,
                                       .samples = m_samples,
                                       .cullMode = doubleSided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT,
                                       .depthWrite = !blend,
                                       .blend = blend ? gpu::BlendMode::Alpha : gpu::BlendMode::None});
        if (!p) return p.error();
        m_forward[v] = *p;
    }
    auto shadow = m_pipelines.graphics({.debugName = "shadow",
                                        .vertexShader = "shadow.vert",
                                        .depthFormat = kShadowFormat,
                                        .cullMode = VK_CULL_MODE_NONE,
                                        .depthClamp = true,
                                        // Reversed-Z: push stored depth away from the sun (smaller values).
                                        .depthBiasConstant = -2.0f,
                                        .depthBiasSlope = -2.5f});
    if (!shadow) return shadow.error();
    m_shadow = *shadow;
    auto sky = m_pipelines.graphics({.debugName = "sky",
                                     .vertexShader = "fullscreen.vert",
                                     .fragmentShader = "sky.frag",
                                     .colorFormats = {kHdrFormat},
                                     .depthFormat = kDepthFormat,
                                     .samples = m_samples,
                                     .cullMode = VK_CULL_MODE_NONE,
                                     .depthWrite = false});
    if (!sky) return sky.error();
    m_sky = *sky;
    auto down = m_pipelines.graphics({.debugName = "bloom.down",
                                      .vertexShader = "fullscreen.vert",
                                      .fragmentShader = "bloom_down.frag",
                                      .colorFormats = {kHdrFormat},
                                      .cullMode = VK_CULL_MODE_NONE,
                                      .depthTest = false,
                                      .depthWrite = false});
    if (!down) return down.error();
    m_bloomDown = *down;
    auto up = m_pipelines.graphics({.debugName = "bloom.up",
                                    .vertexShader = "fullscreen.vert",
                                    .fragmentShader = "bloom_up.frag",
                                    .colorFormats = {kHdrFormat},
                                    .cullMode = VK_CULL_MODE_NONE,
                                    .depthTest = false,
                                    .depthWrite = false,
                                    .blend = gpu::BlendMode::Additive});
    if (!up) return up.error();
    m_bloomUp = *up;
    // Targets are UNORM (swapchains, offscreen, XR) and the shader encodes sRGB.
    auto tonemap = m_pipelines.graphics({.debugName = "tonemap",
                                         .vertexShader = "fullscreen.vert",
                                         .fragmentShader = "tonemap.frag",
                                         .colorFormats = {VK_FORMAT_R8G8B8A8_UNORM},
                                         .cullMode = VK_CULL_MODE_NONE,
                                         .depthTest = false,
                                         .depthWrite = false});
    if (!tonemap) return tonemap.error();
    m_tonemap = *tonemap;
    auto bare = m_pipelines.graphics({.debugName = "bare",
                                      .vertexShader = "bare.vert",
                                      .fragmentShader = "bare.frag",
                                      .colorFormats = {VK_FORMAT_R8G8B8A8_UNORM},
                                      .depthFormat = kDepthFormat});
    if (!bare) return bare.error();
    m_bare = *bare;
    return {};
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

Result<void> Renderer::setScene(const scene::Scene& sceneIn, const ModelLoader& loader) {
    m_scene = sceneIn;
    m_items.clear();
    m_placeholders = 0;
    std::vector<scene::Model> models;
    models.reserve(m_scene.models.size() + 1);
    std::vector<bool> isPlaceholder;
    for (const scene::ModelRef& ref : m_scene.models) {
        Result<scene::Model> m = ref.kind == scene::ModelRef::Kind::Primitive
                                     ? scene::makePrimitiveModel(ref.primitive)
                                     : loader(ref);
        if (!m) {
            // The show goes on: log it, tell the operator, and draw something visible in its place.
            log::error("render", "model '{}' could not be loaded: {}; drawing a placeholder",
                       ref.kind == scene::ModelRef::Kind::Primitive ? ref.primitive : ref.path,
                       m.error().message);
            models.push_back(placeholderModel());
            isPlaceholder.push_back(true);
            ++m_placeholders;
        } else {
            models.push_back(std::move(*m));
            isPlaceholder.push_back(false);
        }
    }
    auto gpuScene = std::make_unique<GpuScene>(m_device, *m_uploader, m_bindless);
    std::vector<const scene::Model*> ptrs;
    for (const auto& m : models) ptrs.push_back(&m);
    SKYHOOK_TRY(gpuScene->build(ptrs));

    // Placeholders glow so they are seen at any exposure.
    float exposure = exposureFromEv100(m_scene.environment.exposureEv100);
    std::vector<glm::dmat4> world = m_scene.worldMatrices();
    std::vector<int64_t> overrideMaterial(m_scene.nodes.size(), -1);
    for (size_t n = 0; n < m_scene.nodes.size(); ++n) {
        const scene::Node& node = m_scene.nodes[n];
        if (node.model < 0) continue;
        if (node.model >= static_cast<int32_t>(models.size()))
            return Error::make("node '{}' refers to model {} of {}", node.name, node.model, models.size());
        if (node.material && !isPlaceholder[node.model]) {
            auto idx = gpuScene->addMaterial(*node.material);
            if (!idx) return idx.error();
            overrideMaterial[n] = *idx;
        }
    }
    for (size_t m = 0; m < models.size(); ++m)
        if (isPlaceholder[m]) {
            scene::Material glow = models[m].materials[0];
            glow.emissiveStrength = 0.5f / exposure;
            auto idx = gpuScene->addMaterial(glow);
            if (!idx) return idx.error();
            for (auto& part : const_cast<GpuModel&>(gpuScene->models()[m]).parts)
                const_cast<GpuMesh&>(gpuScene->meshes()[part.mesh]).material = *idx;
        }
    SKYHOOK_TRY(gpuScene->finishMaterials());

    // Which forward pipeline each material needs.
    std::vector<uint32_t> variantOf;
    {
        auto materialVariant = [](const scene::Material& mat) {
            bool blend = mat.alphaMode == scene::AlphaMode::Blend;
            return blend ? (mat.doubleSided ? kBlendDoubleSided : kBlend)
                         : (mat.doubleSided ? kOpaqueDoubleSided : kOpaque);
        };
        for (const auto& m : models) {
            for (const auto& mat : m.materials) variantOf.push_back(materialVariant(mat));
            if (m.materials.empty()) variantOf.push_back(kOpaque);
        }
        for (size_t n = 0; n < m_scene.nodes.size(); ++n)
            if (overrideMaterial[n] >= 0) {
                variantOf.resize(std::max<size_t>(variantOf.size(), overrideMaterial[n] + 1), kOpaque);
                variantOf[overrideMaterial[n]] = materialVariant(*m_scene.nodes[n].material);
            }
        variantOf.resize(gpuScene->materialCount(), kOpaque);
    }
    for (size_t n = 0; n < m_scene.nodes.size(); ++n) {
        const scene::Node& node = m_scene.nodes[n];
        if (node.model < 0) continue;
        for (const auto& part : gpuScene->models()[node.model].parts) {
            uint32_t material = overrideMaterial[n] >= 0 ? static_cast<uint32_t>(overrideMaterial[n])
                                                         : gpuScene->meshes()[part.mesh].material;
            m_items.push_back(
                {world[n] * glm::dmat4(part.transform), part.mesh, material, variantOf[material]});
        }
    }
    // Group by pipeline so each variant is one indirect draw call.
    std::stable_sort(m_items.begin(), m_items.end(),
                     [](const DrawItem& a, const DrawItem& b) { return a.pipeline < b.pipeline; });
    m_gpuScene = std::move(gpuScene);
    log::info("render", "scene '{}': {} models, {} draw items, {} triangles, {} lights{}", m_scene.name,
              models.size(), m_items.size(), m_gpuScene->triangleCount(), m_scene.lights.size(),
              m_placeholders ? fmt::format(", {} placeholders", m_placeholders) : "");
    return {};
}

Result<void> Renderer::writeFrameData(FrameBuffers& fb, const ViewSet& views, double timeSeconds) {
    SKYHOOK_CHECK(!views.views.empty() && views.views.size() <= SKYHOOK_MAX_VIEWS,
                  "{} views (1..{} supported)", views.views.size(), SKYHOOK_MAX_VIEWS);
    const glm::dvec3 origin = views.views[0].position;  // camera-relative origin of this frame
    const scene::Environment& env = m_scene.environment;

    // Sun: the first directional light (preferring one that casts shadows); other lights go to the list.
    const scene::Light* sun = nullptr;
    for (const auto& l : m_scene.lights)
        if (l.type == scene::LightType::Directional && (!sun || (l.castsShadows && !sun->castsShadows)))
            sun = &l;
    glm::vec3 sunDir = sun ? glm::normalize(sun->direction) : glm::vec3(0.0f, -1.0f, 0.0f);

    FrameUniforms fu{};
    fu.sunDirection = glm::vec4(sunDir, sun ? sun->intensity : 0.0f);
    bool shadows = sun && sun->castsShadows && m_settings.cascadeCount > 0;
    fu.sunColor = glm::vec4(sun ? sun->color : glm::vec3(0.0f), shadows ? 1.0f : 0.0f);
    // skyIntensity is in cd/m²: the procedural sky's horizon is about that bright; a colour sky is
    // skyColor × skyIntensity. The procedural sky takes its colour from its own gradient, not from skyColor.
    bool procedural = env.sky == scene::Environment::Sky::Procedural;
    fu.sky = glm::vec4(procedural ? glm::vec3(1.0f) : env.skyColor, env.skyIntensity);
    fu.skyMode = env.sky == scene::Environment::Sky::Procedural ? 0u : 1u;
    fu.exposure = exposureFromEv100(env.exposureEv100 + m_settings.exposureBias);
    fu.time = static_cast<float>(timeSeconds);
    fu.debugView = m_settings.debugView;
    fu.bloomStrength = env.bloomStrength;
    fu.cascadeCount = shadows ? std::min(m_settings.cascadeCount, uint32_t(SKYHOOK_MAX_CASCADES)) : 0u;
    fu.shadowTexelSize = 1.0f / static_cast<float>(m_settings.shadowMapSize);

    // Cascades follow the first view; every view samples the same shadow map.
    CascadeSet cascades = computeCascades(views.views[0], views.target.extent, sunDir, fu.cascadeCount,
                                          m_settings.shadowDistance, m_settings.shadowMapSize);
    for (size_t v = 0; v < views.views.size(); ++v) {
        const View& view = views.views[v];
        VkExtent2D ext = view.viewport.extent.width ? view.viewport.extent : views.target.extent;
        ViewUniforms& vu = fu.views[v];
        vu.view = viewMatrix(view, origin);
        vu.proj = projectionMatrix(view.projection, float(ext.width) / float(ext.height));
        vu.viewProj = vu.proj * vu.view;
        vu.invViewProj = glm::inverse(vu.viewProj);
        for (uint32_t c = 0; c < SKYHOOK_MAX_CASCADES; ++c) vu.cascadeViewProj[c] = cascades.viewProj[c];
        vu.cascadeSplits = cascades.splits;
        vu.viewport = glm::vec4(ext.width, ext.height, 1.0f / ext.width, 1.0f / ext.height);
    }

    // Instances: camera-relative model matrices, computed in double.
    std::vector<GpuInstance> instances(m_items.size());
    std::vector<VkDrawIndexedIndirectCommand> draws(m_items.size());
    std::fill(std::begin(fb.drawCounts), std::end(fb.drawCounts), 0u);
    for (size_t i = 0; i < m_items.size(); ++i) {
        const DrawItem& item = m_items[i];
        glm::mat4 model = cameraRelative(item.world, origin);
        instances[i] = {model, glm::mat4(glm::inverseTranspose(glm::mat3(model))), item.material, 0u, 0u, 0u};
        const GpuMesh& mesh = m_gpuScene->meshes()[item.mesh];
        draws[i] = {mesh.indexCount, 1, mesh.firstIndex, static_cast<int32_t>(mesh.vertexOffset),
                    static_cast<uint32_t>(i)};
        fb.drawCounts[item.pipeline]++;
    }
    uint32_t offset = 0;
    for (uint32_t v = 0; v < kVariantCount; ++v) {
        fb.drawOffsets[v] = offset;
        offset += fb.drawCounts[v];
    }

    std::vector<GpuLight> lights;
    for (const auto& l : m_scene.lights) {
        if (&l == sun) continue;
        GpuLight g{};
        glm::vec3 pos = glm::vec3(l.position - origin);
        g.positionRange = glm::vec4(pos, l.range);
        uint32_t type = l.type == scene::LightType::Directional ? SKYHOOK_LIGHT_DIRECTIONAL
                        : l.type == scene::LightType::Spot      ? SKYHOOK_LIGHT_SPOT
                                                                : SKYHOOK_LIGHT_POINT;
        g.colorType = glm::vec4(l.color * l.intensity, float(type));
        g.directionCone = glm::vec4(glm::normalize(l.direction), std::cos(l.outerConeAngle));
        g.params = glm::vec4(std::cos(l.innerConeAngle), 0.0f, 0.0f, 0.0f);
        lights.push_back(g);
    }
    fu.lightCount = static_cast<uint32_t>(lights.size());
    fb.lightCount = fu.lightCount;

    constexpr VkBufferUsageFlags storage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    SKYHOOK_TRY(ensureBuffer(m_device, fb.uniforms, sizeof fu, storage, "frame.uniforms"));
    SKYHOOK_TRY(ensureBuffer(m_device, fb.instances, instances.size() * sizeof(GpuInstance), storage,
                             "frame.instances"));
    SKYHOOK_TRY(ensureBuffer(m_device, fb.lights, lights.size() * sizeof(GpuLight), storage, "frame.lights"));
    SKYHOOK_TRY(ensureBuffer(m_device, fb.indirect, draws.size() * sizeof(VkDrawIndexedIndirectCommand),
                             VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT, "frame.indirect"));
    std::memcpy(fb.uniforms.mapped(), &fu, sizeof fu);
    if (!instances.empty()) std::memcpy(fb.instances.mapped(), instances.data(), bytesOf(instances).size());
    if (!lights.empty()) std::memcpy(fb.lights.mapped(), lights.data(), bytesOf(lights).size());
    if (!draws.empty()) std::memcpy(fb.indirect.mapped(), draws.data(), bytesOf(draws).size());
    for (gpu::Buffer* b : {&fb.uniforms, &fb.instances, &fb.lights, &fb.indirect}) b->flush();
    m_stats.instances = static_cast<uint32_t>(m_items.size());
    return {};
}

void Renderer::addViewPasses(RenderGraph& graph, FrameBuffers& fb, const ViewSet& views, uint32_t viewIndex,
                             ImageId target, ImageId shadow) {
    const View& view = views.views[viewIndex];
    VkRect2D region = view.viewport;
    if (region.extent.width == 0) region = {{0, 0}, views.target.extent};
    const VkExtent2D ext = region.extent;
    const bool msaa = m_samples != VK_SAMPLE_COUNT_1_BIT;
    const std::string prefix = views.views.size() > 1 ? view.name + "." : "";

    DrawPush push{};
    push.frame = fb.uniforms.address();
    push.instances = fb.instances.address();
    push.materials = m_gpuScene->materialAddress();
    push.vertices = m_gpuScene->vertexAddress();
    push.lights = fb.lights.address();
    push.viewIndex = viewIndex;

    ImageId hdr =
        graph.createImage({.debugName = prefix + "hdr",
                           .format = kHdrFormat,
                           .extent = ext,
                           .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT});
    ImageId color = hdr;
    if (msaa)
        color = graph.createImage(
            {.debugName = prefix + "hdr.msaa",
             .format = kHdrFormat,
             .extent = ext,
             .samples = m_samples,
             .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT});
    ImageId depth = graph.createImage({.debugName = prefix + "depth",
                                       .format = kDepthFormat,
                                       .extent = ext,
                                       .samples = m_samples,
                                       .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT});

    graph.addPass(
        prefix + "forward", [&, push, color, hdr, depth, shadow, ext, msaa](PassBuilder& b) -> RecordFn {
            b.write(color, Access::ColorAttachment);
            if (msaa) b.write(hdr, Access::ColorAttachment);
            b.write(depth, Access::DepthAttachment);
            if (shadow.valid()) b.read(shadow, Access::SampledFragment);
            return [this, &fb, push, color, hdr, depth, ext, msaa](PassContext& ctx) {
                VkRenderingAttachmentInfo colorAtt{
                    .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                    .imageView = ctx.view(color),
                    .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
                    .storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE};
                if (msaa) {
                    colorAtt.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
                    colorAtt.resolveImageView = ctx.view(hdr);
                    colorAtt.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
                }
                VkRenderingAttachmentInfo depthAtt{
                    .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                    .imageView = ctx.view(depth),
                    .imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                    .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
                    .storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
                    .clearValue = {.depthStencil = {0.0f, 0}}};  // reversed-Z: 0 is far
                VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                                     .renderArea = {{0, 0}, ext},
                                     .layerCount = 1,
                                     .colorAttachmentCount = 1,
                                     .pColorAttachments = &colorAtt,
                                     .pDepthAttachment = &depthAtt};
                VkCommandBuffer cmd = ctx.cmd;
                vkCmdBeginRendering(cmd, &info);
                VkViewport vp{0.0f, 0.0f, float(ext.width), float(ext.height), 0.0f, 1.0f};
                VkRect2D scissor{{0, 0}, ext};
                vkCmdSetViewport(cmd, 0, 1, &vp);
                vkCmdSetScissor(cmd, 0, 1, &scissor);
                VkDescriptorSet set = m_bindless.set();
                vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipelines.layout(), 0, 1,
                                        &set, 0, nullptr);
                vkCmdPushConstants(cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
                vkCmdBindIndexBuffer(cmd, m_gpuScene->indexBuffer(), 0, VK_INDEX_TYPE_UINT32);
                auto drawVariant = [&](uint32_t v) {
                    if (!fb.drawCounts[v]) return;
                    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_forward[v]);
                    vkCmdDrawIndexedIndirect(cmd, fb.indirect.vk(),
                                             fb.drawOffsets[v] * sizeof(VkDrawIndexedIndirectCommand),
                                             fb.drawCounts[v], sizeof(VkDrawIndexedIndirectCommand));
                    m_stats.draws += fb.drawCounts[v];
                };
                drawVariant(kOpaque);
                drawVariant(kOpaqueDoubleSided);
                // The sky fills what no opaque surface covered (depth still at the far value 0).
                vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_sky);
                vkCmdDraw(cmd, 3, 1, 0, 0);
                drawVariant(kBlend);
                drawVariant(kBlendDoubleSided);
                vkCmdEndRendering(cmd);
            };
        });

    // Bloom: a chain of half-size levels down, then back up with a tent filter, added level by level.
    std::vector<ImageId> levels;
    if (m_settings.bloom && m_scene.environment.bloomStrength > 0.0f) {
        VkExtent2D e = ext;
        while (levels.size() < 6 && e.width >= 16 && e.height >= 16) {
            e = {std::max(1u, e.width / 2), std::max(1u, e.height / 2)};
            levels.push_back(graph.createImage(
                {.debugName = fmt::format("{}bloom{}", prefix, levels.size()),
                 .format = kHdrFormat,
                 .extent = e,
                 .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT}));
        }
    }
    auto fullscreenPass = [this, push](PassContext& ctx, VkImageView dst, VkExtent2D dstExt,
                                       VkAttachmentLoadOp load, VkPipeline pipeline,
                                       std::vector<gpu::PassBinding> bindings, glm::vec4 params,
                                       VkRect2D area) {
        VkRenderingAttachmentInfo att{.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                                      .imageView = dst,
                                      .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                      .loadOp = load,
                                      .storeOp = VK_ATTACHMENT_STORE_OP_STORE};
        VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                             .renderArea = area.extent.width ? area : VkRect2D{{0, 0}, dstExt},
                             .layerCount = 1,
                             .colorAttachmentCount = 1,
                             .pColorAttachments = &att};
        vkCmdBeginRendering(ctx.cmd, &info);
        VkRect2D r = info.renderArea;
        VkViewport vp{
            float(r.offset.x), float(r.offset.y), float(r.extent.width), float(r.extent.height), 0.0f, 1.0f};
        vkCmdSetViewport(ctx.cmd, 0, 1, &vp);
        vkCmdSetScissor(ctx.cmd, 0, 1, &r);
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
        VkDescriptorSet set = m_bindless.set();
        vkCmdBindDescriptorSets(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipelines.layout(), 0, 1, &set, 0,
                                nullptr);
        m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, bindings);
        DrawPush p = push;
        p.params = params;
        vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof p, &p);
        vkCmdDraw(ctx.cmd, 3, 1, 0, 0);
        vkCmdEndRendering(ctx.cmd);
    };
    for (size_t i = 0; i < levels.size(); ++i) {
        ImageId src = i == 0 ? hdr : levels[i - 1];
        ImageId dst = levels[i];
        graph.addPass(
            fmt::format("{}bloom.down{}", prefix, i),
            [&, src, dst, i, fullscreenPass](PassBuilder& b) -> RecordFn {
                b.read(src, Access::SampledFragment);
                b.write(dst, Access::ColorAttachment);
                return [this, src, dst, i, fullscreenPass, &graph](PassContext& ctx) {
                    VkExtent2D se = ctx.desc(src).extent;
                    fullscreenPass(
                        ctx, ctx.view(dst), ctx.desc(dst).extent, VK_ATTACHMENT_LOAD_OP_DONT_CARE,
                        m_bloomDown, {{.binding = 0, .view = ctx.view(src), .sampler = m_linearClamp.vk()}},
                        glm::vec4(1.0f / se.width, 1.0f / se.height, i == 0 ? 1.0f : 0.0f, 0.0f), {});
                };
            });
    }
    for (size_t i = levels.size(); i-- > 1;) {
        ImageId src = levels[i];
        ImageId dst = levels[i - 1];
        graph.addPass(fmt::format("{}bloom.up{}", prefix, i),
                      [&, src, dst, fullscreenPass](PassBuilder& b) -> RecordFn {
                          b.read(src, Access::SampledFragment);
                          b.write(dst, Access::ColorAttachment);
                          return [this, src, dst, fullscreenPass](PassContext& ctx) {
                              VkExtent2D se = ctx.desc(src).extent;
                              fullscreenPass(
                                  ctx, ctx.view(dst), ctx.desc(dst).extent, VK_ATTACHMENT_LOAD_OP_LOAD,
                                  m_bloomUp,
                                  {{.binding = 0, .view = ctx.view(src), .sampler = m_linearClamp.vk()}},
                                  glm::vec4(1.0f / se.width, 1.0f / se.height, 0.0f, 1.0f), {});
                          };
                      });
    }
    ImageId bloom = levels.empty() ? ImageId{} : levels[0];
    const bool fullTarget = region.offset.x == 0 && region.offset.y == 0 &&
                            region.extent.width == views.target.extent.width &&
                            region.extent.height == views.target.extent.height;
    graph.addPass(
        prefix + "tonemap",
        [&, hdr, bloom, target, region, fullTarget, fullscreenPass](PassBuilder& b) -> RecordFn {
            b.read(hdr, Access::SampledFragment);
            if (bloom.valid()) b.read(bloom, Access::SampledFragment);
            b.write(target, Access::ColorAttachment);
            return [this, hdr, bloom, target, region, fullTarget, fullscreenPass, &views](PassContext& ctx) {
                VkImageView bloomView = bloom.valid() ? ctx.view(bloom) : ctx.view(hdr);
                fullscreenPass(ctx, ctx.view(target), views.target.extent,
                               fullTarget ? VK_ATTACHMENT_LOAD_OP_DONT_CARE : VK_ATTACHMENT_LOAD_OP_LOAD,
                               m_tonemap,
                               {{.binding = 0, .view = ctx.view(hdr), .sampler = m_linearClamp.vk()},
                                {.binding = 1, .view = bloomView, .sampler = m_linearClamp.vk()}},
                               glm::vec4(bloom.valid() ? 1.0f : 0.0f, float(region.offset.x), float(region.offset.y), 0.0f),
                           region);
            };
        });
}

Result<void> Renderer::render(gpu::FrameSlot& frame, uint64_t frameNumber, const ViewSet& views,
                              double timeSeconds, const OverlayFn& overlay) {
    auto start = std::chrono::steady_clock::now();
    SKYHOOK_CHECK(m_gpuScene != nullptr, "render() before setScene()");
    SKYHOOK_CHECK(
        views.target.format == VK_FORMAT_R8G8B8A8_UNORM || views.target.format == VK_FORMAT_B8G8R8A8_UNORM,
        "render targets are 8-bit UNORM (the tone-mapping pass encodes sRGB)");
    SKYHOOK_TRY(ensureShadowMap());
    FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    m_stats.draws = 0;
    SKYHOOK_TRY(writeFrameData(fb, views, timeSeconds));

    RenderGraph graph;
    ImageId target = graph.importImage("target",
                                       {.format = views.target.format,
                                        .extent = views.target.extent,
                                        .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT},
                                       views.target.image, views.target.view, views.target.initial,
                                       views.target.final, true);
    ImageId shadow;
    const scene::Light* sun = nullptr;
    for (const auto& l : m_scene.lights)
        if (l.type == scene::LightType::Directional && l.castsShadows) sun = &l;
    if (sun && m_settings.cascadeCount > 0) {
        ImageState sampled = stateFor(Access::SampledFragment, true);
        shadow =
            graph.importImage("shadow_cascades", m_shadowMap.desc(), m_shadowMap.vk(), m_shadowMap.view(),
                              m_shadowMapInitialized ? sampled : ImageState{}, sampled);
        uint32_t cascades = std::min(m_settings.cascadeCount, uint32_t(SKYHOOK_MAX_CASCADES));
        DrawPush push{};
        push.frame = fb.uniforms.address();
        push.instances = fb.instances.address();
        push.vertices = m_gpuScene->vertexAddress();
        graph.addPass("shadows", [&, push, cascades](PassBuilder& b) -> RecordFn {
            b.write(shadow, Access::DepthAttachment);
            return [this, &fb, push, cascades](PassContext& ctx) {
                VkExtent2D e = m_shadowMap.extent();
                for (uint32_t c = 0; c < cascades; ++c) {
                    VkRenderingAttachmentInfo depthAtt{
                        .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                        .imageView = m_shadowMap.subView(0, c),
                        .imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                        .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
                        .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
                        .clearValue = {.depthStencil = {0.0f, 0}}};
                    VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                                         .renderArea = {{0, 0}, e},
                                         .layerCount = 1,
                                         .pDepthAttachment = &depthAtt};
                    vkCmdBeginRendering(ctx.cmd, &info);
                    VkViewport vp{0.0f, 0.0f, float(e.width), float(e.height), 0.0f, 1.0f};
                    VkRect2D scissor{{0, 0}, e};
                    vkCmdSetViewport(ctx.cmd, 0, 1, &vp);
                    vkCmdSetScissor(ctx.cmd, 0, 1, &scissor);
                    vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_shadow);
                    VkDescriptorSet set = m_bindless.set();
                    vkCmdBindDescriptorSets(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipelines.layout(), 0,
                                            1, &set, 0, nullptr);
                    DrawPush p = push;
                    p.cascade = c;
                    vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof p, &p);
                    vkCmdBindIndexBuffer(ctx.cmd, m_gpuScene->indexBuffer(), 0, VK_INDEX_TYPE_UINT32);
                    uint32_t opaque = fb.drawCounts[kOpaque] + fb.drawCounts[kOpaqueDoubleSided];
                    if (opaque)
                        vkCmdDrawIndexedIndirect(ctx.cmd, fb.indirect.vk(), 0, opaque,
                                                 sizeof(VkDrawIndexedIndirectCommand));
                    vkCmdEndRendering(ctx.cmd);
                }
            };
        });
        m_shadowMapInitialized = true;
    }
    for (uint32_t v = 0; v < views.views.size(); ++v) addViewPasses(graph, fb, views, v, target, shadow);
    if (overlay) overlay(graph, target);

    auto compiled = graph.compile();
    if (!compiled) return compiled.error();
    auto physical = m_transients.acquire(graph, *compiled);
    if (!physical) return physical.error();
    graph.execute(
        frame.cmd, *compiled, std::move(*physical),
        [&frame](VkCommandBuffer cmd, const std::string& name) { return frame.timer.begin(cmd, name); },
        [&frame](VkCommandBuffer cmd, uint32_t token) { frame.timer.end(cmd, token); });
    m_transients.trim();

    m_stats.triangles = 0;
    for (const DrawItem& item : m_items) m_stats.triangles += m_gpuScene->meshes()[item.mesh].indexCount / 3;
    m_stats.triangles *= views.views.size();
    m_stats.gpuPasses = frame.lastTimings;
    m_stats.cpuMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return {};
}

Result<void> Renderer::renderBare(gpu::FrameSlot& frame, uint64_t frameNumber, const ViewSet& views) {
    SKYHOOK_CHECK(m_gpuScene != nullptr, "renderBare() before setScene()");
    FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    SKYHOOK_TRY(writeFrameData(fb, views, 0.0));
    RenderGraph graph;
    ImageId target = graph.importImage(
        "target", {.format = views.target.format, .extent = views.target.extent}, views.target.image,
        views.target.view, views.target.initial, views.target.final, true);
    VkExtent2D ext = views.target.extent;
    ImageId depth = graph.createImage({.debugName = "bare.depth",
                                       .format = kDepthFormat,
                                       .extent = ext,
                                       .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT});
    DrawPush push{};
    push.frame = fb.uniforms.address();
    push.instances = fb.instances.address();
    push.vertices = m_gpuScene->vertexAddress();
    graph.addPass("bare", [&](PassBuilder& b) -> RecordFn {
        b.write(target, Access::ColorAttachment);
        b.write(depth, Access::DepthAttachment);
        return [&, push](PassContext& ctx) {
            VkRenderingAttachmentInfo colorAtt{.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                                               .imageView = ctx.view(target),
                                               .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                               .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
                                               .storeOp = VK_ATTACHMENT_STORE_OP_STORE};
            VkRenderingAttachmentInfo depthAtt{.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                                               .imageView = ctx.view(depth),
                                               .imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                                               .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
                                               .storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
                                               .clearValue = {.depthStencil = {0.0f, 0}}};
            VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                                 .renderArea = {{0, 0}, ext},
                                 .layerCount = 1,
                                 .colorAttachmentCount = 1,
                                 .pColorAttachments = &colorAtt,
                                 .pDepthAttachment = &depthAtt};
            vkCmdBeginRendering(ctx.cmd, &info);
            VkViewport vp{0.0f, 0.0f, float(ext.width), float(ext.height), 0.0f, 1.0f};
            VkRect2D scissor{{0, 0}, ext};
            vkCmdSetViewport(ctx.cmd, 0, 1, &vp);
            vkCmdSetScissor(ctx.cmd, 0, 1, &scissor);
            vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_bare);
            VkDescriptorSet set = m_bindless.set();
            vkCmdBindDescriptorSets(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipelines.layout(), 0, 1,
                                    &set, 0, nullptr);
            vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
            vkCmdBindIndexBuffer(ctx.cmd, m_gpuScene->indexBuffer(), 0, VK_INDEX_TYPE_UINT32);
            if (!m_items.empty())
                vkCmdDrawIndexedIndirect(ctx.cmd, fb.indirect.vk(), 0, static_cast<uint32_t>(m_items.size()),
                                         sizeof(VkDrawIndexedIndirectCommand));
            vkCmdEndRendering(ctx.cmd);
        };
    });
    auto compiled = graph.compile();
    if (!compiled) return compiled.error();
    auto physical = m_transients.acquire(graph, *compiled);
    if (!physical) return physical.error();
    graph.execute(
        frame.cmd, *compiled, std::move(*physical),
        [&frame](VkCommandBuffer cmd, const std::string& name) { return frame.timer.begin(cmd, name); },
        [&frame](VkCommandBuffer cmd, uint32_t token) { frame.timer.end(cmd, token); });
    return {};
}

}  // namespace skyhook::render
