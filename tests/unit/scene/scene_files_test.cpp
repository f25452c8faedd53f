// The committed scenes/*.json files: each loads cleanly (no errors, no warnings), has what its golden image
// needs, and survives bounded random mutation of its text.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "engine/core/file.hpp"
#include "engine/scene/primitives.hpp"
#include "engine/scene/scene_file.hpp"
#include "tests/unit/mutate.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::scene {
namespace {

namespace fs = std::filesystem;

const fs::path kScenes = fs::path(SKYHOOK_SOURCE_DIR) / "scenes";

std::vector<fs::path> sceneFiles() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(kScenes))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

Scene load(const std::string& name) {
    auto r = loadSceneFile(kScenes / name);
    if (!r.ok()) ADD_FAILURE() << r.error().message;
    return r.ok() ? std::move(r).value() : Scene{};
}

TEST(SceneFiles, EveryCommittedSceneLoadsWithoutWarnings) {
    auto files = sceneFiles();
    ASSERT_GE(files.size(), 6u);
    for (const fs::path& f : files) {
        SCOPED_TRACE(f.string());
        test::WarningCapture capture;
        auto scene = loadSceneFile(f);
        ASSERT_TRUE(scene.ok()) << scene.error().message;
        EXPECT_EQ(scene->name, f.stem().string());
        EXPECT_TRUE(!scene->nodes.empty() || !scene->instanceRules.empty()) << "something to draw";
        EXPECT_FALSE(scene->lights.empty());
        ASSERT_FALSE(scene->cameras.empty());
        EXPECT_NE(scene->findCamera("main"), nullptr) << "golden cases render from the camera named \"main\"";
        for (const Node& n : scene->nodes) EXPECT_LT(n.model, int32_t(scene->models.size()));
        for (const ModelRef& m : scene->models) {
            if (m.kind == ModelRef::Kind::Primitive) {
                EXPECT_TRUE(makePrimitiveModel(m.primitive).ok());
            }
        }
        auto warnings = capture.warnings();
        EXPECT_TRUE(warnings.empty()) << (warnings.empty() ? "" : warnings.front());
    }
}

TEST(SceneFiles, SphereGridIsMetallicByRoughness) {
    Scene s = load("sphere_grid.json");
    std::vector<const Node*> spheres;
    for (const Node& n : s.nodes)
        if (n.model >= 0) spheres.push_back(&n);
    ASSERT_EQ(spheres.size(), 49u);
    EXPECT_EQ(s.models.at(spheres[0]->model).primitive, "sphere");
    EXPECT_EQ(spheres.front()->material->metallicFactor, 0.0f);
    EXPECT_EQ(spheres.front()->material->roughnessFactor, 0.05f);
    EXPECT_EQ(spheres.back()->material->metallicFactor, 1.0f);
    EXPECT_EQ(spheres.back()->material->roughnessFactor, 1.0f);
    EXPECT_GT(spheres[0]->material->baseColorFactor.r, 2.0f * spheres[0]->material->baseColorFactor.g);
    EXPECT_EQ(s.environment.sky, Environment::Sky::Procedural);
}

TEST(SceneFiles, ShadowsHasAShadowCastingLowSun) {
    Scene s = load("shadows.json");
    auto sun = std::find_if(s.lights.begin(), s.lights.end(), [](const Light& l) {
        return l.type == LightType::Directional && l.castsShadows;
    });
    ASSERT_NE(sun, s.lights.end());
    EXPECT_GT(sun->direction.y, -0.5f) << "a low sun gives long shadows";
}

TEST(SceneFiles, EmissiveBloomIsDarkWithBrightEmitters) {
    Scene s = load("emissive_bloom.json");
    EXPECT_GT(s.environment.bloomStrength, 0.0f);
    EXPECT_EQ(s.environment.sky, Environment::Sky::Color);
    int emitters = 0;
    for (const Node& n : s.nodes)
        if (n.material && n.material->emissiveStrength >= 10.0f &&
            n.material->emissiveFactor != glm::vec3(0.0f))
            ++emitters;
    EXPECT_GE(emitters, 3);
}

TEST(SceneFiles, PrecisionSitsTenMillionMetresOut) {
    Scene s = load("precision.json");
    const Camera& cam = *s.findCamera("main");
    EXPECT_GE(cam.position.x, 1.0e7);
    auto world = s.worldMatrices();
    for (size_t i = 0; i < s.nodes.size(); ++i) {
        if (s.nodes[i].model < 0) continue;
        glm::dvec3 p(world[i][3]);
        EXPECT_GE(p.x, 1.0e7 - 10.0);
        EXPECT_LT(glm::length(p - cam.position), 10.0) << s.nodes[i].name;
    }
}

TEST(SceneFiles, LightsHasColouredPointsAndSpots) {
    Scene s = load("lights.json");
    int points = 0, spots = 0;
    for (const Light& l : s.lights) {
        points += l.type == LightType::Point;
        spots += l.type == LightType::Spot;
    }
    EXPECT_GE(points, 2);
    EXPECT_GE(spots, 2);
}

TEST(SceneFiles, TexturedReferencesItsAssetNextToTheScene) {
    Scene s = load("textured.json");
    auto asset = std::find_if(s.models.begin(), s.models.end(),
                              [](const ModelRef& m) { return m.kind == ModelRef::Kind::Asset; });
    ASSERT_NE(asset, s.models.end());
    EXPECT_EQ(fs::path(asset->path), (kScenes / "textured" / "textured.gltf").lexically_normal());
}

// Whatever a mutated file parses to, its rules and tracks evaluate: the first and last instance and light,
// and the tracks at one time.
void exerciseRules(Scene& s) {
    ASSERT_LE(s.cells.size(), kMaxCells);
    for (const InstanceRule& rule : s.instanceRules) {
        const uint64_t n = instanceCount(rule);
        ASSERT_GE(n, 1u);
        ASSERT_LE(n, kMaxRuleInstances);
        ASSERT_LT(rule.model, int32_t(s.models.size()));
        ASSERT_LT(rule.cell, int32_t(s.cells.size()));
        const Bounds b = ruleBounds(rule);
        for (uint64_t i : {uint64_t(0), n - 1}) {
            const glm::dvec3 p(instanceTransform(rule, i)[3]);
            if (instanceEnabled(rule, i)) {
                ASSERT_TRUE(b.contains(p, 1e-6 * (1.0 + glm::length(p))));
            }
        }
    }
    for (const LightRule& rule : s.lightRules) {
        ASSERT_GE(lightCount(rule), 1u);
        (void)lightAt(rule, lightCount(rule) - 1);
    }
    applyTracks(s, 1.5);
    (void)s.cellMatrices();
    (void)s.worldMatrices();
}

TEST(SceneFiles, FuzzMutatedScenesNeverCrash) {
    constexpr int kMutationsPerFile = 20000;
    test::WarningCapture capture;  // mutated keys warn a lot; keep them off stderr
    std::mt19937 rng(0x5C3E7E);
    for (const fs::path& f : sceneFiles()) {
        auto text = readFileText(f);
        ASSERT_TRUE(text.ok()) << text.error().message;
        const std::string name = f.filename().string();
        int ok = 0, failed = 0;
        auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < kMutationsPerFile; ++i) {
            std::string mutated = skyhook::test::mutate(*text, rng);
            auto r = parseScene(mutated, f.parent_path(), name);
            if (r.ok()) {
                ++ok;
                ASSERT_FALSE(r->cameras.empty());
                ASSERT_LE(r->nodes.size(), kMaxSceneNodes);
                for (const Node& n : r->nodes) ASSERT_LT(n.model, int32_t(r->models.size()));
                exerciseRules(*r);
            } else {
                ++failed;
                ASSERT_FALSE(r.error().message.empty()) << mutated;
                ASSERT_TRUE(r.error().message.starts_with(name)) << r.error().message;
            }
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // Both outcomes must occur, or the mutations are not exercising the parser.
        EXPECT_GT(ok, kMutationsPerFile / 50) << name;
        EXPECT_GT(failed, kMutationsPerFile / 50) << name;
        std::printf("  %s: %d parsed, %d rejected in %.2f s\n", name.c_str(), ok, failed, seconds);
    }
}

}  // namespace
}  // namespace skyhook::scene
