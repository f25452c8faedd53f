#include "engine/render/beams.hpp"

#include <algorithm>
#include <cstring>

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

Result<void> BeamPass::createPipeline(gpu::Pipelines& pipelines, VkSampleCountFlagBits samples) {
    auto p = pipelines.graphics({.debugName = "beams",
                                 .vertexShader = "beam.vert",
                                 .fragmentShader = "beam.frag",
                                 .colorFormats = {kHdrFormat},
                                 .depthFormat = kDepthFormat,
                                 .samples = samples,
                                 .cullMode = VK_CULL_MODE_NONE,  // beam.vert keeps the faces a ray enters by
                                 .depthWrite = false,
                                 .blend = gpu::BlendMode::Additive});
    if (!p) return p.error();
    m_pipeline = *p;
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

Result<void> BeamPass::prepareFrame(gpu::Device& device, uint32_t slot, double t) {
    m_slot = slot;
    m_time = static_cast<float>(t);
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
    return {};
}

void BeamPass::draw(VkCommandBuffer cmd, const gpu::Pipelines& pipelines, VkDeviceAddress frame,
                    VkDeviceAddress cells, uint32_t viewIndex, float exposure) const {
    if (!m_count || m_slot >= m_rules.size()) return;
    BeamPush push{};
    push.frame = frame;
    push.beams = m_table.address();
    push.rules = m_rules[m_slot].address();
    push.cells = cells;
    push.viewIndex = viewIndex;
    push.beamCount = m_count;
    push.time = m_time;
    push.minPixels = kBeamMinPixels;
    // 64× display white saturates bloom already; a few beams over each other stay inside half floats.
    push.maxRadiance = std::min(64.0f / std::max(exposure, 1e-12f), 16384.0f);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipeline);
    vkCmdPushConstants(cmd, pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
    vkCmdDraw(cmd, 36, m_count, 0, 0);
}

}  // namespace skyhook::render
