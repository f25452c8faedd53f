// Beams of instance rules: parsing, placement in each instance's frame, and the ignition sequence.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/scene/beams.hpp"
#include "engine/scene/rules.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::scene::test {
namespace {

constexpr const char* kEngines = R"({ "instances": [ { "name": "engines", "model": "primitive:cube",
  "sphere": { "radius": 6371000, "count": 2000, "align": true,
              "mask": { "type": "continents", "threshold": 0.28, "seed": 1 } },
  "beam": { "origin": [0, 9800, 0], "length": 2000000, "radius": 420, "spread": 0.001,
            "color": [0.55, 0.75, 1.0], "intensity": 50,
            "ignition": { "start": 5, "duration": 40, "rampSeconds": 3, "order": "longitude" } } } ],
  "tracks": [ { "target": "rule:engines", "property": "beamIntensity", "keys": [[0, 1], [10, 2]] } ] })";

std::string withBeam(const std::string& beam) {
    return R"({ "instances": [ { "name": "e", "model": "primitive:cube", "grid": { "count": [4, 1, 1] },
      "beam": )" +
           beam + " } ] }";
}

TEST(Beams, ParsesTheBeamBlock) {
    Scene s = parseOkNamed(kEngines, "engines.json");
    ASSERT_EQ(s.instanceRules.size(), 1u);
    const InstanceRule& rule = s.instanceRules[0];
    ASSERT_TRUE(rule.beam.has_value());
    EXPECT_EQ(rule.beam->origin, glm::dvec3(0, 9800, 0));
    EXPECT_EQ(rule.beam->direction, glm::dvec3(0, 1, 0));  // the default
    EXPECT_DOUBLE_EQ(rule.beam->length, 2000000.0);
    EXPECT_DOUBLE_EQ(rule.beam->radius, 420.0);
    EXPECT_FLOAT_EQ(rule.beam->intensity, 50.0f);
    EXPECT_EQ(rule.beam->ignition.order, IgnitionOrder::Longitude);
    EXPECT_DOUBLE_EQ(rule.beam->ignition.rampSeconds, 3.0);
    ASSERT_EQ(s.tracks.size(), 1u);
    EXPECT_EQ(s.tracks[0].property, TrackProperty::BeamIntensity);
    applyTracks(s, 5.0);
    EXPECT_FLOAT_EQ(s.instanceRules[0].beam->intensityScale, 1.5f);
}

TEST(Beams, BadInputNamesTheJsonPointer) {
    EXPECT_NE(parseErrorNamed(withBeam(R"({ "direction": [0, 0, 0] })"), "b.json")
                  .find("/instances/0/beam/direction: the beam's direction has zero length"),
              std::string::npos);
    EXPECT_NE(parseErrorNamed(withBeam(R"({ "length": -1 })"), "b.json").find("/instances/0/beam/length"),
              std::string::npos);
    EXPECT_NE(parseErrorNamed(withBeam(R"({ "ignition": { "order": "west" } })"), "b.json")
                  .find("/instances/0/beam/ignition/order"),
              std::string::npos);
    EXPECT_NE(parseErrorNamed(withBeam(R"([1, 2])"), "b.json").find("/instances/0/beam"), std::string::npos);
    // A beamIntensity track needs a rule with a beam.
    EXPECT_NE(parseErrorNamed(R"({ "instances": [ { "name": "e", "model": "primitive:cube",
        "grid": { "count": [1, 1, 1] } } ],
        "tracks": [ { "target": "rule:e", "property": "beamIntensity", "keys": [[0, 1]] } ] })",
                              "b.json")
                  .find("/tracks/0/target"),
              std::string::npos);
    WarningCapture capture;
    parseOkNamed(withBeam(R"({ "lenght": 5 })"), "b.json");
    const auto warnings = capture.warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("/instances/0/beam/lenght: unknown key"), std::string::npos);
    EXPECT_NE(warnings[0].find("\"length\""), std::string::npos);
}

TEST(Beams, SitInEachInstancesFrame) {
    Scene s = parseOkNamed(kEngines, "engines.json");
    const InstanceRule& rule = s.instanceRules[0];
    for (uint64_t i = 0; i < instanceCount(rule); i += 97) {
        const BeamPlacement b = beamAt(rule, i);
        const glm::dvec3 up = glm::normalize(glm::dvec3(generatorPlacement(rule.generator, i)[3]));
        // Aligned spheres: +Y is the outward normal, so the throat is 9.8 km above the ground, pointing up.
        EXPECT_NEAR(glm::length(b.origin), 6371000.0 + 9800.0, 1e-6);
        EXPECT_NEAR(glm::dot(b.direction, up), 1.0, 1e-12);
    }
}

TEST(Beams, IgniteInOrderOfLongitude) {
    Scene s = parseOkNamed(kEngines, "engines.json");
    const InstanceRule& rule = s.instanceRules[0];
    struct Lit {
        double longitude;
        double delay;
    };
    std::vector<Lit> beams;
    for (uint64_t i = 0; i < instanceCount(rule); ++i) {
        if (!instanceEnabled(rule, i)) continue;
        const glm::dvec3 p(generatorPlacement(rule.generator, i)[3]);
        beams.push_back({std::atan2(-p.z, p.x), beamIgnitionDelay(rule, i)});
    }
    ASSERT_GT(beams.size(), 400u);
    std::sort(beams.begin(), beams.end(),
              [](const Lit& a, const Lit& b) { return a.longitude < b.longitude; });
    for (size_t k = 1; k < beams.size(); ++k) EXPECT_LE(beams[k - 1].delay, beams[k].delay);
    EXPECT_GE(beams.front().delay, 5.0);
    EXPECT_LT(beams.back().delay, 45.0);
    // Which are lit at t: none before the start, about half half-way, all after the last delay + ramp.
    auto lit = [&](double t) {
        return std::count_if(beams.begin(), beams.end(),
                             [&](const Lit& b) { return beamLevel(b.delay, 3.0, t) > 0.0; });
    };
    EXPECT_EQ(lit(4.9), 0);
    EXPECT_EQ(lit(48.1), long(beams.size()));
    EXPECT_NEAR(double(lit(25.0)) / double(beams.size()), 0.5, 0.1);
    // A beam is dark before its delay, ramps smoothly, and is full after the ramp.
    EXPECT_EQ(beamLevel(10.0, 3.0, 9.99), 0.0);
    EXPECT_NEAR(beamLevel(10.0, 3.0, 11.5), 0.5, 1e-12);
    EXPECT_EQ(beamLevel(10.0, 3.0, 13.0), 1.0);
    EXPECT_EQ(beamLevel(10.0, 0.0, 10.0), 1.0);
}

TEST(Beams, IndexAndRandomOrders) {
    Scene s = parseOkNamed(withBeam(R"({ "ignition": { "start": 1, "duration": 8, "order": "index" } })"),
                           "b.json");
    const InstanceRule& rule = s.instanceRules[0];
    for (uint64_t i = 0; i < 4; ++i) EXPECT_DOUBLE_EQ(beamIgnitionDelay(rule, i), 1.0 + 2.0 * double(i));
    Scene r = parseOkNamed(withBeam(R"({ "ignition": { "duration": 1, "order": "random", "seed": 7 } })"),
                           "b.json");
    for (uint64_t i = 0; i < 4; ++i) {
        const double d = beamIgnitionDelay(r.instanceRules[0], i);
        EXPECT_GE(d, 0.0);
        EXPECT_LT(d, 1.0);
        EXPECT_EQ(d, beamIgnitionDelay(r.instanceRules[0], i));  // deterministic
    }
}

}  // namespace
}  // namespace skyhook::scene::test
