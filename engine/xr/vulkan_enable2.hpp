#pragma once
// XR_KHR_vulkan_enable2 (required): the runtime creates the Vulkan instance and device on the engine's behalf
// (so it can add what its compositor needs) and picks the physical device that drives the headset. It does so
// through gpu::DeviceCreationHooks: the gpu module still decides its own layers, features and extensions and
// hands its create infos here; it never sees OpenXR. The module also chains the session's Vulkan graphics
// binding (XrGraphicsBindingVulkan2KHR). hello_xr's handshake: graphics requirements, then instance,
// physical device, device, then the session.
#include "engine/gpu/device.hpp"
#include "engine/xr/extension.hpp"

namespace skyhook::xr {

class VulkanEnable2 final : public ExtensionModule, public gpu::DeviceCreationHooks {
public:
    const char* moduleName() const override { return "vulkan_enable2"; }
    std::vector<ExtensionRequest> requests() const override {
        return {{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, true}};
    }
    Result<void> onInstanceCreated(Instance& instance) override;
    void onInstanceDestroying(Instance&) override { m_instance = nullptr; }
    const void* chainSessionCreateInfo(const void* next) override;

    // gpu::DeviceCreationHooks
    Result<VkInstance> createInstance(const VkInstanceCreateInfo& info) override;
    Result<VkPhysicalDevice> choosePhysicalDevice(VkInstance instance) override;
    Result<VkDevice> createDevice(VkPhysicalDevice physical, const VkDeviceCreateInfo& info) override;

    // The device the session renders with (call before creating the session).
    void setGraphicsBinding(const gpu::Device& device);
    // The Vulkan versions the runtime accepts (XrGraphicsRequirementsVulkan2KHR).
    XrVersion minApiVersion() const { return m_requirements.minApiVersionSupported; }
    XrVersion maxApiVersion() const { return m_requirements.maxApiVersionSupported; }

private:
    Instance* m_instance = nullptr;
    XrGraphicsRequirementsVulkan2KHR m_requirements{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    PFN_xrCreateVulkanInstanceKHR m_createInstance = nullptr;
    PFN_xrGetVulkanGraphicsDevice2KHR m_getDevice = nullptr;
    PFN_xrCreateVulkanDeviceKHR m_createDevice = nullptr;
    VkInstance m_vkInstance = VK_NULL_HANDLE;
    XrGraphicsBindingVulkan2KHR m_binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
};

}  // namespace skyhook::xr
