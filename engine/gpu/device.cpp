#include "engine/gpu/device.hpp"

#include <algorithm>
#include <cstring>

#define VMA_STATIC_VULKAN_FUNCTIONS 1
#define VMA_DYNAMIC_VULKAN_FUNCTIONS 0
#include <vk_mem_alloc.h>

#include "engine/core/log.hpp"

namespace skyhook::gpu {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

const char* deviceTypeName(VkPhysicalDeviceType t) {
    switch (t) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
            return "discrete";
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
            return "integrated";
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
            return "virtual";
        case VK_PHYSICAL_DEVICE_TYPE_CPU:
            return "cpu";
        default:
            return "other";
    }
}

int typeRank(VkPhysicalDeviceType t) {
    switch (t) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
            return 4;
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
            return 3;
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
            return 2;
        case VK_PHYSICAL_DEVICE_TYPE_CPU:
            return 1;
        default:
            return 0;
    }
}

// The feature chain Skyhook requires; filled by query, then passed to device creation.
struct FeatureChain {
    VkPhysicalDeviceFeatures2 core{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    VkPhysicalDeviceVulkan11Features v11{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features v12{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceVulkan13Features v13{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    // Optional: chained only when the device offers VK_EXT_mesh_shader.
    VkPhysicalDeviceMeshShaderFeaturesEXT mesh{
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MESH_SHADER_FEATURES_EXT};

    void link(bool withMesh = false) {
        core.pNext = &v11;
        v11.pNext = &v12;
        v12.pNext = &v13;
        v13.pNext = withMesh ? &mesh : nullptr;
        mesh.pNext = nullptr;
    }
};

// Returns the first missing required feature, or nullptr when the device has everything.
const char* missingFeature(const FeatureChain& f) {
    struct Req {
        VkBool32 have;
        const char* name;
    };
    const Req reqs[] = {
        {f.core.features.multiDrawIndirect, "multiDrawIndirect"},
        {f.core.features.drawIndirectFirstInstance, "drawIndirectFirstInstance"},
        {f.core.features.samplerAnisotropy, "samplerAnisotropy"},
        {f.core.features.depthClamp, "depthClamp"},
        {f.core.features.shaderInt64, "shaderInt64"},
        {f.v11.multiview, "multiview"},
        {f.v11.shaderDrawParameters, "shaderDrawParameters"},
        {f.v12.timelineSemaphore, "timelineSemaphore"},
        {f.v12.bufferDeviceAddress, "bufferDeviceAddress"},
        {f.v12.scalarBlockLayout, "scalarBlockLayout"},
        {f.v12.drawIndirectCount, "drawIndirectCount"},
        {f.v12.descriptorIndexing, "descriptorIndexing"},
        {f.v12.runtimeDescriptorArray, "runtimeDescriptorArray"},
        {f.v12.descriptorBindingPartiallyBound, "descriptorBindingPartiallyBound"},
        {f.v12.descriptorBindingVariableDescriptorCount, "descriptorBindingVariableDescriptorCount"},
        {f.v12.descriptorBindingSampledImageUpdateAfterBind, "descriptorBindingSampledImageUpdateAfterBind"},
        {f.v12.descriptorBindingUpdateUnusedWhilePending, "descriptorBindingUpdateUnusedWhilePending"},
        {f.v12.shaderSampledImageArrayNonUniformIndexing, "shaderSampledImageArrayNonUniformIndexing"},
        {f.v12.hostQueryReset, "hostQueryReset"},
        {f.v13.dynamicRendering, "dynamicRendering"},
        {f.v13.synchronization2, "synchronization2"},
        {f.v13.maintenance4, "maintenance4"},
    };
    for (const Req& r : reqs)
        if (!r.have) return r.name;
    return nullptr;
}

// Keeps only what we use, so validation checks exactly our contract.
FeatureChain requiredFeatures() {
    FeatureChain f;
    f.core.features.multiDrawIndirect = VK_TRUE;
    f.core.features.drawIndirectFirstInstance = VK_TRUE;
    f.core.features.samplerAnisotropy = VK_TRUE;
    f.core.features.depthClamp = VK_TRUE;
    f.core.features.shaderInt64 = VK_TRUE;
    f.v11.multiview = VK_TRUE;
    f.v11.shaderDrawParameters = VK_TRUE;
    f.v12.timelineSemaphore = VK_TRUE;
    f.v12.bufferDeviceAddress = VK_TRUE;
    f.v12.scalarBlockLayout = VK_TRUE;
    f.v12.drawIndirectCount = VK_TRUE;
    f.v12.descriptorIndexing = VK_TRUE;
    f.v12.runtimeDescriptorArray = VK_TRUE;
    f.v12.descriptorBindingPartiallyBound = VK_TRUE;
    f.v12.descriptorBindingVariableDescriptorCount = VK_TRUE;
    f.v12.descriptorBindingSampledImageUpdateAfterBind = VK_TRUE;
    f.v12.descriptorBindingUpdateUnusedWhilePending = VK_TRUE;
    f.v12.shaderSampledImageArrayNonUniformIndexing = VK_TRUE;
    f.v12.hostQueryReset = VK_TRUE;
    f.v13.dynamicRendering = VK_TRUE;
    f.v13.synchronization2 = VK_TRUE;
    f.v13.maintenance4 = VK_TRUE;
    f.link();
    return f;
}

bool hasExtension(VkPhysicalDevice pd, const char* name) {
    uint32_t n = 0;
    vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> exts(n);
    vkEnumerateDeviceExtensionProperties(pd, nullptr, &n, exts.data());
    return std::any_of(exts.begin(), exts.end(),
                       [&](auto& e) { return std::strcmp(e.extensionName, name) == 0; });
}

// Task and mesh shaders (VK_EXT_mesh_shader) are used when the device has both; nothing else of the
// extension is enabled.
bool supportsMeshShading(VkPhysicalDevice pd) {
    if (!hasExtension(pd, VK_EXT_MESH_SHADER_EXTENSION_NAME)) return false;
    FeatureChain f;
    f.link(true);
    vkGetPhysicalDeviceFeatures2(pd, &f.core);
    return f.mesh.taskShader && f.mesh.meshShader;
}

int graphicsQueueFamily(VkPhysicalDevice pd) {
    uint32_t n = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, nullptr);
    std::vector<VkQueueFamilyProperties> fams(n);
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, fams.data());
    for (uint32_t i = 0; i < n; ++i)
        if ((fams[i].queueFlags & (VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT)) ==
                (VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT) &&
            fams[i].timestampValidBits > 0)
            return static_cast<int>(i);
    return -1;
}

const char* whyUnsuitable(VkPhysicalDevice pd, bool swapchain) {
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(pd, &props);
    if (props.apiVersion < VK_API_VERSION_1_3) return "Vulkan 1.3";
    FeatureChain f;
    f.link();
    vkGetPhysicalDeviceFeatures2(pd, &f.core);
    if (const char* m = missingFeature(f)) return m;
    if (!hasExtension(pd, VK_KHR_PUSH_DESCRIPTOR_EXTENSION_NAME))
        return VK_KHR_PUSH_DESCRIPTOR_EXTENSION_NAME;
    if (swapchain && !hasExtension(pd, VK_KHR_SWAPCHAIN_EXTENSION_NAME))
        return VK_KHR_SWAPCHAIN_EXTENSION_NAME;
    if (graphicsQueueFamily(pd) < 0) return "a graphics+compute queue with timestamps";
    return nullptr;
}

VKAPI_ATTR VkBool32 VKAPI_CALL debugCallback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                             VkDebugUtilsMessageTypeFlagsEXT,
                                             const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    auto* device = static_cast<Device*>(user);
    const char* msg = data && data->pMessage ? data->pMessage : "(no message)";
    if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        device->countValidationMessage();
        if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
            log::error("vulkan", "{}", msg);
        else
            log::warn("vulkan", "{}", msg);
    }
    return VK_FALSE;
}

Result<VkInstance> createVkInstance(const DeviceDesc& desc, bool debugUtils, void* callbackUser,
                                    VkDebugUtilsMessengerCreateInfoEXT& messengerInfo) {
    std::vector<const char*> exts;
    for (const auto& e : desc.instanceExtensions) exts.push_back(e.c_str());
    if (debugUtils) exts.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    std::vector<const char*> layers;
    if (desc.validation) layers.push_back(kValidationLayer);

    VkApplicationInfo app{.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
                          .pApplicationName = desc.appName.c_str(),
                          .applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0),
                          .pEngineName = "skyhook",
                          .engineVersion = VK_MAKE_API_VERSION(0, 0, 1, 0),
                          .apiVersion = VK_API_VERSION_1_3};
    VkValidationFeatureEnableEXT enables[] = {VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
    VkValidationFeaturesEXT features{.sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT,
                                     .enabledValidationFeatureCount = 1,
                                     .pEnabledValidationFeatures = enables};
    messengerInfo = {.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
                     .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                                        VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
                     .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                                    VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                                    VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
                     .pfnUserCallback = debugCallback,
                     .pUserData = callbackUser};
    // Messages during instance creation reach the callback too.
    if (debugUtils) messengerInfo.pNext = desc.validation ? &features : nullptr;
    VkInstanceCreateInfo info{.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
                              .pNext = debugUtils ? static_cast<const void*>(&messengerInfo)
                                                  : (desc.validation ? &features : nullptr),
                              .pApplicationInfo = &app,
                              .enabledLayerCount = static_cast<uint32_t>(layers.size()),
                              .ppEnabledLayerNames = layers.data(),
                              .enabledExtensionCount = static_cast<uint32_t>(exts.size()),
                              .ppEnabledExtensionNames = exts.data()};
    if (desc.hooks) return desc.hooks->createInstance(info);
    VkInstance instance = VK_NULL_HANDLE;
    VkResult r = vkCreateInstance(&info, nullptr, &instance);
    if (r != VK_SUCCESS)
        return Error::make("vkCreateInstance failed: {} (is a Vulkan driver installed?)", vkResultName(r));
    return instance;
}

bool instanceHasLayer(const char* name) {
    uint32_t n = 0;
    vkEnumerateInstanceLayerProperties(&n, nullptr);
    std::vector<VkLayerProperties> layers(n);
    vkEnumerateInstanceLayerProperties(&n, layers.data());
    return std::any_of(layers.begin(), layers.end(),
                       [&](auto& l) { return std::strcmp(l.layerName, name) == 0; });
}

bool instanceHasExtension(const char* name) {
    uint32_t n = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> exts(n);
    vkEnumerateInstanceExtensionProperties(nullptr, &n, exts.data());
    return std::any_of(exts.begin(), exts.end(),
                       [&](auto& e) { return std::strcmp(e.extensionName, name) == 0; });
}

std::vector<VkPhysicalDevice> physicalDevices(VkInstance instance) {
    uint32_t n = 0;
    vkEnumeratePhysicalDevices(instance, &n, nullptr);
    std::vector<VkPhysicalDevice> pds(n);
    vkEnumeratePhysicalDevices(instance, &n, pds.data());
    return pds;
}

}  // namespace

Result<std::vector<PhysicalDeviceSummary>> listPhysicalDevices() {
    VkApplicationInfo app{.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .apiVersion = VK_API_VERSION_1_3};
    VkInstanceCreateInfo info{.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app};
    VkInstance instance = VK_NULL_HANDLE;
    SKYHOOK_VK_TRY(vkCreateInstance(&info, nullptr, &instance));
    std::vector<PhysicalDeviceSummary> out;
    auto pds = physicalDevices(instance);
    for (uint32_t i = 0; i < pds.size(); ++i) {
        VkPhysicalDeviceProperties p;
        vkGetPhysicalDeviceProperties(pds[i], &p);
        const char* why = whyUnsuitable(pds[i], false);
        out.push_back(
            {i, p.deviceName, deviceTypeName(p.deviceType), p.apiVersion, why == nullptr, why ? why : ""});
    }
    vkDestroyInstance(instance, nullptr);
    return out;
}

Result<std::unique_ptr<Device>> Device::create(const DeviceDesc& desc) {
    std::unique_ptr<Device> d(new Device());
    auto r = d->init(desc);
    if (!r) return r.error();
    return d;
}

Result<void> Device::init(const DeviceDesc& desc) {
    if (desc.validation && !instanceHasLayer(kValidationLayer))
        return Error::make("validation requested but {} is not installed (package vulkan-validationlayers)",
                           kValidationLayer);
    m_debugUtils = instanceHasExtension(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    VkDebugUtilsMessengerCreateInfoEXT messengerInfo{};
    auto instance = createVkInstance(desc, m_debugUtils, this, messengerInfo);
    if (!instance) return instance.error();
    m_instance = *instance;
    if (m_debugUtils) {
        auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkCreateDebugUtilsMessengerEXT"));
        messengerInfo.pNext = nullptr;
        if (create) SKYHOOK_VK_TRY(create(m_instance, &messengerInfo, nullptr, &m_messenger));
    }

    // Physical device: the runtime's choice, else --device, else the best suitable by type.
    if (desc.hooks) {
        auto pd = desc.hooks->choosePhysicalDevice(m_instance);
        if (!pd) return pd.error();
        m_physical = *pd;
    }
    auto pds = physicalDevices(m_instance);
    if (pds.empty()) return Error::make("no Vulkan device found (install mesa-vulkan-drivers for lavapipe)");
    if (!m_physical && !desc.preferredDevice.empty()) {
        for (uint32_t i = 0; i < pds.size(); ++i) {
            VkPhysicalDeviceProperties p;
            vkGetPhysicalDeviceProperties(pds[i], &p);
            if (desc.preferredDevice == std::to_string(i) ||
                std::string(p.deviceName).find(desc.preferredDevice) != std::string::npos) {
                if (const char* why = whyUnsuitable(pds[i], desc.swapchain))
                    return Error::make("device '{}' lacks {}", p.deviceName, why);
                m_physical = pds[i];
                break;
            }
        }
        if (!m_physical)
            return Error::make("no Vulkan device matches --device '{}' (see `skyhook info`)",
                               desc.preferredDevice);
    }
    if (!m_physical) {
        int bestRank = -1;
        std::string reasons;
        for (VkPhysicalDevice pd : pds) {
            VkPhysicalDeviceProperties p;
            vkGetPhysicalDeviceProperties(pd, &p);
            if (const char* why = whyUnsuitable(pd, desc.swapchain)) {
                reasons += fmt::format(" {} lacks {};", p.deviceName, why);
                continue;
            }
            if (typeRank(p.deviceType) > bestRank) {
                bestRank = typeRank(p.deviceType);
                m_physical = pd;
            }
        }
        if (!m_physical) return Error::make("no suitable Vulkan 1.3 device:{}", reasons);
    }
    if (const char* why = whyUnsuitable(m_physical, desc.swapchain))
        return Error::make("chosen device lacks {}", why);

    VkPhysicalDeviceDriverProperties driverProps{.sType =
                                                     VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceProperties2 props2{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
                                       .pNext = &driverProps};
    vkGetPhysicalDeviceProperties2(m_physical, &props2);
    const VkPhysicalDeviceProperties& p = props2.properties;
    m_info.name = p.deviceName;
    m_info.driver = fmt::format("{} {}", driverProps.driverName, driverProps.driverInfo);
    m_info.type = deviceTypeName(p.deviceType);
    m_info.apiVersion = p.apiVersion;
    m_info.vendorId = p.vendorID;
    m_info.deviceId = p.deviceID;
    std::memcpy(m_info.pipelineCacheUuid, p.pipelineCacheUUID, VK_UUID_SIZE);
    m_info.timestampPeriodNs = p.limits.timestampPeriod;
    m_info.maxStorageBufferRange = p.limits.maxStorageBufferRange;
    m_info.maxImageDimension2D = p.limits.maxImageDimension2D;
    m_info.maxPushConstantsSize = p.limits.maxPushConstantsSize;
    m_info.colorSampleCounts = p.limits.framebufferColorSampleCounts & p.limits.framebufferDepthSampleCounts;
    m_info.meshShader = supportsMeshShading(m_physical);
    m_queueFamily = static_cast<uint32_t>(graphicsQueueFamily(m_physical));
    if (m_info.meshShader) {
        VkPhysicalDeviceMeshShaderPropertiesEXT mp{
            .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MESH_SHADER_PROPERTIES_EXT};
        VkPhysicalDeviceProperties2 mprops{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
                                           .pNext = &mp};
        vkGetPhysicalDeviceProperties2(m_physical, &mprops);
        for (int i = 0; i < 3; ++i) m_info.maxTaskWorkGroupCount[i] = mp.maxTaskWorkGroupCount[i];
        m_info.maxTaskWorkGroupTotalCount = mp.maxTaskWorkGroupTotalCount;
        m_info.maxTaskWorkGroupInvocations = mp.maxTaskWorkGroupInvocations;
        m_info.maxTaskPayloadSize = mp.maxTaskPayloadSize;
        m_info.maxMeshWorkGroupInvocations = mp.maxMeshWorkGroupInvocations;
        m_info.maxMeshOutputVertices = mp.maxMeshOutputVertices;
        m_info.maxMeshOutputPrimitives = mp.maxMeshOutputPrimitives;
    }

    std::vector<const char*> exts = {VK_KHR_PUSH_DESCRIPTOR_EXTENSION_NAME};
    if (desc.swapchain) exts.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
    FeatureChain features = requiredFeatures();
    if (m_info.meshShader) {
        exts.push_back(VK_EXT_MESH_SHADER_EXTENSION_NAME);
        features.mesh.taskShader = VK_TRUE;
        features.mesh.meshShader = VK_TRUE;
        features.link(true);
    }
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queueInfo{.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                      .queueFamilyIndex = m_queueFamily,
                                      .queueCount = 1,
                                      .pQueuePriorities = &priority};
    VkDeviceCreateInfo info{.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
                            .pNext = &features.core,
                            .queueCreateInfoCount = 1,
                            .pQueueCreateInfos = &queueInfo,
                            .enabledExtensionCount = static_cast<uint32_t>(exts.size()),
                            .ppEnabledExtensionNames = exts.data()};
    if (desc.hooks) {
        auto dev = desc.hooks->createDevice(m_physical, info);
        if (!dev) return dev.error();
        m_device = *dev;
    } else {
        SKYHOOK_VK_TRY(vkCreateDevice(m_physical, &info, nullptr, &m_device));
    }
    vkGetDeviceQueue(m_device, m_queueFamily, 0, &m_queue);
    if (m_info.meshShader) {
        m_info.cmdDrawMeshTasksIndirectCount = reinterpret_cast<PFN_vkCmdDrawMeshTasksIndirectCountEXT>(
            vkGetDeviceProcAddr(m_device, "vkCmdDrawMeshTasksIndirectCountEXT"));
        if (!m_info.cmdDrawMeshTasksIndirectCount) m_info.meshShader = false;
    }

    VmaAllocatorCreateInfo vma{.flags = VMA_ALLOCATOR_CREATE_BUFFER_DEVICE_ADDRESS_BIT,
                               .physicalDevice = m_physical,
                               .device = m_device,
                               .instance = m_instance,
                               .vulkanApiVersion = VK_API_VERSION_1_3};
    SKYHOOK_VK_TRY(vmaCreateAllocator(&vma, &m_allocator));

    VkSemaphoreTypeCreateInfo timelineType{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO,
                                           .semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE,
                                           .initialValue = 0};
    VkSemaphoreCreateInfo semInfo{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, .pNext = &timelineType};
    SKYHOOK_VK_TRY(vkCreateSemaphore(m_device, &semInfo, nullptr, &m_timeline));
    setName(m_timeline, VK_OBJECT_TYPE_SEMAPHORE, "frame_timeline");
    setName(m_queue, VK_OBJECT_TYPE_QUEUE, "main_queue");
    log::info("gpu", "device: {} ({}, {}), Vulkan {}.{}.{}{}", m_info.name, m_info.type, m_info.driver,
              VK_API_VERSION_MAJOR(p.apiVersion), VK_API_VERSION_MINOR(p.apiVersion),
              VK_API_VERSION_PATCH(p.apiVersion), desc.validation ? ", validation on" : "");
    return {};
}

Device::~Device() {
    if (m_device) {
        vkDeviceWaitIdle(m_device);  // shutdown only
        for (auto& r : m_retired) r.destroy();
        m_retired.clear();
        if (m_timeline) vkDestroySemaphore(m_device, m_timeline, nullptr);
        if (m_allocator) vmaDestroyAllocator(m_allocator);
        vkDestroyDevice(m_device, nullptr);
    }
    if (m_messenger) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy) destroy(m_instance, m_messenger, nullptr);
    }
    if (m_instance) vkDestroyInstance(m_instance, nullptr);
}

void Device::setName(VkObjectType type, uint64_t handle, const std::string& name) const {
    if (!m_debugUtils || !handle) return;
    static auto fn = reinterpret_cast<PFN_vkSetDebugUtilsObjectNameEXT>(
        vkGetInstanceProcAddr(m_instance, "vkSetDebugUtilsObjectNameEXT"));
    if (!fn) return;
    VkDebugUtilsObjectNameInfoEXT info{.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT,
                                       .objectType = type,
                                       .objectHandle = handle,
                                       .pObjectName = name.c_str()};
    fn(m_device, &info);
}

uint64_t Device::completedValue() const {
    uint64_t v = 0;
    if (vkGetSemaphoreCounterValue(m_device, m_timeline, &v) != VK_SUCCESS) return 0;
    return v;
}

Result<uint64_t> Device::submit(std::span<const VkCommandBuffer> cmds, std::span<const Wait> waits,
                                std::span<const VkSemaphore> extraSignals) {
    std::vector<VkCommandBufferSubmitInfo> cmdInfos;
    for (VkCommandBuffer c : cmds)
        cmdInfos.push_back({.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO, .commandBuffer = c});
    std::vector<VkSemaphoreSubmitInfo> waitInfos;
    for (const Wait& w : waits)
        waitInfos.push_back({.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,
                             .semaphore = w.semaphore,
                             .value = w.value,
                             .stageMask = w.stages});
    uint64_t value = m_lastSubmitted.load() + 1;
    std::vector<VkSemaphoreSubmitInfo> signalInfos;
    signalInfos.push_back({.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,
                           .semaphore = m_timeline,
                           .value = value,
                           .stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT});
    for (VkSemaphore s : extraSignals)
        signalInfos.push_back({.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,
                               .semaphore = s,
                               .stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT});
    VkSubmitInfo2 submit{.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO_2,
                         .waitSemaphoreInfoCount = static_cast<uint32_t>(waitInfos.size()),
                         .pWaitSemaphoreInfos = waitInfos.data(),
                         .commandBufferInfoCount = static_cast<uint32_t>(cmdInfos.size()),
                         .pCommandBufferInfos = cmdInfos.data(),
                         .signalSemaphoreInfoCount = static_cast<uint32_t>(signalInfos.size()),
                         .pSignalSemaphoreInfos = signalInfos.data()};
    SKYHOOK_VK_TRY(vkQueueSubmit2(m_queue, 1, &submit, VK_NULL_HANDLE));
    m_lastSubmitted = value;
    return value;
}

Result<void> Device::waitFor(uint64_t value, uint64_t timeoutNs) const {
    VkSemaphoreWaitInfo info{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO,
                             .semaphoreCount = 1,
                             .pSemaphores = &m_timeline,
                             .pValues = &value};
    VkResult r = vkWaitSemaphores(m_device, &info, timeoutNs);
    if (r == VK_TIMEOUT)
        return Error::make("GPU did not finish submission {} in {} ms", value, timeoutNs / 1000000);
    return vkCheck(r, "vkWaitSemaphores");
}

void Device::retire(std::function<void()> destroy) {
    std::lock_guard lock(m_retireMutex);
    // Commands being recorded now go out with the next submission: wait for that one.
    m_retired.push_back({m_lastSubmitted.load() + 1, std::move(destroy)});
}

void Device::collect() {
    uint64_t done = completedValue();
    std::vector<std::function<void()>> ready;
    {
        std::lock_guard lock(m_retireMutex);
        while (!m_retired.empty() && m_retired.front().value <= done) {
            ready.push_back(std::move(m_retired.front().destroy));
            m_retired.pop_front();
        }
    }
    for (auto& fn : ready) fn();
}

size_t Device::pendingRetirements() const {
    std::lock_guard lock(m_retireMutex);
    return m_retired.size();
}

void Device::waitIdle() const {
    vkDeviceWaitIdle(m_device);
}

void Device::drain() {
    waitIdle();
    std::deque<Retired> all;
    {
        std::lock_guard lock(m_retireMutex);
        all.swap(m_retired);
    }
    for (auto& r : all) r.destroy();
}

}  // namespace skyhook::gpu
