#include <gtest/gtest.h>

#include <cmath>

#include <glm/gtc/quaternion.hpp>

#include "engine/scene/scene_file.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::scene {
namespace {

Result<Scene> parse(std::string_view json) {
    return test::parseNamed(json, "test.json");
}
Scene parseOk(std::string_view json) {
    return test::parseOkNamed(json, "test.json");
}
std::string parseError(std::string_view json) {
    return test::parseErrorNamed(json, "test.json");
}

glm::dvec3 forwardOf(const glm::dquat& q) {
    return q * glm::dvec3(0, 0, -1);
}

void expectNear(const glm::dvec3& a, const glm::dvec3& b, double eps = 1e-9) {
    EXPECT_NEAR(a.x, b.x, eps);
    EXPECT_NEAR(a.y, b.y, eps);
    EXPECT_NEAR(a.z, b.z, eps);
}

TEST(SceneFile, EmptyObjectGivesDefaultsAndADefaultCamera) {
    Scene s = parseOk("{}");
    EXPECT_EQ(s.name, "test");
    EXPECT_TRUE(s.nodes.empty());
    ASSERT_EQ(s.cameras.size(), 1u);
    EXPECT_EQ(s.cameras[0].name, "default");
    EXPECT_EQ(s.environment.sky, Environment::Sky::Procedural);
}

TEST(SceneFile, Environment) {
    Scene s = parseOk(R"({"name": "env", "environment": {"sky": "color", "skyColor": [0.1, 0.2, 0.3],
        "skyIntensity": 2.5, "exposure": 12.5, "bloom": 0.3}})");
    EXPECT_EQ(s.name, "env");
    EXPECT_EQ(s.environment.sky, Environment::Sky::Color);
    EXPECT_EQ(s.environment.skyColor, glm::vec3(0.1f, 0.2f, 0.3f));
    EXPECT_EQ(s.environment.skyIntensity, 2.5f);
    EXPECT_EQ(s.environment.exposureEv100, 12.5f);
    EXPECT_EQ(s.environment.bloomStrength, 0.3f);
}

TEST(SceneFile, CamerasByLookAtRotationAndYawPitchRoll) {
    Scene s = parseOk(R"({"cameras": [
        {"name": "a", "position": [90000000.25, 2, 3], "lookAt": [90000000.25, 2, -7], "fovDeg": 30, "near": 0.5},
        {"name": "b", "rotation": [0, 0.7071067811865476, 0, 0.7071067811865476]},
        {"name": "c", "yawPitchRollDeg": [90, 0, 0]},
        {"name": "d", "yawPitchRollDeg": [0, 30, 0]},
        {"name": "e"}]})");
    ASSERT_EQ(s.cameras.size(), 5u);
    const Camera& a = s.cameras[0];
    EXPECT_EQ(a.position, glm::dvec3(90000000.25, 2, 3));
    expectNear(forwardOf(a.orientation), {0, 0, -1});
    EXPECT_NEAR(a.verticalFov, glm::radians(30.0f), 1e-6f);
    EXPECT_EQ(a.nearPlane, 0.5f);
    // +90° about Y turns the view from -Z to -X; so does yaw 90.
    expectNear(forwardOf(s.cameras[1].orientation), {-1, 0, 0});
    expectNear(forwardOf(s.cameras[2].orientation), {-1, 0, 0});
    // Positive pitch looks up.
    expectNear(forwardOf(s.cameras[3].orientation),
               {0, std::sin(glm::radians(30.0)), -std::cos(glm::radians(30.0))});
    expectNear(forwardOf(s.cameras[4].orientation), {0, 0, -1});
    EXPECT_NEAR(s.cameras[4].verticalFov, glm::radians(50.0f), 1e-6f);
    EXPECT_NE(s.findCamera("c"), nullptr);
}

TEST(SceneFile, Lights) {
    Scene s = parseOk(R"({"lights": [
        {"name": "sun", "type": "directional", "direction": [0, -2, 0], "color": [1, 0.9, 0.8], "intensity": 100000,
         "castShadows": true},
        {"name": "bulb", "type": "point", "position": [1, 2, 3], "intensity": 50, "range": 12},
        {"name": "spot", "type": "spot", "position": [0, 4, 0], "lookAt": [0, 0, 3], "innerConeDeg": 10,
         "outerConeDeg": 25}]})");
    ASSERT_EQ(s.lights.size(), 3u);
    EXPECT_EQ(s.lights[0].type, LightType::Directional);
    EXPECT_EQ(s.lights[0].direction, glm::vec3(0, -1, 0));
    EXPECT_EQ(s.lights[0].color, glm::vec3(1.0f, 0.9f, 0.8f));
    EXPECT_EQ(s.lights[0].intensity, 100000.0f);
    EXPECT_TRUE(s.lights[0].castsShadows);
    EXPECT_EQ(s.lights[1].type, LightType::Point);
    EXPECT_EQ(s.lights[1].position, glm::dvec3(1, 2, 3));
    EXPECT_EQ(s.lights[1].range, 12.0f);
    EXPECT_FALSE(s.lights[1].castsShadows);
    const Light& spot = s.lights[2];
    EXPECT_EQ(spot.type, LightType::Spot);
    EXPECT_NEAR(spot.direction.y, -0.8f, 1e-6f);
    EXPECT_NEAR(spot.direction.z, 0.6f, 1e-6f);
    EXPECT_NEAR(spot.innerConeAngle, glm::radians(10.0f), 1e-6f);
    EXPECT_NEAR(spot.outerConeAngle, glm::radians(25.0f), 1e-6f);
}

TEST(SceneFile, NamedAndInlineMaterials) {
    Scene s = parseOk(R"({"materials": {
          "glass": {"baseColor": [0.9, 0.95, 1.0, 0.3], "metallic": 0, "roughness": 0.05, "alphaMode": "blend",
                    "doubleSided": true},
          "lamp": {"baseColor": [0, 0, 0], "emissive": [1, 0.5, 0.25], "emissiveStrength": 30,
                   "alphaMode": "mask", "alphaCutoff": 0.25}},
        "nodes": [
          {"model": "primitive:sphere", "material": "glass"},
          {"model": "primitive:cube", "material": "lamp"},
          {"model": "primitive:cube", "material": {"baseColor": [1, 0, 0, 1], "metallic": 1}},
          {"model": "primitive:plane"}]})");
    ASSERT_EQ(s.nodes.size(), 4u);
    ASSERT_TRUE(s.nodes[0].material);
    const Material& glass = *s.nodes[0].material;
    EXPECT_EQ(glass.name, "glass");
    EXPECT_EQ(glass.baseColorFactor, glm::vec4(0.9f, 0.95f, 1.0f, 0.3f));
    EXPECT_EQ(glass.metallicFactor, 0.0f);
    EXPECT_EQ(glass.roughnessFactor, 0.05f);
    EXPECT_EQ(glass.alphaMode, AlphaMode::Blend);
    EXPECT_TRUE(glass.doubleSided);
    const Material& lamp = *s.nodes[1].material;
    EXPECT_EQ(lamp.baseColorFactor, glm::vec4(0, 0, 0, 1));
    EXPECT_EQ(lamp.emissiveFactor, glm::vec3(1.0f, 0.5f, 0.25f));
    EXPECT_EQ(lamp.emissiveStrength, 30.0f);
    EXPECT_EQ(lamp.alphaMode, AlphaMode::Mask);
    EXPECT_EQ(lamp.alphaCutoff, 0.25f);
    const Material& inlined = *s.nodes[2].material;
    EXPECT_EQ(inlined.baseColorFactor, glm::vec4(1, 0, 0, 1));
    EXPECT_EQ(inlined.metallicFactor, 1.0f);
    EXPECT_EQ(inlined.roughnessFactor, 0.5f);  // scene-file default
    EXPECT_FALSE(s.nodes[3].material.has_value());
}

TEST(SceneFile, TransformsAndNestedChildrenFlattenParentsFirst) {
    Scene s = parseOk(R"({"nodes": [
        {"name": "site", "position": [100000000, 0, 0], "rotationDeg": [0, 90, 0], "children": [
            {"name": "tower", "model": "primitive:cube", "position": [0, 0, 2], "scale": [1, 10, 1], "children": [
                {"name": "beacon", "model": "primitive:sphere", "position": [0, 0.5, 0], "scale": 0.1}]},
            {"name": "pad", "model": "primitive:plane", "rotation": [0, 0, 0, 2]}]},
        {"name": "other", "position": [1, 2, 3]}]})");
    ASSERT_EQ(s.nodes.size(), 5u);
    std::vector<std::string> names;
    for (const Node& n : s.nodes) names.push_back(n.name);
    EXPECT_EQ(names, (std::vector<std::string>{"site", "tower", "beacon", "pad", "other"}));
    EXPECT_EQ(s.nodes[0].parent, -1);
    EXPECT_EQ(s.nodes[1].parent, 0);
    EXPECT_EQ(s.nodes[2].parent, 1);
    EXPECT_EQ(s.nodes[3].parent, 0);
    EXPECT_EQ(s.nodes[4].parent, -1);
    EXPECT_EQ(s.nodes[1].local.scale, glm::dvec3(1, 10, 1));
    EXPECT_EQ(s.nodes[2].local.scale, glm::dvec3(0.1));
    // A quaternion is normalised: [0, 0, 0, 2] is the identity.
    EXPECT_NEAR(s.nodes[3].local.rotation.w, 1.0, 1e-12);
    // rotationDeg [0, 90, 0]: +Z turns to +X. The beacon: 2 m along +Z of the site, 5 m up the 10 m tower.
    auto world = s.worldMatrices();
    expectNear(glm::dvec3(world[1][3]), {100000002.0, 0, 0}, 1e-7);
    expectNear(glm::dvec3(world[2][3]), {100000002.0, 5.0, 0}, 1e-7);
}

TEST(SceneFile, EulerDegreesRotateAboutXThenYThenZ) {
    Scene s = parseOk(R"({"nodes": [{"rotationDeg": [90, 90, 0]}]})");
    const glm::dquat& q = s.nodes[0].local.rotation;
    // Rx(90) takes +Y to +Z; Ry(90) then takes +Z to +X.
    expectNear(q * glm::dvec3(0, 1, 0), {1, 0, 0}, 1e-12);
}

TEST(SceneFile, ModelReferencesAreDeduplicatedAndAssetPathsAbsolute) {
    Scene s = parseOk(R"({"nodes": [
        {"model": "primitive:sphere"}, {"model": "primitive:cube"}, {"model": "primitive:sphere"},
        {"model": "models/ship.gltf"}, {"model": "models/../models/ship.gltf"}, {"model": "/abs/rock.glb"},
        {"name": "empty"}]})");
    ASSERT_EQ(s.models.size(), 4u);
    EXPECT_EQ(s.models[0].kind, ModelRef::Kind::Primitive);
    EXPECT_EQ(s.models[0].primitive, "sphere");
    EXPECT_EQ(s.models[1].primitive, "cube");
    EXPECT_EQ(s.models[2].kind, ModelRef::Kind::Asset);
    EXPECT_EQ(s.models[2].path, "/shows/base/models/ship.gltf");
    EXPECT_EQ(s.models[3].path, "/abs/rock.glb");
    std::vector<int32_t> indices;
    for (const Node& n : s.nodes) indices.push_back(n.model);
    EXPECT_EQ(indices, (std::vector<int32_t>{0, 1, 0, 2, 2, 3, -1}));
}

TEST(SceneFile, GridExpandsWithVariedMaterials) {
    Scene s = parseOk(R"({"materials": {"red": {"baseColor": [0.8, 0.1, 0.1, 1]}},
        "nodes": [{"name": "g", "model": "primitive:sphere", "material": "red", "position": [0, 10, 0],
                   "scale": 0.5, "grid": {"count": [7, 7, 1], "spacing": [1.5, 1.2, 1],
                   "vary": {"metallic": [0, 1, "x"], "roughness": [0.05, 1, "y"]}}}]})");
    ASSERT_EQ(s.nodes.size(), 1u + 49u);
    EXPECT_EQ(s.nodes[0].model, -1);
    EXPECT_EQ(s.nodes[0].local.scale, glm::dvec3(1.0));  // the grid node places, the cells are scaled
    auto world = s.worldMatrices();
    for (uint32_t y = 0; y < 7; ++y) {
        for (uint32_t x = 0; x < 7; ++x) {
            const size_t i = 1 + y * 7 + x;
            const Node& n = s.nodes[i];
            EXPECT_EQ(n.parent, 0);
            EXPECT_EQ(n.model, 0);
            EXPECT_EQ(n.name, fmt::format("g[{},{},0]", x, y));
            EXPECT_EQ(n.local.scale, glm::dvec3(0.5));
            expectNear(glm::dvec3(world[i][3]),
                       {(double(x) - 3.0) * 1.5, 10.0 + (double(y) - 3.0) * 1.2, 0.0});
            ASSERT_TRUE(n.material);
            EXPECT_NEAR(n.material->metallicFactor, x / 6.0f, 1e-6f);
            EXPECT_NEAR(n.material->roughnessFactor, 0.05f + 0.95f * y / 6.0f, 1e-6f);
            EXPECT_EQ(n.material->baseColorFactor, glm::vec4(0.8f, 0.1f, 0.1f, 1.0f));
        }
    }
}

TEST(SceneFile, GridReplicatesChildrenAndVariesColours) {
    Scene s = parseOk(R"({"nodes": [{"name": "post", "model": "primitive:cube",
        "material": {"baseColor": [1, 0, 0, 1]},
        "grid": {"count": [3, 1, 2], "spacing": 4, "centered": false},
        "vary": {"baseColorHue": [0, 240, "x"], "emissive": [[0, 0, 0], [1, 1, 1], "z"]},
        "children": [{"name": "lamp", "model": "primitive:sphere", "position": [0, 2, 0]}]}]})");
    ASSERT_EQ(s.nodes.size(), 1u + 6u * 2u);
    const Node& firstCell = s.nodes[1];
    const Node& firstLamp = s.nodes[2];
    EXPECT_EQ(firstLamp.name, "lamp");
    EXPECT_EQ(firstLamp.parent, 1);
    EXPECT_EQ(firstCell.local.translation, glm::dvec3(0.0));
    // x = 2, z = 1 is the last cell: hue 240 (blue), full emissive; uncentred positions start at 0.
    const Node& last = s.nodes[11];
    EXPECT_EQ(last.name, "post[2,0,1]");
    EXPECT_EQ(last.local.translation, glm::dvec3(8, 0, 4));
    EXPECT_EQ(s.nodes[12].parent, 11);
    glm::vec4 blue = last.material->baseColorFactor;
    EXPECT_NEAR(blue.r, 0.0f, 1e-6f);
    EXPECT_NEAR(blue.g, 0.0f, 1e-6f);
    EXPECT_NEAR(blue.b, 1.0f, 1e-6f);
    EXPECT_EQ(last.material->emissiveFactor, glm::vec3(1.0f));
    // x = 1: hue 120, green.
    EXPECT_NEAR(s.nodes[3].material->baseColorFactor.g, 1.0f, 1e-6f);
    EXPECT_NEAR(s.nodes[3].material->baseColorFactor.r, 0.0f, 1e-6f);
    EXPECT_EQ(s.nodes[3].material->emissiveFactor, glm::vec3(0.0f));
}

TEST(SceneFile, GridsOverTheNodeLimitAreRejected) {
    EXPECT_EQ(
        parseError(R"({"nodes": [{"model": "primitive:cube", "grid": {"count": [1000, 1000, 2]}}]})"),
        "test.json: /nodes/0/grid: grid of 1000×1000×2 expands to more than the limit of 1000000 nodes");
    // The limit counts what children multiply to, and what the whole scene adds up to.
    EXPECT_NE(parseError(R"({"nodes": [{"grid": {"count": [1000, 500, 1]},
        "children": [{"grid": {"count": [2, 1, 1]}}]}]})")
                  .find("more than the limit of 1000000 nodes"),
              std::string::npos);
    EXPECT_EQ(parseError(
                  R"({"nodes": [{"grid": {"count": [1000, 600, 1]}}, {"grid": {"count": [1000, 600, 1]}}]})"),
              "test.json: /nodes: the scene expands to more than the limit of 1000000 nodes");
    EXPECT_NE(parseError(R"({"nodes": [{"grid": {"count": [1e300, 1e300, 1e300]}}]})")
                  .find("/nodes/0/grid/count/0"),
              std::string::npos);
}

TEST(SceneFile, SyntaxErrorsGiveLineAndColumn) {
    EXPECT_EQ(
        parseError("{\n  \"name\": \"x\",\n  \"nodes\": [,]\n}"),
        "test.json:3:13: syntax error while parsing value - unexpected ','; expected '[', '{', or a literal");
    std::string missingBrace = parseError("{\n  \"nodes\": []\n");
    EXPECT_TRUE(missingBrace.starts_with("test.json:3:1: ")) << missingBrace;
    // Columns count characters, not UTF-8 bytes.
    std::string utf8 = parseError("{\"name\": \"Ω\", x}");
    EXPECT_TRUE(utf8.starts_with("test.json:1:15: ")) << utf8;
    EXPECT_TRUE(parseError("").starts_with("test.json:1:1: ")) << parseError("");
}

TEST(SceneFile, WrongTypesNameTheJsonPointer) {
    EXPECT_EQ(parseError(R"({"nodes": [{}, {}, {}, {"position": "here"}]})"),
              "test.json: /nodes/3/position: expected an array of 3 numbers, got a string");
    EXPECT_EQ(parseError(R"({"nodes": [{"children": [{"scale": [1, "2", 1]}]}]})"),
              "test.json: /nodes/0/children/0/scale/1: expected a number, got a string");
    EXPECT_EQ(parseError(R"({"lights": [{"type": "sun"}]})"),
              "test.json: /lights/0/type: expected one of \"directional\", \"point\", \"spot\", got \"sun\"");
    EXPECT_EQ(parseError(R"({"materials": {"a/b": {"metallic": 2}}})"),
              "test.json: /materials/a~1b/metallic: expected a number in [0, 1], got 2");
    EXPECT_EQ(parseError(R"({"cameras": {}})"),
              "test.json: /cameras: expected an array, got an object of 0 keys");
    EXPECT_EQ(parseError("[]"), "test.json: /: expected an object, got an array of 0 elements");
    EXPECT_EQ(parseError(R"({"environment": {"castShadows": true, "bloom": true}})"),
              "test.json: /environment/bloom: expected a number, got a boolean");
}

TEST(SceneFile, SemanticErrors) {
    EXPECT_EQ(
        parseError(R"({"nodes": [{"model": "primitive:torus"}]})"),
        "test.json: /nodes/0/model: unknown primitive \"torus\" (known primitives: sphere, cube, plane)");
    EXPECT_EQ(parseError(R"({"materials": {"red": {}}, "nodes": [{"material": "blue"}]})"),
              "test.json: /nodes/0/material: unknown material \"blue\" (defined in /materials: \"red\")");
    EXPECT_EQ(parseError(R"({"cameras": [{"position": [1, 1, 1], "lookAt": [1, 1, 1]}]})"),
              "test.json: /cameras/0/lookAt: the camera looks at its own position");
    EXPECT_EQ(parseError(R"({"cameras": [{"lookAt": [0, 0, 0], "rotation": [0, 0, 0, 1]}]})"),
              "test.json: /cameras/0: give only one of \"lookAt\", \"rotation\" and \"yawPitchRollDeg\"");
    EXPECT_EQ(parseError(R"({"lights": [{"type": "spot", "innerConeDeg": 30, "outerConeDeg": 20}]})"),
              "test.json: /lights/0/innerConeDeg: inner cone 30° is wider than the outer cone 20°");
    EXPECT_EQ(parseError(R"({"nodes": [{"rotation": [0, 0, 0, 0]}]})"),
              "test.json: /nodes/0/rotation: quaternion [x, y, z, w] has zero length");
    EXPECT_EQ(
        parseError(R"({"nodes": [{"scale": [1, 0, 1]}]})"),
        "test.json: /nodes/0/scale: scale must not be zero (it would collapse the node and its children)");
    EXPECT_EQ(parseError(R"({"nodes": [{"vary": {"metallic": [0, 1, "x"]}}]})"),
              "test.json: /nodes/0/vary: \"vary\" needs a \"grid\" on the same node");
    EXPECT_EQ(
        parseError(R"({"nodes": [{"grid": {"count": [2, 2, 1], "vary": {"roughness": [0, 1, "w"]}}}]})"),
        "test.json: /nodes/0/grid/vary/roughness/2: expected \"x\", \"y\" or \"z\", got \"w\"");
    EXPECT_EQ(parseError(R"({"version": 2})"),
              "test.json: /version: format version 2 is newer than this Skyhook reads (1)");
}

TEST(SceneFile, NonFiniteNumbersAreRejected) {
    // JSON has no NaN or infinity literals; overflowing numbers are the way in, and both must fail cleanly.
    EXPECT_FALSE(parse(R"({"nodes": [{"position": [NaN, 0, 0]}]})").ok());
    std::string overflow = parseError(R"({"nodes": [{"position": [1e999, 0, 0]}]})");
    EXPECT_TRUE(overflow.starts_with("test.json")) << overflow;
    EXPECT_FALSE(parse(R"({"nodes": [{"position": [-Infinity, 0, 0]}]})").ok());
}

TEST(SceneFile, DeepNestingIsRejected) {
    std::string json = R"({"nodes": [)";
    for (int i = 0; i < 100; ++i) json += R"({"children": [)";
    json += "{}";
    for (int i = 0; i < 100; ++i) json += "]}";
    json += "]}";
    EXPECT_NE(parseError(json).find("nodes nest deeper than 64 levels"), std::string::npos);
}

TEST(SceneFile, UnknownKeysWarnWithPathAndSuggestion) {
    test::WarningCapture capture;
    Scene s = parseOk(R"({"nodes": [{"model": "primitive:cube", "postion": [1, 2, 3], "comment": "free text",
        "_note": "also free", "wobble": 1}], "enviroment": {}})");
    ASSERT_EQ(s.nodes.size(), 1u);
    auto warnings = capture.warnings();
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_EQ(warnings[0], "test.json: /nodes/0/postion: unknown key (ignored); did you mean \"position\"?");
    EXPECT_EQ(warnings[1], "test.json: /nodes/0/wobble: unknown key (ignored)");
    EXPECT_EQ(warnings[2], "test.json: /enviroment: unknown key (ignored); did you mean \"environment\"?");
}

TEST(SceneFile, DuplicateKeysWarnAndTheLastWins) {
    test::WarningCapture capture;
    Scene s = parseOk(R"({"nodes": [{}, {"position": [1, 2, 3], "children": [{"name": "a", "name": "b"}],
        "position": [4, 5, 6]}]})");
    ASSERT_EQ(s.nodes.size(), 3u);
    EXPECT_EQ(s.nodes[1].local.translation, glm::dvec3(4, 5, 6));
    EXPECT_EQ(s.nodes[2].name, "b");
    auto warnings = capture.warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0], "test.json: /nodes/1/children/0/name: duplicate key: only the last value is used");
    EXPECT_EQ(warnings[1], "test.json: /nodes/1/position: duplicate key: only the last value is used");
}

TEST(SceneFile, DefaultCameraFramesTheNodes) {
    Scene s = parseOk(R"({"nodes": [{"model": "primitive:cube", "position": [100, 0, 0]},
        {"model": "primitive:cube", "position": [110, 4, -6]}, {"position": [-1000, 0, 0]}]})");
    ASSERT_EQ(s.cameras.size(), 1u);
    const Camera& c = s.cameras[0];
    // It looks at the centre of the nodes with geometry (the bare transform far away is ignored)...
    glm::dvec3 centre(105, 2, -3);
    expectNear(forwardOf(c.orientation), glm::normalize(centre - c.position), 1e-9);
    // ...from far enough that a sphere around all of them fits the vertical field of view.
    double radius = 0.5 * glm::length(glm::dvec3(10, 4, 6) + glm::dvec3(2 * 0.87));
    EXPECT_GE(glm::length(c.position - centre), radius / std::sin(c.verticalFov / 2.0));
}

TEST(SceneFile, LoadReportsMissingFilesAndUsesTheFolderForAssets) {
    auto missing = loadSceneFile("/nonexistent/dir/scene.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("/nonexistent/dir/scene.json"), std::string::npos);
}

// Haptic cues the show authors: read in show-time order with their defaults; a cue without a time, or out of
// range, is an error naming where.
TEST(SceneFile, HapticCues) {
    Scene s = parseOk(R"({"haptics": [
        {"name": "thrust", "time": 32, "duration": 1.0, "amplitude": 1.0, "hands": "right"},
        {"time": 2, "frequency": 160}
    ]})");
    ASSERT_EQ(s.haptics.size(), 2u);
    EXPECT_EQ(s.haptics[0].name, "haptic1");
    EXPECT_DOUBLE_EQ(s.haptics[0].time, 2.0);
    EXPECT_DOUBLE_EQ(s.haptics[0].duration, 0.2);
    EXPECT_FLOAT_EQ(s.haptics[0].amplitude, 1.0f);
    EXPECT_FLOAT_EQ(s.haptics[0].frequency, 160.0f);
    EXPECT_EQ(s.haptics[0].hands, HapticCue::Hands::Both);
    EXPECT_EQ(s.haptics[1].name, "thrust");
    EXPECT_EQ(s.haptics[1].hands, HapticCue::Hands::Right);
    EXPECT_NE(parseError(R"({"haptics": [{"duration": 1}]})").find("/haptics/0"), std::string::npos);
    EXPECT_NE(parseError(R"({"haptics": [{"time": 1, "amplitude": 2}]})").find("/haptics/0/amplitude"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"haptics": [{"time": 1, "hands": "feet"}]})").find("/haptics/0/hands"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"haptics": {"time": 1}})").find("/haptics"), std::string::npos);
}

}  // namespace
}  // namespace skyhook::scene
