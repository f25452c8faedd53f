#pragma once
// Fixture of the device tests: a validated Device per test (Khronos validation + synchronization
// validation), and a check at the end that no validation message was reported — counted by the Device and,
// for messages while it is destroyed (leaks), by a log sink that outlives it.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/core/log.hpp"
#include "engine/gpu/barrier.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/resources.hpp"

namespace skyhook::gpu::test {

// Whether the loader sees any Vulkan device at all (tests skip only when it does not).
inline bool anyVulkanDevice() {
    VkApplicationInfo app{.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .apiVersion = VK_API_VERSION_1_3};
    VkInstanceCreateInfo info{.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app};
    VkInstance instance = VK_NULL_HANDLE;
    if (vkCreateInstance(&info, nullptr, &instance) != VK_SUCCESS) return false;
    uint32_t n = 0;
    vkEnumeratePhysicalDevices(instance, &n, nullptr);
    vkDestroyInstance(instance, nullptr);
    return n > 0;
}

class GpuTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_sink = log::addSink([this](log::Level level, std::string_view module, std::string_view message) {
            std::lock_guard lock(m_mutex);
            if (module == "vulkan" && level >= log::Level::Warn) m_vulkanMessages.emplace_back(message);
            m_messages.emplace_back(std::string(module) + ": " + std::string(message));
        });
        if (!anyVulkanDevice())
            GTEST_SKIP() << "no Vulkan device at all (install mesa-vulkan-drivers for lavapipe)";
        auto d = Device::create({.appName = "test_gpu_unit", .validation = true});
        ASSERT_TRUE(d.ok()) << d.error().message;
        device = std::move(*d);
    }

    void TearDown() override {
        if (device) {
            device->waitIdle();
            device->collect();
            EXPECT_EQ(device->validationMessages(), 0u);
            device.reset();
        }
        std::lock_guard lock(m_mutex);
        EXPECT_TRUE(m_vulkanMessages.empty()) << "validation: " << m_vulkanMessages.front();
        log::removeSink(m_sink);
    }

    // Log lines seen so far ("module: message").
    std::vector<std::string> messages() {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }
    bool logged(const std::string& part) {
        for (const std::string& m : messages())
            if (m.find(part) != std::string::npos) return true;
        return false;
    }

    // Submits `cmd` (ended) and waits for it: test code only.
    uint64_t submitAndWait(VkCommandBuffer cmd) {
        auto v = device->submit(std::span<const VkCommandBuffer>(&cmd, cmd ? 1 : 0));
        EXPECT_TRUE(v.ok());
        if (!v) return 0;
        auto w = device->waitFor(*v);
        EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().message);
        return *v;
    }

    Buffer readbackBuffer(VkDeviceSize size, const std::string& name = "test.readback") {
        auto b = Buffer::create(*device, {.debugName = name,
                                          .size = size,
                                          .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                          .memory = MemoryUsage::Readback});
        EXPECT_TRUE(b.ok());
        return b.ok() ? std::move(*b) : Buffer{};
    }

    std::unique_ptr<Device> device;

private:
    std::mutex m_mutex;
    std::vector<std::string> m_vulkanMessages;
    std::vector<std::string> m_messages;
    int m_sink = -1;
};

using gpu::transferToHost;

}  // namespace skyhook::gpu::test
