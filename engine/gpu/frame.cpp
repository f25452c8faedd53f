#include "engine/gpu/frame.hpp"

namespace skyhook::gpu {

Result<void> GpuTimer::init(Device& device, const std::string& name) {
    VkQueryPoolCreateInfo info{.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
                               .queryType = VK_QUERY_TYPE_TIMESTAMP,
                               .queryCount = kMaxQueries};
    SKYHOOK_VK_TRY(vkCreateQueryPool(device.vk(), &info, nullptr, &m_pool));
    device.setName(m_pool, VK_OBJECT_TYPE_QUERY_POOL, name);
    vkResetQueryPool(device.vk(), m_pool, 0, kMaxQueries);
    return {};
}

void GpuTimer::destroy(Device& device) {
    if (m_pool) vkDestroyQueryPool(device.vk(), m_pool, nullptr);
    m_pool = VK_NULL_HANDLE;
}

void GpuTimer::reset(Device& device) {
    vkResetQueryPool(device.vk(), m_pool, 0, kMaxQueries);
    m_names.clear();
    m_used = 0;
}

uint32_t GpuTimer::begin(VkCommandBuffer cmd, const std::string& name) {
    if (m_used + 2 > kMaxQueries) return UINT32_MAX;
    uint32_t token = m_used / 2;
    m_names.push_back(name);
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT, m_pool, m_used);
    m_used += 2;
    return token;
}

void GpuTimer::end(VkCommandBuffer cmd, uint32_t token) {
    if (token == UINT32_MAX) return;
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_BOTTOM_OF_PIPE_BIT, m_pool, token * 2 + 1);
}

std::vector<PassTiming> GpuTimer::read(Device& device) const {
    std::vector<PassTiming> out;
    if (m_used == 0) return out;
    std::vector<uint64_t> values(m_used * 2);  // value + availability
    vkGetQueryPoolResults(device.vk(), m_pool, 0, m_used, values.size() * sizeof(uint64_t), values.data(),
                          2 * sizeof(uint64_t),
                          VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WITH_AVAILABILITY_BIT);
    for (uint32_t i = 0; i < m_used / 2; ++i) {
        uint64_t b = values[4 * i], bAvail = values[4 * i + 1], e = values[4 * i + 2],
                 eAvail = values[4 * i + 3];
        if (!bAvail || !eAvail || e < b) continue;
        out.push_back({m_names[i], double(e - b) * device.info().timestampPeriodNs * 1e-6});
    }
    return out;
}

Result<void> FrameRing::init(Device& device) {
    m_device = &device;
    for (uint32_t i = 0; i < kFramesInFlight; ++i) {
        FrameSlot& s = m_slots[i];
        VkCommandPoolCreateInfo poolInfo{.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                         .flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT,
                                         .queueFamilyIndex = device.queueFamily()};
        SKYHOOK_VK_TRY(vkCreateCommandPool(device.vk(), &poolInfo, nullptr, &s.pool));
        device.setName(s.pool, VK_OBJECT_TYPE_COMMAND_POOL, fmt::format("frame{}.pool", i));
        VkCommandBufferAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                          .commandPool = s.pool,
                                          .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                          .commandBufferCount = 1};
        SKYHOOK_VK_TRY(vkAllocateCommandBuffers(device.vk(), &alloc, &s.cmd));
        device.setName(s.cmd, VK_OBJECT_TYPE_COMMAND_BUFFER, fmt::format("frame{}.cmd", i));
        SKYHOOK_TRY(s.timer.init(device, fmt::format("frame{}.timestamps", i)));
    }
    return {};
}

FrameRing::~FrameRing() {
    if (!m_device) return;
    for (FrameSlot& s : m_slots) {
        if (s.submittedValue) (void)m_device->waitFor(s.submittedValue);  // shutdown only
        s.timer.destroy(*m_device);
        if (s.pool) vkDestroyCommandPool(m_device->vk(), s.pool, nullptr);
    }
}

Result<FrameSlot*> FrameRing::begin() {
    FrameSlot& s = m_slots[m_index];
    if (s.submittedValue) {
        SKYHOOK_TRY(m_device->waitFor(s.submittedValue));
        s.lastTimings = s.timer.read(*m_device);
        m_latest = s.lastTimings;
    }
    m_device->collect();
    s.timer.reset(*m_device);
    SKYHOOK_VK_TRY(vkResetCommandPool(m_device->vk(), s.pool, 0));
    VkCommandBufferBeginInfo bi{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    SKYHOOK_VK_TRY(vkBeginCommandBuffer(s.cmd, &bi));
    return &s;
}

Result<uint64_t> FrameRing::submit(std::span<const VkCommandBuffer> before,
                                   std::span<const Device::Wait> waits,
                                   std::span<const VkSemaphore> signals) {
    FrameSlot& s = m_slots[m_index];
    SKYHOOK_VK_TRY(vkEndCommandBuffer(s.cmd));
    std::vector<VkCommandBuffer> cmds(before.begin(), before.end());
    cmds.push_back(s.cmd);
    auto value = m_device->submit(cmds, waits, signals);
    if (!value) return value.error();
    s.submittedValue = *value;
    m_index = (m_index + 1) % kFramesInFlight;
    ++m_frameNumber;
    return *value;
}

OneShot::OneShot(Device& device) : m_device(device) {
    VkCommandPoolCreateInfo poolInfo{.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                     .flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT,
                                     .queueFamilyIndex = device.queueFamily()};
    SKYHOOK_VK_CHECK(vkCreateCommandPool(device.vk(), &poolInfo, nullptr, &m_pool));
    VkCommandBufferAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                      .commandPool = m_pool,
                                      .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                      .commandBufferCount = 1};
    SKYHOOK_VK_CHECK(vkAllocateCommandBuffers(device.vk(), &alloc, &m_cmd));
    VkCommandBufferBeginInfo bi{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    SKYHOOK_VK_CHECK(vkBeginCommandBuffer(m_cmd, &bi));
}

OneShot::~OneShot() {
    VkDevice d = m_device.vk();
    m_device.retire([d, p = m_pool] { vkDestroyCommandPool(d, p, nullptr); });
}

Result<uint64_t> OneShot::submit() {
    SKYHOOK_VK_TRY(vkEndCommandBuffer(m_cmd));
    return m_device.submit(std::span<const VkCommandBuffer>(&m_cmd, 1));
}

}  // namespace skyhook::gpu
