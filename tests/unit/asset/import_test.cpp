// Import: a hand-written glTF (external PNG textures, node hierarchy, every material field we map), an OBJ
// with a .mtl, and the error paths (missing file, garbage, no meshes).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include <glm/gtc/matrix_transform.hpp>

#include "engine/asset/import.hpp"
#include "engine/core/log.hpp"
#include "tests/unit/asset/asset_test_util.hpp"

namespace skyhook::asset {
namespace {

std::vector<uint8_t> solid(uint32_t w, uint32_t h, uint8_t r, uint8_t g, uint8_t b) {
    std::vector<uint8_t> p;
    for (uint32_t i = 0; i < w * h; ++i) p.insert(p.end(), {r, g, b, 255});
    return p;
}

// A unit quad (two triangles) as a glTF buffer: 4 positions, 4 normals, 4 UVs, 6 uint16 indices.
std::vector<uint8_t> quadBuffer() {
    const float pos[] = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    const float nrm[] = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1};
    const float uv[] = {0, 1, 1, 1, 1, 0, 0, 0};
    const uint16_t idx[] = {0, 1, 2, 0, 2, 3};
    std::vector<uint8_t> b(sizeof pos + sizeof nrm + sizeof uv + sizeof idx);
    size_t o = 0;
    for (auto [p, n] : {std::pair<const void*, size_t>{pos, sizeof pos},
                        {nrm, sizeof nrm},
                        {uv, sizeof uv},
                        {idx, sizeof idx}}) {
        std::memcpy(b.data() + o, p, n);
        o += n;
    }
    return b;
}

std::filesystem::path writeTestGltf(const std::filesystem::path& dir) {
    test::writePng(dir / "albedo.png", 4, 4, solid(4, 4, 200, 100, 50));
    test::writePng(dir / "normal.png", 4, 4, solid(4, 4, 128, 128, 255));
    test::writePng(dir / "mr.png", 2, 2, solid(2, 2, 0, 180, 90));
    test::writePng(dir / "ao.png", 2, 2, solid(2, 2, 220, 220, 220));
    auto buffer = quadBuffer();
    std::string json = R"({
  "asset": {"version": "2.0"},
  "scene": 0,
  "scenes": [{"nodes": [0, 2]}],
  "nodes": [
    {"name": "parent", "translation": [1, 2, 3], "children": [1]},
    {"name": "child", "scale": [2, 2, 2], "mesh": 0},
    {"name": "direct", "mesh": 1}
  ],
  "meshes": [
    {"name": "quadA", "primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3, "material": 0}]},
    {"name": "quadB", "primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3, "material": 1}]}
  ],
  "materials": [
    {"name": "painted",
     "pbrMetallicRoughness": {"baseColorFactor": [0.5, 0.25, 1.0, 1.0], "metallicFactor": 0.3, "roughnessFactor": 0.7,
                              "baseColorTexture": {"index": 0}, "metallicRoughnessTexture": {"index": 2}},
     "normalTexture": {"index": 1, "scale": 0.8},
     "occlusionTexture": {"index": 3, "strength": 0.6},
     "emissiveFactor": [1.0, 0.5, 0.0],
     "alphaMode": "MASK", "alphaCutoff": 0.3, "doubleSided": true},
    {"name": "glass", "pbrMetallicRoughness": {"baseColorTexture": {"index": 4}}, "alphaMode": "BLEND"}
  ],
  "textures": [{"source": 0}, {"source": 1}, {"source": 2}, {"source": 3}, {"source": 4}],
  "images": [{"uri": "albedo.png"}, {"uri": "normal.png"}, {"uri": "mr.png"}, {"uri": "ao.png"}, {"uri": "missing.png"}],
  "buffers": [{"byteLength": )" +
                       std::to_string(buffer.size()) + R"(, "uri": "data:application/octet-stream;base64,)" +
                       test::base64(buffer) + R"("}],
  "bufferViews": [
    {"buffer": 0, "byteOffset": 0, "byteLength": 48},
    {"buffer": 0, "byteOffset": 48, "byteLength": 48},
    {"buffer": 0, "byteOffset": 96, "byteLength": 32},
    {"buffer": 0, "byteOffset": 128, "byteLength": 12}
  ],
  "accessors": [
    {"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]},
    {"bufferView": 1, "componentType": 5126, "count": 4, "type": "VEC3"},
    {"bufferView": 2, "componentType": 5126, "count": 4, "type": "VEC2"},
    {"bufferView": 3, "componentType": 5123, "count": 6, "type": "SCALAR"}
  ]
})";
    std::ofstream(dir / "test.gltf") << json;
    return dir / "test.gltf";
}

struct WarningCatcher {
    std::vector<std::string> warnings;
    int id = log::addSink([this](log::Level level, std::string_view, std::string_view message) {
        if (level == log::Level::Warn) warnings.emplace_back(message);
    });
    ~WarningCatcher() { log::removeSink(id); }
};

TEST(Import, HandWrittenGltfKeepsGeometryHierarchyAndMaterials) {
    auto dir = test::scratchDir("import_gltf");
    log::setStderr(false);
    WarningCatcher catcher;
    auto model = importModel(writeTestGltf(dir));
    log::setStderr(true);
    ASSERT_TRUE(model.ok()) << model.error().message;

    ASSERT_EQ(model->meshes.size(), 2u);
    for (const auto& mesh : model->meshes) {
        EXPECT_EQ(mesh.vertices.size(), 4u);
        EXPECT_EQ(mesh.indices.size(), 6u);
        ASSERT_EQ(mesh.lods.size(), 1u);
        for (const auto& v : mesh.vertices) {
            EXPECT_NEAR(glm::length(v.normal), 1.0f, 1e-4f);
            EXPECT_NEAR(glm::length(glm::vec3(v.tangent)), 1.0f, 1e-4f);
            EXPECT_NEAR(glm::dot(v.normal, glm::vec3(v.tangent)), 0.0f, 1e-4f);
        }
    }
    // UVs keep glTF's top-left origin: the vertex at (0,0,0) has uv (0,1).
    const auto& quad = model->meshes[0];
    for (const auto& v : quad.vertices)
        if (v.position == glm::vec3(0.0f)) {
            EXPECT_NEAR(v.v, 1.0f, 1e-6f);
        }

    ASSERT_EQ(model->instances.size(), 2u);
    glm::mat4 expectedChild = glm::scale(glm::translate(glm::mat4(1.0f), {1, 2, 3}), glm::vec3(2.0f));
    bool sawChild = false, sawDirect = false;
    for (const auto& inst : model->instances) {
        if (model->meshes[inst.mesh].name == "quadA") {
            sawChild = true;
            for (int c = 0; c < 4; ++c)
                for (int r = 0; r < 4; ++r) EXPECT_NEAR(inst.transform[c][r], expectedChild[c][r], 1e-6f);
        } else {
            sawDirect = true;
            EXPECT_EQ(inst.transform, glm::mat4(1.0f));
        }
    }
    EXPECT_TRUE(sawChild && sawDirect);

    ASSERT_EQ(model->materials.size(), 2u);
    const scene::Material& m = model->materials[quad.material];
    EXPECT_EQ(m.name, "painted");
    EXPECT_NEAR(m.baseColorFactor.r, 0.5f, 1e-6f);
    EXPECT_NEAR(m.baseColorFactor.g, 0.25f, 1e-6f);
    EXPECT_NEAR(m.metallicFactor, 0.3f, 1e-6f);
    EXPECT_NEAR(m.roughnessFactor, 0.7f, 1e-6f);
    EXPECT_NEAR(m.normalScale, 0.8f, 1e-6f);
    EXPECT_NEAR(m.occlusionStrength, 0.6f, 1e-6f);
    EXPECT_EQ(m.emissiveFactor, glm::vec3(1.0f, 0.5f, 0.0f));
    EXPECT_EQ(m.alphaMode, scene::AlphaMode::Mask);
    EXPECT_NEAR(m.alphaCutoff, 0.3f, 1e-6f);
    EXPECT_TRUE(m.doubleSided);
    ASSERT_NE(m.baseColorTexture, scene::kNoTexture);
    ASSERT_NE(m.normalTexture, scene::kNoTexture);
    ASSERT_NE(m.metallicRoughnessTexture, scene::kNoTexture);
    ASSERT_NE(m.occlusionTexture, scene::kNoTexture);
    const auto& albedo = model->textures[m.baseColorTexture];
    EXPECT_EQ(albedo.format, scene::TextureFormat::Rgba8Srgb);
    ASSERT_EQ(albedo.mips.size(), 1u);
    EXPECT_EQ(albedo.mips[0].width, 4u);
    EXPECT_EQ(albedo.mips[0].pixels[0], 200);
    EXPECT_EQ(albedo.mips[0].pixels[1], 100);
    EXPECT_EQ(model->textures[m.normalTexture].format, scene::TextureFormat::Rgba8Unorm);
    const auto& mr = model->textures[m.metallicRoughnessTexture];
    EXPECT_EQ(mr.format, scene::TextureFormat::Rgba8Unorm);
    EXPECT_EQ(mr.mips[0].pixels[1], 180);  // G = roughness
    EXPECT_EQ(mr.mips[0].pixels[2], 90);   // B = metallic

    // The second material's texture is missing: a warning naming it, no texture, and the model still loads.
    const scene::Material& glass = model->materials[model->meshes[1].material];
    EXPECT_EQ(glass.alphaMode, scene::AlphaMode::Blend);
    EXPECT_EQ(glass.baseColorTexture, scene::kNoTexture);
    bool named = false;
    for (const auto& w : catcher.warnings) named |= w.find("missing.png") != std::string::npos;
    EXPECT_TRUE(named) << "no warning named missing.png";
}

TEST(Import, ObjWithMtlMapsDiffuseAndShininess) {
    auto dir = test::scratchDir("import_obj");
    test::writePng(dir / "diffuse.png", 2, 2, solid(2, 2, 10, 20, 30));
    std::ofstream(dir / "box.mtl") << "newmtl shiny\nKd 0.8 0.1 0.1\nNs 200\nmap_Kd diffuse.png\n"
                                      "newmtl dull\nKd 0.2 0.2 0.2\nNs 2\nd 0.5\n";
    // Two quads without normals or UVs on the second: normals are generated, tangents fall back.
    std::ofstream(dir / "box.obj") << "mtllib box.mtl\n"
                                      "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0 0 1\nv 1 0 1\nv 1 1 1\n"
                                      "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\n"
                                      "o a\nusemtl shiny\nf 1/1 2/2 3/3 4/4\n"
                                      "o b\nusemtl dull\nf 5 6 7\n";
    auto model = importModel(dir / "box.obj");
    ASSERT_TRUE(model.ok()) << model.error().message;
    ASSERT_EQ(model->meshes.size(), 2u);
    const scene::Material* shiny = nullptr;
    const scene::Material* dull = nullptr;
    for (const auto& m : model->materials) {
        if (m.name == "shiny") shiny = &m;
        if (m.name == "dull") dull = &m;
    }
    ASSERT_TRUE(shiny && dull);
    EXPECT_NEAR(shiny->baseColorFactor.r, 0.8f, 1e-6f);
    EXPECT_EQ(shiny->metallicFactor, 0.0f);
    EXPECT_LT(shiny->roughnessFactor, dull->roughnessFactor);  // higher Ns → smoother
    ASSERT_NE(shiny->baseColorTexture, scene::kNoTexture);
    EXPECT_EQ(model->textures[shiny->baseColorTexture].mips[0].pixels[0], 10);
    EXPECT_EQ(dull->alphaMode, scene::AlphaMode::Blend);
    EXPECT_NEAR(dull->baseColorFactor.a, 0.5f, 1e-6f);
    for (const auto& mesh : model->meshes)
        for (const auto& v : mesh.vertices) {
            EXPECT_NEAR(glm::length(v.normal), 1.0f, 1e-4f);
            EXPECT_NEAR(glm::length(glm::vec3(v.tangent)), 1.0f, 1e-4f);
            EXPECT_NEAR(glm::dot(v.normal, glm::vec3(v.tangent)), 0.0f, 1e-4f);
        }
}

TEST(Import, MaterialLessModelGetsOneDefaultMaterial) {
    auto dir = test::scratchDir("import_nomat");
    std::ofstream(dir / "tri.obj") << "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
    auto model = importModel(dir / "tri.obj");
    ASSERT_TRUE(model.ok()) << model.error().message;
    ASSERT_GE(model->materials.size(), 1u);
    for (const auto& mesh : model->meshes) EXPECT_LT(mesh.material, model->materials.size());
}

TEST(Import, ErrorsNameTheFileAndTheReason) {
    auto dir = test::scratchDir("import_errors");
    auto missing = importModel(dir / "nope.gltf");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("nope.gltf"), std::string::npos);

    std::ofstream(dir / "garbage.gltf") << "{ this is not json";
    auto garbage = importModel(dir / "garbage.gltf");
    ASSERT_FALSE(garbage.ok());
    EXPECT_NE(garbage.error().message.find("garbage.gltf"), std::string::npos);
    EXPECT_GT(garbage.error().message.size(), std::string((dir / "garbage.gltf").string()).size() + 10);

    // Only a line: after removing points and lines nothing is left.
    std::ofstream(dir / "line.obj") << "v 0 0 0\nv 1 0 0\nl 1 2\n";
    auto lines = importModel(dir / "line.obj");
    ASSERT_FALSE(lines.ok());
    EXPECT_NE(lines.error().message.find("line.obj"), std::string::npos);
}

}  // namespace
}  // namespace skyhook::asset
