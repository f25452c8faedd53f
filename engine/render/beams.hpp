#pragma once
// The plasma jets of the planetary engines: every enabled instance of an instance rule with a "beam" gets one
// emissive volumetric beam. Beams are expanded once when the scene loads into a static table of 48-byte
// GpuBeams relative to the scene's cells; each frame writes only one 16-byte row per beam rule (colour ×
// intensity × its "beamIntensity" tracks). Ignition is evaluated on the GPU from show time, so the CPU cost
// of a frame does not grow with the number of beams. Each view culls its beams on the GPU (beam_cull.comp:
// unlit and out-of-frustum beams dropped, the rest sorted into boxes and thin camera-facing ribbons with
// an indirect draw each); they are drawn in the forward pass after the sky and before blended surfaces:
// additive, depth-tested, no depth writes (shaders/beam.vert, beam.frag). Render thread only.
#include <cstdint>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/pipeline.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/gpu/upload.hpp"
#include "engine/render/graph.hpp"
#include "engine/render/instances.hpp"
#include "engine/scene/scene.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

// At most this many beams are expanded per scene (48 bytes each).
inline constexpr uint64_t kMaxBeams = 1u << 20;
// A beam's Gaussian sigma covers at least this many pixels: thinner beams widen with their emission divided
// by the same factor squared, so a beam seen from orbit stays a steady line of the energy it has.
inline constexpr float kBeamMinPixels = 0.75f;
// Beams at most this many pixels wide (the 4-sigma half-width, where they are nearest) are drawn as ribbons.
inline constexpr float kBeamThinPixels = 12.0f;

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

// One view's beams in the render graph (BeamPass::addCullPasses).
struct BeamCull {
    BufferId table;  // GpuBeam[], read by the culling pass and the draw
    BufferId args;   // BeamDrawArgs[2] (culled only)
    BufferId list;   // culled beam ids (culled only)
    uint32_t view = 0;
    uint32_t viewCount = 1;  // the views of a multiview pass from `view`, culled and drawn together
    bool culled = false;
};

// Beams in a view's draw lists.
struct BeamCounts {
    uint32_t boxes = 0;
    uint32_t ribbons = 0;
};

class BeamPass {
public:
    Result<void> createPipelines(gpu::Pipelines& pipelines, VkSampleCountFlagBits samples);
    // The draw's twin for multiview passes (both eyes at once).
    Result<void> createMultiviewPipeline(gpu::Pipelines& pipelines);
    // Builds the static table for a scene (uploaded through `uploader`).
    Result<void> setScene(gpu::Device& device, gpu::Uploader& uploader, const scene::Scene& scene,
                          CellTable& cells);
    // Writes frame slot `slot`'s rule rows for show time t (O(beam rules)) and makes sure the slot has
    // culling buffers for `views` views; the passes then use that slot. Without `culling` every beam is drawn
    // as its box with every ray in 4 pieces (the reference).
    Result<void> prepareFrame(gpu::Device& device, uint32_t slot, double t, uint32_t views, bool culling);
    // Declares the culling of `viewCount` views from `view` (a reset and one compute pass,
    // `prefix`beams.cull) into the graph: a beam any of them sees is kept.
    BeamCull addCullPasses(RenderGraph& graph, uint32_t view, uint32_t viewCount, const std::string& prefix,
                           VkDeviceAddress frame, VkDeviceAddress cells) const;
    // What the pass drawing the beams reads.
    void declareDraw(PassBuilder& b, const BeamCull& cull) const;
    // Records the beams into the current rendering (the forward pass); overwrites the push constants.
    void draw(VkCommandBuffer cmd, const gpu::Pipelines& pipelines, const BeamCull& cull,
              VkDeviceAddress frame, VkDeviceAddress cells, float exposure) const;
    // The draw lists' sizes of view `view` in slot `slot`, once the GPU finished the frame that used it last.
    BeamCounts drawnCounts(uint32_t slot, uint32_t view) const;

    uint32_t count() const { return m_count; }
    uint64_t gpuBytes() const;

private:
    struct ViewBuffers {
        gpu::Buffer args;  // host-visible: tests and statistics read the counts
        gpu::Buffer list;
    };
    gpu_layout::BeamPush push(VkDeviceAddress frame, VkDeviceAddress cells, uint32_t view,
                              uint32_t viewCount) const;

    VkPipeline m_pipeline = VK_NULL_HANDLE;
    VkPipeline m_multiviewPipeline = VK_NULL_HANDLE;  // the same with both eyes' view mask
    gpu::GraphicsPipelineDesc m_desc;                 // the draw's, for its multiview twin
    VkPipeline m_cull = VK_NULL_HANDLE;
    VkPipelineLayout m_layout = VK_NULL_HANDLE;
    const scene::Scene* m_scene = nullptr;
    BeamTable m_cpu;  // the rule list (the beams themselves live on the GPU only)
    gpu::Buffer m_table;
    std::vector<gpu::Buffer> m_rules;                     // per frame slot
    std::vector<std::vector<ViewBuffers>> m_viewBuffers;  // per frame slot, per view
    std::vector<gpu_layout::GpuBeamRule> m_rows;
    uint32_t m_count = 0;
    uint32_t m_slot = 0;
    float m_time = 0.0f;
    bool m_culling = true;
};

}  // namespace skyhook::render
