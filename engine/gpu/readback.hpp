#pragma once
// Copies an image into host memory (headless PNG output, screenshots, tests). The copy is recorded into the
// caller's command buffer; the pixels are readable once that submission's timeline value has passed.
#include <cstdint>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/resources.hpp"

namespace skyhook::gpu {

class Readback {
public:
    // Records the copy of `image` (layer `layer`, mip 0), which must be in TRANSFER_SRC_OPTIMAL.
    static Result<Readback> record(Device& device, VkCommandBuffer cmd, const Image& image,
                                   uint32_t layer = 0);
    // Tightly packed texels (4 bytes each for RGBA8/BGRA8 formats). Call after the submission completed.
    std::vector<uint8_t> pixels() const;
    VkExtent2D extent() const { return m_extent; }
    VkFormat format() const { return m_format; }

private:
    Buffer m_buffer;
    VkExtent2D m_extent{};
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    uint32_t m_texelBytes = 4;
};

}  // namespace skyhook::gpu
