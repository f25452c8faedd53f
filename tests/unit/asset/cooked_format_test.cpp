// The .skm format: round trip, and corrupt input of every kind — truncation at every length, bit flips, and a
// bounded random-mutation fuzz run — gives a valid model or an Error, never a crash or a huge allocation.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <random>

#include "engine/asset/cook.hpp"
#include "engine/asset/cooked_format.hpp"
#include "engine/core/file.hpp"
#include "engine/core/hash.hpp"
#include "tests/unit/asset/asset_test_util.hpp"

// Our operator new/delete pair malloc with free; GCC cannot see that and warns at every inlined new/delete.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Records the largest single allocation while a fuzz test runs (replaces the global operator new of this test
// binary; counting is off otherwise).
namespace {
std::atomic<bool> g_trackAllocations{false};
std::atomic<size_t> g_largestAllocation{0};
}  // namespace

void* operator new(size_t size) {
    if (g_trackAllocations.load(std::memory_order_relaxed)) {
        size_t prev = g_largestAllocation.load(std::memory_order_relaxed);
        while (size > prev && !g_largestAllocation.compare_exchange_weak(prev, size)) {
        }
    }
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, size_t) noexcept {
    std::free(p);
}

namespace skyhook::asset {
namespace {

constexpr size_t kAllocationCap = size_t{256} << 20;

std::vector<uint8_t> cookedBytes(uint32_t grid = 6, uint32_t texW = 4, uint32_t texH = 4) {
    scene::Model model = test::makeTestModel(grid, texW, texH);
    model.materials.push_back(
        {.name = "second", .emissiveFactor = {1, 2, 3}, .alphaMode = scene::AlphaMode::Mask});
    model.instances.push_back({.mesh = 0, .transform = glm::mat4(2.0f)});
    EXPECT_TRUE(cookModel(model).ok());
    auto bytes = serializeCooked(model);
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::vector<uint8_t>{};
}

// Makes the header agree with the body again so mutations reach the parser instead of stopping at the
// checksum.
void fixHeader(std::vector<uint8_t>& bytes) {
    if (bytes.size() < kCookedHeaderSize) return;
    uint64_t size = bytes.size();
    uint64_t checksum = hash64(std::span<const uint8_t>(bytes).subspan(kCookedHeaderSize));
    std::memcpy(bytes.data() + kCookedSizeOffset, &size, 8);
    std::memcpy(bytes.data() + kCookedChecksumOffset, &checksum, 8);
}

TEST(CookedFormat, RoundTripIsExact) {
    scene::Model model = test::makeTestModel(40, 32, 16);
    model.materials[0].emissiveStrength = 3.5f;
    model.materials[0].doubleSided = true;
    model.materials[0].alphaMode = scene::AlphaMode::Blend;
    model.instances.push_back({.mesh = 0, .transform = glm::mat4(3.0f)});
    ASSERT_TRUE(cookModel(model).ok());
    auto dir = test::scratchDir("cooked_roundtrip");
    ASSERT_TRUE(writeCooked(model, dir / "m.skm").ok());
    auto back = readCooked(dir / "m.skm");
    ASSERT_TRUE(back.ok()) << back.error().message;

    EXPECT_EQ(back->name, model.name);
    ASSERT_EQ(back->meshes.size(), 1u);
    const scene::Mesh& a = model.meshes[0];
    const scene::Mesh& b = back->meshes[0];
    ASSERT_EQ(a.vertices.size(), b.vertices.size());
    EXPECT_EQ(std::memcmp(a.vertices.data(), b.vertices.data(), a.vertices.size() * sizeof(scene::Vertex)),
              0);
    EXPECT_EQ(a.indices, b.indices);
    ASSERT_EQ(a.lods.size(), b.lods.size());
    for (size_t i = 0; i < a.lods.size(); ++i) {
        EXPECT_EQ(a.lods[i].indexOffset, b.lods[i].indexOffset);
        EXPECT_EQ(a.lods[i].indexCount, b.lods[i].indexCount);
        EXPECT_EQ(a.lods[i].error, b.lods[i].error);
        EXPECT_EQ(a.lods[i].meshletOffset, b.lods[i].meshletOffset);
        EXPECT_EQ(a.lods[i].meshletCount, b.lods[i].meshletCount);
    }
    ASSERT_GT(a.lods.size(), 1u);
    EXPECT_GT(b.lods.back().meshletCount, 0u) << "every LOD has meshlets";
    ASSERT_EQ(a.meshlets.size(), b.meshlets.size());
    EXPECT_EQ(std::memcmp(a.meshlets.data(), b.meshlets.data(), a.meshlets.size() * sizeof(scene::Meshlet)),
              0);
    EXPECT_EQ(a.meshletVertices, b.meshletVertices);
    EXPECT_EQ(a.meshletTriangles, b.meshletTriangles);
    EXPECT_EQ(a.boundsMin, b.boundsMin);
    EXPECT_EQ(a.boundsMax, b.boundsMax);
    EXPECT_EQ(a.material, b.material);
    const scene::Material& ma = model.materials[0];
    const scene::Material& mb = back->materials[0];
    EXPECT_EQ(ma.name, mb.name);
    EXPECT_EQ(ma.baseColorFactor, mb.baseColorFactor);
    EXPECT_EQ(ma.emissiveStrength, mb.emissiveStrength);
    EXPECT_EQ(ma.doubleSided, mb.doubleSided);
    EXPECT_EQ(ma.alphaMode, mb.alphaMode);
    EXPECT_EQ(ma.baseColorTexture, mb.baseColorTexture);
    ASSERT_EQ(back->textures.size(), 1u);
    ASSERT_EQ(back->textures[0].mips.size(), model.textures[0].mips.size());
    for (size_t i = 0; i < model.textures[0].mips.size(); ++i)
        EXPECT_EQ(back->textures[0].mips[i].pixels, model.textures[0].mips[i].pixels);
    ASSERT_EQ(back->instances.size(), 2u);
    EXPECT_EQ(back->instances[1].transform, glm::mat4(3.0f));
    // And the bytes themselves are a fixed point.
    EXPECT_EQ(*serializeCooked(*back), *serializeCooked(model));
}

// Streaming places a model from its outline before its data is read: the outline read from the file's
// structure must be exactly what the loaded model describes.
TEST(CookedFormat, OutlineReadWithoutThePayloadMatchesTheModel) {
    scene::Model model = test::makeTestModel(40, 32, 16);
    model.materials[0].alphaMode = scene::AlphaMode::Blend;
    model.instances.push_back({.mesh = 0, .transform = glm::mat4(3.0f)});
    ASSERT_TRUE(cookModel(model).ok());
    auto dir = test::scratchDir("cooked_outline");
    ASSERT_TRUE(writeCooked(model, dir / "m.skm").ok());
    auto outline = readCookedOutline(dir / "m.skm");
    ASSERT_TRUE(outline.ok()) << outline.error().message;
    auto back = readCooked(dir / "m.skm");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(scene::outlineMismatch(*outline, *back), "");
    const scene::ModelOutline expected = scene::outlineOf(*back);
    ASSERT_EQ(outline->meshes.size(), expected.meshes.size());
    EXPECT_EQ(outline->textureCount, 1u);
    EXPECT_EQ(outline->meshes[0].vertexCount, expected.meshes[0].vertexCount);
    EXPECT_EQ(outline->meshes[0].indexCount, expected.meshes[0].indexCount);
    EXPECT_EQ(outline->meshes[0].meshletCount, expected.meshes[0].meshletCount);
    EXPECT_EQ(outline->meshes[0].meshletVertexCount, expected.meshes[0].meshletVertexCount);
    EXPECT_EQ(outline->meshes[0].meshletTriangleBytes, expected.meshes[0].meshletTriangleBytes);
    EXPECT_EQ(outline->meshes[0].lods.size(), expected.meshes[0].lods.size());
    EXPECT_EQ(outline->materials[0].alphaMode, scene::AlphaMode::Blend);
    // A different model is told apart; a truncated or missing file is an Error naming it.
    scene::Model other = model;
    other.meshes[0].vertices.pop_back();
    EXPECT_NE(scene::outlineMismatch(*outline, other), "");
    auto bytes = *serializeCooked(model);
    bytes.resize(bytes.size() - 10);
    fixHeader(bytes);
    ASSERT_TRUE(writeFileBytes(dir / "cut.skm", bytes).ok());
    auto cut = readCookedOutline(dir / "cut.skm");
    ASSERT_FALSE(cut.ok());
    EXPECT_NE(cut.error().message.find("cut.skm"), std::string::npos);
    EXPECT_FALSE(readCookedOutline(dir / "none.skm").ok());
}

TEST(CookedFormat, RejectsOtherVersionsNamingBoth) {
    auto bytes = cookedBytes();
    uint32_t future = kCookedFormatVersion + 7;
    std::memcpy(bytes.data() + 8, &future, 4);
    auto r = readCookedBytes(bytes, "future.skm");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("future.skm"), std::string::npos);
    EXPECT_NE(r.error().message.find(std::to_string(future)), std::string::npos);
    EXPECT_NE(r.error().message.find(std::to_string(kCookedFormatVersion)), std::string::npos);
}

TEST(CookedFormat, WritingAnInvalidModelFails) {
    scene::Model model = test::makeTestModel(4);
    ASSERT_TRUE(cookModel(model).ok());
    model.materials[0].normalTexture = 5;
    EXPECT_FALSE(serializeCooked(model).ok());
}

// Format 3: every LOD's meshlets must hold exactly that LOD's triangles, contiguously in LOD order; a file
// that breaks this is refused (the mesh path would draw holes or twice).
TEST(CookedFormat, MeshletRangesMustCoverTheirLods) {
    scene::Model model = test::makeTestModel(40, 32, 16);
    ASSERT_TRUE(cookModel(model).ok());
    ASSERT_GT(model.meshes[0].lods.size(), 1u);
    ASSERT_TRUE(serializeCooked(model).ok());
    scene::Model shortLod = model;
    shortLod.meshes[0].lods[1].meshletCount -= 1;
    auto a = serializeCooked(shortLod);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().message.find("LOD"), std::string::npos) << a.error().message;
    scene::Model shifted = model;
    shifted.meshes[0].lods[1].meshletOffset += 1;
    EXPECT_FALSE(serializeCooked(shifted).ok());
    scene::Model tooBig = model;
    tooBig.meshes[0].meshlets[0].triangleCount = kMeshletMaxTriangles + 1;
    EXPECT_FALSE(serializeCooked(tooBig).ok());
    // Without meshlets at all a model is still valid (the renderer builds them when it draws it).
    scene::Model none = model;
    ASSERT_TRUE(cookModel(none, {.buildMeshlets = false}).ok());
    EXPECT_TRUE(serializeCooked(none).ok());
}

TEST(CookedFormat, EveryTruncationIsAnError) {
    auto bytes = cookedBytes();
    ASSERT_GT(bytes.size(), kCookedHeaderSize);
    for (size_t len = 0; len < bytes.size(); ++len) {
        auto r = readCookedBytes(std::span(bytes).first(len), "t.skm");
        ASSERT_FALSE(r.ok()) << "prefix of " << len << " bytes was accepted";
        ASSERT_NE(r.error().message.find("t.skm"), std::string::npos);
    }
    // Truncations with a repaired header get past the checksum and must be caught by the parser.
    for (size_t len = kCookedHeaderSize; len < bytes.size(); ++len) {
        std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(len));
        fixHeader(cut);
        auto r = readCookedBytes(cut, "t.skm");
        ASSERT_FALSE(r.ok()) << "repaired prefix of " << len << " bytes was accepted";
        ASSERT_NE(r.error().message.find("offset"), std::string::npos) << r.error().message;
    }
}

TEST(CookedFormat, EveryBitFlipIsAnErrorOrAValidModel) {
    auto bytes = cookedBytes(3, 2, 2);
    size_t repairedAccepted = 0;
    for (size_t i = 0; i < bytes.size(); ++i)
        for (int bit = 0; bit < 8; ++bit) {
            auto flipped = bytes;
            flipped[i] ^= static_cast<uint8_t>(1u << bit);
            ASSERT_FALSE(readCookedBytes(flipped, "f.skm").ok()) << "flip at byte " << i << " bit " << bit;
            fixHeader(flipped);
            auto r = readCookedBytes(flipped, "f.skm");
            if (r.ok())
                ++repairedAccepted;  // a float changed: still a valid model
            else
                ASSERT_FALSE(r.error().message.empty());
        }
    EXPECT_GT(repairedAccepted, 0u);
}

TEST(CookedFormat, RandomMutationFuzzNeverCrashesOrAllocatesHugely) {
    const auto original = cookedBytes();
    std::mt19937_64 rng(0x5eed5eedULL);
    auto pick = [&](size_t n) { return n ? static_cast<size_t>(rng() % n) : 0; };
    size_t accepted = 0, rejected = 0;
    g_largestAllocation = 0;
    g_trackAllocations = true;
    for (int iteration = 0; iteration < 20000; ++iteration) {
        auto bytes = original;
        int mutations = 1 + static_cast<int>(pick(4));
        for (int m = 0; m < mutations; ++m) {
            switch (pick(5)) {
                case 0:
                    bytes[pick(bytes.size())] ^= static_cast<uint8_t>(1 + pick(255));
                    break;
                case 1: {  // insert
                    size_t at = pick(bytes.size() + 1), n = 1 + pick(16);
                    for (size_t k = 0; k < n; ++k)
                        bytes.insert(bytes.begin() + static_cast<ptrdiff_t>(at), static_cast<uint8_t>(rng()));
                    break;
                }
                case 2: {  // delete
                    size_t at = pick(bytes.size()), n = std::min(bytes.size() - at, 1 + pick(16));
                    bytes.erase(bytes.begin() + static_cast<ptrdiff_t>(at),
                                bytes.begin() + static_cast<ptrdiff_t>(at + n));
                    break;
                }
                default: {  // a count or offset set to something huge
                    static const uint32_t kHuge[] = {0xffffffffu, 0x7fffffffu, 0x80000000u, 0x10000000u,
                                                     0x00ffffffu};
                    if (bytes.size() < 4) break;
                    size_t at = pick(bytes.size() - 3);
                    uint32_t v = kHuge[pick(std::size(kHuge))];
                    std::memcpy(bytes.data() + at, &v, 4);
                }
            }
        }
        if (iteration % 4 != 0) fixHeader(bytes);  // most runs must reach the parser
        auto r = readCookedBytes(bytes, "fuzz.skm");
        if (r.ok()) {
            ++accepted;
        } else {
            ++rejected;
            ASSERT_FALSE(r.error().message.empty());
        }
    }
    g_trackAllocations = false;
    EXPECT_LT(g_largestAllocation.load(), kAllocationCap);
    EXPECT_GT(rejected, 15000u);
    std::printf(
        "[ fuzz     ] 20000 mutations: %zu accepted as valid models, %zu rejected; largest allocation %zu "
        "bytes\n",
        accepted, rejected, g_largestAllocation.load());
}

}  // namespace
}  // namespace skyhook::asset
