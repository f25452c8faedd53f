#include <vulkan/vulkan.h>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/gpu/device.hpp"
#include "shaders/shaders.hpp"

namespace skyhook::app {

int runInfo(const CommonOptions& common) {
    fmt::print("skyhook {}\n", SKYHOOK_VERSION);
    uint32_t loader = 0;
    vkEnumerateInstanceVersion(&loader);
    fmt::print("Vulkan loader {}.{}.{}, headers {}.{}.{}\n", VK_API_VERSION_MAJOR(loader),
               VK_API_VERSION_MINOR(loader), VK_API_VERSION_PATCH(loader),
               VK_API_VERSION_MAJOR(VK_HEADER_VERSION_COMPLETE),
               VK_API_VERSION_MINOR(VK_HEADER_VERSION_COMPLETE), VK_HEADER_VERSION);
    auto devices = gpu::listPhysicalDevices();
    if (!devices) return fail(kExitGpu, devices.error().message);
    fmt::print("devices:\n");
    for (const auto& d : *devices)
        fmt::print("  [{}] {} ({}), Vulkan {}.{}.{}: {}\n", d.index, d.name, d.type,
                   VK_API_VERSION_MAJOR(d.apiVersion), VK_API_VERSION_MINOR(d.apiVersion),
                   VK_API_VERSION_PATCH(d.apiVersion),
                   d.suitable ? "suitable" : "unsuitable (lacks " + d.whyNot + ")");
    auto device = gpu::Device::create({.validation = common.validation, .preferredDevice = common.device});
    if (!device) return fail(kExitGpu, device.error().message);
    const gpu::DeviceInfo& i = (*device)->info();
    fmt::print("selected: {} ({})\n  driver: {}\n", i.name, i.type, i.driver);
    fmt::print("  maxStorageBufferRange {} MiB, maxImageDimension2D {}, push constants {} bytes\n",
               i.maxStorageBufferRange >> 20, i.maxImageDimension2D, i.maxPushConstantsSize);
    fmt::print(
        "  features: dynamic rendering, synchronization2, timeline semaphores, descriptor indexing, "
        "buffer device address, multiview, draw indirect count{}\n",
        i.meshShader ? ", mesh shaders" : "");
    if (i.meshShader)
        fmt::print(
            "  task/mesh shaders: task workgroups up to {} x {} x {} ({} in all), mesh outputs up to {} "
            "vertices and {} primitives (the default draw path)\n",
            i.maxTaskWorkGroupCount[0], i.maxTaskWorkGroupCount[1], i.maxTaskWorkGroupCount[2],
            i.maxTaskWorkGroupTotalCount, i.maxMeshOutputVertices, i.maxMeshOutputPrimitives);
    fmt::print("  MSAA sample counts: {:#x}, timestamp period {} ns\n", i.colorSampleCounts,
               i.timestampPeriodNs);
    fmt::print("embedded shaders: {}\n", shaders::names().size());
    return kExitOk;
}

}  // namespace skyhook::app
