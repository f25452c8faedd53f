#pragma once
// Overlay lines: world-space line segments drawn over a finished frame (after tone mapping, no depth test),
// into every view of a ViewSet — each into its own layer of an array target — as screen-space ribbons of a
// fixed pixel width with alpha blending. A generic render feature: the XR guardian grid is one user; render
// never learns what the lines mean. Segments behind a view are clipped at its near plane.
// Threading: the render thread. Ownership: the caller owns it and destroys it before the device.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/pipeline.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/render/graph.hpp"
#include "engine/render/view.hpp"

namespace skyhook::render {

struct OverlayLine {
    glm::dvec3 a{0.0};  // world (scene) coordinates, double precision
    glm::dvec3 b{0.0};
    glm::vec4 color{1.0f};  // written as is into the (sRGB-encoded, 8-bit) target; alpha blends
};

class OverlayLines {
public:
    // Creates the pipelines (one per 8-bit target format: RGBA and BGRA) up front.
    static Result<std::unique_ptr<OverlayLines>> create(gpu::Device& device, gpu::Pipelines& pipelines);

    // Declares the pass "overlay.lines" drawing `lines` into every view of `views` over `target` (the
    // graph's import of views.target). `frameNumber` picks the per-frame vertex buffer (one per frame in
    // flight). No lines: no pass.
    Result<void> addPass(RenderGraph& graph, ImageId target, const ViewSet& views,
                         std::span<const OverlayLine> lines, uint64_t frameNumber, float widthPixels = 2.0f);

    uint32_t linesDrawn() const { return m_lastLines; }  // by the last addPass

private:
    explicit OverlayLines(gpu::Device& device) : m_device(device) {}

    gpu::Device& m_device;
    VkPipeline m_rgba = VK_NULL_HANDLE;
    VkPipeline m_bgra = VK_NULL_HANDLE;
    VkPipelineLayout m_layout = VK_NULL_HANDLE;
    std::vector<gpu::Buffer> m_buffers;  // per frame in flight
    uint32_t m_lastLines = 0;
};

}  // namespace skyhook::render
