#pragma once
// Colour swapchains for the views: one swapchain per view configuration with one array layer per view (a
// 2-layer array for stereo), the layout a multiview pass will write in one go; today the renderer draws each
// view into its layer in turn (render::View::targetLayer).
//
// Format: the renderer's tone-mapping pass encodes sRGB itself and writes 8-bit UNORM targets. A runtime
// treats the bytes of a UNORM swapchain as linear and those of an _SRGB one as sRGB-encoded, so the right
// swapchain is R8G8B8A8_SRGB or B8G8R8A8_SRGB (whichever the runtime lists first), created mutable
// (XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT) and written through UNORM views of the same bytes: the encoded
// values land untouched and the compositor decodes them once. Only when the runtime offers no 8-bit sRGB
// format is a UNORM swapchain used, and the colours are then too bright (logged).
// Threading: the render thread. Destruction waits for the device (session end, not the steady state).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/xr/session.hpp"

namespace skyhook::xr {

struct ColorFormat {
    VkFormat swapchain = VK_FORMAT_UNDEFINED;  // what the runtime allocates and composites
    VkFormat view = VK_FORMAT_UNDEFINED;       // what the renderer writes through (8-bit UNORM)
    bool srgb = false;                         // the runtime decodes sRGB: the renderer's output is right
};
// Picks from the runtime's formats (its order is its preference). nullopt: nothing the renderer can write.
std::optional<ColorFormat> chooseColorFormat(std::span<const int64_t> runtimeFormats);

struct SwapchainDesc {
    std::string debugName = "xr_color";
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t layers = 2;  // one per view
    ColorFormat format;
};

class Swapchain {
public:
    static Result<std::unique_ptr<Swapchain>> create(Session& session, gpu::Device& device,
                                                     const SwapchainDesc& desc);
    ~Swapchain();
    Swapchain(const Swapchain&) = delete;
    Swapchain& operator=(const Swapchain&) = delete;

    struct Image {
        VkImage image = VK_NULL_HANDLE;
        std::vector<VkImageView> layers;     // a 2D UNORM view of each array layer
        VkImageView array = VK_NULL_HANDLE;  // a 2D-array UNORM view of all layers (a multiview pass's)
    };

    // xrAcquireSwapchainImage: the index of the image to render next.
    Result<uint32_t> acquire();
    // xrWaitSwapchainImage: false when `timeout` passed first (the image stays acquired: wait again).
    Result<bool> wait(XrDuration timeout);
    // xrReleaseSwapchainImage: the image goes to the compositor with the next xrEndFrame.
    Result<void> release();

    XrSwapchain handle() const { return m_swapchain; }
    const Image& image(uint32_t index) const { return m_images[index]; }
    uint32_t imageCount() const { return uint32_t(m_images.size()); }
    VkExtent2D extent() const { return {m_desc.width, m_desc.height}; }
    uint32_t layers() const { return m_desc.layers; }
    const ColorFormat& format() const { return m_desc.format; }

private:
    Swapchain(Session& session, gpu::Device& device) : m_session(session), m_device(device) {}
    Result<void> init(const SwapchainDesc& desc);

    Session& m_session;
    gpu::Device& m_device;
    SwapchainDesc m_desc;
    XrSwapchain m_swapchain = XR_NULL_HANDLE;
    std::vector<Image> m_images;
};

}  // namespace skyhook::xr
