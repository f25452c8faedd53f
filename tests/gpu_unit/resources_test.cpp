// Buffers, images, uploads, readback, frame-deferred destruction and the frame ring on a real device.
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "engine/gpu/frame.hpp"
#include "engine/gpu/readback.hpp"
#include "engine/gpu/upload.hpp"
#include "tests/gpu_unit/gpu_test.hpp"

namespace skyhook::gpu::test {
namespace {

std::vector<uint8_t> pattern(size_t n, uint32_t seed) {
    std::vector<uint8_t> out(n);
    uint32_t x = seed;
    for (auto& b : out) {
        x = x * 1664525u + 1013904223u;
        b = uint8_t(x >> 24);
    }
    return out;
}

TEST_F(GpuTest, BufferUploadThenCopyBackMatches) {
    auto dst =
        Buffer::create(*device, {.debugName = "test.dst",
                                 .size = 4096,
                                 .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                 .memory = MemoryUsage::GpuOnly});
    ASSERT_TRUE(dst.ok());
    const std::vector<uint8_t> a = pattern(3000, 1), b = pattern(500, 2);
    Uploader up(*device);
    ASSERT_TRUE(up.buffer(*dst, 256, a).ok());
    ASSERT_TRUE(up.buffer(*dst, 3500, b).ok());
    EXPECT_EQ(up.pendingBytes(), 3500u);
    VkCommandBuffer uploads = up.takeCommands();
    ASSERT_NE(uploads, VK_NULL_HANDLE);
    EXPECT_EQ(up.pendingBytes(), 0u);
    EXPECT_EQ(up.takeCommands(), VK_NULL_HANDLE);  // nothing new recorded

    Buffer host = readbackBuffer(4096);
    OneShot copy(*device);
    VkBufferCopy region{.srcOffset = 0, .dstOffset = 0, .size = 4096};
    vkCmdCopyBuffer(copy.cmd(), dst->vk(), host.vk(), 1, &region);
    transferToHost(copy.cmd());
    // The upload goes to the queue ahead of the copy, as it goes ahead of a frame.
    auto first = device->submit(std::span<const VkCommandBuffer>(&uploads, 1));
    ASSERT_TRUE(first.ok());
    up.submitted(*first);
    auto second = copy.submit();
    ASSERT_TRUE(second.ok());
    EXPECT_GT(*second, *first);
    ASSERT_TRUE(device->waitFor(*second).ok());
    host.invalidate();
    const uint8_t* got = static_cast<const uint8_t*>(host.mapped());
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(std::memcmp(got + 256, a.data(), a.size()), 0);
    EXPECT_EQ(std::memcmp(got + 3500, b.data(), b.size()), 0);
}

// Another submission (a one-shot at start-up, say) may complete before the upload commands are submitted: the
// staging memory must survive it until the upload's own submission completes.
TEST_F(GpuTest, StagingSurvivesSubmissionsMadeBeforeTheUpload) {
    auto dst = Buffer::create(*device,
                              {.debugName = "test.dst",
                               .size = 1 << 16,
                               .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT});
    ASSERT_TRUE(dst.ok());
    const std::vector<uint8_t> bytes = pattern(1 << 16, 7);
    Uploader up(*device);
    ASSERT_TRUE(up.buffer(*dst, 0, bytes).ok());
    VkCommandBuffer uploads = up.takeCommands();
    submitAndWait(VK_NULL_HANDLE);  // an unrelated submission completes first
    device->collect();
    EXPECT_EQ(device->pendingRetirements(), 0u) << "nothing of the upload was retired yet";
    up.submitted(submitAndWait(uploads));
    EXPECT_GT(device->pendingRetirements(), 0u)
        << "the staging buffer is retired once its upload is submitted";
    Buffer host = readbackBuffer(bytes.size());
    OneShot copy(*device);
    VkBufferCopy region{.size = bytes.size()};
    vkCmdCopyBuffer(copy.cmd(), dst->vk(), host.vk(), 1, &region);
    transferToHost(copy.cmd());
    auto v = copy.submit();
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(device->waitFor(*v).ok());
    host.invalidate();
    EXPECT_EQ(std::memcmp(host.mapped(), bytes.data(), bytes.size()), 0);
}

TEST_F(GpuTest, UploaderReusesItsCommandBufferAfterCompletion) {
    auto dst = Buffer::create(*device,
                              {.debugName = "test.dst",
                               .size = 64,
                               .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT});
    ASSERT_TRUE(dst.ok());
    Uploader up(*device);
    Buffer host = readbackBuffer(64);
    VkCommandBuffer previous = VK_NULL_HANDLE;
    for (uint32_t round = 0; round < 3; ++round) {
        const std::vector<uint8_t> bytes = pattern(64, 10 + round);
        ASSERT_TRUE(up.buffer(*dst, 0, bytes).ok());
        VkCommandBuffer cmd = up.takeCommands();
        if (round > 0) EXPECT_EQ(cmd, previous) << "a completed upload command buffer is reused";
        previous = cmd;
        up.submitted(submitAndWait(cmd));
        OneShot copy(*device);
        VkBufferCopy region{.size = 64};
        vkCmdCopyBuffer(copy.cmd(), dst->vk(), host.vk(), 1, &region);
        transferToHost(copy.cmd());
        auto v = copy.submit();
        ASSERT_TRUE(v.ok());
        ASSERT_TRUE(device->waitFor(*v).ok());
        host.invalidate();
        EXPECT_EQ(std::memcmp(host.mapped(), bytes.data(), 64), 0) << "round " << round;
        device->collect();
    }
}

TEST_F(GpuTest, ImageUploadOfTwoMipsReadsBack) {
    auto image =
        Image::create(*device, {.debugName = "test.texture",
                                .format = VK_FORMAT_R8G8B8A8_UNORM,
                                .extent = {8, 6},
                                .mipLevels = 2,
                                .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT |
                                         VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
    ASSERT_TRUE(image.ok());
    const std::vector<uint8_t> mip0 = pattern(8 * 6 * 4, 3), mip1 = pattern(4 * 3 * 4, 4);
    const MipData mips[] = {{{8, 6}, mip0}, {{4, 3}, mip1}};
    Uploader up(*device);
    ASSERT_TRUE(up.image(*image, mips).ok());
    VkCommandBuffer uploads = up.takeCommands();

    OneShot copy(*device);
    // The uploader leaves the image in SHADER_READ_ONLY_OPTIMAL.
    VkImageMemoryBarrier2 toSrc{.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2,
                                .srcStageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                                .dstStageMask = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                                .dstAccessMask = VK_ACCESS_2_TRANSFER_READ_BIT,
                                .oldLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                .newLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                .image = image->vk(),
                                .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 2, 0, 1}};
    VkDependencyInfo dep{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO,
                         .imageMemoryBarrierCount = 1,
                         .pImageMemoryBarriers = &toSrc};
    vkCmdPipelineBarrier2(copy.cmd(), &dep);
    auto rb = Readback::record(*device, copy.cmd(), *image);
    ASSERT_TRUE(rb.ok()) << rb.error().message;
    // Mip 1 by hand: checks the uploader's per-mip offsets, which Readback (mip 0) cannot see.
    Buffer host1 = readbackBuffer(mip1.size(), "test.mip1");
    VkBufferImageCopy region{.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 1, 0, 1},
                             .imageExtent = {4, 3, 1}};
    vkCmdCopyImageToBuffer(copy.cmd(), image->vk(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, host1.vk(), 1,
                           &region);
    transferToHost(copy.cmd());
    auto uploaded = device->submit(std::span<const VkCommandBuffer>(&uploads, 1));
    ASSERT_TRUE(uploaded.ok());
    up.submitted(*uploaded);
    auto v = copy.submit();
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(device->waitFor(*v).ok());

    EXPECT_EQ(rb->extent().width, 8u);
    EXPECT_EQ(rb->extent().height, 6u);
    EXPECT_EQ(rb->pixels(), mip0);
    host1.invalidate();
    EXPECT_EQ(std::memcmp(host1.mapped(), mip1.data(), mip1.size()), 0);
}

// A raw command buffer whose lifetime the test controls (OneShot retires its pool when it goes).
struct RawCommands {
    Device& device;
    VkCommandPool pool = VK_NULL_HANDLE;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    explicit RawCommands(Device& d) : device(d) {
        VkCommandPoolCreateInfo info{.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                     .queueFamilyIndex = d.queueFamily()};
        SKYHOOK_VK_CHECK(vkCreateCommandPool(d.vk(), &info, nullptr, &pool));
        VkCommandBufferAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                          .commandPool = pool,
                                          .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                          .commandBufferCount = 1};
        SKYHOOK_VK_CHECK(vkAllocateCommandBuffers(d.vk(), &alloc, &cmd));
        VkCommandBufferBeginInfo bi{.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        SKYHOOK_VK_CHECK(vkBeginCommandBuffer(cmd, &bi));
    }
    ~RawCommands() {
        device.waitIdle();
        vkDestroyCommandPool(device.vk(), pool, nullptr);
    }
};

TEST_F(GpuTest, RetiredBufferLivesUntilTheSubmissionThatUsesItCompletes) {
    // A host-signalled gate holds the submission back, so "not yet completed" is certain, not a race.
    VkSemaphoreTypeCreateInfo timeline{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO,
                                       .semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE};
    VkSemaphoreCreateInfo semInfo{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, .pNext = &timeline};
    VkSemaphore gate = VK_NULL_HANDLE;
    ASSERT_EQ(vkCreateSemaphore(device->vk(), &semInfo, nullptr, &gate), VK_SUCCESS);

    device->collect();
    ASSERT_EQ(device->pendingRetirements(), 0u);
    bool freed = false;
    {
        RawCommands raw(*device);
        auto buffer = Buffer::create(
            *device, {.debugName = "test.retired", .size = 1024, .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT});
        ASSERT_TRUE(buffer.ok());
        vkCmdFillBuffer(raw.cmd, buffer->vk(), 0, VK_WHOLE_SIZE, 0x12345678u);
        ASSERT_EQ(vkEndCommandBuffer(raw.cmd), VK_SUCCESS);
        // Destroyed while its commands are recorded but not yet submitted.
        buffer->reset();
        device->retire([&freed] { freed = true; });
        EXPECT_EQ(device->pendingRetirements(), 2u);

        Device::Wait wait{.semaphore = gate, .value = 1};
        auto v = device->submit(std::span<const VkCommandBuffer>(&raw.cmd, 1),
                                std::span<const Device::Wait>(&wait, 1));
        ASSERT_TRUE(v.ok());
        device->collect();
        EXPECT_EQ(device->pendingRetirements(), 2u) << "freed while the submission is still pending";
        EXPECT_FALSE(freed);
        EXPECT_LT(device->completedValue(), *v);

        VkSemaphoreSignalInfo signal{
            .sType = VK_STRUCTURE_TYPE_SEMAPHORE_SIGNAL_INFO, .semaphore = gate, .value = 1};
        ASSERT_EQ(vkSignalSemaphore(device->vk(), &signal), VK_SUCCESS);
        ASSERT_TRUE(device->waitFor(*v).ok());
        EXPECT_EQ(device->pendingRetirements(), 2u) << "collect() frees, not waitFor()";
        device->collect();
        EXPECT_EQ(device->pendingRetirements(), 0u);
        EXPECT_TRUE(freed);
    }
    vkDestroySemaphore(device->vk(), gate, nullptr);
}

TEST_F(GpuTest, FrameRingTimesPassesWithoutWaitingForTheCurrentFrame) {
    auto target = Buffer::create(
        *device, {.debugName = "test.fill", .size = 1 << 20, .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    ASSERT_TRUE(target.ok());
    std::vector<uint64_t> submitted;
    {
        FrameRing ring;
        ASSERT_TRUE(ring.init(*device).ok());
        for (uint32_t f = 0; f < 5; ++f) {
            auto slot = ring.begin();
            ASSERT_TRUE(slot.ok()) << slot.error().message;
            FrameSlot* s = *slot;
            // Pacing: the slot's previous frame has completed when it comes round again.
            if (s->submittedValue) EXPECT_GE(device->completedValue(), s->submittedValue);
            // Successive frames write the same buffer: order the writes (a write-after-write otherwise).
            gpu::memoryBarrier(s->cmd, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                               VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
            uint32_t token = s->timer.begin(s->cmd, "fill");
            vkCmdFillBuffer(s->cmd, target->vk(), 0, VK_WHOLE_SIZE, f);
            s->timer.end(s->cmd, token);
            auto v = ring.submit();
            ASSERT_TRUE(v.ok());
            submitted.push_back(*v);
        }
        EXPECT_EQ(ring.frameNumber(), 5u);
        // Frame 5 began after reading the timestamps of frame 3 (two frames in flight).
        const std::vector<PassTiming>& t = ring.latestTimings();
        ASSERT_EQ(t.size(), 1u);
        EXPECT_EQ(t[0].name, "fill");
        EXPECT_GE(t[0].milliseconds, 0.0);
        EXPECT_TRUE(std::isfinite(t[0].milliseconds));
        EXPECT_LT(t[0].milliseconds, 10'000.0);
    }
    for (size_t i = 1; i < submitted.size(); ++i) EXPECT_GT(submitted[i], submitted[i - 1]);
}

TEST_F(GpuTest, GpuTimerSkipsScopesBeyondItsPool) {
    GpuTimer timer;
    ASSERT_TRUE(timer.init(*device, "test.timer").ok());
    RawCommands raw(*device);
    std::vector<uint32_t> tokens;
    for (uint32_t i = 0; i < GpuTimer::kMaxQueries / 2 + 3; ++i)
        tokens.push_back(timer.begin(raw.cmd, "scope"));
    for (uint32_t i = 0; i < tokens.size(); ++i) timer.end(raw.cmd, tokens[i]);
    EXPECT_EQ(tokens[GpuTimer::kMaxQueries / 2 - 1], GpuTimer::kMaxQueries / 2 - 1);
    EXPECT_EQ(tokens.back(), UINT32_MAX);
    ASSERT_EQ(vkEndCommandBuffer(raw.cmd), VK_SUCCESS);
    submitAndWait(raw.cmd);
    std::vector<PassTiming> t = timer.read(*device);
    EXPECT_EQ(t.size(), GpuTimer::kMaxQueries / 2);
    for (const PassTiming& p : t) EXPECT_GE(p.milliseconds, 0.0);
    timer.destroy(*device);
}

}  // namespace
}  // namespace skyhook::gpu::test
