// Cells (nested double-precision frames), animation tracks and applyTracks, and the committed rules demo.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/scene/scene_file.hpp"
#include "engine/scene/tracks.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::scene {
namespace {

Scene parseOk(std::string_view json) {
    return test::parseOkNamed(json, "anim.json");
}
std::string parseError(std::string_view json) {
    return test::parseErrorNamed(json, "anim.json");
}

TEST(Cells, NestedOriginsComposeInDoublePrecision) {
    // Children may come before their parents.
    Scene s = parseOk(R"({"cells": [
        {"name": "geo", "parent": "earth", "origin": [0, 42164000.000125, 0]},
        {"name": "earth", "origin": [0.25, 0, 0]},
        {"name": "dock", "parent": "geo", "origin": [0.5, 0.000001, 0], "rotationDeg": [0, 90, 0]}],
      "nodes": [{"name": "part", "cell": "dock", "position": [0, 0, -2], "model": "primitive:cube",
                 "children": [{"name": "bolt", "position": [0, 0.001, 0]}]},
                {"name": "free", "position": [1, 2, 3]}]})");
    ASSERT_EQ(s.cells.size(), 3u);
    EXPECT_EQ(s.cells[0].parent, 1);
    EXPECT_EQ(s.cells[1].parent, -1);
    EXPECT_EQ(s.cells[2].parent, 0);
    auto cells = s.cellMatrices();
    EXPECT_EQ(glm::dvec3(cells[0][3]), glm::dvec3(0.25, 42164000.000125, 0));
    EXPECT_NEAR(cells[2][3].y, 42164000.000126, 2e-8);
    EXPECT_EQ(cells[2][3].x, 0.75);

    auto world = s.worldMatrices();
    ASSERT_EQ(s.nodes.size(), 3u);
    EXPECT_EQ(s.nodes[0].cell, 2);
    EXPECT_EQ(s.nodes[1].cell, 2) << "children inherit their root's cell";
    EXPECT_EQ(s.nodes[2].cell, -1);
    // The dock is turned 90° about Y: its -Z is world -X.
    EXPECT_NEAR(world[0][3].x, 0.75 - 2.0, 1e-12);
    EXPECT_NEAR(world[0][3].y, 42164000.000126, 2e-8);
    EXPECT_NEAR(world[1][3].y, 42164000.001126, 2e-8);
    EXPECT_EQ(glm::dvec3(world[2][3]), glm::dvec3(1, 2, 3));
}

TEST(Cells, RulesNameTheirCell) {
    Scene s = parseOk(R"({"cells": [{"name": "site", "origin": [90000000, 0, 0]}],
        "instances": [{"name": "t", "cell": "site", "model": "primitive:cube",
                       "path": {"points": [[0,0,0],[0,10,0]], "spacing": 1}}],
        "lightRules": [{"name": "l", "cell": "site", "path": {"points": [[0,0,0],[0,10,0]], "count": 2}}]})");
    EXPECT_EQ(s.instanceRules.at(0).cell, 0);
    EXPECT_EQ(s.lightRules.at(0).cell, 0);
    // The renderer places instances with cellMatrix × instanceTransform.
    glm::dvec3 p(s.cellMatrices()[0] * instanceTransform(s.instanceRules[0], 7)[3]);
    EXPECT_EQ(p, glm::dvec3(90000000, 7, 0));
}

TEST(Cells, DefaultCameraFramesRulesInTheirCells) {
    Scene s = parseOk(R"({"cells": [{"name": "site", "origin": [90000000, 0, 0]}],
        "instances": [{"name": "t", "cell": "site", "model": "primitive:cube",
                       "path": {"points": [[0,0,0],[0,1000,0]], "spacing": 1}}]})");
    const Camera& cam = s.cameras.at(0);
    EXPECT_EQ(cam.name, "default");
    EXPECT_NEAR(cam.position.x, 90000000.0, 10.0);
    EXPECT_GT(glm::length(cam.position - glm::dvec3(90000000, 500, 0)), 500.0) << "far enough to see it all";
}

TEST(Cells, ErrorsNameTheirJsonPath) {
    EXPECT_NE(parseError(R"({"cells": [{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}]})")
                  .find("anim.json: /cells/0/parent: cells form a cycle: a → b → a"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"cells": [{"name": "a", "parent": "a"}]})")
                  .find("/cells/0/parent: cells form a cycle"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"cells": [{"name": "a", "parent": "zz"}]})")
                  .find("/cells/0/parent: unknown cell \"zz\""),
              std::string::npos);
    EXPECT_NE(parseError(R"({"cells": [{"name": "a"}, {"name": "a"}]})").find("/cells/1/name: a cell named"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"cells": [{"origin": [0, 0, 0]}]})").find("/cells/0: a cell needs a \"name\""),
              std::string::npos);
    EXPECT_NE(parseError(R"({"cells": [{"name": "a"}], "nodes": [{"children": [{"cell": "a"}]}]})")
                  .find("/nodes/0/children/0/cell: only top-level nodes"),
              std::string::npos);
    EXPECT_NE(parseError(R"({"nodes": [{"cell": "a"}]})").find("/nodes/0/cell: unknown cell \"a\""),
              std::string::npos);
}

Track keyed(TrackProperty property, Interpolation interpolation, std::vector<TrackKey> keys,
            bool loop = false) {
    Track t;
    t.property = property;
    t.interpolation = interpolation;
    t.keys = std::move(keys);
    t.loop = loop;
    t.duration = t.keys.back().time;
    return t;
}

TEST(Tracks, LinearStepAndClamping) {
    Track t =
        keyed(TrackProperty::Intensity, Interpolation::Linear, {{1.0, {10, 0, 0, 0}}, {3.0, {30, 0, 0, 0}}});
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 2.0).scalar, 20.0);
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 0.0).scalar, 10.0) << "before the first key: the first value";
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 99.0).scalar, 30.0) << "after the last: the last";
    t.interpolation = Interpolation::Step;
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 2.9).scalar, 10.0);
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 3.0).scalar, 30.0);
}

TEST(Tracks, LoopWrapsIntoTheDuration) {
    Track t = keyed(TrackProperty::PathOffset, Interpolation::Linear,
                    {{0.0, {0, 0, 0, 0}}, {10.0, {100, 0, 0, 0}}}, true);
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 25.0).scalar, 50.0);
    EXPECT_DOUBLE_EQ(evaluateTrack(t, -2.5).scalar, 75.0);
    t.duration = 20.0;  // the last value holds until the period ends
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 15.0).scalar, 100.0);
    EXPECT_DOUBLE_EQ(evaluateTrack(t, 25.0).scalar, 50.0);
}

TEST(Tracks, SmoothPassesThroughKeysAndStaysPreciseAtOrbit) {
    const double base = 36'000'000.0;
    Track t = keyed(TrackProperty::Position, Interpolation::Smooth,
                    {{0.0, {0, base, 0, 0}},
                     {1.0, {1, base + 1, 0, 0}},
                     {3.0, {2, base + 4, 0, 0}},
                     {4.0, {4, base + 4, 0, 0}}});
    for (const TrackKey& k : t.keys) {
        glm::dvec3 p = evaluateTrack(t, k.time).position;
        EXPECT_EQ(p, glm::dvec3(k.value)) << k.time;
    }
    // Catmull-Rom on evenly moving keys is linear: a climber at 3.6×10^7 m moving 1 mm a second.
    Track climb =
        keyed(TrackProperty::Position, Interpolation::Smooth,
              {{0.0, {0, base, 0, 0}}, {1.0, {0, base + 0.001, 0, 0}}, {2.0, {0, base + 0.002, 0, 0}}});
    EXPECT_NEAR(evaluateTrack(climb, 0.5).position.y - base, 0.0005, 1e-8);
    EXPECT_NEAR(evaluateTrack(climb, 1.25).position.y - base, 0.00125, 1e-8);
    // Smooth differs from linear between uneven keys, and stays between neighbouring values here.
    glm::dvec3 mid = evaluateTrack(t, 2.0).position;
    EXPECT_GT(mid.y, base + 1);
    EXPECT_LT(mid.y, base + 4.5);
}

// The renderer sizes an animated light's range from the track's peak: it must bound every value the track
// takes, and be reached (not a loose bound).
TEST(Tracks, MaxScalarBoundsEveryValueAndIsReached) {
    const auto sampledMax = [](const Track& t) {
        double m = -1e300;
        for (int i = 0; i <= 100000; ++i)
            m = std::max(m, evaluateTrack(t, t.keys.back().time * i / 100000.0).scalar);
        return m;
    };
    Track linear = keyed(TrackProperty::Intensity, Interpolation::Linear,
                         {{0.0, {0, 0, 0, 0}}, {1.0, {50, 0, 0, 0}}, {3.0, {20, 0, 0, 0}}});
    EXPECT_DOUBLE_EQ(trackMaxScalar(linear), 50.0);
    linear.interpolation = Interpolation::Step;
    EXPECT_DOUBLE_EQ(trackMaxScalar(linear), 50.0);
    // Uneven keys around a peak: Catmull-Rom overshoots the largest key between them.
    Track smooth =
        keyed(TrackProperty::Intensity, Interpolation::Smooth,
              {{0.0, {0, 0, 0, 0}}, {0.2, {90, 0, 0, 0}}, {3.0, {100, 0, 0, 0}}, {3.5, {0, 0, 0, 0}}});
    const double sampled = sampledMax(smooth);
    ASSERT_GT(sampled, 100.5) << "the case must overshoot its largest key to test anything";
    EXPECT_GE(trackMaxScalar(smooth), sampled - 1e-9);
    EXPECT_LE(trackMaxScalar(smooth), sampled + 1e-3);
    // A monotonic smooth ramp does not overshoot.
    Track ramp = keyed(TrackProperty::Intensity, Interpolation::Smooth,
                       {{0.0, {0, 0, 0, 0}}, {1.0, {10, 0, 0, 0}}, {2.0, {20, 0, 0, 0}}});
    EXPECT_DOUBLE_EQ(trackMaxScalar(ramp), 20.0);
}

TEST(Tracks, RotationSlerps) {
    const glm::dquat a(1, 0, 0, 0), b = glm::angleAxis(glm::radians(90.0), glm::dvec3(0, 1, 0));
    Track t = keyed(TrackProperty::Rotation, Interpolation::Linear,
                    {{0.0, {a.x, a.y, a.z, a.w}}, {2.0, {b.x, b.y, b.z, b.w}}});
    glm::dquat q = evaluateTrack(t, 1.0).rotation;
    glm::dvec3 x = q * glm::dvec3(1, 0, 0);
    EXPECT_NEAR(x.x, std::cos(glm::radians(45.0)), 1e-12);
    EXPECT_NEAR(x.z, -std::sin(glm::radians(45.0)), 1e-12);
}

constexpr std::string_view kAnimated = R"({
  "cells": [{"name": "site", "origin": [0, 0, 100]}],
  "cameras": [{"name": "main"}],
  "lights": [{"name": "lamp", "position": [0, 1, 0]}],
  "nodes": [{"name": "box", "model": "primitive:cube", "material": {"emissiveStrength": 1}}],
  "instances": [{"name": "climbers", "cell": "site", "model": "primitive:cube",
                 "path": {"points": [[0, 0, 0], [0, 96000000, 0]], "count": 4}}],
  "lightRules": [{"name": "beacons", "path": {"points": [[0, 0, 0], [0, 10, 0]], "count": 2}}],
  "tracks": [
    {"name": "slide", "target": "node:box", "property": "position", "keys": [[0, 0, 0, 0], [2, 4, 0, 0]]},
    {"name": "glow", "target": "node:box", "property": "emissiveStrength", "keys": [[0, 1], [2, 21]]},
    {"name": "ascent", "target": "rule:climbers", "property": "pathOffset",
     "keys": [[0, 0], [100, 36000000]]},
    {"name": "fly", "target": "camera:main", "property": "rotation", "interpolation": "step",
     "keys": [[0, 0, 0, 0, 1], [1, 0, 1, 0, 0]]},
    {"name": "dim", "target": "light:lamp", "property": "intensity", "keys": [[0, 100], [2, 0]]},
    {"name": "blink", "target": "rule:beacons", "property": "intensity", "keys": [[0, 5], [1, 0]], "loop": true}
  ]})";

TEST(Tracks, ApplyTracksWritesTheScene) {
    Scene s = parseOk(kAnimated);
    ASSERT_EQ(s.tracks.size(), 6u);
    applyTracks(s, 1.0);
    EXPECT_EQ(s.nodes[0].local.translation, glm::dvec3(2, 0, 0));
    EXPECT_FLOAT_EQ(s.nodes[0].material->emissiveStrength, 11.0f);
    EXPECT_DOUBLE_EQ(s.instanceRules[0].generator.path.offset, 360000.0);
    EXPECT_NEAR(glm::dvec3(instanceTransform(s.instanceRules[0], 0)[3]).y, 360000.0, 1e-9);
    EXPECT_EQ(s.cameras[0].orientation, glm::dquat(0, 0, 1, 0));
    EXPECT_FLOAT_EQ(s.lights[0].intensity, 50.0f);
    EXPECT_FLOAT_EQ(s.lightRules[0].light.intensity, 5.0f);
    applyTracks(s, 50.5);
    // A climber half-way up its track, at 1.8×10^7 m: double keeps it within nanometres.
    EXPECT_NEAR(glm::dvec3(instanceTransform(s.instanceRules[0], 0)[3]).y, 18180000.0, 1e-7);
    EXPECT_FLOAT_EQ(s.lightRules[0].light.intensity, 2.5f);
}

TEST(Tracks, ErrorsNameTheirJsonPath) {
    const auto withTrack = [](std::string_view track) {
        std::string json(kAnimated);
        json.replace(json.find(R"({"name": "slide")"), 0, std::string(track) + ", ");
        return json;
    };
    struct Case {
        std::string track;
        std::string_view expected;
    };
    const Case cases[] = {
        {R"({"target": "node:box", "property": "position", "keys": [[0, 1, 2]]})",
         "/tracks/0/keys/0: a position key is [t, 3 numbers], got an array of 3 elements"},
        {R"({"target": "node:box", "property": "rotation", "keys": [[0, 0, 0, 0, 0]]})",
         "/tracks/0/keys/0: quaternion [x, y, z, w] has zero length"},
        {R"({"target": "node:box", "property": "intensity", "keys": [[0, 1]]})",
         "/tracks/0/target: \"intensity\" cannot be animated on a node"},
        {R"({"target": "node:nobody", "property": "position", "keys": [[0, 1, 2, 3]]})",
         "/tracks/0/target: no node named \"nobody\""},
        {R"({"target": "box", "property": "position", "keys": [[0, 1, 2, 3]]})",
         "/tracks/0/target: expected"},
        {R"({"target": "node:box", "property": "scale", "keys": [[0, 1]]})",
         "/tracks/0/property: expected one of"},
        {R"({"target": "node:box", "property": "position", "keys": [[1, 0, 0, 0], [1, 0, 0, 0]]})",
         "/tracks/0/keys/1/0: key times must increase"},
        {R"({"target": "node:box", "property": "position", "keys": []})",
         "/tracks/0/keys: a track needs at least"},
        {R"({"target": "node:box", "property": "position", "keys": [[0, 0, 0, "x"]]})",
         "/tracks/0/keys/0/3: expected a number"},
        {R"({"target": "node:box", "property": "position", "keys": [[0, 0, 0, 0], [5, 0, 0, 0]], "duration": 4})",
         "/tracks/0/duration: duration 4 s ends before"},
        {R"({"target": "rule:beacons", "property": "emissiveStrength", "keys": [[0, 1]]})",
         "/tracks/0/target: \"emissiveStrength\" cannot be animated on a rule"},
        {R"({"target": "node:box", "property": "position", "interpolation": "cubic", "keys": [[0, 0, 0, 0]]})",
         "/tracks/0/interpolation: expected one of"},
        {R"({"property": "position", "keys": [[0, 0, 0, 0]]})", "/tracks/0: a track needs a \"target\""},
    };
    for (const Case& c : cases) {
        std::string message = parseError(withTrack(c.track));
        EXPECT_TRUE(message.starts_with("anim.json: ")) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << "got: " << message << "\nfor: " << c.track;
    }
    EXPECT_NE(parseError(R"({"instances": [{"name": "s", "model": "primitive:cube",
        "sphere": {"radius": 1, "count": 3}}], "tracks": [{"target": "rule:s", "property": "pathOffset",
        "keys": [[0, 1]]}]})")
                  .find("/tracks/0/target: pathOffset needs a rule with a \"path\""),
              std::string::npos);
}

const std::filesystem::path kDemo = std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "rules_demo.json";

TEST(RulesDemo, UsesEveryFeatureWithoutWarnings) {
    test::WarningCapture capture;
    auto loaded = loadSceneFile(kDemo);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_TRUE(capture.warnings().empty()) << capture.warnings().front();
    Scene& s = *loaded;
    EXPECT_EQ(s.cells.size(), 2u);
    ASSERT_EQ(s.instanceRules.size(), 3u);
    EXPECT_EQ(instanceCount(s.instanceRules[0]), 200u) << "the tether";
    EXPECT_EQ(instanceCount(s.instanceRules[1]), 4u) << "the climbers";
    EXPECT_EQ(instanceCount(s.instanceRules[2]), 300u) << "the scatter's candidates";
    uint64_t land = 0;
    for (uint64_t i = 0; i < 300; ++i) land += instanceEnabled(s.instanceRules[2], i);
    EXPECT_GT(land, 60u);
    EXPECT_LT(land, 180u);
    ASSERT_EQ(s.lightRules.size(), 1u);
    EXPECT_EQ(lightCount(s.lightRules[0]), 8u);
    EXPECT_GE(s.tracks.size(), 3u);
    // The climbers ascend: at 10 s of the 20 s loop they are 25 m up their 50 m spacing.
    applyTracks(s, 10.0);
    EXPECT_NEAR(glm::dvec3(instanceTransform(s.instanceRules[1], 0)[3]).y, 25.0, 1e-9);
    // Instances sit at ~9×10^7 m in world space through their cell.
    glm::dvec3 top(s.cellMatrices()[s.instanceRules[0].cell] * instanceTransform(s.instanceRules[0], 199)[3]);
    EXPECT_NEAR(top.x, 90000000.5, 1e-3);
    EXPECT_NEAR(top.y, 199.5, 1e-9);
}

}  // namespace
}  // namespace skyhook::scene
