#pragma once
// Descriptor set 0 of every pipeline: a large array of sampled textures indexed from shaders (bindless) and
// the shadow-map array. Slots are freed frame-deferred, so an index is never reused while a frame in flight
// may still read it.
#include <cstdint>
#include <memory>
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
    uint32_t used() const;

private:
    Device* m_device = nullptr;
    VkDescriptorSetLayout m_layout = VK_NULL_HANDLE;
    VkDescriptorPool m_pool = VK_NULL_HANDLE;
    VkDescriptorSet m_set = VK_NULL_HANDLE;
    // Shared with the retired remove() callbacks, which can run after this object is gone (the Device frees
    // retired objects on destruction).
    struct Slots {
        std::mutex mutex;
        std::vector<uint32_t> free;
        uint32_t next = 0;
    };
    std::shared_ptr<Slots> m_slots = std::make_shared<Slots>();
};

}  // namespace skyhook::gpu
