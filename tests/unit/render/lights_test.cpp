// Point and spot lights on the GPU (engine/render/lights.hpp): the static table is written once, and a frame
// uploads only the intensity groups' scales and the lights tracks move — never anything per static light.
#include <gtest/gtest.h>

#include <mutex>
#include <string>

#include <fmt/format.h>

#include "engine/core/log.hpp"
#include "engine/render/lights.hpp"
#include "engine/scene/rules.hpp"
#include "engine/scene/scene_file.hpp"
#include "engine/scene/tracks.hpp"

namespace skyhook::render {
namespace {

constexpr float kExposure = 0.1f;

scene::Scene parse(const std::string& json) {
    auto s = scene::parseScene(json, "/shows/base", "lights_test");
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? std::move(*s) : scene::Scene{};
}

// Two point lights and a rule of `ruleCount` lights along a 1 km path, then `extra` keys (tracks).
std::string sceneText(uint64_t ruleCount, const std::string& tracks = "", bool wrap = false) {
    return fmt::format(R"({{
      "lights": [
        {{ "name": "lamp", "type": "point", "position": [0, 2, 0], "intensity": 30 }},
        {{ "name": "spot", "type": "spot", "position": [5, 4, 0], "lookAt": [5, 0, 0], "intensity": 50 }},
        {{ "name": "sun", "type": "directional", "intensity": 1000 }}
      ],
      "lightRules": [
        {{ "name": "strip", "type": "point", "intensity": 20, "range": 3,
          "path": {{ "points": [[0, 1, 0], [1000, 1, 0]], "count": {}, "wrap": {} }} }}
      ],
      "tracks": [{}]
    }})",
                       ruleCount, wrap ? "true" : "false", tracks);
}

struct Built {
    scene::Scene scene;
    SceneLights lights;
};

// Builds the lights, applies the tracks at `t` and runs one frame's update around `origin`.
Built frameAt(const std::string& json, double t, glm::dvec3 origin = glm::dvec3(0.0)) {
    Built b{parse(json), {}};
    CellTable cells(2048.0);
    b.lights.build(b.scene, cells, kExposure);
    scene::applyTracks(b.scene, t);
    b.lights.update(b.scene, origin, 99u);
    return b;
}

TEST(SceneLights, StaticSceneUploadsTheSameBytesPerFrameWhateverItsLightCount) {
    const Built few = frameAt(sceneText(16), 1.0), many = frameAt(sceneText(200'000), 1.0);
    EXPECT_EQ(few.lights.staticCount(), 2u + 16u);
    EXPECT_EQ(many.lights.staticCount(), 2u + 200'000u);
    EXPECT_FALSE(many.lights.animated());
    EXPECT_EQ(few.lights.frameBytes(), many.lights.frameBytes());
    EXPECT_EQ(many.lights.frameBytes(), sizeof(float)) << "one scale (group 0) and no moving lights";
    // An intensity track on the rule adds one scale, not one per light.
    const std::string dim =
        R"({ "target": "rule:strip", "property": "intensity", "keys": [[0, 0], [2, 40]] })";
    const Built fewDim = frameAt(sceneText(16, dim), 1.0), manyDim = frameAt(sceneText(200'000, dim), 1.0);
    EXPECT_TRUE(manyDim.lights.animated());
    EXPECT_EQ(fewDim.lights.frameBytes(), manyDim.lights.frameBytes());
    EXPECT_EQ(manyDim.lights.frameBytes(), 2 * sizeof(float));
    // Moving lights are what a frame pays for: a path-offset track makes the rule's lights per-frame data.
    const std::string move =
        R"({ "target": "rule:strip", "property": "pathOffset", "keys": [[0, 0], [2, 5]] })";
    EXPECT_EQ(frameAt(sceneText(16, move), 1.0).lights.frameBytes(),
              sizeof(float) + 16 * sizeof(gpu_layout::GpuLight));
}

TEST(SceneLights, IntensityTracksScaleTheirGroupAndSizeTheRangeForTheirPeak) {
    const std::string json = sceneText(4, R"(
        { "target": "light:lamp", "property": "intensity", "interpolation": "smooth",
          "keys": [[0, 0], [3, 0], [4, 300]] },
        { "target": "rule:strip", "property": "intensity", "keys": [[0, 20], [1, 0]] })");
    const Built b = frameAt(json, 3.5);
    ASSERT_EQ(b.lights.groupCount(), 2u);
    const auto& table = b.lights.staticTable();
    ASSERT_EQ(b.lights.staticCount(), 2u + 4u);
    // The lamp: its colour per candela, its range that of the lamp at its brightest (300 cd).
    EXPECT_EQ(table[0].group, 1u);
    EXPECT_EQ(table[0].color, glm::vec3(1.0f));
    Built peak = frameAt(sceneText(4), 0.0);
    peak.scene.lights[0].intensity = 300.0f;
    CellTable cells(2048.0);
    SceneLights atPeak;
    atPeak.build(peak.scene, cells, kExposure);
    EXPECT_FLOAT_EQ(table[0].range, atPeak.staticTable()[0].range);
    EXPECT_GT(table[0].range, frameAt(sceneText(4), 0.0).lights.staticTable()[0].range)
        << "sized for 300 cd, not the 30 cd the file says";
    // The spot has no track: group 0, colour × intensity.
    EXPECT_EQ(table[1].group, 0u);
    EXPECT_EQ(table[1].color, glm::vec3(50.0f));
    // Every light of the rule shares one group; its explicit range stays.
    for (uint32_t i = 2; i < 6; ++i) {
        EXPECT_EQ(table[i].group, 2u);
        EXPECT_EQ(table[i].range, 3.0f);
    }
    // This frame's scales are the tracks' values.
    ASSERT_EQ(b.lights.scales().size(), 3u);
    EXPECT_EQ(b.lights.scales()[0], 1.0f);
    EXPECT_FLOAT_EQ(b.lights.scales()[1],
                    static_cast<float>(scene::evaluateTrack(b.scene.tracks[0], 3.5).scalar));
    EXPECT_EQ(b.lights.scales()[2], 0.0f);
    // Smooth interpolation dips below 0 before the rise: the scale holds at 0 (the light is not binned).
    ASSERT_LT(scene::evaluateTrack(b.scene.tracks[0], 2.0).scalar, 0.0);
    EXPECT_EQ(frameAt(json, 2.0).lights.scales()[1], 0.0f);
}

TEST(SceneLights, PositionTracksMoveSceneLightsEveryFrame) {
    const std::string json = sceneText(4, R"(
        { "target": "light:lamp", "property": "position", "keys": [[0, 0, 2, 0], [2, 10, 2, 0]] },
        { "target": "light:lamp", "property": "intensity", "keys": [[0, 10], [1, 0], [2, 10]] })");
    const glm::dvec3 origin(3.0, 0.0, 1.0);
    const Built b = frameAt(json, 0.5, origin);
    EXPECT_EQ(b.lights.staticCount(), 1u + 4u) << "the lamp left the static table";
    EXPECT_EQ(b.lights.movingCapacity(), 1u);
    ASSERT_EQ(b.lights.moving().size(), 1u);
    const gpu_layout::GpuLight& l = b.lights.moving()[0];
    EXPECT_EQ(l.cell, 99u) << "moving lights live in the dynamic cell";
    EXPECT_EQ(l.group, 0u);
    EXPECT_NEAR(l.position.x, 2.5 - origin.x, 1e-6);
    EXPECT_NEAR(l.position.y, 2.0, 1e-6);
    EXPECT_NEAR(l.position.z, -1.0, 1e-6);
    EXPECT_FLOAT_EQ(l.color.r, 5.0f) << "its intensity track is applied on the CPU";
    EXPECT_EQ(frameAt(json, 1.0, origin).lights.moving().size(), 0u) << "dark: not placed, not binned";
    EXPECT_NEAR(frameAt(json, 2.0, origin).lights.moving()[0].position.x, 10.0 - origin.x, 1e-6);
}

TEST(SceneLights, RulesMovedByTheirPathOffsetWrapOrLeaveThePathAsLightAtSays) {
    const std::string move =
        R"({ "target": "rule:strip", "property": "pathOffset", "keys": [[0, 0], [10, 600]] })";
    for (bool wrap : {false, true}) {
        const Built b = frameAt(sceneText(4, move, wrap), 10.0);
        EXPECT_EQ(b.lights.staticCount(), 2u);
        EXPECT_EQ(b.lights.movingCapacity(), 4u);
        const scene::LightRule& rule = b.scene.lightRules[0];
        std::vector<glm::dvec3> expected;
        for (uint64_t i = 0; i < scene::lightCount(rule); ++i)
            if (scene::lightEnabled(rule, i)) expected.push_back(scene::lightAt(rule, i).position);
        // Lights 0 and 1 (at 600 and 850 m) stay on the 1 km path; 2 and 3 are pushed past its end.
        EXPECT_EQ(expected.size(), wrap ? 4u : 2u);
        ASSERT_EQ(b.lights.moving().size(), expected.size()) << "wrap " << wrap;
        for (size_t i = 0; i < expected.size(); ++i) {
            EXPECT_NEAR(b.lights.moving()[i].position.x, expected[i].x, 1e-3);
            EXPECT_EQ(b.lights.moving()[i].range, 3.0f);
            EXPECT_EQ(b.lights.moving()[i].color, glm::vec3(20.0f));
        }
    }
}

TEST(SceneLights, MovingLightsBeyondTheCapAreLeftOutAndLoggedOnce) {
    std::mutex mutex;
    std::vector<std::string> warnings;
    log::setStderr(false);
    const int sink = log::addSink([&](log::Level level, std::string_view, std::string_view message) {
        std::lock_guard lock(mutex);
        if (level == log::Level::Warn) warnings.emplace_back(message);
    });
    const std::string move =
        R"({ "target": "rule:strip", "property": "pathOffset", "keys": [[0, 0], [10, 1]] })";
    scene::Scene s = parse(sceneText(kMaxMovingLights + 1000, move, true));
    CellTable cells(2048.0);
    SceneLights lights;
    lights.build(s, cells, kExposure);
    for (double t : {0.0, 5.0, 10.0}) {
        scene::applyTracks(s, t);
        lights.update(s, glm::dvec3(0.0), 7u);
        EXPECT_EQ(lights.moving().size(), kMaxMovingLights);
    }
    log::removeSink(sink);
    log::setStderr(true);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("placed per frame"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace skyhook::render
