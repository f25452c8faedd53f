#pragma once
// Frames in flight: each slot owns a command pool and remembers the timeline value of its submission, so a
// slot is reused only after the GPU finished it. GPU timestamps are recorded per pass and read back without
// waiting once the slot comes round again.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"

namespace skyhook::gpu {

struct PassTiming {
    std::string name;
    double milliseconds = 0.0;
};

// Per-pass GPU timestamps for one frame slot. The pool is oversized (lavapipe crashes on a pool sized
// exactly 2 after a multiview pass; see shared platform notes).
class GpuTimer {
public:
    static constexpr uint32_t kMaxQueries = 128;
    Result<void> init(Device& device, const std::string& name);
    void destroy(Device& device);
    void reset(Device& device);  // host reset at frame start (the previous use has completed)
    // Returns a token for end(); when the pool is full the scope is not timed.
    uint32_t begin(VkCommandBuffer cmd, const std::string& name);
    void end(VkCommandBuffer cmd, uint32_t token);
    // Reads results of the frame that used this slot last (call after its submission completed).
    std::vector<PassTiming> read(Device& device) const;

private:
    VkQueryPool m_pool = VK_NULL_HANDLE;
    std::vector<std::string> m_names;  // one per begin(); query 2i = begin, 2i+1 = end
    uint32_t m_used = 0;
};

struct FrameSlot {
    VkCommandPool pool = VK_NULL_HANDLE;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    uint64_t submittedValue = 0;
    GpuTimer timer;
    std::vector<PassTiming> lastTimings;  // from this slot's previous frame
};

class FrameRing {
public:
    static constexpr uint32_t kFramesInFlight = 2;
    Result<void> init(Device& device);
    ~FrameRing();

    // Waits for the slot's previous frame (pacing), collects retired objects, begins the command buffer.
    Result<FrameSlot*> begin();
    // Ends and submits the frame's command buffer after `before` (e.g. the upload commands).
    Result<uint64_t> submit(std::span<const VkCommandBuffer> before = {},
                            std::span<const Device::Wait> waits = {},
                            std::span<const VkSemaphore> signals = {});
    FrameSlot& current() { return m_slots[m_index]; }
    uint64_t frameNumber() const { return m_frameNumber; }
    // Timings of the most recent frame whose results are available.
    const std::vector<PassTiming>& latestTimings() const { return m_latest; }

private:
    Device* m_device = nullptr;
    FrameSlot m_slots[kFramesInFlight];
    uint32_t m_index = 0;
    uint64_t m_frameNumber = 0;
    std::vector<PassTiming> m_latest;
};

// Short-lived command buffer for work outside a frame (tests, start-up). Submits without waiting.
class OneShot {
public:
    explicit OneShot(Device& device);
    ~OneShot();
    VkCommandBuffer cmd() const { return m_cmd; }
    Result<uint64_t> submit();

private:
    Device& m_device;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    VkCommandBuffer m_cmd = VK_NULL_HANDLE;
};

}  // namespace skyhook::gpu
