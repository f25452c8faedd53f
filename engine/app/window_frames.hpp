#pragma once
// What the desktop windows share (skyhook run, the master's console, the XR mirror): a present mode for a
// window that must never hold anyone up, and a frame read back for --screenshot — the presented image is
// copied into a staging image and read back through the frame's graph, so its barriers cover the swapchain
// image and the staging image alike; the PNG is written once the frame's submission completed.
#include <filesystem>
#include <memory>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/readback.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/gpu/swapchain.hpp"
#include "engine/render/graph.hpp"

namespace skyhook::app {

// MAILBOX, else IMMEDIATE, else FIFO: presents never tied to the desktop's refresh where the surface allows.
gpu::PresentMode nonBlockingPresentMode(const gpu::Device& device, VkSurfaceKHR surface);
const char* presentModeName(gpu::PresentMode mode);

// (Re)makes `staging` for a window image of `format` and `extent` when it does not match.
Result<void> prepareCaptureImage(gpu::Device& device, gpu::Image& staging, VkFormat format,
                                 VkExtent2D extent);
// target -> staging -> readback into `out`; `status` holds a failure of the recording.
void addScreenshotPasses(render::RenderGraph& graph, render::ImageId target, gpu::Device& device,
                         gpu::Image& staging, std::unique_ptr<gpu::Readback>& out, Result<void>& status);
// Waits for `value` (the submission that recorded the readback), writes the PNG (opaque) and logs it.
Result<void> writeCapture(gpu::Device& device, const gpu::Readback& shot, uint64_t value,
                          const std::filesystem::path& path);

}  // namespace skyhook::app
