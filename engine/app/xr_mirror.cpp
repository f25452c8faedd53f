#include "engine/app/xr_mirror.hpp"

#include <algorithm>
#include <cmath>

#include "engine/app/window_frames.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

BlitRect letterbox(VkExtent2D source, VkExtent2D target) {
    if (!source.width || !source.height || !target.width || !target.height) return {};
    const double scale =
        std::min(double(target.width) / double(source.width), double(target.height) / double(source.height));
    const auto w = std::clamp(int32_t(std::lround(source.width * scale)), 1, int32_t(target.width));
    const auto h = std::clamp(int32_t(std::lround(source.height * scale)), 1, int32_t(target.height));
    const int32_t x0 = (int32_t(target.width) - w) / 2;
    const int32_t y0 = (int32_t(target.height) - h) / 2;
    return {x0, y0, x0 + w, y0 + h};
}

Result<std::unique_ptr<XrMirror>> XrMirror::create(const std::string& title, VkExtent2D size) {
    std::unique_ptr<XrMirror> m(new XrMirror());
    auto window = platform::Window::create({.title = title, .width = size.width, .height = size.height});
    if (!window) return window.error();
    m->m_window = std::move(*window);
    return m;
}

XrMirror::~XrMirror() {
    if (!m_device) return;
    // Once, when the mirror closes: its images may still be read by the last frames.
    m_device->waitIdle();
    m_swapchain.reset();
    m_staging.reset();
    m_device->drain();  // the swapchain's retired objects go before its surface
    if (m_surface) platform::Window::destroySurface(m_device->instance(), m_surface);
}

Result<void> XrMirror::attach(gpu::Device& device) {
    auto surface = m_window->createSurface(device.instance());
    if (!surface) return surface.error();
    m_device = &device;
    m_surface = *surface;
    // FIFO would tie presents to the desktop's refresh; acquiring never waits either way.
    m_mode = nonBlockingPresentMode(device, m_surface);
    auto swapchain = gpu::Swapchain::create(
        device, {.surface = m_surface, .extent = m_window->framebufferSize(), .presentMode = m_mode});
    if (!swapchain) return swapchain.error();
    m_swapchain = std::move(*swapchain);
    log::info("xr", "mirror window: left eye, {} present", presentModeName());
    return {};
}

const char* XrMirror::presentModeName() const {
    return app::presentModeName(m_mode);
}

bool XrMirror::poll() {
    m_window->pollEvents();
    return !m_window->shouldClose();
}

Result<void> XrMirror::recreate() {
    const VkExtent2D fb = m_window->framebufferSize();
    if (fb.width == 0 || fb.height == 0) return {};  // minimised: not mirrored until it comes back
    return m_swapchain->recreate(fb);
}

Result<bool> XrMirror::acquire() {
    m_acquired.reset();
    const VkExtent2D fb = m_window->framebufferSize();
    if (fb.width == 0 || fb.height == 0) return false;
    if (m_window->takeResized() &&
        (fb.width != m_swapchain->extent().width || fb.height != m_swapchain->extent().height))
        SKYHOOK_TRY(recreate());
    auto acquired = m_swapchain->acquire(0);
    if (!acquired) return acquired.error();
    if (acquired->status == gpu::AcquireStatus::OutOfDate) {
        SKYHOOK_TRY(recreate());
        ++m_skipped;
        return false;
    }
    if (acquired->status == gpu::AcquireStatus::NotReady) {
        ++m_skipped;
        return false;
    }
    m_acquired = *acquired;
    m_wait = {.semaphore = m_acquired->acquired, .stages = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT};
    return true;
}

void XrMirror::addPasses(render::RenderGraph& graph, render::ImageId eyes, VkExtent2D eyeExtent) {
    if (!m_acquired) return;
    if (!m_staging || m_staging.extent().width != eyeExtent.width ||
        m_staging.extent().height != eyeExtent.height) {
        auto image = gpu::Image::create(
            *m_device, {.debugName = "xr_mirror_staging",
                        .format = VK_FORMAT_R8G8B8A8_UNORM,
                        .extent = eyeExtent,
                        .usage = VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT});
        if (!image) {
            log::warn("xr", "mirror: {}", image.error().message);
            return;
        }
        m_staging = std::move(*image);
        m_stagingUsed = false;
    }
    const render::ImageState transferSrc = render::stateFor(render::Access::TransferSrc, false);
    // The last frame's blit read it: the copy waits for that (never a bare UNDEFINED start).
    const render::ImageId staging =
        graph.importImage("xr_mirror_staging", m_staging.desc(), m_staging.vk(), m_staging.view(),
                          m_stagingUsed ? transferSrc : render::ImageState{}, transferSrc);
    m_stagingUsed = true;
    const VkExtent2D windowExtent = m_swapchain->extent();
    const render::ImageId window =
        graph.importImage("xr_mirror",
                          {.debugName = "xr_mirror",
                           .format = m_swapchain->format(),
                           .extent = windowExtent,
                           .usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT},
                          m_acquired->image, m_acquired->view,
                          {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_NONE},
                          render::stateFor(render::Access::Present, false), true);
    // A copy, not a blit: the eyes' image may be an sRGB format holding already-encoded bytes; the copy keeps
    // the bytes, and the blit between two UNORM images scales without converting them.
    graph.addPass("xr.mirror.copy", [eyes, staging, eyeExtent](render::PassBuilder& b) -> render::RecordFn {
        b.read(eyes, render::Access::TransferSrc);
        b.write(staging, render::Access::TransferDst);
        return [eyes, staging, eyeExtent](render::PassContext& ctx) {
            VkImageCopy region{.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                               .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                               .extent = {eyeExtent.width, eyeExtent.height, 1}};
            vkCmdCopyImage(ctx.cmd, ctx.image(eyes), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, ctx.image(staging),
                           VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        };
    });
    const BlitRect rect = letterbox(eyeExtent, windowExtent);
    graph.addPass(
        "xr.mirror.blit", [staging, window, rect, eyeExtent](render::PassBuilder& b) -> render::RecordFn {
            b.read(staging, render::Access::TransferSrc);
            b.write(window, render::Access::TransferDst);
            return [staging, window, rect, eyeExtent](render::PassContext& ctx) {
                // Black bars: the whole image is cleared, then the eye is blitted over it.
                const VkClearColorValue black{{0.0f, 0.0f, 0.0f, 1.0f}};
                const VkImageSubresourceRange all{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
                vkCmdClearColorImage(ctx.cmd, ctx.image(window), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &black,
                                     1, &all);
                const VkMemoryBarrier2 cleared{.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
                                               .srcStageMask = VK_PIPELINE_STAGE_2_CLEAR_BIT,
                                               .srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                               .dstStageMask = VK_PIPELINE_STAGE_2_BLIT_BIT,
                                               .dstAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT};
                const VkDependencyInfo dependency{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO,
                                                  .memoryBarrierCount = 1,
                                                  .pMemoryBarriers = &cleared};
                vkCmdPipelineBarrier2(ctx.cmd, &dependency);
                VkImageBlit region{
                    .srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                    .srcOffsets = {{0, 0, 0}, {int32_t(eyeExtent.width), int32_t(eyeExtent.height), 1}},
                    .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                    .dstOffsets = {{rect.x0, rect.y0, 0}, {rect.x1, rect.y1, 1}}};
                vkCmdBlitImage(ctx.cmd, ctx.image(staging), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                               ctx.image(window), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region,
                               VK_FILTER_LINEAR);
            };
        });
}

std::span<const gpu::Device::Wait> XrMirror::waits() const {
    if (!m_acquired) return {};
    return {&m_wait, 1};
}

std::span<const VkSemaphore> XrMirror::signals() const {
    if (!m_acquired) return {};
    return {&m_acquired->rendered, 1};
}

Result<void> XrMirror::present() {
    if (!m_acquired) return {};
    auto ok = m_swapchain->present(*m_acquired);
    m_acquired.reset();
    if (!ok) return ok.error();
    ++m_presented;
    if (!*ok) SKYHOOK_TRY(recreate());
    return {};
}

}  // namespace skyhook::app
