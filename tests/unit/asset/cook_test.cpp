// Cooking invariants: optimisation keeps the triangle set, LODs shrink with non-decreasing error, meshlets
// respect their limits and their spheres enclose their triangles, mips reach 1×1 and sRGB is filtered in
// linear light.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>

#include "engine/asset/cook.hpp"
#include "engine/asset/texture_mips.hpp"
#include "tests/unit/asset/asset_test_util.hpp"

namespace skyhook::asset {
namespace {

using Triangle = std::array<float, 9>;

// Triangles by their vertex positions, rotated so the smallest corner comes first (vertex-cache optimisation
// may rotate a triangle's corners but must keep its winding).
std::multiset<Triangle> triangleSet(const scene::Mesh& mesh, uint32_t offset, uint32_t count) {
    std::multiset<Triangle> out;
    for (uint32_t i = offset; i < offset + count; i += 3) {
        std::array<glm::vec3, 3> p{mesh.vertices[mesh.indices[i]].position,
                                   mesh.vertices[mesh.indices[i + 1]].position,
                                   mesh.vertices[mesh.indices[i + 2]].position};
        auto less = [](const glm::vec3& a, const glm::vec3& b) {
            return std::tie(a.x, a.y, a.z) < std::tie(b.x, b.y, b.z);
        };
        int first = 0;
        for (int k = 1; k < 3; ++k)
            if (less(p[k], p[first])) first = k;
        Triangle t;
        for (int k = 0; k < 3; ++k)
            for (int c = 0; c < 3; ++c) t[k * 3 + c] = p[(first + k) % 3][c];
        out.insert(t);
    }
    return out;
}

TEST(Cook, PreservesTheTriangleSetOfLod0) {
    scene::Model model = test::makeTestModel(48);
    auto before = triangleSet(model.meshes[0], 0, static_cast<uint32_t>(model.meshes[0].indices.size()));
    ASSERT_TRUE(cookModel(model).ok());
    const scene::Mesh& mesh = model.meshes[0];
    EXPECT_EQ(triangleSet(mesh, mesh.lods[0].indexOffset, mesh.lods[0].indexCount), before);
    EXPECT_EQ(mesh.boundsMin.x, 0.0f);
    EXPECT_EQ(mesh.boundsMax.x, 10.0f);
}

TEST(Cook, LodChainShrinksWithNonDecreasingError) {
    scene::Model model = test::makeTestModel(128);  // 32768 triangles
    std::vector<std::pair<std::string, float>> progress;
    ASSERT_TRUE(cookModel(model, {}, [&](std::string_view s, float f) { progress.emplace_back(s, f); }).ok());
    const scene::Mesh& mesh = model.meshes[0];
    ASSERT_GE(mesh.lods.size(), 4u);
    ASSERT_LE(mesh.lods.size(), kMaxLods);
    EXPECT_EQ(mesh.lods[0].error, 0.0f);
    EXPECT_EQ(mesh.lods[0].indexCount, 128u * 128u * 6u);
    for (size_t i = 1; i < mesh.lods.size(); ++i) {
        EXPECT_LT(mesh.lods[i].indexCount, mesh.lods[i - 1].indexCount) << "LOD " << i;
        EXPECT_GE(mesh.lods[i].error, mesh.lods[i - 1].error) << "LOD " << i;
        EXPECT_EQ(mesh.lods[i].indexCount % 3, 0u);
        EXPECT_LE(uint64_t{mesh.lods[i].indexOffset} + mesh.lods[i].indexCount, mesh.indices.size());
    }
    EXPECT_GT(mesh.lods.back().error, 0.0f);
    EXPECT_LT(mesh.lods.back().error, 1.0f);  // relative to the bounding radius, so a fraction of it
    for (uint32_t i : mesh.indices) ASSERT_LT(i, mesh.vertices.size());
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().second, 1.0f);
}

TEST(Cook, MeshletsRespectLimitsAndBoundsEncloseTheirTriangles) {
    scene::Model model = test::makeTestModel(96);
    ASSERT_TRUE(cookModel(model).ok());
    const scene::Mesh& mesh = model.meshes[0];
    ASSERT_FALSE(mesh.meshlets.empty());
    uint64_t triangles = 0;
    const float eps = 1e-4f * glm::length(mesh.boundsMax - mesh.boundsMin);
    for (const scene::Meshlet& m : mesh.meshlets) {
        ASSERT_LE(m.vertexCount, kMeshletMaxVertices);
        ASSERT_LE(m.triangleCount, kMeshletMaxTriangles);
        ASSERT_GT(m.triangleCount, 0u);
        ASSERT_LE(uint64_t{m.vertexOffset} + m.vertexCount, mesh.meshletVertices.size());
        ASSERT_LE(uint64_t{m.triangleOffset} + m.triangleCount * 3, mesh.meshletTriangles.size());
        for (uint32_t t = 0; t < m.triangleCount * 3; ++t) {
            uint8_t local = mesh.meshletTriangles[m.triangleOffset + t];
            ASSERT_LT(local, m.vertexCount);
            const glm::vec3& p = mesh.vertices[mesh.meshletVertices[m.vertexOffset + local]].position;
            EXPECT_LE(glm::distance(p, m.center), m.radius + eps);
        }
        // A unit axis, or no cone at all (cutoff 1: the triangles face too many ways, as in coarse LODs).
        if (m.coneCutoff < 1.0f) EXPECT_NEAR(glm::length(m.coneAxis), 1.0f, 1e-2f);
        triangles += m.triangleCount;
    }
    uint64_t lodTriangles = 0;
    for (const scene::MeshLod& l : mesh.lods) lodTriangles += l.indexCount / 3;
    EXPECT_EQ(triangles, lodTriangles);
    EXPECT_EQ(scene::meshletError(mesh), "");
}

// The mesh-shader path draws a LOD from its meshlets alone: each LOD's meshlets must hold exactly that LOD's
// triangles (as a multiset, with their winding), no more, no fewer.
TEST(Cook, EveryTriangleOfEveryLodIsInItsMeshletsExactlyOnce) {
    scene::Model model = test::makeTestModel(96);
    ASSERT_TRUE(cookModel(model).ok());
    const scene::Mesh& mesh = model.meshes[0];
    ASSERT_GE(mesh.lods.size(), 3u) << "the test model should have a LOD chain";
    // A triangle with its winding: rotated so the smallest index comes first.
    auto canonical = [](uint32_t a, uint32_t b, uint32_t c) {
        if (b < a && b < c) return std::array<uint32_t, 3>{b, c, a};
        if (c < a && c < b) return std::array<uint32_t, 3>{c, a, b};
        return std::array<uint32_t, 3>{a, b, c};
    };
    for (size_t l = 0; l < mesh.lods.size(); ++l) {
        SCOPED_TRACE("LOD " + std::to_string(l));
        const scene::MeshLod& lod = mesh.lods[l];
        ASSERT_GT(lod.meshletCount, 0u);
        std::vector<std::array<uint32_t, 3>> expected, actual;
        for (uint32_t i = 0; i < lod.indexCount; i += 3) {
            const uint32_t* t = &mesh.indices[lod.indexOffset + i];
            expected.push_back(canonical(t[0], t[1], t[2]));
        }
        for (uint32_t k = lod.meshletOffset; k < lod.meshletOffset + lod.meshletCount; ++k) {
            const scene::Meshlet& m = mesh.meshlets[k];
            ASSERT_LE(m.vertexCount, kMeshletMaxVertices);
            ASSERT_LE(m.triangleCount, kMeshletMaxTriangles);
            EXPECT_EQ(m.triangleOffset % 4, 0u) << "meshlet triangles start on a 4-byte boundary";
            for (uint32_t t = 0; t < m.triangleCount; ++t) {
                const uint8_t* c = &mesh.meshletTriangles[m.triangleOffset + 3 * t];
                const uint32_t* v = &mesh.meshletVertices[m.vertexOffset];
                actual.push_back(canonical(v[c[0]], v[c[1]], v[c[2]]));
            }
        }
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
        EXPECT_EQ(actual, expected);
    }
}

TEST(Cook, WithoutMeshletsLeavesEveryLodEmpty) {
    scene::Model model = test::makeTestModel(48);
    ASSERT_TRUE(cookModel(model, {.buildMeshlets = false}).ok());
    const scene::Mesh& mesh = model.meshes[0];
    EXPECT_TRUE(mesh.meshlets.empty());
    for (const scene::MeshLod& l : mesh.lods) EXPECT_EQ(l.meshletCount, 0u);
    EXPECT_FALSE(scene::hasMeshletsForEveryLod(mesh));
}

TEST(Cook, IsIdempotent) {
    scene::Model model = test::makeTestModel(32);
    ASSERT_TRUE(cookModel(model).ok());
    scene::Model again = model;
    ASSERT_TRUE(cookModel(again).ok());
    EXPECT_EQ(again.meshes[0].lods.size(), model.meshes[0].lods.size());
    EXPECT_EQ(again.meshes[0].lods[0].indexCount, model.meshes[0].lods[0].indexCount);
    EXPECT_EQ(again.textures[0].mips.size(), model.textures[0].mips.size());
}

TEST(Cook, RejectsBrokenMeshes) {
    scene::Model model = test::makeTestModel(4);
    model.meshes[0].indices[5] = 100000;
    auto r = cookModel(model);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("out of range"), std::string::npos);

    scene::Model nan = test::makeTestModel(4);
    nan.meshes[0].vertices[3].position.y = std::numeric_limits<float>::quiet_NaN();
    EXPECT_FALSE(cookModel(nan).ok());
}

TEST(Mips, FullChainDownToOneByOne) {
    scene::Model model = test::makeTestModel(4, 37, 10);
    ASSERT_TRUE(cookModel(model).ok());
    const scene::Texture& t = model.textures[0];
    ASSERT_EQ(t.mips.size(), fullMipCount(37, 10));
    EXPECT_EQ(t.mips.size(), 6u);  // 37x10, 18x5, 9x2, 4x1, 2x1, 1x1
    for (size_t i = 0; i < t.mips.size(); ++i) {
        EXPECT_EQ(t.mips[i].width, std::max(1u, 37u >> i));
        EXPECT_EQ(t.mips[i].height, std::max(1u, 10u >> i));
        EXPECT_EQ(t.mips[i].pixels.size(), size_t{t.mips[i].width} * t.mips[i].height * 4);
    }
    EXPECT_EQ(t.mips.back().width, 1u);
    EXPECT_EQ(t.mips.back().height, 1u);
}

TEST(Mips, SrgbAveragesInLinearLightAndUnormAveragesBytes) {
    const std::vector<uint8_t> pixels = {0, 255, 10, 0, 255, 255, 200, 100, 0, 0, 30, 200, 255, 0, 90, 255};
    scene::Texture srgb{.name = "s", .format = scene::TextureFormat::Rgba8Srgb};
    srgb.mips.push_back({.width = 2, .height = 2, .pixels = pixels});
    scene::Texture unorm = srgb;
    unorm.format = scene::TextureFormat::Rgba8Unorm;
    buildMipChain(srgb);
    buildMipChain(unorm);
    ASSERT_EQ(srgb.mips.size(), 2u);
    ASSERT_EQ(unorm.mips.size(), 2u);
    for (int c = 0; c < 4; ++c) {
        float linear = 0, plain = 0;
        for (int p = 0; p < 4; ++p) {
            uint8_t v = pixels[p * 4 + c];
            float s = v / 255.0f;
            linear += s <= 0.04045f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
            plain += v;
        }
        linear *= 0.25f;
        float encoded = linear <= 0.0031308f ? linear * 12.92f : 1.055f * std::pow(linear, 1 / 2.4f) - 0.055f;
        int expectedSrgb = c < 3 ? static_cast<int>(std::lround(encoded * 255.0f))  // colour: linear light
                                 : static_cast<int>(std::lround(plain / 4.0f));     // alpha: as stored
        EXPECT_NEAR(srgb.mips[1].pixels[c], expectedSrgb, 1) << "channel " << c;
        EXPECT_NEAR(unorm.mips[1].pixels[c], plain / 4.0f, 1.0f) << "channel " << c;
    }
    // The linear-light average of black and white is much brighter than the byte average (188 vs 128).
    scene::Texture bw{.name = "bw", .format = scene::TextureFormat::Rgba8Srgb};
    bw.mips.push_back({.width = 2, .height = 1, .pixels = {0, 0, 0, 255, 255, 255, 255, 255}});
    buildMipChain(bw);
    EXPECT_NEAR(bw.mips[1].pixels[0], 188, 1);
}

}  // namespace
}  // namespace skyhook::asset
