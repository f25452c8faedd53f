#include "engine/render/beams.hpp"

#include <algorithm>
#include <cstring>

#include "engine/core/check.hpp"
#include "engine/core/log.hpp"
#include "engine/render/formats.hpp"
#include "engine/scene/rules.hpp"

namespace skyhook::render {

using namespace gpu_layout;

BeamTable buildBeamTable(const scene::Scene& scene, CellTable& cells, uint64_t maxBeams) {
    BeamTable out;
    const std::vector<glm::dmat4> frames = scene.cellMatrices();
    for (size_t r = 0; r < scene.instanceRules.size(); ++r) {
        const scene::InstanceRule& rule = scene.instanceRules[r];
        if (!rule.beam) continue;
        const uint32_t beamRule = static_cast<uint32_t>(out.rules.size());
        out.rules.push_back(static_cast<uint32_t>(r));
        const glm::dmat4 frame = rule.cell >= 0 ? frames[rule.cell] : glm::dmat4(1.0);
        const uint64_t count = scene::instanceCount(rule);
        for (uint64_t i = 0; i < count; ++i) {
            if (!scene::instanceEnabled(rule, i)) continue;
            if (out.beams.size() >= maxBeams) {
                ++out.skipped;
                continue;
            }
            const scene::BeamPlacement p = scene::beamAt(rule, i);
            const glm::dvec3 origin(frame * glm::dvec4(p.origin, 1.0));
            GpuBeam b{};
            b.cell = cells.cellOf(origin);
            b.origin = glm::vec3(origin - cells.origins()[b.cell]);
            b.direction = glm::vec3(glm::normalize(glm::dmat3(frame) * p.direction));
            b.axisLength = static_cast<float>(rule.beam->length);
            b.radius = static_cast<float>(rule.beam->radius);
            b.spread = static_cast<float>(rule.beam->spread);
            b.delay = static_cast<float>(p.delay);
            b.rule = beamRule;
            out.beams.push_back(b);
        }
    }
    return out;
}

void beamRuleRows(const scene::Scene& scene, const BeamTable& table, double t,
                  std::vector<GpuBeamRule>& out) {
    out.resize(std::max<size_t>(table.rules.size(), 1));
    for (size_t r = 0; r < table.rules.size(); ++r) {
        const scene::Beam& beam = *scene.instanceRules[table.rules[r]].beam;
        out[r].color = glm::vec4(beam.color * beam.intensity * beam.intensityScale,
                                 static_cast<float>(beam.ignition.rampSeconds));
    }
    // "beamIntensity" tracks scale their rule's beams (the last track of a rule wins, as in applyTracks).
    for (const scene::Track& track : scene.tracks) {
        if (track.property != scene::TrackProperty::BeamIntensity ||
            track.targetKind != scene::TrackTargetKind::InstanceRule)
            continue;
        auto it = std::find(table.rules.begin(), table.rules.end(), static_cast<uint32_t>(track.target));
        if (it == table.rules.end()) continue;
        const scene::Beam& beam = *scene.instanceRules[*it].beam;
        const float scale = static_cast<float>(scene::evaluateTrack(track, t).scalar);
        out[size_t(it - table.rules.begin())].color =
            glm::vec4(beam.color * beam.intensity * scale, static_cast<float>(beam.ignition.rampSeconds));
    }
}

Result<void> BeamPass::createPipelines(gpu::Pipelines& pipelines, VkSampleCountFlagBits samples) {
    m_desc = {.debugName = "beams",
              .vertexShader = "beam.vert",
              .fragmentShader = "beam.frag",
              .colorFormats = {kHdrFormat},
              .depthFormat = kDepthFormat,
              .samples = samples,
              .cullMode = VK_CULL_MODE_NONE,  // beam.vert keeps the faces a ray enters by
              .depthWrite = false,
              .blend = gpu::BlendMode::Additive};
    auto p = pipelines.graphics(m_desc);
    if (!p) return p.error();
    m_pipeline = *p;
    m_multiviewPipeline = VK_NULL_HANDLE;
    auto c = pipelines.compute({.debugName = "beams.cull", .shader = "beam_cull.comp"});
    if (!c) return c.error();
    m_cull = *c;
    m_layout = pipelines.layout();
    return {};
}

Result<void> BeamPass::createMultiviewPipeline(gpu::Pipelines& pipelines) {
    gpu::GraphicsPipelineDesc desc = m_desc;
    desc.debugName += ".multiview";
    desc.viewMask = 0b11;
    auto p = pipelines.graphics(desc);
    if (!p) return p.error();
    m_multiviewPipeline = *p;
    return {};
}

Result<void> BeamPass::setScene(gpu::Device& device, gpu::Uploader& uploader, const scene::Scene& scene,
                                CellTable& cells) {
    m_scene = &scene;
    m_cpu = buildBeamTable(scene, cells);
    if (m_cpu.skipped)
        log::warn("render", "scene '{}': {} beams over the limit of {} are not drawn", scene.name,
                  m_cpu.skipped, kMaxBeams);
    m_count = static_cast<uint32_t>(m_cpu.beams.size());
    m_table.reset();
    m_viewBuffers.clear();  // sized by the beam count
    if (m_count) {
        const size_t bytes = m_cpu.beams.size() * sizeof(GpuBeam);
        auto buffer = gpu::Buffer::create(
            device, {.debugName = "scene.beams",
                     .size = bytes,
                     .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                              VK_BUFFER_USAGE_TRANSFER_DST_BIT});
        if (!buffer) return buffer.error();
        m_table = std::move(*buffer);
        SKYHOOK_TRY(
            uploader.buffer(m_table, 0, {reinterpret_cast<const uint8_t*>(m_cpu.beams.data()), bytes}));
        log::info("render", "scene '{}': {} beams in {} rules ({} KiB)", scene.name, m_count,
                  m_cpu.rules.size(), bytes / 1024);
    }
    m_cpu.beams.clear();
    m_cpu.beams.shrink_to_fit();
    return {};
}

Result<void> BeamPass::prepareFrame(gpu::Device& device, uint32_t slot, double t, uint32_t views,
                                    bool culling) {
    m_slot = slot;
    m_time = static_cast<float>(t);
    m_culling = culling;
    if (!m_count) return {};
    beamRuleRows(*m_scene, m_cpu, t, m_rows);
    if (m_rules.size() <= slot) m_rules.resize(slot + 1);
    gpu::Buffer& buffer = m_rules[slot];
    const VkDeviceSize bytes = m_rows.size() * sizeof(GpuBeamRule);
    if (!buffer || buffer.size() < bytes) {
        auto b = gpu::Buffer::create(
            device, {.debugName = "frame.beam_rules",
                     .size = bytes,
                     .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
                     .memory = gpu::MemoryUsage::Upload});
        if (!b) return b.error();
        buffer = std::move(*b);
    }
    std::memcpy(buffer.mapped(), m_rows.data(), bytes);
    buffer.flush();
    if (!culling) return {};
    if (m_viewBuffers.size() <= slot) m_viewBuffers.resize(slot + 1);
    std::vector<ViewBuffers>& slotBuffers = m_viewBuffers[slot];
    if (slotBuffers.size() < views) slotBuffers.resize(views);
    for (uint32_t v = 0; v < views; ++v) {
        ViewBuffers& vb = slotBuffers[v];
        if (!vb.args) {
            auto b = gpu::Buffer::create(
                device,
                {.debugName = fmt::format("frame.view{}.beam_args", v),
                 .size = (SKYHOOK_BEAM_DRAWS + 1) * sizeof(BeamDrawArgs),
                 .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                          VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                 .memory = gpu::MemoryUsage::Readback});
            if (!b) return b.error();
            vb.args = std::move(*b);
            std::memset(vb.args.mapped(), 0, vb.args.size());
            vb.args.flush();
        }
        if (!vb.list) {
            auto b = gpu::Buffer::create(device, {.debugName = fmt::format("frame.view{}.beam_list", v),
                                                  .size = 2 * VkDeviceSize(m_count) * sizeof(uint32_t),
                                                  .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                                           VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT});
            if (!b) return b.error();
            vb.list = std::move(*b);
        }
    }
    return {};
}

BeamPush BeamPass::push(VkDeviceAddress frame, VkDeviceAddress cells, uint32_t view,
                        uint32_t viewCount) const {
    BeamPush push{};
    push.frame = frame;
    push.beams = m_table.address();
    push.rules = m_rules[m_slot].address();
    push.cells = cells;
    if (m_culling) {
        const ViewBuffers& vb = m_viewBuffers[m_slot][view];
        push.list = vb.list.address();
        push.args = vb.args.address();
    }
    push.viewIndex = view;
    push.viewCount = viewCount;
    push.beamCount = m_count;
    push.time = m_time;
    push.minPixels = kBeamMinPixels;
    push.thinPixels = kBeamThinPixels;
    return push;
}

BeamCull BeamPass::addCullPasses(RenderGraph& graph, uint32_t view, uint32_t viewCount,
                                 const std::string& prefix, VkDeviceAddress frame,
                                 VkDeviceAddress cells) const {
    BeamCull out;
    out.view = view;
    out.viewCount = viewCount;
    if (!m_count) return out;
    out.table = graph.importBuffer(prefix + "beams", m_table.vk(), m_table.size());
    if (!m_culling) return out;
    out.culled = true;
    const ViewBuffers& vb = m_viewBuffers[m_slot][view];
    out.args = graph.importBuffer(prefix + "beams.args", vb.args.vk(), vb.args.size());
    out.list = graph.importBuffer(prefix + "beams.list", vb.list.vk(), vb.list.size());
    const BufferId args = out.args, list = out.list, table = out.table;
    graph.addPass(prefix + "beams.reset", [args](PassBuilder& b) -> RecordFn {
        b.write(args, Access::BufferTransferWrite);
        return [args](PassContext& ctx) {
            // Boxes and ribbons, no instances yet; then the draw count of each (1).
            const BeamDrawArgs draws[SKYHOOK_BEAM_DRAWS + 1] = {
                {36u, 0u, 0u, 0u}, {6u, 0u, 0u, 0u}, {1u, 1u, 0u, 0u}};
            vkCmdUpdateBuffer(ctx.cmd, ctx.buffer(args), 0, sizeof draws, draws);
        };
    });
    const BeamPush p = push(frame, cells, view, viewCount);
    graph.addPass(prefix + "beams.cull", [this, args, list, table, p](PassBuilder& b) -> RecordFn {
        b.read(table, Access::BufferReadCompute);
        b.write(args, Access::BufferWriteCompute);
        b.write(list, Access::BufferWriteCompute);
        return [this, p](PassContext& ctx) {
            vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_cull);
            vkCmdPushConstants(ctx.cmd, m_layout, VK_SHADER_STAGE_ALL, 0, sizeof p, &p);
            vkCmdDispatch(ctx.cmd, (p.beamCount + 63) / 64, 1, 1);
        };
    });
    return out;
}

void BeamPass::declareDraw(PassBuilder& b, const BeamCull& cull) const {
    if (cull.table.valid()) b.read(cull.table, Access::BufferReadGraphics);
    if (!cull.culled) return;
    b.read(cull.args, Access::BufferIndirect);
    b.read(cull.list, Access::BufferReadGraphics);
}

void BeamPass::draw(VkCommandBuffer cmd, const gpu::Pipelines& pipelines, const BeamCull& cull,
                    VkDeviceAddress frame, VkDeviceAddress cells, float exposure) const {
    if (!m_count || m_slot >= m_rules.size()) return;
    BeamPush p = push(frame, cells, cull.view, cull.viewCount);
    // 64× display white saturates bloom already; a few beams over each other stay inside half floats.
    p.maxRadiance = std::min(64.0f / std::max(exposure, 1e-12f), 16384.0f);
    SKYHOOK_CHECK(cull.viewCount == 1 || m_multiviewPipeline, "multiview beams before their pipeline");
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS,
                      cull.viewCount > 1 ? m_multiviewPipeline : m_pipeline);
    if (!cull.culled) {
        vkCmdPushConstants(cmd, pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof p, &p);
        vkCmdDraw(cmd, 36, m_count, 0, 0);
        return;
    }
    const VkBuffer args = m_viewBuffers[m_slot][cull.view].args.vk();
    p.flags = SKYHOOK_BEAM_LIST;
    p.listOffset = 0;
    vkCmdPushConstants(cmd, pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof p, &p);
    // Through the count variant with a count of 1: on lavapipe a plain vkCmdDrawIndirect after the indirect
    // path's vkCmdDrawIndexedIndirectCount draws nothing.
    const VkDeviceSize one = SKYHOOK_BEAM_DRAWS * sizeof(BeamDrawArgs);
    vkCmdDrawIndirectCount(cmd, args, SKYHOOK_BEAM_DRAW_BOX * sizeof(BeamDrawArgs), args, one, 1,
                           sizeof(BeamDrawArgs));
    p.flags = SKYHOOK_BEAM_LIST | SKYHOOK_BEAM_RIBBON;
    p.listOffset = m_count;
    vkCmdPushConstants(cmd, pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof p, &p);
    vkCmdDrawIndirectCount(cmd, args, SKYHOOK_BEAM_DRAW_RIBBON * sizeof(BeamDrawArgs), args, one + 4, 1,
                           sizeof(BeamDrawArgs));
}

BeamCounts BeamPass::drawnCounts(uint32_t slot, uint32_t view) const {
    BeamCounts out;
    if (slot >= m_viewBuffers.size() || view >= m_viewBuffers[slot].size()) return out;
    const gpu::Buffer& args = m_viewBuffers[slot][view].args;
    if (!args) return out;
    args.invalidate();
    BeamDrawArgs draws[SKYHOOK_BEAM_DRAWS];
    std::memcpy(draws, args.mapped(), sizeof draws);
    out.boxes = draws[SKYHOOK_BEAM_DRAW_BOX].instanceCount;
    out.ribbons = draws[SKYHOOK_BEAM_DRAW_RIBBON].instanceCount;
    return out;
}

uint64_t BeamPass::gpuBytes() const {
    uint64_t bytes = m_table ? m_table.size() : 0;
    for (const auto& slot : m_viewBuffers)
        for (const ViewBuffers& vb : slot)
            bytes += (vb.args ? vb.args.size() : 0) + (vb.list ? vb.list.size() : 0);
    return bytes;
}

}  // namespace skyhook::render
