#include "engine/render/overlay_lines.hpp"

#include <algorithm>
#include <cstring>

#include "engine/gpu/frame.hpp"
#include "engine/render/projection.hpp"

namespace skyhook::render {

namespace {

// shaders/overlay_lines.vert: OverlaySegment and Push (scalar layout).
struct Segment {
    glm::vec4 a{0.0f};
    glm::vec4 b{0.0f};
    glm::vec4 color{0.0f};
};
static_assert(sizeof(Segment) == 48);
struct Push {
    glm::mat4 viewProj{1.0f};
    VkDeviceAddress segments = 0;
    glm::vec2 viewport{0.0f};
    float halfWidth = 1.0f;
    float nearPlane = 0.05f;
};
static_assert(sizeof(Push) == 88 && sizeof(Push) <= gpu::kPushConstantBytes);

}  // namespace

Result<std::unique_ptr<OverlayLines>> OverlayLines::create(gpu::Device& device, gpu::Pipelines& pipelines) {
    std::unique_ptr<OverlayLines> o(new OverlayLines(device));
    for (VkFormat format : {VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_B8G8R8A8_UNORM}) {
        auto p = pipelines.graphics({.debugName = "overlay.lines",
                                     .vertexShader = "overlay_lines.vert",
                                     .fragmentShader = "overlay_lines.frag",
                                     .colorFormats = {format},
                                     .cullMode = VK_CULL_MODE_NONE,
                                     .depthTest = false,
                                     .depthWrite = false,
                                     .blend = gpu::BlendMode::Alpha});
        if (!p) return p.error();
        (format == VK_FORMAT_R8G8B8A8_UNORM ? o->m_rgba : o->m_bgra) = *p;
    }
    o->m_layout = pipelines.layout();
    o->m_buffers.resize(gpu::FrameRing::kFramesInFlight);
    return o;
}

Result<void> OverlayLines::addPass(RenderGraph& graph, ImageId target, const ViewSet& views,
                                   std::span<const OverlayLine> lines, uint64_t frameNumber,
                                   float widthPixels) {
    m_lastLines = 0;
    if (lines.empty() || views.views.empty()) return {};
    // Relative to the first view, so floats keep their precision at any distance from the scene's origin.
    const glm::dvec3 origin = views.views[0].position;
    gpu::Buffer& buffer = m_buffers[frameNumber % m_buffers.size()];
    const VkDeviceSize bytes = lines.size() * sizeof(Segment);
    if (!buffer || buffer.size() < bytes) {
        auto b = gpu::Buffer::create(
            m_device,
            {.debugName = "overlay.lines",
             .size = std::max<VkDeviceSize>(bytes, 64 * sizeof(Segment)) * 2,
             .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
             .memory = gpu::MemoryUsage::Upload});
        if (!b) return b.error();
        buffer = std::move(*b);
    }
    auto* out = static_cast<Segment*>(buffer.mapped());
    for (size_t i = 0; i < lines.size(); ++i)
        out[i] = {glm::vec4(glm::vec3(lines[i].a - origin), 1.0f),
                  glm::vec4(glm::vec3(lines[i].b - origin), 1.0f), lines[i].color};
    buffer.flush(0, bytes);
    m_lastLines = uint32_t(lines.size());

    const VkPipeline pipeline = views.target.format == VK_FORMAT_B8G8R8A8_UNORM ? m_bgra : m_rgba;
    const VkDeviceAddress address = buffer.address();
    const uint32_t count = uint32_t(lines.size());
    struct PerView {
        VkImageView view = VK_NULL_HANDLE;
        VkRect2D area{};
        Push push;
    };
    std::vector<PerView> perView;
    for (const View& v : views.views) {
        VkRect2D area = v.viewport;
        if (area.extent.width == 0 || area.extent.height == 0) area = {{0, 0}, views.target.extent};
        const float aspect = float(area.extent.width) / float(std::max(1u, area.extent.height));
        PerView pv{
            .view = views.target.layerViews.empty() ? VK_NULL_HANDLE : views.target.layerViews[v.targetLayer],
            .area = area,
            .push = {.viewProj = projectionMatrix(v.projection, aspect) * viewMatrix(v, origin),
                     .segments = address,
                     .viewport = {float(area.extent.width), float(area.extent.height)},
                     .halfWidth = 0.5f * widthPixels,
                     .nearPlane = v.projection.nearPlane}};
        perView.push_back(pv);
    }
    const VkPipelineLayout layout = m_layout;
    graph.addPass("overlay.lines", [target, pipeline, layout, count, perView](PassBuilder& b) -> RecordFn {
        b.write(target, Access::ColorAttachment);
        return [target, pipeline, layout, count, perView](PassContext& ctx) {
            for (const PerView& pv : perView) {
                const VkRenderingAttachmentInfo color{.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                                                      .imageView = pv.view ? pv.view : ctx.view(target),
                                                      .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                                      .loadOp = VK_ATTACHMENT_LOAD_OP_LOAD,
                                                      .storeOp = VK_ATTACHMENT_STORE_OP_STORE};
                const VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                                           .renderArea = pv.area,
                                           .layerCount = 1,
                                           .colorAttachmentCount = 1,
                                           .pColorAttachments = &color};
                vkCmdBeginRendering(ctx.cmd, &info);
                const VkViewport vp{float(pv.area.offset.x),
                                    float(pv.area.offset.y),
                                    float(pv.area.extent.width),
                                    float(pv.area.extent.height),
                                    0.0f,
                                    1.0f};
                vkCmdSetViewport(ctx.cmd, 0, 1, &vp);
                vkCmdSetScissor(ctx.cmd, 0, 1, &pv.area);
                vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
                vkCmdPushConstants(ctx.cmd, layout, VK_SHADER_STAGE_ALL, 0, sizeof(Push), &pv.push);
                vkCmdDraw(ctx.cmd, count * 6, 1, 0, 0);
                vkCmdEndRendering(ctx.cmd);
            }
        };
    });
    return {};
}

}  // namespace skyhook::render
