#include "engine/gpu/pipeline.hpp"

#include <cstring>
#include <utility>
#include <vector>

#include "engine/core/file.hpp"
#include "engine/core/log.hpp"
#include "shaders/shaders.hpp"

namespace skyhook::gpu {

Result<void> PipelineCache::init(Device& device, std::filesystem::path file) {
    m_device = &device;
    m_file = std::move(file);
    std::vector<uint8_t> data;
    if (!m_file.empty() && std::filesystem::exists(m_file)) {
        auto bytes = readFileBytes(m_file);
        // Vulkan's own header: length, version, vendor, device, UUID. A stale or foreign cache is ignored.
        if (bytes && bytes->size() >= 16 + VK_UUID_SIZE) {
            uint32_t vendor, dev;
            std::memcpy(&vendor, bytes->data() + 8, 4);
            std::memcpy(&dev, bytes->data() + 12, 4);
            if (vendor == device.info().vendorId && dev == device.info().deviceId &&
                std::memcmp(bytes->data() + 16, device.info().pipelineCacheUuid, VK_UUID_SIZE) == 0)
                data = std::move(*bytes);
            else
                log::info("gpu", "pipeline cache {} is from another device or driver; starting afresh",
                          m_file.string());
        }
    }
    VkPipelineCacheCreateInfo info{.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO,
                                   .initialDataSize = data.size(),
                                   .pInitialData = data.empty() ? nullptr : data.data()};
    SKYHOOK_VK_TRY(vkCreatePipelineCache(device.vk(), &info, nullptr, &m_cache));
    device.setName(m_cache, VK_OBJECT_TYPE_PIPELINE_CACHE, "pipeline_cache");
    if (!data.empty())
        log::info("gpu", "pipeline cache loaded: {} ({} KiB)", m_file.string(), data.size() / 1024);
    return {};
}

PipelineCache::~PipelineCache() {
    if (m_cache) {
        if (auto r = save(); !r) log::warn("gpu", "{}", r.error().message);
        vkDestroyPipelineCache(m_device->vk(), m_cache, nullptr);
    }
}

Result<void> PipelineCache::save() const {
    if (m_file.empty() || !m_cache) return {};
    size_t size = 0;
    SKYHOOK_VK_TRY(vkGetPipelineCacheData(m_device->vk(), m_cache, &size, nullptr));
    std::vector<uint8_t> data(size);
    SKYHOOK_VK_TRY(vkGetPipelineCacheData(m_device->vk(), m_cache, &size, data.data()));
    data.resize(size);
    auto r = writeFileBytes(m_file, data);
    if (!r) return r.error().context("saving the pipeline cache");
    return {};
}

Result<void> Pipelines::init(Device& device, VkPipelineCache cache, VkDescriptorSetLayout bindlessLayout) {
    m_device = &device;
    m_cache = cache;
    m_pushDescriptors = reinterpret_cast<PFN_vkCmdPushDescriptorSetKHR>(
        vkGetDeviceProcAddr(device.vk(), "vkCmdPushDescriptorSetKHR"));
    if (!m_pushDescriptors) return Error::make("vkCmdPushDescriptorSetKHR is missing");
    std::vector<VkDescriptorSetLayoutBinding> bindings;
    for (uint32_t i = 0; i < kMaxPassBindings; ++i) {
        // Binding i < 4: sampled; i >= 4: storage images (compute passes).
        bindings.push_back({.binding = i,
                            .descriptorType = i < 4 ? VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
                                                    : VK_DESCRIPTOR_TYPE_STORAGE_IMAGE,
                            .descriptorCount = 1,
                            .stageFlags = VK_SHADER_STAGE_ALL});
    }
    VkDescriptorSetLayoutCreateInfo setInfo{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
                                            .flags = VK_DESCRIPTOR_SET_LAYOUT_CREATE_PUSH_DESCRIPTOR_BIT_KHR,
                                            .bindingCount = static_cast<uint32_t>(bindings.size()),
                                            .pBindings = bindings.data()};
    SKYHOOK_VK_TRY(vkCreateDescriptorSetLayout(device.vk(), &setInfo, nullptr, &m_passSetLayout));
    device.setName(m_passSetLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "pass_set_layout");
    VkDescriptorSetLayout sets[] = {bindlessLayout, m_passSetLayout};
    VkPushConstantRange push{.stageFlags = VK_SHADER_STAGE_ALL, .offset = 0, .size = kPushConstantBytes};
    VkPipelineLayoutCreateInfo info{.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
                                    .setLayoutCount = 2,
                                    .pSetLayouts = sets,
                                    .pushConstantRangeCount = 1,
                                    .pPushConstantRanges = &push};
    SKYHOOK_VK_TRY(vkCreatePipelineLayout(device.vk(), &info, nullptr, &m_layout));
    device.setName(m_layout, VK_OBJECT_TYPE_PIPELINE_LAYOUT, "shared_pipeline_layout");
    return {};
}

Pipelines::~Pipelines() {
    if (!m_device) return;
    VkDevice d = m_device->vk();
    m_device->retire([d, pipes = m_pipelines, layout = m_layout, set = m_passSetLayout] {
        for (VkPipeline p : pipes) vkDestroyPipeline(d, p, nullptr);
        vkDestroyPipelineLayout(d, layout, nullptr);
        vkDestroyDescriptorSetLayout(d, set, nullptr);
    });
}

Result<VkShaderModule> Pipelines::module(const std::string& name) {
    auto code = shaders::find(name);
    if (code.empty()) return Error::make("no embedded shader named '{}'", name);
    VkShaderModuleCreateInfo info{.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
                                  .codeSize = code.size() * sizeof(uint32_t),
                                  .pCode = code.data()};
    VkShaderModule m = VK_NULL_HANDLE;
    SKYHOOK_VK_TRY(vkCreateShaderModule(m_device->vk(), &info, nullptr, &m));
    m_device->setName(m, VK_OBJECT_TYPE_SHADER_MODULE, name);
    return m;
}

void Pipelines::noteCreated(const std::string& name) {
    if (m_showStarted) {
        ++m_createdDuringShow;
        log::warn("gpu", "pipeline '{}' created during the show (possible hitch); warm it up before GO",
                  name);
    }
}

Result<VkPipeline> Pipelines::graphics(const GraphicsPipelineDesc& desc) {
    // Stages in pipeline order: vertex, or task + mesh; then fragment.
    const bool meshShading = !desc.meshShader.empty();
    std::vector<std::pair<VkShaderStageFlagBits, std::string>> wanted;
    if (meshShading) {
        if (!desc.taskShader.empty()) wanted.emplace_back(VK_SHADER_STAGE_TASK_BIT_EXT, desc.taskShader);
        wanted.emplace_back(VK_SHADER_STAGE_MESH_BIT_EXT, desc.meshShader);
    } else {
        wanted.emplace_back(VK_SHADER_STAGE_VERTEX_BIT, desc.vertexShader);
    }
    if (!desc.fragmentShader.empty()) wanted.emplace_back(VK_SHADER_STAGE_FRAGMENT_BIT, desc.fragmentShader);
    std::vector<VkPipelineShaderStageCreateInfo> stages;
    auto destroyModules = [&] {
        for (const auto& st : stages) vkDestroyShaderModule(m_device->vk(), st.module, nullptr);
    };
    for (const auto& [stage, name] : wanted) {
        auto m = module(name);
        if (!m) {
            destroyModules();
            return m.error().context(desc.debugName);
        }
        stages.push_back({.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                          .stage = stage,
                          .module = *m,
                          .pName = "main"});
    }
    VkPipelineVertexInputStateCreateInfo vertexInput{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    VkPipelineInputAssemblyStateCreateInfo assembly{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO,
        .topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST};
    VkPipelineViewportStateCreateInfo viewport{.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO,
                                               .viewportCount = 1,
                                               .scissorCount = 1};
    VkPipelineRasterizationStateCreateInfo raster{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO,
        .depthClampEnable = desc.depthClamp,
        .polygonMode = VK_POLYGON_MODE_FILL,
        .cullMode = desc.cullMode,
        .frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE,
        .depthBiasEnable = desc.depthBiasConstant != 0.0f || desc.depthBiasSlope != 0.0f,
        .depthBiasConstantFactor = desc.depthBiasConstant,
        .depthBiasSlopeFactor = desc.depthBiasSlope,
        .lineWidth = 1.0f};
    VkPipelineMultisampleStateCreateInfo multisample{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO,
        .rasterizationSamples = desc.samples};
    VkPipelineDepthStencilStateCreateInfo depth{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO,
        .depthTestEnable = desc.depthTest,
        .depthWriteEnable = desc.depthWrite,
        .depthCompareOp = desc.depthCompare};
    std::vector<VkPipelineColorBlendAttachmentState> blends(desc.colorFormats.size());
    for (auto& b : blends) {
        b.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT |
                           VK_COLOR_COMPONENT_A_BIT;
        if (desc.blend != BlendMode::None) {
            // Alpha: over the target by the source's alpha; additive: summed (bloom, light accumulation).
            const bool alpha = desc.blend == BlendMode::Alpha;
            b.blendEnable = VK_TRUE;
            b.srcColorBlendFactor = alpha ? VK_BLEND_FACTOR_SRC_ALPHA : VK_BLEND_FACTOR_ONE;
            b.dstColorBlendFactor = alpha ? VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA : VK_BLEND_FACTOR_ONE;
            b.colorBlendOp = VK_BLEND_OP_ADD;
            b.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
            b.dstAlphaBlendFactor = alpha ? VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA : VK_BLEND_FACTOR_ONE;
            b.alphaBlendOp = VK_BLEND_OP_ADD;
        }
    }
    VkPipelineColorBlendStateCreateInfo blend{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO,
        .attachmentCount = static_cast<uint32_t>(blends.size()),
        .pAttachments = blends.data()};
    VkDynamicState dynamics[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dynamic{.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO,
                                             .dynamicStateCount = 2,
                                             .pDynamicStates = dynamics};
    VkPipelineRenderingCreateInfo rendering{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO,
        .viewMask = desc.viewMask,
        .colorAttachmentCount = static_cast<uint32_t>(desc.colorFormats.size()),
        .pColorAttachmentFormats = desc.colorFormats.data(),
        .depthAttachmentFormat = desc.depthFormat};
    VkGraphicsPipelineCreateInfo info{.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO,
                                      .pNext = &rendering,
                                      .stageCount = static_cast<uint32_t>(stages.size()),
                                      .pStages = stages.data(),
                                      // Mesh shading has no vertex input or input assembly.
                                      .pVertexInputState = meshShading ? nullptr : &vertexInput,
                                      .pInputAssemblyState = meshShading ? nullptr : &assembly,
                                      .pViewportState = &viewport,
                                      .pRasterizationState = &raster,
                                      .pMultisampleState = &multisample,
                                      .pDepthStencilState = &depth,
                                      .pColorBlendState = &blend,
                                      .pDynamicState = &dynamic,
                                      .layout = m_layout};
    VkPipeline pipeline = VK_NULL_HANDLE;
    VkResult r = vkCreateGraphicsPipelines(m_device->vk(), m_cache, 1, &info, nullptr, &pipeline);
    destroyModules();
    if (r != VK_SUCCESS) return Error::make("creating pipeline '{}': {}", desc.debugName, vkResultName(r));
    m_device->setName(pipeline, VK_OBJECT_TYPE_PIPELINE, desc.debugName);
    m_pipelines.push_back(pipeline);
    noteCreated(desc.debugName);
    return pipeline;
}

Result<VkPipeline> Pipelines::compute(const ComputePipelineDesc& desc) {
    auto cs = module(desc.shader);
    if (!cs) return cs.error().context(desc.debugName);
    VkComputePipelineCreateInfo info{.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
                                     .stage = {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                                               .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                                               .module = *cs,
                                               .pName = "main"},
                                     .layout = m_layout};
    VkPipeline pipeline = VK_NULL_HANDLE;
    VkResult r = vkCreateComputePipelines(m_device->vk(), m_cache, 1, &info, nullptr, &pipeline);
    vkDestroyShaderModule(m_device->vk(), *cs, nullptr);
    if (r != VK_SUCCESS) return Error::make("creating pipeline '{}': {}", desc.debugName, vkResultName(r));
    m_device->setName(pipeline, VK_OBJECT_TYPE_PIPELINE, desc.debugName);
    m_pipelines.push_back(pipeline);
    noteCreated(desc.debugName);
    return pipeline;
}

void Pipelines::pushBindings(VkCommandBuffer cmd, VkPipelineBindPoint bindPoint,
                             std::span<const PassBinding> bindings) const {
    std::vector<VkDescriptorImageInfo> infos(bindings.size());
    std::vector<VkWriteDescriptorSet> writes(bindings.size());
    for (size_t i = 0; i < bindings.size(); ++i) {
        infos[i] = {bindings[i].sampler, bindings[i].view, bindings[i].layout};
        writes[i] = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                     .dstBinding = bindings[i].binding,
                     .descriptorCount = 1,
                     .descriptorType = bindings[i].type,
                     .pImageInfo = &infos[i]};
    }
    m_pushDescriptors(cmd, bindPoint, m_layout, 1, static_cast<uint32_t>(writes.size()), writes.data());
}

}  // namespace skyhook::gpu
