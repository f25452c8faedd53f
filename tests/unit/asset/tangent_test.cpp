// Tangent handedness of imported meshes must follow glTF: bitangent = cross(normal, tangent.xyz) * tangent.w
// points towards the top of the texture image (decreasing glTF v), so normal maps with +Y up shade the right
// way. Imported files without tangents get them computed; the sign must still follow that rule.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "engine/asset/import.hpp"
#include "tests/unit/asset/asset_test_util.hpp"

namespace skyhook::asset::test {
namespace {

std::vector<uint8_t> floats(std::initializer_list<float> v) {
    std::vector<uint8_t> out(v.size() * 4);
    std::memcpy(out.data(), std::data(v), out.size());
    return out;
}

// A quad in the XY plane facing +Z whose texture's top-left corner sits at the quad's top-left (-1, 1).
// With `tangents`, the file carries glTF tangents (+X, w = +1).
std::filesystem::path writeQuad(const std::filesystem::path& dir, bool tangents) {
    std::vector<uint8_t> buf;
    auto pos = floats({-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0});
    auto nrm = floats({0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1});
    auto uv = floats({0, 1, 1, 1, 1, 0, 0, 0});
    std::vector<uint8_t> idx(12);
    const uint16_t indices[6] = {0, 1, 2, 0, 2, 3};
    std::memcpy(idx.data(), indices, 12);
    auto tan = floats({1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1});
    for (auto* part : {&pos, &nrm, &uv, &idx, &tan}) buf.insert(buf.end(), part->begin(), part->end());
    std::string json = R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
 "meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1,"TEXCOORD_0":2)" +
                       std::string(tangents ? R"(,"TANGENT":4)" : "") + R"(},"indices":3,"material":0}]}],
 "materials":[{"normalTexture":{"index":0}}],
 "textures":[{"source":0}],"images":[{"uri":"flat.png"}],
 "buffers":[{"byteLength":204,"uri":"data:application/octet-stream;base64,)" +
                       base64(buf) + R"("}],
 "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":48},{"buffer":0,"byteOffset":48,"byteLength":48},
                {"buffer":0,"byteOffset":96,"byteLength":32},{"buffer":0,"byteOffset":128,"byteLength":12},
                {"buffer":0,"byteOffset":140,"byteLength":64}],
 "accessors":[{"bufferView":0,"componentType":5126,"count":4,"type":"VEC3","min":[-1,-1,0],"max":[1,1,0]},
              {"bufferView":1,"componentType":5126,"count":4,"type":"VEC3"},
              {"bufferView":2,"componentType":5126,"count":4,"type":"VEC2"},
              {"bufferView":3,"componentType":5123,"count":6,"type":"SCALAR"},
              {"bufferView":4,"componentType":5126,"count":4,"type":"VEC4"}]})";
    std::ofstream(dir / "quad.gltf") << json;
    writePng(dir / "flat.png", 2, 2, std::vector<uint8_t>(16, 128));
    return dir / "quad.gltf";
}

class Tangents : public ::testing::TestWithParam<bool> {};

TEST_P(Tangents, FollowGltfHandedness) {
    auto dir = scratchDir(GetParam() ? "tangents_given" : "tangents_computed");
    auto model = importModel(writeQuad(dir, GetParam()));
    ASSERT_TRUE(model.ok()) << model.error().message;
    ASSERT_EQ(model->meshes.size(), 1u);
    for (const auto& v : model->meshes[0].vertices) {
        glm::vec3 t(v.tangent);
        EXPECT_NEAR(glm::dot(t, glm::vec3(1, 0, 0)), 1.0f, 1e-3f) << "tangent follows increasing u (+X)";
        glm::vec3 bitangent = glm::cross(v.normal, t) * v.tangent.w;
        EXPECT_NEAR(glm::dot(bitangent, glm::vec3(0, 1, 0)), 1.0f, 1e-3f)
            << "bitangent must point to the top of the image (+Y here); w = " << v.tangent.w;
    }
}

INSTANTIATE_TEST_SUITE_P(FromFileOrComputed, Tangents, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "FromFile" : "Computed"; });

}  // namespace
}  // namespace skyhook::asset::test
