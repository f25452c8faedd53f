// The textured glTF written by tools/gen_textured_gltf (through assimp's exporter) survives import and
// cooking: base colour, normal and metallic-roughness textures and the emissive factor all arrive.
#include <gtest/gtest.h>

#include "engine/asset/cook.hpp"
#include "engine/asset/cooked_format.hpp"
#include "engine/asset/import.hpp"
#include "engine/core/file.hpp"
#include "tests/unit/asset/asset_test_util.hpp"

#if SKYHOOK_HAVE_GEN_TEXTURED_GLTF
#include "tools/gen_textured_gltf/gen_textured_gltf.hpp"
#endif

namespace skyhook::asset {
namespace {

TEST(GeneratedGltf, TexturesAndMaterialsSurviveImport) {
#if !SKYHOOK_HAVE_GEN_TEXTURED_GLTF
    GTEST_SKIP()
        << "tools/gen_textured_gltf is not part of this build (add_subdirectory(tools/gen_textured_gltf))";
#else
    auto dir = test::scratchDir("generated_gltf");
    auto path = tools::writeTexturedGltf(dir);
    ASSERT_TRUE(path.ok()) << path.error().message;
    auto model = importModel(*path);
    ASSERT_TRUE(model.ok()) << model.error().message;
    ASSERT_EQ(model->meshes.size(), 2u);
    ASSERT_EQ(model->instances.size(), 2u);

    const scene::Material* painted = nullptr;
    const scene::Material* glow = nullptr;
    for (const auto& m : model->materials) {
        if (m.name == "painted_tiles") painted = &m;
        if (m.name == "glow") glow = &m;
    }
    ASSERT_TRUE(painted && glow);
    ASSERT_NE(painted->baseColorTexture, scene::kNoTexture);
    ASSERT_NE(painted->normalTexture, scene::kNoTexture);
    ASSERT_NE(painted->metallicRoughnessTexture, scene::kNoTexture);
    const auto& base = model->textures[painted->baseColorTexture];
    EXPECT_EQ(base.format, scene::TextureFormat::Rgba8Srgb);
    EXPECT_EQ(base.mips[0].width, 256u);
    EXPECT_EQ(base.mips[0].height, 256u);
    // The normal map is tangent-space: mostly +Z (blue well above half).
    const auto& normal = model->textures[painted->normalTexture];
    EXPECT_EQ(normal.format, scene::TextureFormat::Rgba8Unorm);
    EXPECT_GT(normal.mips[0].pixels[(128 * 256 + 8) * 4 + 2], 200);
    EXPECT_EQ(model->textures[painted->metallicRoughnessTexture].format, scene::TextureFormat::Rgba8Unorm);
    EXPECT_GT(glow->emissiveFactor.r, 0.0f);
    EXPECT_NEAR(glow->emissiveFactor.g, 0.6f, 1e-5f);
    EXPECT_EQ(glow->baseColorTexture, scene::kNoTexture);

    // Sphere UVs cover the whole texture and the sphere has real tangents (from its UVs).
    const scene::Mesh* sphere = nullptr;
    for (const auto& m : model->meshes)
        if (m.vertices.size() > 100) sphere = &m;
    ASSERT_NE(sphere, nullptr);
    float minV = 1, maxV = 0;
    for (const auto& v : sphere->vertices) minV = std::min(minV, v.v), maxV = std::max(maxV, v.v);
    EXPECT_NEAR(minV, 0.0f, 1e-5f);
    EXPECT_NEAR(maxV, 1.0f, 1e-5f);

    ASSERT_TRUE(cookModel(*model).ok());
    auto bytes = serializeCooked(*model);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    auto back = readCookedBytes(*bytes, "generated.skm");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->textures[painted->baseColorTexture].mips.size(), 9u);  // 256 → 1

    // Deterministic: a second run writes the same bytes.
    auto dir2 = test::scratchDir("generated_gltf_again");
    ASSERT_TRUE(tools::writeTexturedGltf(dir2).ok());
    for (const char* f : {"textured.gltf", "textured.bin", tools::kBaseColorPng, tools::kNormalPng,
                          tools::kMetallicRoughnessPng})
        EXPECT_EQ(*readFileBytes(dir / f), *readFileBytes(dir2 / f)) << f;
#endif
}

// scenes/textured/ holds the tool's output so the scene works from a plain checkout; it must be exactly what
// the tool writes today (regenerate with `skyhook_gen_textured_gltf scenes/textured` after changing the
// tool).
TEST(GeneratedGltf, CommittedCopyMatchesTheTool) {
#if !SKYHOOK_HAVE_GEN_TEXTURED_GLTF
    GTEST_SKIP() << "tools/gen_textured_gltf is not part of this build";
#else
    auto dir = test::scratchDir("generated_gltf_committed");
    auto path = tools::writeTexturedGltf(dir);
    ASSERT_TRUE(path.ok()) << path.error().message;
    const std::filesystem::path committed = std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "textured";
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        auto fresh = readFileBytes(e.path());
        auto kept = readFileBytes(committed / e.path().filename());
        ASSERT_TRUE(fresh.ok() && kept.ok()) << e.path().filename() << " is missing from " << committed;
        EXPECT_TRUE(*fresh == *kept) << e.path().filename() << " differs from the tool's output";
        ++files;
    }
    EXPECT_GE(files, 4u);
#endif
}

}  // namespace
}  // namespace skyhook::asset
