#pragma once
// Asynchronous uploads: data is copied into staging memory now and the copy commands are recorded into an
// upload command buffer that goes to the queue ahead of the next frame. The CPU never waits for an upload.
// Whoever submits the commands reports the submission with submitted(); only then are the batch's staging
// buffers retired, so another submission made in between (a one-shot at start-up, say) cannot free them
// early.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/resources.hpp"

namespace skyhook::gpu {

struct MipData {
    VkExtent2D extent{};
    std::span<const uint8_t> bytes;  // tightly packed
};

class Uploader {
public:
    explicit Uploader(Device& device);
    ~Uploader();
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    Result<void> buffer(Buffer& dst, VkDeviceSize offset, std::span<const uint8_t> bytes);
    // Copies the first `size` bytes of `src` into `dst` on the GPU (after this batch's earlier copies): how a
    // growing buffer moves to a larger one. `src` may be retired right after; its destruction waits for the
    // batch's submission.
    Result<void> copy(const Buffer& src, Buffer& dst, VkDeviceSize size);
    // Uploads every mip of a 2D image (layer 0) and leaves it in SHADER_READ_ONLY_OPTIMAL.
    Result<void> image(Image& dst, std::span<const MipData> mips);

    // The recorded upload commands, ended and ready to submit ahead of the frame (VK_NULL_HANDLE when none).
    // A final barrier makes the copies visible to every later command on the queue.
    VkCommandBuffer takeCommands();
    // The commands returned by takeCommands() went out in the submission numbered `timelineValue`.
    void submitted(uint64_t timelineValue);
    size_t pendingBytes() const { return m_pendingBytes; }

private:
    Result<void> ensureRecording();
    Result<Buffer> staging(std::span<const uint8_t> bytes);
    void ordered(VkBuffer dst, VkDeviceSize offset, VkDeviceSize size);

    Device& m_device;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    struct Pending {
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        uint64_t submission =
            0;  // 0 until submitted(); the command buffer is free once the timeline passes it
        std::vector<Buffer> staging;
    };
    std::vector<Pending> m_inFlight;
    VkCommandBuffer m_recording = VK_NULL_HANDLE;
    std::vector<Buffer> m_staging;  // of the batch being recorded
    // Buffer ranges this batch's copies wrote since its last barrier.
    std::unordered_map<VkBuffer, std::vector<std::pair<VkDeviceSize, VkDeviceSize>>> m_written;
    size_t m_pendingBytes = 0;
};

}  // namespace skyhook::gpu
