#include "engine/gpu/upload.hpp"

#include <cstring>
#include <utility>

#include "engine/gpu/barrier.hpp"

namespace skyhook::gpu {

Uploader::Uploader(Device& device) : m_device(device) {
    VkCommandPoolCreateInfo info{.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                 .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
                                 .queueFamilyIndex = device.queueFamily()};
    SKYHOOK_VK_CHECK(vkCreateCommandPool(device.vk(), &info, nullptr, &m_pool));
    device.setName(m_pool, VK_OBJECT_TYPE_COMMAND_POOL, "upload.pool");
}

Uploader::~Uploader() {
    if (m_recording) {
        vkEndCommandBuffer(m_recording);
        m_inFlight.push_back({m_recording, 0, std::move(m_staging)});
    }
    VkDevice d = m_device.vk();
    m_device.retire([d, p = m_pool] { vkDestroyCommandPool(d, p, nullptr); });
}

Result<void> Uploader::ensureRecording() {
    if (m_recording) return {};
    // Reuse a command buffer whose submission has completed.
    uint64_t done = m_device.completedValue();
    for (size_t i = 0; i < m_inFlight.size(); ++i) {
        if (m_inFlight[i].submission != 0 && m_inFlight[i].submission <= done) {
            m_recording = m_inFlight[i].cmd;
            m_inFlight.erase(m_inFlight.begin() + static_cast<long>(i));
            SKYHOOK_VK_TRY(vkResetCommandBuffer(m_recording, 0));
            break;
        }
    }
    if (!m_recording) {
        VkCommandBufferAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                          .commandPool = m_pool,
                                          .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                          .commandBufferCount = 1};
        SKYHOOK_VK_TRY(vkAllocateCommandBuffers(m_device.vk(), &alloc, &m_recording));
        m_device.setName(m_recording, VK_OBJECT_TYPE_COMMAND_BUFFER, "upload.cmd");
    }
    VkCommandBufferBeginInfo bi{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    SKYHOOK_VK_TRY(vkBeginCommandBuffer(m_recording, &bi));
    // Mid-show uploads patch buffers earlier frames read (or copied into): those frames may still run on
    // the queue when this batch starts, so its copies wait for them.
    memoryBarrier(m_recording, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_WRITE_BIT,
                  VK_PIPELINE_STAGE_2_COPY_BIT,
                  VK_ACCESS_2_TRANSFER_READ_BIT | VK_ACCESS_2_TRANSFER_WRITE_BIT);
    return {};
}

Result<Buffer> Uploader::staging(std::span<const uint8_t> bytes) {
    auto buf = Buffer::create(m_device, {.debugName = "upload.staging",
                                         .size = std::max<VkDeviceSize>(bytes.size(), 4),
                                         .usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                         .memory = MemoryUsage::Upload});
    if (!buf) return buf.error();
    std::memcpy(buf->mapped(), bytes.data(), bytes.size());
    buf->flush();
    m_pendingBytes += bytes.size();
    return buf;
}

Result<void> Uploader::buffer(Buffer& dst, VkDeviceSize offset, std::span<const uint8_t> bytes) {
    if (bytes.empty()) return {};
    SKYHOOK_CHECK(offset + bytes.size() <= dst.size(), "upload of {} bytes at {} overflows a {}-byte buffer",
                  bytes.size(), offset, dst.size());
    SKYHOOK_TRY(ensureRecording());
    auto src = staging(bytes);
    if (!src) return src.error();
    ordered(dst.vk(), offset, bytes.size());
    VkBufferCopy region{.srcOffset = 0, .dstOffset = offset, .size = bytes.size()};
    vkCmdCopyBuffer(m_recording, src->vk(), dst.vk(), 1, &region);
    m_staging.push_back(std::move(*src));
    return {};
}

Result<void> Uploader::copy(const Buffer& src, Buffer& dst, VkDeviceSize size) {
    if (size == 0) return {};
    SKYHOOK_CHECK(size <= src.size() && size <= dst.size(), "copy of {} bytes between buffers of {} and {}",
                  size, src.size(), dst.size());
    SKYHOOK_TRY(ensureRecording());
    // The source may have been written by a copy earlier in this batch.
    memoryBarrier(m_recording, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                  VK_PIPELINE_STAGE_2_COPY_BIT,
                  VK_ACCESS_2_TRANSFER_READ_BIT | VK_ACCESS_2_TRANSFER_WRITE_BIT);
    m_written.clear();
    m_written[dst.vk()].push_back({0, size});
    VkBufferCopy region{.srcOffset = 0, .dstOffset = 0, .size = size};
    vkCmdCopyBuffer(m_recording, src.vk(), dst.vk(), 1, &region);
    return {};
}

void Uploader::ordered(VkBuffer dst, VkDeviceSize offset, VkDeviceSize size) {
    // Copies in one batch run unordered: a second write to the same bytes (a record patched twice before a
    // frame goes out) must wait for the first.
    auto it = m_written.find(dst);
    if (it != m_written.end())
        for (const auto& [begin, end] : it->second)
            if (offset < end && begin < offset + size) {
                memoryBarrier(m_recording, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                              VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
                m_written.clear();
                break;
            }
    m_written[dst].push_back({offset, offset + size});
}

void Uploader::submitted(uint64_t timelineValue) {
    for (Pending& p : m_inFlight)
        if (p.submission == 0) {
            p.submission = timelineValue;
            p.staging.clear();  // retired now: freed once a submission after this one completes
        }
}

Result<void> Uploader::image(Image& dst, std::span<const MipData> mips) {
    SKYHOOK_CHECK(mips.size() <= dst.desc().mipLevels, "{} mips for an image with {}", mips.size(),
                  dst.desc().mipLevels);
    SKYHOOK_TRY(ensureRecording());
    size_t total = 0;
    for (const MipData& m : mips) total += m.bytes.size();
    std::vector<uint8_t> packed;
    packed.reserve(total);
    std::vector<VkBufferImageCopy> regions;
    for (uint32_t i = 0; i < mips.size(); ++i) {
        regions.push_back({.bufferOffset = packed.size(),
                           .imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, i, 0, 1},
                           .imageExtent = {mips[i].extent.width, mips[i].extent.height, 1}});
        packed.insert(packed.end(), mips[i].bytes.begin(), mips[i].bytes.end());
    }
    auto src = staging(packed);
    if (!src) return src.error();
    VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, dst.desc().mipLevels, 0, dst.desc().layers};
    VkImageMemoryBarrier2 toDst{.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2,
                                .srcStageMask = VK_PIPELINE_STAGE_2_NONE,
                                .dstStageMask = VK_PIPELINE_STAGE_2_COPY_BIT,
                                .dstAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                .oldLayout = VK_IMAGE_LAYOUT_UNDEFINED,
                                .newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                .image = dst.vk(),
                                .subresourceRange = range};
    VkDependencyInfo dep{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO,
                         .imageMemoryBarrierCount = 1,
                         .pImageMemoryBarriers = &toDst};
    vkCmdPipelineBarrier2(m_recording, &dep);
    vkCmdCopyBufferToImage(m_recording, src->vk(), dst.vk(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                           static_cast<uint32_t>(regions.size()), regions.data());
    VkImageMemoryBarrier2 toRead{
        .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2,
        .srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT,
        .srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT,
        .dstStageMask = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
        .dstAccessMask = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
        .oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
        .newLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
        .image = dst.vk(),
        .subresourceRange = range};
    dep.pImageMemoryBarriers = &toRead;
    vkCmdPipelineBarrier2(m_recording, &dep);
    m_staging.push_back(std::move(*src));
    return {};
}

VkCommandBuffer Uploader::takeCommands() {
    if (!m_recording) return VK_NULL_HANDLE;
    transferToAll(m_recording);
    SKYHOOK_VK_CHECK(vkEndCommandBuffer(m_recording));
    VkCommandBuffer cmd = m_recording;
    m_recording = VK_NULL_HANDLE;
    // It goes out with the next submission.
    m_inFlight.push_back({cmd, 0, std::move(m_staging)});
    m_staging.clear();
    m_written.clear();
    m_pendingBytes = 0;
    return cmd;
}

}  // namespace skyhook::gpu
