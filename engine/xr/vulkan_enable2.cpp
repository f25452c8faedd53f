#include "engine/xr/vulkan_enable2.hpp"

#include <cstring>
#include <vector>

#include "engine/core/log.hpp"
#include "engine/gpu/vk.hpp"
#include "engine/xr/instance.hpp"

namespace skyhook::xr {

namespace {

std::string versionString(XrVersion v) {
    return fmt::format("{}.{}", XR_VERSION_MAJOR(v), XR_VERSION_MINOR(v));
}

// A runtime may add feature structs to the device's chain. Monado 25 puts
// VkPhysicalDeviceTimelineSemaphoreFeatures in front unless that very struct is already there; next to the
// VkPhysicalDeviceVulkan12Features the gpu module chains, the pair is invalid
// (VUID-VkDeviceCreateInfo-pNext-02830). The runtime calls vkCreateDevice through the vkGetInstanceProcAddr
// the engine hands it, so the engine hands it one whose vkCreateDevice folds such a struct into
// VkPhysicalDeviceVulkan12Features (the same feature, the form Vulkan 1.2 wants) for the duration of the
// call. Both structs belong to callers up the stack: they are relinked and restored, never copied.
VKAPI_ATTR VkResult VKAPI_CALL foldingCreateDevice(VkPhysicalDevice physical, const VkDeviceCreateInfo* info,
                                                   const VkAllocationCallbacks* allocator, VkDevice* device) {
    auto* v12 = static_cast<VkPhysicalDeviceVulkan12Features*>(nullptr);
    for (auto* s = static_cast<const VkBaseInStructure*>(info->pNext); s; s = s->pNext)
        if (s->sType == VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES)
            v12 = const_cast<VkPhysicalDeviceVulkan12Features*>(
                reinterpret_cast<const VkPhysicalDeviceVulkan12Features*>(s));
    if (!v12) return vkCreateDevice(physical, info, allocator, device);

    VkDeviceCreateInfo folded = *info;
    struct Unlinked {
        VkBaseInStructure* previous = nullptr;  // null: it was the head of the chain
        const VkBaseInStructure* removed = nullptr;
    };
    std::vector<Unlinked> unlinked;
    const VkBool32 timelineBefore = v12->timelineSemaphore;
    VkBaseInStructure* previous = nullptr;
    for (auto* s = static_cast<const VkBaseInStructure*>(folded.pNext); s;) {
        const VkBaseInStructure* next = s->pNext;
        if (s->sType == VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_TIMELINE_SEMAPHORE_FEATURES) {
            if (reinterpret_cast<const VkPhysicalDeviceTimelineSemaphoreFeatures*>(s)->timelineSemaphore)
                v12->timelineSemaphore = VK_TRUE;
            unlinked.push_back({previous, s});
            if (previous)
                previous->pNext = next;
            else
                folded.pNext = next;
        } else {
            previous = const_cast<VkBaseInStructure*>(s);
        }
        s = next;
    }
    VkResult r = vkCreateDevice(physical, &folded, allocator, device);
    for (auto it = unlinked.rbegin(); it != unlinked.rend(); ++it)
        if (it->previous) it->previous->pNext = it->removed;
    v12->timelineSemaphore = timelineBefore;
    return r;
}

VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL interposedGetInstanceProcAddr(VkInstance instance,
                                                                       const char* name) {
    if (std::strcmp(name, "vkCreateDevice") == 0)
        return reinterpret_cast<PFN_vkVoidFunction>(&foldingCreateDevice);
    return vkGetInstanceProcAddr(instance, name);
}

}  // namespace

Result<void> VulkanEnable2::onInstanceCreated(Instance& instance) {
    m_instance = &instance;
    XrInstance xr = instance.handle();
    auto requirements =
        loadFunction<PFN_xrGetVulkanGraphicsRequirements2KHR>(xr, "xrGetVulkanGraphicsRequirements2KHR");
    if (!requirements) return requirements.error();
    auto createInstance = loadFunction<PFN_xrCreateVulkanInstanceKHR>(xr, "xrCreateVulkanInstanceKHR");
    if (!createInstance) return createInstance.error();
    auto getDevice = loadFunction<PFN_xrGetVulkanGraphicsDevice2KHR>(xr, "xrGetVulkanGraphicsDevice2KHR");
    if (!getDevice) return getDevice.error();
    auto createDevice = loadFunction<PFN_xrCreateVulkanDeviceKHR>(xr, "xrCreateVulkanDeviceKHR");
    if (!createDevice) return createDevice.error();
    m_createInstance = *createInstance;
    m_getDevice = *getDevice;
    m_createDevice = *createDevice;

    // Must be asked before the Vulkan instance and the session are created.
    m_requirements = {XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    SKYHOOK_TRY(instance.check((*requirements)(xr, instance.system(), &m_requirements),
                               "xrGetVulkanGraphicsRequirements2KHR"));
    // The engine writes against Vulkan 1.3 (gpu/device.cpp asks for it).
    const XrVersion ours = XR_MAKE_VERSION(1, 3, 0);
    if (ours < XR_MAKE_VERSION(XR_VERSION_MAJOR(m_requirements.minApiVersionSupported),
                               XR_VERSION_MINOR(m_requirements.minApiVersionSupported), 0))
        return Error::make("the OpenXR runtime needs Vulkan {} or newer; Skyhook uses 1.3",
                           versionString(m_requirements.minApiVersionSupported));
    if (ours > XR_MAKE_VERSION(XR_VERSION_MAJOR(m_requirements.maxApiVersionSupported),
                               XR_VERSION_MINOR(m_requirements.maxApiVersionSupported), 0))
        log::info("xr", "the runtime was tested up to Vulkan {}; Skyhook uses 1.3",
                  versionString(m_requirements.maxApiVersionSupported));
    return {};
}

Result<VkInstance> VulkanEnable2::createInstance(const VkInstanceCreateInfo& info) {
    SKYHOOK_CHECK(m_instance && m_createInstance, "the XR instance must exist before the Vulkan instance");
    XrVulkanInstanceCreateInfoKHR xrInfo{.type = XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR,
                                         .systemId = m_instance->system(),
                                         .pfnGetInstanceProcAddr = &vkGetInstanceProcAddr,
                                         .vulkanCreateInfo = &info,
                                         .vulkanAllocator = nullptr};
    VkInstance vk = VK_NULL_HANDLE;
    VkResult vkResult = VK_SUCCESS;
    SKYHOOK_TRY(m_instance->check(m_createInstance(m_instance->handle(), &xrInfo, &vk, &vkResult),
                                  "xrCreateVulkanInstanceKHR"));
    SKYHOOK_TRY(gpu::vkCheck(vkResult, "vkCreateInstance (through xrCreateVulkanInstanceKHR)"));
    m_vkInstance = vk;
    return vk;
}

Result<VkPhysicalDevice> VulkanEnable2::choosePhysicalDevice(VkInstance instance) {
    SKYHOOK_CHECK(m_instance && m_getDevice, "the XR instance must exist before the Vulkan device");
    XrVulkanGraphicsDeviceGetInfoKHR info{.type = XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR,
                                          .systemId = m_instance->system(),
                                          .vulkanInstance = instance};
    VkPhysicalDevice physical = VK_NULL_HANDLE;
    SKYHOOK_TRY(m_instance->check(m_getDevice(m_instance->handle(), &info, &physical),
                                  "xrGetVulkanGraphicsDevice2KHR"));
    if (!physical) return Error::make("the OpenXR runtime named no Vulkan device for the headset");
    return physical;
}

Result<VkDevice> VulkanEnable2::createDevice(VkPhysicalDevice physical, const VkDeviceCreateInfo& info) {
    SKYHOOK_CHECK(m_instance && m_createDevice, "the XR instance must exist before the Vulkan device");
    XrVulkanDeviceCreateInfoKHR xrInfo{.type = XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR,
                                       .systemId = m_instance->system(),
                                       .pfnGetInstanceProcAddr = &interposedGetInstanceProcAddr,
                                       .vulkanPhysicalDevice = physical,
                                       .vulkanCreateInfo = &info,
                                       .vulkanAllocator = nullptr};
    VkDevice device = VK_NULL_HANDLE;
    VkResult vkResult = VK_SUCCESS;
    SKYHOOK_TRY(m_instance->check(m_createDevice(m_instance->handle(), &xrInfo, &device, &vkResult),
                                  "xrCreateVulkanDeviceKHR"));
    SKYHOOK_TRY(gpu::vkCheck(vkResult, "vkCreateDevice (through xrCreateVulkanDeviceKHR)"));
    return device;
}

void VulkanEnable2::setGraphicsBinding(const gpu::Device& device) {
    m_binding = {.type = XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR,
                 .instance = device.instance(),
                 .physicalDevice = device.physical(),
                 .device = device.vk(),
                 .queueFamilyIndex = device.queueFamily(),
                 .queueIndex = 0};
}

const void* VulkanEnable2::chainSessionCreateInfo(const void* next) {
    SKYHOOK_CHECK(m_binding.device != VK_NULL_HANDLE, "setGraphicsBinding() before creating the session");
    m_binding.next = next;
    return &m_binding;
}

}  // namespace skyhook::xr
