#include "engine/xr/swapchain.hpp"

#include <algorithm>

#include "engine/core/log.hpp"
#include "engine/gpu/vk.hpp"

namespace skyhook::xr {

namespace {

VkFormat unormOf(VkFormat f) {
    switch (f) {
        case VK_FORMAT_R8G8B8A8_SRGB:
            return VK_FORMAT_R8G8B8A8_UNORM;
        case VK_FORMAT_B8G8R8A8_SRGB:
            return VK_FORMAT_B8G8R8A8_UNORM;
        default:
            return f;
    }
}

}  // namespace

std::optional<ColorFormat> chooseColorFormat(std::span<const int64_t> runtimeFormats) {
    for (int64_t f : runtimeFormats)
        if (f == VK_FORMAT_R8G8B8A8_SRGB || f == VK_FORMAT_B8G8R8A8_SRGB)
            return ColorFormat{VkFormat(f), unormOf(VkFormat(f)), true};
    for (int64_t f : runtimeFormats)
        if (f == VK_FORMAT_R8G8B8A8_UNORM || f == VK_FORMAT_B8G8R8A8_UNORM)
            return ColorFormat{VkFormat(f), VkFormat(f), false};
    return std::nullopt;
}

Result<std::unique_ptr<Swapchain>> Swapchain::create(Session& session, gpu::Device& device,
                                                     const SwapchainDesc& desc) {
    std::unique_ptr<Swapchain> s(new Swapchain(session, device));
    SKYHOOK_TRY(s->init(desc));
    return s;
}

Result<void> Swapchain::init(const SwapchainDesc& desc) {
    SKYHOOK_CHECK(desc.width > 0 && desc.height > 0 && desc.layers > 0, "empty swapchain {}", desc.debugName);
    m_desc = desc;
    const bool mutableFormat = desc.format.view != desc.format.swapchain;
    SwapchainRequest request;
    request.info = {.type = XR_TYPE_SWAPCHAIN_CREATE_INFO,
                    .createFlags = 0,
                    // Transfer source: read back by tests (and a desktop mirror).
                    .usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT |
                                  XR_SWAPCHAIN_USAGE_TRANSFER_SRC_BIT |
                                  (mutableFormat ? XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT : 0),
                    .format = desc.format.swapchain,
                    .sampleCount = 1,
                    .width = desc.width,
                    .height = desc.height,
                    .faceCount = 1,
                    .arraySize = desc.layers,
                    .mipCount = 1};
    if (mutableFormat) request.viewFormats = {desc.format.swapchain, desc.format.view};
    const void* next = nullptr;
    for (ExtensionModule* m : m_session.instance().modules())
        next = m->chainSwapchainCreateInfo(next, request);
    XrSwapchainCreateInfo info = request.info;
    info.next = next;
    SKYHOOK_TRY(
        m_session.check(xrCreateSwapchain(m_session.handle(), &info, &m_swapchain), "xrCreateSwapchain"));

    uint32_t n = 0;
    SKYHOOK_TRY(m_session.check(xrEnumerateSwapchainImages(m_swapchain, 0, &n, nullptr),
                                "xrEnumerateSwapchainImages"));
    std::vector<XrSwapchainImageVulkan2KHR> images(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    SKYHOOK_TRY(
        m_session.check(xrEnumerateSwapchainImages(
                            m_swapchain, n, &n, reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())),
                        "xrEnumerateSwapchainImages"));
    m_images.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
        Image& img = m_images[i];
        img.image = images[i].image;
        m_device.setName(img.image, VK_OBJECT_TYPE_IMAGE, fmt::format("{}[{}]", desc.debugName, i));
        for (uint32_t layer = 0; layer < desc.layers; ++layer) {
            VkImageViewCreateInfo viewInfo{.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
                                           .image = img.image,
                                           .viewType = VK_IMAGE_VIEW_TYPE_2D,
                                           .format = desc.format.view,
                                           .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, layer, 1}};
            VkImageView view = VK_NULL_HANDLE;
            SKYHOOK_VK_TRY(vkCreateImageView(m_device.vk(), &viewInfo, nullptr, &view));
            m_device.setName(view, VK_OBJECT_TYPE_IMAGE_VIEW,
                             fmt::format("{}[{}].layer{}", desc.debugName, i, layer));
            img.layers.push_back(view);
        }
        VkImageViewCreateInfo arrayInfo{
            .sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
            .image = img.image,
            .viewType = VK_IMAGE_VIEW_TYPE_2D_ARRAY,
            .format = desc.format.view,
            .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, desc.layers}};
        SKYHOOK_VK_TRY(vkCreateImageView(m_device.vk(), &arrayInfo, nullptr, &img.array));
        m_device.setName(img.array, VK_OBJECT_TYPE_IMAGE_VIEW,
                         fmt::format("{}[{}].layers", desc.debugName, i));
    }
    if (!desc.format.srgb)
        log::warn("xr", "the runtime offers no 8-bit sRGB swapchain format: colours will look too bright");
    log::info("xr", "swapchain {}: {} images of {}x{}, {} layers, format {} written as {}", desc.debugName, n,
              desc.width, desc.height, desc.layers, int(desc.format.swapchain), int(desc.format.view));
    return {};
}

Swapchain::~Swapchain() {
    // The images belong to the runtime and go with the swapchain: nothing may still use them or their views.
    m_device.waitIdle();
    for (Image& img : m_images) {
        for (VkImageView v : img.layers) vkDestroyImageView(m_device.vk(), v, nullptr);
        if (img.array) vkDestroyImageView(m_device.vk(), img.array, nullptr);
    }
    if (m_swapchain) xrDestroySwapchain(m_swapchain);
}

Result<uint32_t> Swapchain::acquire() {
    XrSwapchainImageAcquireInfo info{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    uint32_t index = 0;
    SKYHOOK_TRY(
        m_session.check(xrAcquireSwapchainImage(m_swapchain, &info, &index), "xrAcquireSwapchainImage"));
    SKYHOOK_CHECK(index < m_images.size(), "the runtime acquired image {} of {}", index, m_images.size());
    return index;
}

Result<bool> Swapchain::wait(XrDuration timeout) {
    XrSwapchainImageWaitInfo info{.type = XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, .timeout = timeout};
    XrResult r = xrWaitSwapchainImage(m_swapchain, &info);
    if (r == XR_TIMEOUT_EXPIRED) return false;
    SKYHOOK_TRY(m_session.check(r, "xrWaitSwapchainImage"));
    return true;
}

Result<void> Swapchain::release() {
    XrSwapchainImageReleaseInfo info{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    return m_session.check(xrReleaseSwapchainImage(m_swapchain, &info), "xrReleaseSwapchainImage");
}

}  // namespace skyhook::xr
