// Pipelines with the on-disk cache, the show-time creation count, and the bindless table's slot reuse.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>

#include "engine/core/file.hpp"
#include "engine/gpu/bindless.hpp"
#include "engine/gpu/pipeline.hpp"
#include "tests/gpu_unit/gpu_test.hpp"

namespace skyhook::gpu::test {
namespace {

namespace fs = std::filesystem;

GraphicsPipelineDesc bareDesc(const std::string& name) {
    return {.debugName = name,
            .vertexShader = "bare.vert",
            .fragmentShader = "bare.frag",
            .colorFormats = {VK_FORMAT_R8G8B8A8_UNORM},
            .depthFormat = VK_FORMAT_D32_SFLOAT};
}

class PipelineTest : public GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        dir = fs::temp_directory_path() / ("skyhook_gpu_unit_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        ASSERT_TRUE(table.emplace().init(*device).ok());
    }
    void TearDown() override {
        if (!dir.empty()) fs::remove_all(dir);
        table.reset();  // retires into the device, which GpuTest::TearDown destroys
        GpuTest::TearDown();
    }
    BindlessTextures& bindless() { return *table; }
    fs::path dir;
    std::optional<BindlessTextures> table;
};

TEST_F(PipelineTest, CacheIsSavedAndLoadedAgain) {
    const fs::path file = dir / "pipelines.cache";
    {
        PipelineCache cache;
        ASSERT_TRUE(cache.init(*device, file).ok());
        EXPECT_FALSE(fs::exists(file));
        Pipelines pipes;
        ASSERT_TRUE(pipes.init(*device, cache.vk(), bindless().layout()).ok());
        auto p = pipes.graphics(bareDesc("bare"));
        ASSERT_TRUE(p.ok()) << p.error().message;
        EXPECT_NE(*p, VK_NULL_HANDLE);
        EXPECT_EQ(pipes.count(), 1u);
        ASSERT_TRUE(cache.save().ok());
    }
    ASSERT_TRUE(fs::exists(file));
    auto bytes = readFileBytes(file);
    ASSERT_TRUE(bytes.ok());
    ASSERT_GE(bytes->size(), 16u + VK_UUID_SIZE);
    uint32_t headerSize = 0, vendor = 0, deviceId = 0;
    std::memcpy(&headerSize, bytes->data(), 4);
    std::memcpy(&vendor, bytes->data() + 8, 4);
    std::memcpy(&deviceId, bytes->data() + 12, 4);
    EXPECT_GE(headerSize, 16u + VK_UUID_SIZE);
    EXPECT_EQ(vendor, device->info().vendorId);
    EXPECT_EQ(deviceId, device->info().deviceId);
    EXPECT_EQ(std::memcmp(bytes->data() + 16, device->info().pipelineCacheUuid, VK_UUID_SIZE), 0);

    PipelineCache again;
    ASSERT_TRUE(again.init(*device, file).ok());
    EXPECT_TRUE(logged("pipeline cache loaded")) << "the saved cache was not used";
    Pipelines pipes;
    ASSERT_TRUE(pipes.init(*device, again.vk(), bindless().layout()).ok());
    auto p = pipes.graphics(bareDesc("bare"));
    ASSERT_TRUE(p.ok()) << p.error().message;
}

TEST_F(PipelineTest, CacheFileWithForeignHeaderIsIgnored) {
    const fs::path file = dir / "garbage.cache";
    std::vector<uint8_t> garbage(4096);
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = uint8_t(i * 37 + 11);
    ASSERT_TRUE(writeFileBytes(file, garbage).ok());
    {
        PipelineCache cache;
        ASSERT_TRUE(cache.init(*device, file).ok());
        EXPECT_TRUE(logged("from another device or driver"));
        EXPECT_FALSE(logged("pipeline cache loaded"));
        Pipelines pipes;
        ASSERT_TRUE(pipes.init(*device, cache.vk(), bindless().layout()).ok());
        ASSERT_TRUE(pipes.graphics(bareDesc("bare")).ok());
    }
    // The destructor saved a valid cache over the garbage.
    auto bytes = readFileBytes(file);
    ASSERT_TRUE(bytes.ok());
    uint32_t vendor = 0;
    ASSERT_GE(bytes->size(), 16u);
    std::memcpy(&vendor, bytes->data() + 8, 4);
    EXPECT_EQ(vendor, device->info().vendorId);

    // Too short to hold a header at all.
    const fs::path tiny = dir / "tiny.cache";
    ASSERT_TRUE(writeFileBytes(tiny, std::vector<uint8_t>{1, 2, 3}).ok());
    PipelineCache cache;
    ASSERT_TRUE(cache.init(*device, tiny).ok());
}

TEST_F(PipelineTest, PipelinesCreatedAfterShowStartAreCounted) {
    PipelineCache cache;
    ASSERT_TRUE(cache.init(*device, {}).ok());  // no file: in memory only
    Pipelines pipes;
    ASSERT_TRUE(pipes.init(*device, cache.vk(), bindless().layout()).ok());
    ASSERT_TRUE(pipes.graphics(bareDesc("warm")).ok());
    EXPECT_EQ(pipes.createdDuringShow(), 0u);
    pipes.markShowStarted();
    EXPECT_EQ(pipes.createdDuringShow(), 0u);
    ASSERT_TRUE(pipes.graphics(bareDesc("late")).ok());
    EXPECT_EQ(pipes.createdDuringShow(), 1u);
    EXPECT_TRUE(logged("'late' created during the show"));
    // A failed creation is not a created pipeline.
    auto missing = pipes.graphics({.debugName = "missing", .vertexShader = "no_such.vert"});
    EXPECT_FALSE(missing.ok());
    EXPECT_EQ(pipes.createdDuringShow(), 1u);
    EXPECT_EQ(pipes.count(), 2u);
}

struct Texture {
    Image image;
    Sampler sampler;
};

Texture makeTexture(Device& device) {
    Texture t;
    auto img = Image::create(device, {.debugName = "test.tex", .extent = {4, 4}});
    EXPECT_TRUE(img.ok());
    if (img) t.image = std::move(*img);
    auto s = Sampler::create(device, {.debugName = "test.sampler"});
    EXPECT_TRUE(s.ok());
    if (s) t.sampler = std::move(*s);
    return t;
}

TEST_F(PipelineTest, BindlessSlotIsReusedOnlyAfterItsRetirementCompletes) {
    Texture tex = makeTexture(*device);
    auto a = bindless().add(tex.image.view(), tex.sampler.vk());
    auto b = bindless().add(tex.image.view(), tex.sampler.vk());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b);
    EXPECT_EQ(bindless().used(), 2u);
    bindless().remove(*a);
    // A frame in flight may still read slot a: it must not come back yet.
    auto c = bindless().add(tex.image.view(), tex.sampler.vk());
    ASSERT_TRUE(c.ok());
    EXPECT_NE(*c, *a);
    EXPECT_NE(*c, *b);
    device->collect();
    auto d = bindless().add(tex.image.view(), tex.sampler.vk());
    ASSERT_TRUE(d.ok());
    EXPECT_NE(*d, *a) << "reused before any submission completed";

    // The submission that follows the remove completes: now the slot is free again.
    submitAndWait(VK_NULL_HANDLE);
    device->collect();
    auto e = bindless().add(tex.image.view(), tex.sampler.vk());
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(*e, *a);
}

TEST_F(GpuTest, BindlessRemovalsPendingAtDestructionDoNotTouchTheDestroyedTable) {
    // The Device runs retired callbacks after the table is gone (on collect() or its own destruction). A
    // callback that still pointed into the table would write into freed memory; here that memory is a buffer
    // the test watches.
    alignas(BindlessTextures) unsigned char storage[sizeof(BindlessTextures)];
    auto* table = new (storage) BindlessTextures();
    ASSERT_TRUE(table->init(*device).ok());
    Texture tex = makeTexture(*device);
    auto slot = table->add(tex.image.view(), tex.sampler.vk());
    ASSERT_TRUE(slot.ok());
    table->remove(*slot);
    table->~BindlessTextures();
    std::memset(storage, 0, sizeof storage);
    submitAndWait(VK_NULL_HANDLE);
    device->collect();
    unsigned char zeros[sizeof storage] = {};
    EXPECT_EQ(std::memcmp(storage, zeros, sizeof storage), 0)
        << "a retired callback wrote into the destroyed table";
}

}  // namespace
}  // namespace skyhook::gpu::test
