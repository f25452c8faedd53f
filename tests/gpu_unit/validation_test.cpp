// The fixture's "no validation message" check is only worth something if messages are reported: a
// deliberate synchronization hazard must be counted.
#include "tests/gpu_unit/gpu_test.hpp"

namespace skyhook::gpu::test {
namespace {

TEST(GpuValidation, SynchronizationHazardIsCounted) {
    if (!anyVulkanDevice())
        GTEST_SKIP() << "no Vulkan device at all (install mesa-vulkan-drivers for lavapipe)";
    log::setStderr(false);
    auto device = Device::create({.appName = "test_gpu_unit.canary", .validation = true});
    ASSERT_TRUE(device.ok()) << device.error().message;
    Device& d = **device;
    {
        auto buffer = Buffer::create(
            d, {.debugName = "canary", .size = 256, .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT});
        ASSERT_TRUE(buffer.ok());
        VkCommandPoolCreateInfo poolInfo{.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                         .queueFamilyIndex = d.queueFamily()};
        VkCommandPool pool = VK_NULL_HANDLE;
        ASSERT_EQ(vkCreateCommandPool(d.vk(), &poolInfo, nullptr, &pool), VK_SUCCESS);
        VkCommandBufferAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                          .commandPool = pool,
                                          .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                          .commandBufferCount = 1};
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        ASSERT_EQ(vkAllocateCommandBuffers(d.vk(), &alloc, &cmd), VK_SUCCESS);
        VkCommandBufferBeginInfo bi{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        ASSERT_EQ(vkBeginCommandBuffer(cmd, &bi), VK_SUCCESS);
        // Two writes of the same bytes with no barrier between them: WRITE_AFTER_WRITE.
        vkCmdFillBuffer(cmd, buffer->vk(), 0, 256, 1);
        vkCmdFillBuffer(cmd, buffer->vk(), 0, 256, 2);
        vkEndCommandBuffer(cmd);
        EXPECT_GT(d.validationMessages(), 0u)
            << "validation layers are not reporting: the GPU tests prove nothing";
        d.waitIdle();
        vkDestroyCommandPool(d.vk(), pool, nullptr);
    }
    device->reset();
    log::setStderr(true);
}

}  // namespace
}  // namespace skyhook::gpu::test
