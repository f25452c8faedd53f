#pragma once
// The plasma jets of the planetary engines: every enabled instance of an instance rule with a "beam" gets one
// emissive volumetric beam. Beams are expanded once when the scene loads into a static table of 48-byte
// GpuBeams relative to the scene's cells; each frame writes only one 16-byte row per beam rule (colour ×
// intensity × its "beamIntensity" tracks). Ignition is evaluated on the GPU from show time, so the CPU cost
// of a frame does not grow with the number of beams. Drawn in the forward pass after the sky and before
// blended surfaces: additive, depth-tested, no depth writes (shaders/beam.vert, beam.frag). Render thread
// only.
#include <cstdint>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/pipeline.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/gpu/upload.hpp"
#include "engine/render/instances.hpp"
#include "engine/scene/scene.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

// At most this many beams are expanded per scene (48 bytes each).
inline constexpr uint64_t kMaxBeams = 1u << 20;
// A beam's Gaussian sigma covers at least this many pixels: thinner beams widen with their emission divided
// by the same factor squared, so a beam seen from orbit stays a steady line of the energy it has.
inline constexpr float kBeamMinPixels = 0.75f;

struct BeamTable {
    std::vector<gpu_layout::GpuBeam> beams;  // rule-major, instance order
    std::vector<uint32_t> rules;             // beam rule r → index into Scene::instanceRules
    uint64_t skipped = 0;                    // beams over kMaxBeams, not drawn
};

// Expands the beams of every instance rule with a "beam" (enabled instances only), placing each origin in
// `cells` like the instances.
BeamTable buildBeamTable(const scene::Scene& scene, CellTable& cells, uint64_t maxBeams = kMaxBeams);

// The per-frame rule rows at show time t: colour × intensity × the value of the rule's "beamIntensity"
// tracks at t, and the ramp.
void beamRuleRows(const scene::Scene& scene, const BeamTable& table, double t,
                  std::vector<gpu_layout::GpuBeamRule>& out);

class BeamPass {
public:
    Result<void> createPipeline(gpu::Pipelines& pipelines, VkSampleCountFlagBits samples);
    // Builds the static table for a scene (uploaded through `uploader`).
    Result<void> setScene(gpu::Device& device, gpu::Uploader& uploader, const scene::Scene& scene,
                          CellTable& cells);
    // Writes frame slot `slot`'s rule rows for show time t (O(beam rules)); draw() then uses that slot.
    Result<void> prepareFrame(gpu::Device& device, uint32_t slot, double t);
    // Records the beams into the current rendering (the forward pass); overwrites the push constants.
    void draw(VkCommandBuffer cmd, const gpu::Pipelines& pipelines, VkDeviceAddress frame,
              VkDeviceAddress cells, uint32_t viewIndex, float exposure) const;

    uint32_t count() const { return m_count; }
    VkBuffer tableBuffer() const { return m_table.vk(); }
    VkDeviceSize tableBytes() const { return m_table.size(); }
    uint64_t gpuBytes() const { return m_table ? m_table.size() : 0; }

private:
    VkPipeline m_pipeline = VK_NULL_HANDLE;
    const scene::Scene* m_scene = nullptr;
    BeamTable m_cpu;  // the rule list (the beams themselves live on the GPU only)
    gpu::Buffer m_table;
    std::vector<gpu::Buffer> m_rules;  // per frame slot
    std::vector<gpu_layout::GpuBeamRule> m_rows;
    uint32_t m_count = 0;
    uint32_t m_slot = 0;
    float m_time = 0.0f;
};

}  // namespace skyhook::render
