// The atmosphere's look-up tables (render/README.md, "Atmosphere"): the transmittance LUT (persistent,
// recomputed when the planet's air changes), and per frame the sky-view LUT and the aerial-perspective
// volume (transient), computed on the GPU and read by the sky pass and forward.frag; and per frame the sky's
// ambient table, integrated on the GPU into the frame's uniforms.
#include <array>

#include "engine/render/atmosphere.hpp"
#include "engine/render/renderer.hpp"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

constexpr VkFormat kLutFormat = VK_FORMAT_R32G32B32A32_SFLOAT;

// What the transmittance LUT depends on: the planet's size and its air.
std::vector<float> transmittanceKey(const scene::Planet& p) {
    return {float(p.radius),        float(p.atmosphereHeight), p.rayleighScattering.x, p.rayleighScattering.y,
            p.rayleighScattering.z, p.rayleighScaleHeight,     p.mieScattering,        p.mieAbsorption,
            p.mieScaleHeight,       p.ozoneAbsorption.x,       p.ozoneAbsorption.y,    p.ozoneAbsorption.z,
            p.ozonePeakAltitude,    p.ozoneHalfWidth};
}

}  // namespace

Result<void> Renderer::createAtmosphereLuts() {
    for (auto [out, name, shader] :
         {std::tuple{&m_atmoAmbientPipeline, "atmosphere.ambient", "atmo_ambient.comp"},
          std::tuple{&m_atmoTransmittancePipeline, "atmosphere.transmittance", "atmo_transmittance.comp"},
          std::tuple{&m_atmoSkyViewPipeline, "atmosphere.sky_view", "atmo_sky_view.comp"},
          std::tuple{&m_atmoAerialPipeline, "atmosphere.aerial", "atmo_aerial.comp"}}) {
        auto p = m_pipelines.compute({.debugName = name, .shader = shader});
        if (!p) return p.error();
        *out = *p;
    }
    auto img = gpu::Image::create(
        m_device,
        {.debugName = "atmosphere.transmittance",
         .format = kLutFormat,
         .extent = {uint32_t(atmosphere::kTransmittanceWidth), uint32_t(atmosphere::kTransmittanceHeight)},
         .usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT});
    if (!img) return img.error();
    m_atmoTransmittance = std::move(*img);
    m_atmoTransmittanceInitialized = false;
    m_atmoTransmittanceKey.clear();
    return {};
}

Renderer::AtmosphereLuts Renderer::addAtmospherePasses(RenderGraph& graph, FrameBuffers& fb) {
    const scene::Environment& env = m_scene.environment;
    if (env.sky != scene::Environment::Sky::Atmosphere) return {};
    AtmosphereLuts luts;
    // The sky's ambient table: one workgroup per row, written into this frame's uniforms (the CPU wrote
    // the rest of them, and each row's altitude, before the frame was submitted).
    luts.ambient = graph.importBuffer("frame.uniforms", fb.uniforms.vk(), fb.uniforms.size());
    graph.addPass("atmosphere.ambient", [&, ambient = luts.ambient](PassBuilder& b) -> RecordFn {
        b.write(ambient, Access::BufferWriteCompute);
        return [this, push = basePush(fb, 0)](PassContext& ctx) {
            vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_atmoAmbientPipeline);
            vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
            vkCmdDispatch(ctx.cmd, SKYHOOK_AMBIENT_LEVELS, 1, 1);
        };
    });
    if (!m_settings.atmosphereLuts) return luts;
    const ImageState sampled = stateFor(Access::SampledFragment, false);
    const std::vector<float> key = transmittanceKey(env.planet);
    const bool recompute = !m_atmoTransmittanceInitialized || key != m_atmoTransmittanceKey;
    luts.transmittance = graph.importImage("atmosphere.transmittance", m_atmoTransmittance.desc(),
                                           m_atmoTransmittance.vk(), m_atmoTransmittance.view(),
                                           m_atmoTransmittanceInitialized ? sampled : ImageState{}, sampled);
    m_atmoTransmittanceInitialized = true;
    m_atmoTransmittanceKey = key;
    const DrawPush push = basePush(fb, 0);
    // One compute pass writing `target` (set 1 binding 4) over a w × h grid, reading the transmittance LUT.
    auto addLutPass = [&](const std::string& name, ImageId target, VkPipeline pipeline, uint32_t w,
                          uint32_t h, bool readsTransmittance) {
        graph.addPass(name, [&, target, pipeline, w, h, readsTransmittance](PassBuilder& b) -> RecordFn {
            // After the ambient rows are written: these passes copy the whole AtmosphereUniforms.
            b.read(luts.ambient, Access::BufferReadCompute);
            if (readsTransmittance) b.read(luts.transmittance, Access::SampledCompute);
            b.write(target, Access::StorageWriteCompute);
            return [this, push, target, pipeline, w, h, readsTransmittance,
                    transmittance = luts.transmittance](PassContext& ctx) {
                gpu::PassBinding bindings[2] = {
                    {.binding = 4,
                     .type = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE,
                     .view = ctx.view(target),
                     .layout = VK_IMAGE_LAYOUT_GENERAL},
                    {.binding = 0,
                     .view = readsTransmittance ? ctx.view(transmittance) : VkImageView{},
                     .sampler = m_linearClamp.vk()}};
                vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
                m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE,
                                         std::span(bindings, readsTransmittance ? 2 : 1));
                vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
                vkCmdDispatch(ctx.cmd, (w + 7) / 8, (h + 7) / 8, 1);
            };
        });
    };
    if (recompute)
        addLutPass("atmosphere.transmittance", luts.transmittance, m_atmoTransmittancePipeline,
                   atmosphere::kTransmittanceWidth, atmosphere::kTransmittanceHeight, false);
    // Both per-frame tables: three tiles side by side (Rayleigh sums, Mie sums, transmittance); the volume's
    // distance slices are tile rows.
    luts.skyView =
        graph.createImage({.debugName = "atmosphere.sky_view",
                           .format = kLutFormat,
                           .extent = {3u * atmosphere::kSkyViewWidth, uint32_t(atmosphere::kSkyViewHeight)},
                           .usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT});
    luts.aerial =
        graph.createImage({.debugName = "atmosphere.aerial",
                           .format = kLutFormat,
                           .extent = {3u * atmosphere::kAerialWidth,
                                      uint32_t(atmosphere::kAerialHeight * atmosphere::kAerialSlices)},
                           .usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT});
    addLutPass("atmosphere.sky_view", luts.skyView, m_atmoSkyViewPipeline, atmosphere::kSkyViewWidth,
               atmosphere::kSkyViewHeight, true);
    addLutPass("atmosphere.aerial", luts.aerial, m_atmoAerialPipeline, atmosphere::kAerialWidth,
               atmosphere::kAerialHeight, true);
    return luts;
}

void Renderer::readAtmosphereLuts(PassBuilder& b) const {
    if (m_atmoLuts.ambient.valid()) b.read(m_atmoLuts.ambient, Access::BufferReadGraphics);
    for (ImageId id : {m_atmoLuts.transmittance, m_atmoLuts.skyView, m_atmoLuts.aerial})
        if (id.valid()) b.read(id, Access::SampledFragment);
}

void Renderer::bindAtmosphereLuts(PassContext& ctx) const {
    // Without the LUTs (no atmosphere, or the reference ray-march) the white texel stands in: never read.
    auto view = [&](ImageId id) { return id.valid() ? ctx.view(id) : m_white.view(); };
    const gpu::PassBinding bindings[3] = {
        {.binding = 0, .view = view(m_atmoLuts.transmittance), .sampler = m_linearClamp.vk()},
        {.binding = 1, .view = view(m_atmoLuts.skyView), .sampler = m_linearClamp.vk()},
        {.binding = 2, .view = view(m_atmoLuts.aerial), .sampler = m_linearClamp.vk()}};
    m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, bindings);
}

}  // namespace skyhook::render
