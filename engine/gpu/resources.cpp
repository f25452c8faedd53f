#include "engine/gpu/resources.hpp"

#include <algorithm>

#include <vk_mem_alloc.h>

namespace skyhook::gpu {

Result<Buffer> Buffer::create(Device& device, const BufferDesc& desc) {
    SKYHOOK_CHECK(desc.size > 0, "buffer '{}' has size 0", desc.debugName);
    VkBufferCreateInfo info{.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                            .size = desc.size,
                            .usage = desc.usage,
                            .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    VmaAllocationCreateInfo alloc{.usage = VMA_MEMORY_USAGE_AUTO};
    if (desc.memory == MemoryUsage::Upload)
        alloc.flags =
            VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT;
    else if (desc.memory == MemoryUsage::Readback)
        alloc.flags = VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT;
    else
        alloc.usage = VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE;
    Buffer b;
    b.m_device = &device;
    b.m_size = desc.size;
    VmaAllocationInfo ai{};
    VkResult r = vmaCreateBuffer(device.allocator(), &info, &alloc, &b.m_buffer, &b.m_allocation, &ai);
    if (r != VK_SUCCESS)
        return Error::make("cannot allocate buffer '{}' ({} bytes): {}", desc.debugName, desc.size,
                           vkResultName(r));
    b.m_mapped = ai.pMappedData;
    if (desc.usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) {
        VkBufferDeviceAddressInfo addr{.sType = VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO,
                                       .buffer = b.m_buffer};
        b.m_address = vkGetBufferDeviceAddress(device.vk(), &addr);
    }
    device.setName(b.m_buffer, VK_OBJECT_TYPE_BUFFER, desc.debugName);
    return b;
}

Buffer& Buffer::operator=(Buffer&& o) noexcept {
    if (this != &o) {
        reset();
        m_device = std::exchange(o.m_device, nullptr);
        m_buffer = std::exchange(o.m_buffer, VK_NULL_HANDLE);
        m_allocation = std::exchange(o.m_allocation, VK_NULL_HANDLE);
        m_size = std::exchange(o.m_size, 0);
        m_address = std::exchange(o.m_address, 0);
        m_mapped = std::exchange(o.m_mapped, nullptr);
    }
    return *this;
}

void Buffer::reset() {
    if (m_buffer) {
        VmaAllocator a = m_device->allocator();
        m_device->retire([a, b = m_buffer, m = m_allocation] { vmaDestroyBuffer(a, b, m); });
    }
    m_buffer = VK_NULL_HANDLE;
    m_allocation = VK_NULL_HANDLE;
    m_mapped = nullptr;
    m_address = 0;
    m_size = 0;
}

void Buffer::flush(VkDeviceSize offset, VkDeviceSize size) const {
    if (m_allocation) vmaFlushAllocation(m_device->allocator(), m_allocation, offset, size);
}

void Buffer::invalidate(VkDeviceSize offset, VkDeviceSize size) const {
    if (m_allocation) vmaInvalidateAllocation(m_device->allocator(), m_allocation, offset, size);
}

bool sameShape(const ImageDesc& a, const ImageDesc& b) {
    return a.format == b.format && a.extent.width == b.extent.width && a.extent.height == b.extent.height &&
           a.mipLevels == b.mipLevels && a.layers == b.layers && a.samples == b.samples &&
           a.usage == b.usage && a.arrayView == b.arrayView;
}

VkImageAspectFlags aspectOf(VkFormat format) {
    switch (format) {
        case VK_FORMAT_D16_UNORM:
        case VK_FORMAT_D32_SFLOAT:
        case VK_FORMAT_X8_D24_UNORM_PACK32:
            return VK_IMAGE_ASPECT_DEPTH_BIT;
        case VK_FORMAT_D24_UNORM_S8_UINT:
        case VK_FORMAT_D32_SFLOAT_S8_UINT:
        case VK_FORMAT_D16_UNORM_S8_UINT:
            return VK_IMAGE_ASPECT_DEPTH_BIT | VK_IMAGE_ASPECT_STENCIL_BIT;
        default:
            return VK_IMAGE_ASPECT_COLOR_BIT;
    }
}

namespace {

Result<VkImageView> makeView(Device& device, VkImage image, const ImageDesc& desc, uint32_t baseMip,
                             uint32_t mips, uint32_t baseLayer, uint32_t layers, bool array,
                             const std::string& name) {
    VkImageAspectFlags aspect = aspectOf(desc.format);
    // Sampling a depth/stencil image reads depth only.
    if (aspect & VK_IMAGE_ASPECT_DEPTH_BIT) aspect = VK_IMAGE_ASPECT_DEPTH_BIT;
    VkImageViewCreateInfo info{.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
                               .image = image,
                               .viewType = array ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D,
                               .format = desc.format,
                               .subresourceRange = {aspect, baseMip, mips, baseLayer, layers}};
    VkImageView view = VK_NULL_HANDLE;
    VkResult r = vkCreateImageView(device.vk(), &info, nullptr, &view);
    if (r != VK_SUCCESS)
        return Error::make("cannot create view of '{}': {}", desc.debugName, vkResultName(r));
    device.setName(view, VK_OBJECT_TYPE_IMAGE_VIEW, name);
    return view;
}

}  // namespace

Result<Image> Image::create(Device& device, const ImageDesc& desc) {
    SKYHOOK_CHECK(desc.extent.width > 0 && desc.extent.height > 0 && desc.mipLevels > 0 && desc.layers > 0,
                  "image '{}' has an empty extent", desc.debugName);
    if (desc.extent.width > device.info().maxImageDimension2D ||
        desc.extent.height > device.info().maxImageDimension2D)
        return Error::make("image '{}' is {}x{}, over the device limit {}", desc.debugName, desc.extent.width,
                           desc.extent.height, device.info().maxImageDimension2D);
    VkImageCreateInfo info{.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO,
                           .imageType = VK_IMAGE_TYPE_2D,
                           .format = desc.format,
                           .extent = {desc.extent.width, desc.extent.height, 1},
                           .mipLevels = desc.mipLevels,
                           .arrayLayers = desc.layers,
                           .samples = desc.samples,
                           .tiling = VK_IMAGE_TILING_OPTIMAL,
                           .usage = desc.usage,
                           .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
                           .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED};
    VmaAllocationCreateInfo alloc{.usage = VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE};
    Image img;
    img.m_device = &device;
    img.m_desc = desc;
    VkResult r = vmaCreateImage(device.allocator(), &info, &alloc, &img.m_image, &img.m_allocation, nullptr);
    if (r != VK_SUCCESS)
        return Error::make("cannot allocate image '{}' ({}x{}): {}", desc.debugName, desc.extent.width,
                           desc.extent.height, vkResultName(r));
    device.setName(img.m_image, VK_OBJECT_TYPE_IMAGE, desc.debugName);
    img.m_subViews.assign(static_cast<size_t>(desc.mipLevels) * desc.layers, VK_NULL_HANDLE);
    // A view needs a usage that views serve (VUID-VkImageViewCreateInfo-image-04441): transfer-only images
    // (copy sources and destinations) have none.
    constexpr VkImageUsageFlags kViewUsages =
        VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
        VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT |
        VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT;
    if (!(desc.usage & kViewUsages)) return img;
    auto view = makeView(device, img.m_image, desc, 0, desc.mipLevels, 0, desc.layers,
                         desc.layers > 1 || desc.arrayView, desc.debugName + ".view");
    if (!view) return view.error();
    img.m_view = *view;
    return img;
}

VkImageView Image::subView(uint32_t mip, uint32_t layer) {
    SKYHOOK_CHECK(mip < m_desc.mipLevels && layer < m_desc.layers, "subView({}, {}) out of range for '{}'",
                  mip, layer, m_desc.debugName);
    if (m_desc.mipLevels == 1 && m_desc.layers == 1 && !m_desc.arrayView) return m_view;
    VkImageView& v = m_subViews[mip * m_desc.layers + layer];
    if (!v) {
        auto view = makeView(*m_device, m_image, m_desc, mip, 1, layer, 1, false,
                             fmt::format("{}.mip{}.layer{}", m_desc.debugName, mip, layer));
        SKYHOOK_CHECK(view.ok(), "{}", view.ok() ? "" : view.error().message);
        v = *view;
    }
    return v;
}

Image& Image::operator=(Image&& o) noexcept {
    if (this != &o) {
        reset();
        m_device = std::exchange(o.m_device, nullptr);
        m_image = std::exchange(o.m_image, VK_NULL_HANDLE);
        m_allocation = std::exchange(o.m_allocation, VK_NULL_HANDLE);
        m_view = std::exchange(o.m_view, VK_NULL_HANDLE);
        m_subViews = std::move(o.m_subViews);
        o.m_subViews.clear();
        m_desc = o.m_desc;
    }
    return *this;
}

void Image::reset() {
    if (m_image) {
        VmaAllocator a = m_device->allocator();
        VkDevice d = m_device->vk();
        m_device->retire([a, d, i = m_image, m = m_allocation, v = m_view, subs = std::move(m_subViews)] {
            for (VkImageView s : subs)
                if (s && s != v) vkDestroyImageView(d, s, nullptr);
            if (v) vkDestroyImageView(d, v, nullptr);
            vmaDestroyImage(a, i, m);
        });
    }
    m_image = VK_NULL_HANDLE;
    m_allocation = VK_NULL_HANDLE;
    m_view = VK_NULL_HANDLE;
    m_subViews.clear();
}

Result<Sampler> Sampler::create(Device& device, const SamplerDesc& desc) {
    VkSamplerCreateInfo info{.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
                             .magFilter = desc.filter,
                             .minFilter = desc.filter,
                             .mipmapMode = desc.filter == VK_FILTER_LINEAR ? VK_SAMPLER_MIPMAP_MODE_LINEAR
                                                                           : VK_SAMPLER_MIPMAP_MODE_NEAREST,
                             .addressModeU = desc.address,
                             .addressModeV = desc.address,
                             .addressModeW = desc.address,
                             .anisotropyEnable = desc.maxAnisotropy > 1.0f,
                             .maxAnisotropy = desc.maxAnisotropy,
                             .compareEnable = desc.compare,
                             .compareOp = VK_COMPARE_OP_GREATER_OR_EQUAL,
                             .minLod = 0.0f,
                             .maxLod = VK_LOD_CLAMP_NONE,
                             .borderColor = VK_BORDER_COLOR_FLOAT_OPAQUE_BLACK};
    Sampler s;
    s.m_device = &device;
    SKYHOOK_VK_TRY(vkCreateSampler(device.vk(), &info, nullptr, &s.m_sampler));
    device.setName(s.m_sampler, VK_OBJECT_TYPE_SAMPLER, desc.debugName);
    return s;
}

Sampler& Sampler::operator=(Sampler&& o) noexcept {
    if (this != &o) {
        reset();
        m_device = std::exchange(o.m_device, nullptr);
        m_sampler = std::exchange(o.m_sampler, VK_NULL_HANDLE);
    }
    return *this;
}

void Sampler::reset() {
    if (m_sampler) {
        VkDevice d = m_device->vk();
        m_device->retire([d, s = m_sampler] { vkDestroySampler(d, s, nullptr); });
    }
    m_sampler = VK_NULL_HANDLE;
}

}  // namespace skyhook::gpu
