#pragma once
// A window's swapchain. The surface comes from outside (platform's surface factory); gpu never sees GLFW.
// Out-of-date and suboptimal results are reported, and recreate() rebuilds at the new size without
// waiting for the whole device.
#include <cstdint>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"

namespace skyhook::gpu {

enum class PresentMode : uint8_t { Fifo, Mailbox, Immediate };

struct SwapchainDesc {
    VkSurfaceKHR surface = VK_NULL_HANDLE;  // owned by the caller
    VkExtent2D extent{1280, 720};
    PresentMode presentMode = PresentMode::Fifo;
    uint32_t imageCount = 3;
};

enum class AcquireStatus : uint8_t { Ok, OutOfDate, NotReady };  // NotReady: no image within the timeout

struct AcquiredImage {
    AcquireStatus status = AcquireStatus::Ok;
    uint32_t index = 0;
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkSemaphore acquired = VK_NULL_HANDLE;  // wait on this before writing the image
    VkSemaphore rendered = VK_NULL_HANDLE;  // signal this when done; present waits on it
};

class Swapchain {
public:
    static Result<std::unique_ptr<Swapchain>> create(Device& device, const SwapchainDesc& desc);
    ~Swapchain();
    Result<void> recreate(VkExtent2D extent);
    // `timeoutNs` 0 never waits (a mirror that must not hold up the XR frame loop).
    Result<AcquiredImage> acquire(uint64_t timeoutNs = UINT64_MAX);
    // Returns false when the swapchain must be recreated.
    Result<bool> present(const AcquiredImage& image);
    VkFormat format() const { return m_format; }
    VkExtent2D extent() const { return m_extent; }
    uint32_t imageCount() const { return static_cast<uint32_t>(m_images.size()); }

private:
    Swapchain(Device& device, const SwapchainDesc& desc) : m_device(device), m_desc(desc) {}
    Result<void> build(VkExtent2D extent);
    void releaseImages(VkSwapchainKHR old);

    Device& m_device;
    SwapchainDesc m_desc;
    VkSwapchainKHR m_swapchain = VK_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkExtent2D m_extent{};
    std::vector<VkImage> m_images;
    std::vector<VkImageView> m_views;
    std::vector<VkSemaphore> m_rendered;  // per image
    std::vector<VkSemaphore> m_acquired;  // ring, one more than images
    uint32_t m_acquireIndex = 0;
};

}  // namespace skyhook::gpu
