#pragma once
// Pipelines from embedded SPIR-V, created through one VkPipelineCache that is saved to disk, plus the one
// pipeline layout every Skyhook pipeline shares: set 0 = bindless textures, set 1 = per-pass push
// descriptors, and push constants carrying buffer device addresses.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"

namespace skyhook::gpu {

inline constexpr uint32_t kPushConstantBytes = 128;
inline constexpr uint32_t kMaxPassBindings =
    8;  // set 1, bindings 0..7: combined image samplers or storage images

enum class BlendMode : uint8_t { None, Alpha, Additive };

struct GraphicsPipelineDesc {
    std::string debugName;
    std::string vertexShader;  // embedded shader file name, e.g. "forward.vert"
    // A mesh-shading pipeline (VK_EXT_mesh_shader) has a mesh shader, optionally a task shader, and no
    // vertex shader.
    std::string taskShader;      // e.g. "forward.task"
    std::string meshShader;      // e.g. "forward.mesh"
    std::string fragmentShader;  // empty for depth-only
    std::vector<VkFormat> colorFormats;
    VkFormat depthFormat = VK_FORMAT_UNDEFINED;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkCullModeFlags cullMode = VK_CULL_MODE_BACK_BIT;
    bool depthTest = true;
    bool depthWrite = true;
    VkCompareOp depthCompare = VK_COMPARE_OP_GREATER_OR_EQUAL;  // reversed-Z
    bool depthClamp = false;
    float depthBiasConstant = 0.0f;  // non-zero enables depth bias (shadow maps)
    float depthBiasSlope = 0.0f;
    BlendMode blend = BlendMode::None;
    uint32_t viewMask = 0;  // multiview
};

struct ComputePipelineDesc {
    std::string debugName;
    std::string shader;  // e.g. "bloom_down.comp"
};

class PipelineCache {
public:
    // Loads the cache file if it exists and matches this device (vendor, device, cache UUID).
    Result<void> init(Device& device, std::filesystem::path file);
    ~PipelineCache();
    Result<void> save() const;
    VkPipelineCache vk() const { return m_cache; }

private:
    Device* m_device = nullptr;
    VkPipelineCache m_cache = VK_NULL_HANDLE;
    std::filesystem::path m_file;
};

// One image of a pass's set 1, pushed with VK_KHR_push_descriptor. Bindings 0-3 are combined image samplers,
// 4-7 storage images.
struct PassBinding {
    uint32_t binding = 0;
    VkDescriptorType type = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    VkImageView view = VK_NULL_HANDLE;
    VkSampler sampler = VK_NULL_HANDLE;
    VkImageLayout layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
};

// Owns the shared layout and every pipeline; counts pipelines created after the show started.
class Pipelines {
public:
    Result<void> init(Device& device, VkPipelineCache cache, VkDescriptorSetLayout bindlessLayout);
    ~Pipelines();

    Result<VkPipeline> graphics(const GraphicsPipelineDesc& desc);
    Result<VkPipeline> compute(const ComputePipelineDesc& desc);
    VkPipelineLayout layout() const { return m_layout; }
    VkDescriptorSetLayout passSetLayout() const { return m_passSetLayout; }

    // After this, creating a pipeline is a fault (a potential hitch in a live show): counted and logged.
    void markShowStarted() { m_showStarted = true; }
    uint32_t createdDuringShow() const { return m_createdDuringShow; }
    uint32_t count() const { return static_cast<uint32_t>(m_pipelines.size()); }
    void pushBindings(VkCommandBuffer cmd, VkPipelineBindPoint bindPoint,
                      std::span<const PassBinding> bindings) const;

private:
    Result<VkShaderModule> module(const std::string& name);
    void noteCreated(const std::string& name);

    Device* m_device = nullptr;
    VkPipelineCache m_cache = VK_NULL_HANDLE;
    VkPipelineLayout m_layout = VK_NULL_HANDLE;
    VkDescriptorSetLayout m_passSetLayout = VK_NULL_HANDLE;
    PFN_vkCmdPushDescriptorSetKHR m_pushDescriptors = nullptr;
    std::vector<VkPipeline> m_pipelines;
    bool m_showStarted = false;
    uint32_t m_createdDuringShow = 0;
};

}  // namespace skyhook::gpu
