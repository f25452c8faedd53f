#include "engine/app/window_frames.hpp"

#include <algorithm>
#include <vector>

#include "engine/core/image_io.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

gpu::PresentMode nonBlockingPresentMode(const gpu::Device& device, VkSurfaceKHR surface) {
    uint32_t n = 0;
    vkGetPhysicalDeviceSurfacePresentModesKHR(device.physical(), surface, &n, nullptr);
    std::vector<VkPresentModeKHR> modes(n);
    vkGetPhysicalDeviceSurfacePresentModesKHR(device.physical(), surface, &n, modes.data());
    auto has = [&](VkPresentModeKHR mode) {
        return std::find(modes.begin(), modes.end(), mode) != modes.end();
    };
    return has(VK_PRESENT_MODE_MAILBOX_KHR)     ? gpu::PresentMode::Mailbox
           : has(VK_PRESENT_MODE_IMMEDIATE_KHR) ? gpu::PresentMode::Immediate
                                                : gpu::PresentMode::Fifo;
}

const char* presentModeName(gpu::PresentMode mode) {
    return mode == gpu::PresentMode::Mailbox     ? "mailbox"
           : mode == gpu::PresentMode::Immediate ? "immediate"
                                                 : "fifo";
}

Result<void> prepareCaptureImage(gpu::Device& device, gpu::Image& staging, VkFormat format,
                                 VkExtent2D extent) {
    if (staging && staging.extent().width == extent.width && staging.extent().height == extent.height &&
        staging.desc().format == format)
        return {};
    auto img = gpu::Image::create(
        device, {.debugName = "screenshot",
                 .format = format,
                 .extent = extent,
                 .usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
    if (!img) return img.error();
    staging = std::move(*img);
    return {};
}

void addScreenshotPasses(render::RenderGraph& graph, render::ImageId target, gpu::Device& device,
                         gpu::Image& staging, std::unique_ptr<gpu::Readback>& out, Result<void>& status) {
    render::ImageId copy =
        graph.importImage("screenshot", staging.desc(), staging.vk(), staging.view(), render::ImageState{},
                          render::stateFor(render::Access::TransferSrc, false));
    graph.addPass("screenshot.copy", [&, target, copy](render::PassBuilder& b) -> render::RecordFn {
        b.read(target, render::Access::TransferSrc);
        b.write(copy, render::Access::TransferDst);
        return [target, copy](render::PassContext& ctx) {
            VkExtent2D e = ctx.desc(copy).extent;
            VkImageCopy region{.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                               .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                               .extent = {e.width, e.height, 1}};
            vkCmdCopyImage(ctx.cmd, ctx.image(target), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, ctx.image(copy),
                           VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        };
    });
    graph.addPass("screenshot.readback", [&, copy](render::PassBuilder& b) -> render::RecordFn {
        b.read(copy, render::Access::TransferSrc);
        b.sideEffect();
        return [&](render::PassContext& ctx) {
            auto rb = gpu::Readback::record(device, ctx.cmd, staging);
            if (!rb) {
                status = rb.error();
                return;
            }
            out = std::make_unique<gpu::Readback>(std::move(*rb));
        };
    });
}

Result<void> writeCapture(gpu::Device& device, const gpu::Readback& shot, uint64_t value,
                          const std::filesystem::path& path) {
    SKYHOOK_TRY(device.waitFor(value));
    Rgba8Image img{shot.extent().width, shot.extent().height, shot.pixels()};
    for (size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;  // a window has no alpha to keep
    const std::filesystem::path absolute = std::filesystem::absolute(path);
    SKYHOOK_TRY(writePng(absolute, img));
    log::info("app", "screenshot {}x{} written to {}", img.width, img.height, absolute.string());
    return {};
}

}  // namespace skyhook::app
