#pragma once
// The Vulkan device: instance, physical-device choice, logical device with the features Skyhook relies on,
// VMA memory, a timeline semaphore that numbers every submission, and frame-deferred destruction.
// Threading: create and use from the render thread; retire() and setName() are thread-safe.
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/vk.hpp"

VK_DEFINE_HANDLE(VmaAllocator)

namespace skyhook::gpu {

// Implemented outside gpu (e.g. by the xr module with XR_KHR_vulkan_enable2) so that a runtime can create the
// instance and device itself. gpu never includes OpenXR: it only sees this interface.
class DeviceCreationHooks {
public:
    virtual ~DeviceCreationHooks() = default;
    virtual Result<VkInstance> createInstance(const VkInstanceCreateInfo& info) = 0;
    // Returns VK_NULL_HANDLE to let the Device choose.
    virtual Result<VkPhysicalDevice> choosePhysicalDevice(VkInstance instance) = 0;
    virtual Result<VkDevice> createDevice(VkPhysicalDevice physical, const VkDeviceCreateInfo& info) = 0;
};

struct DeviceDesc {
    std::string appName = "skyhook";
    bool validation = false;                      // Khronos validation + synchronization validation
    std::string preferredDevice;                  // index ("1") or a substring of the name; empty = best
    std::vector<std::string> instanceExtensions;  // e.g. from the platform's surface factory
    bool swapchain = false;                       // enable VK_KHR_swapchain
    DeviceCreationHooks* hooks = nullptr;
};

struct DeviceInfo {
    std::string name;
    std::string driver;
    std::string type;  // "discrete", "integrated", "cpu", ...
    uint32_t apiVersion = 0;
    uint32_t vendorId = 0;
    uint32_t deviceId = 0;
    uint8_t pipelineCacheUuid[VK_UUID_SIZE] = {};
    float timestampPeriodNs = 1.0f;
    uint64_t maxStorageBufferRange = 0;
    uint32_t maxImageDimension2D = 0;
    uint32_t maxPushConstantsSize = 0;
    // VK_EXT_mesh_shader with task and mesh shaders, enabled on the device when the driver offers it; the
    // limits below are valid only then.
    bool meshShader = false;
    uint32_t maxTaskWorkGroupCount[3] = {};
    uint32_t maxTaskWorkGroupTotalCount = 0;
    uint32_t maxTaskWorkGroupInvocations = 0;
    uint32_t maxTaskPayloadSize = 0;
    uint32_t maxMeshWorkGroupInvocations = 0;
    uint32_t maxMeshOutputVertices = 0;
    uint32_t maxMeshOutputPrimitives = 0;
    PFN_vkCmdDrawMeshTasksIndirectCountEXT cmdDrawMeshTasksIndirectCount = nullptr;  // with meshShader
    VkSampleCountFlags colorSampleCounts = VK_SAMPLE_COUNT_1_BIT;
};

// What the physical devices offer, for `skyhook info` and --device.
struct PhysicalDeviceSummary {
    uint32_t index = 0;
    std::string name;
    std::string type;
    uint32_t apiVersion = 0;
    bool suitable = false;
    std::string whyNot;  // the first missing feature when not suitable
};
Result<std::vector<PhysicalDeviceSummary>> listPhysicalDevices();

class Device {
public:
    static Result<std::unique_ptr<Device>> create(const DeviceDesc& desc);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    VkInstance instance() const { return m_instance; }
    VkPhysicalDevice physical() const { return m_physical; }
    VkDevice vk() const { return m_device; }
    VkQueue queue() const { return m_queue; }
    uint32_t queueFamily() const { return m_queueFamily; }
    VmaAllocator allocator() const { return m_allocator; }
    const DeviceInfo& info() const { return m_info; }

    // Names an object for validation messages and capture tools (vkSetDebugUtilsObjectNameEXT).
    void setName(VkObjectType type, uint64_t handle, const std::string& name) const;
    template <class T>
    void setName(T handle, VkObjectType type, const std::string& name) const {
        setName(type, reinterpret_cast<uint64_t>(handle), name);
    }

    // --- submissions and frame-deferred destruction -------------------------------------------------
    // Every submission signals the timeline semaphore with the next value.
    VkSemaphore timeline() const { return m_timeline; }
    uint64_t lastSubmittedValue() const { return m_lastSubmitted.load(); }
    uint64_t completedValue() const;
    // Submits command buffers, waiting on `waits` (binary or timeline) and signalling the timeline and
    // `extraSignals`. Returns the timeline value that marks its completion.
    struct Wait {
        VkSemaphore semaphore = VK_NULL_HANDLE;
        uint64_t value = 0;  // for timeline semaphores
        VkPipelineStageFlags2 stages = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    };
    Result<uint64_t> submit(std::span<const VkCommandBuffer> cmds, std::span<const Wait> waits = {},
                            std::span<const VkSemaphore> extraSignals = {});
    // Blocks until the timeline reaches `value` (frame pacing; never the whole device). The timeout catches a
    // hung device, not a slow frame: a first frame may compile every shader in the driver, which on a CPU
    // rasterizer sharing its cores takes seconds.
    Result<void> waitFor(uint64_t value, uint64_t timeoutNs = 30'000'000'000ull) const;

    // Queues `destroy` to run once every submission made so far has completed.
    void retire(std::function<void()> destroy);
    // Runs the retired destructors whose submissions have completed. Call once a frame.
    void collect();
    size_t pendingRetirements() const;

    // Validation messages seen (warnings and errors). Tests fail when it is not zero.
    uint64_t validationMessages() const { return m_validationMessages; }
    void countValidationMessage() { ++m_validationMessages; }

    // Waits for the device to finish: shutdown and tests only, never in the steady state.
    void waitIdle() const;
    // Shutdown: waits for the device and runs every retired destructor now (before a surface or other
    // owner of retired objects goes away).
    void drain();

private:
    Device() = default;
    Result<void> init(const DeviceDesc& desc);

    VkInstance m_instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT m_messenger = VK_NULL_HANDLE;
    VkPhysicalDevice m_physical = VK_NULL_HANDLE;
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    uint32_t m_queueFamily = 0;
    VmaAllocator m_allocator = VK_NULL_HANDLE;
    VkSemaphore m_timeline = VK_NULL_HANDLE;
    std::atomic<uint64_t> m_lastSubmitted{0};
    DeviceInfo m_info;
    bool m_debugUtils = false;
    std::atomic<uint64_t> m_validationMessages{0};

    struct Retired {
        uint64_t value = 0;
        std::function<void()> destroy;
    };
    mutable std::mutex m_retireMutex;
    std::deque<Retired> m_retired;
};

}  // namespace skyhook::gpu
