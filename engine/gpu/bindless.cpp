#include "engine/gpu/bindless.hpp"

namespace skyhook::gpu {

Result<void> BindlessTextures::init(Device& device) {
    m_device = &device;
    VkDescriptorSetLayoutBinding bindings[2] = {
        {.binding = 0,
         .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
         .descriptorCount = kMaxTextures,
         .stageFlags = VK_SHADER_STAGE_ALL},
        {.binding = 1,
         .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
         .descriptorCount = 1,
         .stageFlags = VK_SHADER_STAGE_ALL},
    };
    VkDescriptorBindingFlags flags[2] = {
        VK_DESCRIPTOR_BINDING_PARTIALLY_BOUND_BIT | VK_DESCRIPTOR_BINDING_UPDATE_AFTER_BIND_BIT |
            VK_DESCRIPTOR_BINDING_UPDATE_UNUSED_WHILE_PENDING_BIT,
        VK_DESCRIPTOR_BINDING_PARTIALLY_BOUND_BIT | VK_DESCRIPTOR_BINDING_UPDATE_AFTER_BIND_BIT,
    };
    VkDescriptorSetLayoutBindingFlagsCreateInfo flagInfo{
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_BINDING_FLAGS_CREATE_INFO,
        .bindingCount = 2,
        .pBindingFlags = flags};
    VkDescriptorSetLayoutCreateInfo layoutInfo{
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
        .pNext = &flagInfo,
        .flags = VK_DESCRIPTOR_SET_LAYOUT_CREATE_UPDATE_AFTER_BIND_POOL_BIT,
        .bindingCount = 2,
        .pBindings = bindings};
    SKYHOOK_VK_TRY(vkCreateDescriptorSetLayout(device.vk(), &layoutInfo, nullptr, &m_layout));
    device.setName(m_layout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "bindless_layout");
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kMaxTextures + 1};
    VkDescriptorPoolCreateInfo poolInfo{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                        .flags = VK_DESCRIPTOR_POOL_CREATE_UPDATE_AFTER_BIND_BIT,
                                        .maxSets = 1,
                                        .poolSizeCount = 1,
                                        .pPoolSizes = &size};
    SKYHOOK_VK_TRY(vkCreateDescriptorPool(device.vk(), &poolInfo, nullptr, &m_pool));
    device.setName(m_pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "bindless_pool");
    VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                      .descriptorPool = m_pool,
                                      .descriptorSetCount = 1,
                                      .pSetLayouts = &m_layout};
    SKYHOOK_VK_TRY(vkAllocateDescriptorSets(device.vk(), &alloc, &m_set));
    device.setName(m_set, VK_OBJECT_TYPE_DESCRIPTOR_SET, "bindless_set");
    return {};
}

BindlessTextures::~BindlessTextures() {
    if (!m_device) return;
    VkDevice d = m_device->vk();
    m_device->retire([d, pool = m_pool, layout = m_layout] {
        vkDestroyDescriptorPool(d, pool, nullptr);
        vkDestroyDescriptorSetLayout(d, layout, nullptr);
    });
}

Result<uint32_t> BindlessTextures::add(VkImageView view, VkSampler sampler) {
    uint32_t index;
    {
        std::lock_guard lock(m_slots->mutex);
        if (!m_slots->free.empty()) {
            index = m_slots->free.back();
            m_slots->free.pop_back();
        } else if (m_slots->next < kMaxTextures) {
            index = m_slots->next++;
        } else {
            return Error::make("bindless texture table is full ({} textures)", kMaxTextures);
        }
    }
    VkDescriptorImageInfo image{sampler, view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet write{.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                               .dstSet = m_set,
                               .dstBinding = 0,
                               .dstArrayElement = index,
                               .descriptorCount = 1,
                               .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
                               .pImageInfo = &image};
    vkUpdateDescriptorSets(m_device->vk(), 1, &write, 0, nullptr);
    return index;
}

void BindlessTextures::remove(uint32_t index) {
    m_device->retire([slots = m_slots, index] {
        std::lock_guard lock(slots->mutex);
        slots->free.push_back(index);
    });
}

uint32_t BindlessTextures::used() const {
    std::lock_guard lock(m_slots->mutex);
    return m_slots->next - static_cast<uint32_t>(m_slots->free.size());
}

void BindlessTextures::setShadowMap(VkImageView arrayView, VkSampler compareSampler) {
    VkDescriptorImageInfo image{compareSampler, arrayView, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet write{.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                               .dstSet = m_set,
                               .dstBinding = 1,
                               .descriptorCount = 1,
                               .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
                               .pImageInfo = &image};
    vkUpdateDescriptorSets(m_device->vk(), 1, &write, 0, nullptr);
}

}  // namespace skyhook::gpu
