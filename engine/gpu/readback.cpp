#include "engine/gpu/readback.hpp"

#include <cstring>

#include "engine/gpu/barrier.hpp"

namespace skyhook::gpu {

namespace {
uint32_t texelBytes(VkFormat f) {
    switch (f) {
        case VK_FORMAT_R16G16B16A16_SFLOAT:
            return 8;
        case VK_FORMAT_R32G32B32A32_SFLOAT:
            return 16;
        case VK_FORMAT_R32_SFLOAT:
        case VK_FORMAT_D32_SFLOAT:
            return 4;
        default:
            return 4;
    }
}
}  // namespace

Result<Readback> Readback::record(Device& device, VkCommandBuffer cmd, const Image& image, uint32_t layer) {
    Readback rb;
    rb.m_extent = image.extent();
    rb.m_format = image.format();
    rb.m_texelBytes = texelBytes(image.format());
    VkDeviceSize size = VkDeviceSize(rb.m_extent.width) * rb.m_extent.height * rb.m_texelBytes;
    auto buf = Buffer::create(device, {.debugName = image.desc().debugName + ".readback",
                                       .size = size,
                                       .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                       .memory = MemoryUsage::Readback});
    if (!buf) return buf.error();
    rb.m_buffer = std::move(*buf);
    VkImageAspectFlags aspect =
        image.aspect() & VK_IMAGE_ASPECT_DEPTH_BIT ? VK_IMAGE_ASPECT_DEPTH_BIT : image.aspect();
    VkBufferImageCopy region{.imageSubresource = {aspect, 0, layer, 1},
                             .imageExtent = {rb.m_extent.width, rb.m_extent.height, 1}};
    vkCmdCopyImageToBuffer(cmd, image.vk(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, rb.m_buffer.vk(), 1,
                           &region);
    transferToHost(cmd);
    return rb;
}

std::vector<uint8_t> Readback::pixels() const {
    m_buffer.invalidate();
    std::vector<uint8_t> out(m_buffer.size());
    std::memcpy(out.data(), m_buffer.mapped(), out.size());
    if (m_format == VK_FORMAT_B8G8R8A8_UNORM || m_format == VK_FORMAT_B8G8R8A8_SRGB)
        for (size_t i = 0; i + 3 < out.size(); i += 4) std::swap(out[i], out[i + 2]);
    return out;
}

}  // namespace skyhook::gpu
