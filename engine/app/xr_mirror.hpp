#pragma once
// The desktop mirror of `skyhook xr --mirror`: a GLFW window (engine/platform) showing the visitor's left
// eye, letterboxed. It never holds up the XR frame loop: its swapchain presents with MAILBOX (else IMMEDIATE,
// else FIFO), an image is acquired without waiting (none free: this frame is not mirrored), and the copy
// rides in the eyes' own submission. Closing the window ends only the mirror. Two steps, because the window's
// instance extensions must be known before the device exists: create(), then attach() to the device.
// Threading: the main thread (GLFW's rule; it is also skyhook xr's render thread).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/gpu/swapchain.hpp"
#include "engine/platform/window.hpp"
#include "engine/render/graph.hpp"

namespace skyhook::app {

// Where an image of `source`'s size lands in `target`: the largest rectangle of its aspect ratio, centred
// (bars above and below, or left and right). Empty when either size is 0.
struct BlitRect {
    int32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool operator==(const BlitRect&) const = default;
};
BlitRect letterbox(VkExtent2D source, VkExtent2D target);

class XrMirror {
public:
    static Result<std::unique_ptr<XrMirror>> create(const std::string& title, VkExtent2D size = {960, 540});
    ~XrMirror();
    XrMirror(const XrMirror&) = delete;
    XrMirror& operator=(const XrMirror&) = delete;

    // For gpu::DeviceDesc::instanceExtensions (the device must also enable VK_KHR_swapchain).
    std::vector<std::string> instanceExtensions() const { return m_window->requiredInstanceExtensions(); }
    // The surface and swapchain on the device the eyes are rendered with.
    Result<void> attach(gpu::Device& device);

    // Window events; false once the window was closed (then destroy the mirror: XR goes on).
    bool poll();
    // Before recording a frame: an image if one is free now (never waits); false: this frame is not mirrored.
    Result<bool> acquire();
    // In the frame's graph, after the eyes: layer 0 of `eyes` (of size `eyeExtent`) into the acquired image.
    void addPasses(render::RenderGraph& graph, render::ImageId eyes, VkExtent2D eyeExtent);
    // What the frame's submission waits for and signals while an image is acquired (else empty).
    std::span<const gpu::Device::Wait> waits() const;
    std::span<const VkSemaphore> signals() const;
    // After the submission.
    Result<void> present();

    uint64_t presented() const { return m_presented; }
    uint64_t skipped() const { return m_skipped; }  // frames with no free image
    const char* presentModeName() const;

private:
    XrMirror() = default;
    Result<void> recreate();

    std::unique_ptr<platform::Window> m_window;
    gpu::Device* m_device = nullptr;
    VkSurfaceKHR m_surface = VK_NULL_HANDLE;
    std::unique_ptr<gpu::Swapchain> m_swapchain;
    gpu::PresentMode m_mode = gpu::PresentMode::Fifo;
    gpu::Image m_staging;  // the left eye copied as UNORM bytes (the XR image may be an sRGB format)
    bool m_stagingUsed = false;
    std::optional<gpu::AcquiredImage> m_acquired;
    gpu::Device::Wait m_wait;
    uint64_t m_presented = 0;
    uint64_t m_skipped = 0;
};

}  // namespace skyhook::app
