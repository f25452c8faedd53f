#include "engine/gpu/swapchain.hpp"

#include <algorithm>

#include "engine/core/log.hpp"

namespace skyhook::gpu {

Result<std::unique_ptr<Swapchain>> Swapchain::create(Device& device, const SwapchainDesc& desc) {
    std::unique_ptr<Swapchain> s(new Swapchain(device, desc));
    SKYHOOK_TRY(s->build(desc.extent));
    return s;
}

Swapchain::~Swapchain() {
    releaseImages(m_swapchain);
}

void Swapchain::releaseImages(VkSwapchainKHR old) {
    VkDevice d = m_device.vk();
    m_device.retire([d, old, views = m_views, rendered = m_rendered, acquired = m_acquired] {
        for (VkImageView v : views) vkDestroyImageView(d, v, nullptr);
        for (VkSemaphore s : rendered) vkDestroySemaphore(d, s, nullptr);
        for (VkSemaphore s : acquired) vkDestroySemaphore(d, s, nullptr);
        if (old) vkDestroySwapchainKHR(d, old, nullptr);
    });
    m_views.clear();
    m_rendered.clear();
    m_acquired.clear();
    m_images.clear();
}

Result<void> Swapchain::recreate(VkExtent2D extent) {
    return build(extent);
}

Result<void> Swapchain::build(VkExtent2D wanted) {
    VkPhysicalDevice pd = m_device.physical();
    VkSurfaceCapabilitiesKHR caps;
    SKYHOOK_VK_TRY(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(pd, m_desc.surface, &caps));
    uint32_t n = 0;
    vkGetPhysicalDeviceSurfaceFormatsKHR(pd, m_desc.surface, &n, nullptr);
    std::vector<VkSurfaceFormatKHR> formats(n);
    vkGetPhysicalDeviceSurfaceFormatsKHR(pd, m_desc.surface, &n, formats.data());
    if (formats.empty()) return Error::make("the window surface offers no formats");
    // The tone-mapping pass writes display-referred values and encodes sRGB itself: prefer UNORM.
    VkSurfaceFormatKHR chosen = formats[0];
    for (const auto& f : formats)
        if ((f.format == VK_FORMAT_B8G8R8A8_UNORM || f.format == VK_FORMAT_R8G8B8A8_UNORM) &&
            f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) {
            chosen = f;
            break;
        }
    vkGetPhysicalDeviceSurfacePresentModesKHR(pd, m_desc.surface, &n, nullptr);
    std::vector<VkPresentModeKHR> modes(n);
    vkGetPhysicalDeviceSurfacePresentModesKHR(pd, m_desc.surface, &n, modes.data());
    VkPresentModeKHR want = m_desc.presentMode == PresentMode::Mailbox     ? VK_PRESENT_MODE_MAILBOX_KHR
                            : m_desc.presentMode == PresentMode::Immediate ? VK_PRESENT_MODE_IMMEDIATE_KHR
                                                                           : VK_PRESENT_MODE_FIFO_KHR;
    VkPresentModeKHR mode =
        std::find(modes.begin(), modes.end(), want) != modes.end() ? want : VK_PRESENT_MODE_FIFO_KHR;

    VkExtent2D extent = caps.currentExtent.width != UINT32_MAX ? caps.currentExtent : wanted;
    extent.width = std::clamp(extent.width, caps.minImageExtent.width, caps.maxImageExtent.width);
    extent.height = std::clamp(extent.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    if (extent.width == 0 || extent.height == 0) return Error::make("window is minimised (0-sized surface)");
    uint32_t count = std::max(m_desc.imageCount, caps.minImageCount);
    if (caps.maxImageCount) count = std::min(count, caps.maxImageCount);

    VkSwapchainKHR old = m_swapchain;
    VkSwapchainCreateInfoKHR info{.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR,
                                  .surface = m_desc.surface,
                                  .minImageCount = count,
                                  .imageFormat = chosen.format,
                                  .imageColorSpace = chosen.colorSpace,
                                  .imageExtent = extent,
                                  .imageArrayLayers = 1,
                                  .imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                                                VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                                                VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                  .imageSharingMode = VK_SHARING_MODE_EXCLUSIVE,
                                  .preTransform = caps.currentTransform,
                                  .compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR,
                                  .presentMode = mode,
                                  .clipped = VK_TRUE,
                                  .oldSwapchain = old};
    VkSwapchainKHR created = VK_NULL_HANDLE;
    SKYHOOK_VK_TRY(vkCreateSwapchainKHR(m_device.vk(), &info, nullptr, &created));
    if (old) releaseImages(old);
    m_swapchain = created;
    m_format = chosen.format;
    m_extent = extent;
    vkGetSwapchainImagesKHR(m_device.vk(), m_swapchain, &n, nullptr);
    m_images.resize(n);
    vkGetSwapchainImagesKHR(m_device.vk(), m_swapchain, &n, m_images.data());
    VkSemaphoreCreateInfo semInfo{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    for (uint32_t i = 0; i < n; ++i) {
        m_device.setName(m_images[i], VK_OBJECT_TYPE_IMAGE, fmt::format("swapchain.image{}", i));
        VkImageViewCreateInfo vi{.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
                                 .image = m_images[i],
                                 .viewType = VK_IMAGE_VIEW_TYPE_2D,
                                 .format = m_format,
                                 .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1}};
        VkImageView v;
        SKYHOOK_VK_TRY(vkCreateImageView(m_device.vk(), &vi, nullptr, &v));
        m_views.push_back(v);
        VkSemaphore s;
        SKYHOOK_VK_TRY(vkCreateSemaphore(m_device.vk(), &semInfo, nullptr, &s));
        m_device.setName(s, VK_OBJECT_TYPE_SEMAPHORE, fmt::format("swapchain.rendered{}", i));
        m_rendered.push_back(s);
    }
    for (uint32_t i = 0; i <= n; ++i) {
        VkSemaphore s;
        SKYHOOK_VK_TRY(vkCreateSemaphore(m_device.vk(), &semInfo, nullptr, &s));
        m_device.setName(s, VK_OBJECT_TYPE_SEMAPHORE, fmt::format("swapchain.acquired{}", i));
        m_acquired.push_back(s);
    }
    log::info("gpu", "swapchain {}x{}, {} images", extent.width, extent.height, n);
    return {};
}

Result<AcquiredImage> Swapchain::acquire(uint64_t timeoutNs) {
    VkSemaphore sem = m_acquired[m_acquireIndex];
    uint32_t index = 0;
    VkResult r = vkAcquireNextImageKHR(m_device.vk(), m_swapchain, timeoutNs, sem, VK_NULL_HANDLE, &index);
    if (r == VK_ERROR_OUT_OF_DATE_KHR) return AcquiredImage{.status = AcquireStatus::OutOfDate};
    // The semaphore was not signalled: it stays free for the next attempt.
    if (r == VK_NOT_READY || r == VK_TIMEOUT) return AcquiredImage{.status = AcquireStatus::NotReady};
    if (r != VK_SUCCESS && r != VK_SUBOPTIMAL_KHR)
        return Error::make("vkAcquireNextImageKHR: {}", vkResultName(r));
    m_acquireIndex = (m_acquireIndex + 1) % static_cast<uint32_t>(m_acquired.size());
    return AcquiredImage{.status = AcquireStatus::Ok,
                         .index = index,
                         .image = m_images[index],
                         .view = m_views[index],
                         .acquired = sem,
                         .rendered = m_rendered[index]};
}

Result<bool> Swapchain::present(const AcquiredImage& image) {
    VkPresentInfoKHR info{.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR,
                          .waitSemaphoreCount = 1,
                          .pWaitSemaphores = &image.rendered,
                          .swapchainCount = 1,
                          .pSwapchains = &m_swapchain,
                          .pImageIndices = &image.index};
    VkResult r = vkQueuePresentKHR(m_device.queue(), &info);
    if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR) return false;
    if (r != VK_SUCCESS) return Error::make("vkQueuePresentKHR: {}", vkResultName(r));
    return true;
}

}  // namespace skyhook::gpu
