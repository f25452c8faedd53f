#pragma once
// Descriptor set 0 of every pipeline: a large array of sampled textures indexed from shaders (bindless) and
// the shadow-map array. Slots are freed frame-deferred, so an index is never reused while a frame in flight
// may still read it.
#include <cstdint>
#include <mutex>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"

namespace skyhook::gpu {

class BindlessTextures {
public:
    static constexpr uint32_t kMaxTextures = 16384;
    Result<void> init(Device& device);
    ~BindlessTextures();

    VkDescriptorSetLayout layout() const { return m_layout; }
    VkDescriptorSet set() const { return m_set; }

    // Returns the index shaders use for this texture.
    Result<uint32_t> add(VkImageView view, VkSampler sampler);
    void remove(uint32_t index);
    void setShadowMap(VkImageView arrayView, VkSampler compareSampler);
    uint32_t used() const { return m_next - static_cast<uint32_t>(m_free.size()); }

private:
    Device* m_device = nullptr;
    VkDescriptorSetLayout m_layout = VK_NULL_HANDLE;
    VkDescriptorPool m_pool = VK_NULL_HANDLE;
    VkDescriptorSet m_set = VK_NULL_HANDLE;
    std::mutex m_mutex;
    std::vector<uint32_t> m_free;
    uint32_t m_next = 0;
};

}  // namespace skyhook::gpu
