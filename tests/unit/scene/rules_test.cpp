// Instance and light rules: counts, determinism, real-scale precision, frames, sphere spread, the continents
// mask, bounds and parse errors. Evaluation is never timed here (timed tests flake); rules.hpp explains why
// it is cheap by construction.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "engine/scene/rules.hpp"
#include "engine/scene/scene_file.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::scene {
namespace {

Scene parseOk(std::string_view json) {
    return test::parseOkNamed(json, "rules.json");
}
std::string parseError(std::string_view json) {
    return test::parseErrorNamed(json, "rules.json");
}

std::string rule(std::string_view generator, std::string_view extra = "") {
    return fmt::format(R"({{"instances": [{{"name": "r", "model": "primitive:cube"{}{}{}}}]}})",
                       extra.empty() ? "" : ", ", extra,
                       generator.empty() ? "" : fmt::format(", {}", generator));
}

InstanceRule parseRule(std::string_view generator, std::string_view extra = "") {
    Scene s = parseOk(rule(generator, extra));
    if (s.instanceRules.size() != 1) {
        ADD_FAILURE() << "no rule";
        return {};
    }
    return s.instanceRules[0];
}

glm::dvec3 origin(const glm::dmat4& m) {
    return glm::dvec3(m[3]);
}

constexpr std::string_view kTether = R"("path": {"points": [[0, 0, 0], [0, 96000000, 0]], "spacing": 1.0})";

TEST(Rules, PathCountsFromSpacingAndCount) {
    EXPECT_EQ(instanceCount(parseRule(kTether)), 96'000'000u);
    EXPECT_EQ(instanceCount(parseRule(R"("path": {"points": [[0,0,0],[0,0.3,0]], "spacing": 0.1})")), 3u);
    // A polyline: 3 m + 4 m = 7 m at 0.5 m → 14 tiles.
    EXPECT_EQ(instanceCount(parseRule(R"("path": {"points": [[0,0,0],[3,0,0],[3,4,0]], "every": 0.5})")),
              14u);
    InstanceRule counted = parseRule(R"("path": {"points": [[0,0,0],[0,100,0]], "count": 262144})");
    EXPECT_EQ(instanceCount(counted), 262'144u);
    EXPECT_DOUBLE_EQ(counted.generator.path.spacing, 100.0 / 262144.0);
}

TEST(Rules, SphereAndGridCounts) {
    EXPECT_EQ(instanceCount(parseRule(R"("sphere": {"radius": 6371000, "count": 10000})")), 10'000u);
    EXPECT_EQ(instanceCount(parseRule(R"("grid": {"count": [10, 20, 30], "spacing": 2})")), 6'000u);
    // A grid rule far beyond the node limit is fine: it is never expanded.
    Scene s = parseOk(rule(R"("grid": {"count": [100000, 1000, 10]})"));
    EXPECT_EQ(s.ruleInstanceCount(), 1'000'000'000u);
    EXPECT_TRUE(s.nodes.empty());
}

TEST(Rules, TotalAcrossRulesAndModelsSharedWithNodes) {
    Scene s = parseOk(R"({"nodes": [{"model": "primitive:cube"}, {"model": "primitive:sphere"}],
        "instances": [
          {"name": "a", "model": "primitive:sphere", "grid": {"count": [2, 2, 2]}},
          {"name": "b", "model": "primitive:cube", "path": {"points": [[0,0,0],[0,10,0]], "spacing": 1}}]})");
    EXPECT_EQ(s.models.size(), 2u);
    EXPECT_EQ(s.instanceRules[0].model, s.nodes[1].model);
    EXPECT_EQ(s.instanceRules[1].model, s.nodes[0].model);
    EXPECT_EQ(s.ruleInstanceCount(), 18u);
}

TEST(Rules, SameIndexGivesBitIdenticalMatricesAcrossParses) {
    const std::string json = rule(R"("sphere": {"radius": 6371000, "count": 100000, "seed": 9, "align": true,
        "jitter": 200, "randomYaw": true, "mask": {"type": "continents", "threshold": 0.3, "seed": 4}})",
                                  R"("position": [0, 5500, 0], "rotationDeg": [0, 30, 0], "scale": 3)");
    Scene a = parseOk(json), b = parseOk(json);
    const InstanceRule& ra = a.instanceRules.at(0);
    const InstanceRule& rb = b.instanceRules.at(0);
    for (uint64_t i : {0ull, 1ull, 777ull, 54321ull, 99999ull}) {
        glm::dmat4 ma = instanceTransform(ra, i), mb = instanceTransform(rb, i),
                   mc = instanceTransform(ra, i);
        EXPECT_EQ(std::memcmp(&ma, &mb, sizeof ma), 0) << i;
        EXPECT_EQ(std::memcmp(&ma, &mc, sizeof ma), 0) << i;
        EXPECT_EQ(instanceEnabled(ra, i), instanceEnabled(rb, i));
    }
}

TEST(Rules, TetherKeepsSubMillimetrePrecisionAtNinetyMillionMetres) {
    InstanceRule r = parseRule(kTether, R"("position": [0, 0.5, 0])");
    for (uint64_t i : {0ull, 1ull, 35'786'000ull, 89'999'999ull, 90'000'000ull, 95'999'999ull}) {
        glm::dvec3 p = origin(instanceTransform(r, i));
        EXPECT_NEAR(p.y, double(i) + 0.5, 1e-4) << i;
        EXPECT_NEAR(p.x, 0.0, 1e-6);
        EXPECT_NEAR(p.z, 0.0, 1e-6);
    }
    // A slanted 3-segment polyline: positions against the analytic arc length.
    InstanceRule slanted = parseRule(
        R"("path": {"points": [[0,0,0],[30000000,40000000,0],[30000000,40000000,50000000],[30000000,90000000,50000000]],
            "spacing": 0.25})");
    EXPECT_EQ(instanceCount(slanted), 600'000'000u);
    const uint64_t i = 450'000'003;  // 112,500,000.75 m: on the last segment, 12,500,000.75 m up it
    glm::dvec3 p = origin(instanceTransform(slanted, i));
    EXPECT_NEAR(p.x, 30000000.0, 1e-4);
    EXPECT_NEAR(p.y, 40000000.0 + 12500000.75, 1e-4);
    EXPECT_NEAR(p.z, 50000000.0, 1e-4);
    const uint64_t j = 100'000'001;  // 25,000,000.25 m along the first segment (direction 0.6, 0.8, 0)
    glm::dvec3 q = origin(instanceTransform(slanted, j));
    EXPECT_NEAR(q.x, 0.6 * 25000000.25, 1e-4);
    EXPECT_NEAR(q.y, 0.8 * 25000000.25, 1e-4);
}

void expectOrthonormal(const glm::dmat4& m) {
    const glm::dvec3 x(m[0]), y(m[1]), z(m[2]);
    EXPECT_NEAR(glm::length(x), 1.0, 1e-12);
    EXPECT_NEAR(glm::length(y), 1.0, 1e-12);
    EXPECT_NEAR(glm::length(z), 1.0, 1e-12);
    EXPECT_NEAR(glm::dot(x, y), 0.0, 1e-12);
    EXPECT_NEAR(glm::dot(y, z), 0.0, 1e-12);
    EXPECT_NEAR(glm::dot(z, x), 0.0, 1e-12);
    EXPECT_NEAR(glm::dot(glm::cross(x, y), z), 1.0, 1e-12) << "right-handed";
}

TEST(Rules, AlignedPathInstancesPointAlongTheTangent) {
    InstanceRule r = parseRule(R"("path": {"points": [[0,0,0],[10,0,0],[10,0,10],[10,10,10],[0,10,0]],
        "spacing": 0.5, "align": true, "twistDegPerMetre": 7})");
    const std::array<glm::dvec3, 4> tangents = {glm::dvec3(1, 0, 0), glm::dvec3(0, 0, 1), glm::dvec3(0, 1, 0),
                                                glm::normalize(glm::dvec3(-10, 0, -10))};
    for (uint64_t i = 0; i < instanceCount(r); ++i) {
        glm::dmat4 m = instanceTransform(r, i);
        expectOrthonormal(m);
        const double s = double(i) * 0.5;
        const size_t segment = s < 10 ? 0 : s < 20 ? 1 : s < 30 ? 2 : 3;
        const glm::dvec3 y(m[1]);
        EXPECT_NEAR(glm::dot(y, tangents[segment]), 1.0, 1e-12) << i;
    }
    // Straight up with no twist is the identity frame.
    InstanceRule up = parseRule(R"("path": {"points": [[0,0,0],[0,5,0]], "spacing": 1, "align": true})");
    glm::dmat4 m = instanceTransform(up, 3);
    EXPECT_EQ(glm::dmat3(m), glm::dmat3(1.0));
}

TEST(Rules, BaseTransformIsAppliedInTheInstanceFrame) {
    InstanceRule r = parseRule(R"("path": {"points": [[0,0,0],[10,0,0]], "spacing": 1, "align": true})",
                               R"("position": [0, 0.5, 0], "scale": [0.2, 1, 0.3])");
    glm::dmat4 m = instanceTransform(r, 4);
    // +Y of the instance is +X of the path, so the 0.5 m base offset moves along X.
    EXPECT_NEAR(origin(m).x, 4.5, 1e-12);
    EXPECT_NEAR(glm::length(glm::dvec3(m[0])), 0.2, 1e-12);
    EXPECT_NEAR(glm::length(glm::dvec3(m[1])), 1.0, 1e-12);
    EXPECT_NEAR(glm::length(glm::dvec3(m[2])), 0.3, 1e-12);
}

TEST(Rules, PathOffsetDisablesOrWrapsInstancesPastTheEnd) {
    InstanceRule r = parseRule(R"("path": {"points": [[0,0,0],[0,100,0]], "count": 4, "offset": 60})");
    EXPECT_TRUE(instanceEnabled(r, 0));   // 60 m
    EXPECT_FALSE(instanceEnabled(r, 2));  // 110 m: past the top
    r.generator.path.wrap = true;
    EXPECT_TRUE(instanceEnabled(r, 2));
    EXPECT_NEAR(origin(instanceTransform(r, 2)).y, 10.0, 1e-9);
}

TEST(Rules, SpherePointsLieOnTheSphereAndSpreadEvenly) {
    InstanceRule r =
        parseRule(R"("sphere": {"center": [1, 2, 3], "radius": 6371000, "count": 80000, "seed": 5,
        "align": true, "randomYaw": true, "jitter": 1000})");
    const glm::dvec3 c(1, 2, 3);
    std::array<int, 8> octants{};
    const uint64_t n = instanceCount(r);
    for (uint64_t i = 0; i < n; ++i) {
        glm::dmat4 m = instanceTransform(r, i);
        glm::dvec3 d = origin(m) - c;
        ASSERT_NEAR(glm::length(d), 6371000.0, 1e-6) << i;
        if (i % 97 == 0) {
            expectOrthonormal(m);
            EXPECT_NEAR(glm::dot(glm::dvec3(m[1]), glm::normalize(d)), 1.0, 1e-12) << "+Y is the normal";
        }
        ++octants[(d.x > 0) | (d.y > 0) << 1 | (d.z > 0) << 2];
    }
    // Chi-square over the 8 octants (7 degrees of freedom): a Fibonacci sphere is far more even than random,
    // so even the 99.9% bound of 24.3 is generous.
    double chi2 = 0.0;
    const double expected = double(n) / 8.0;
    for (int count : octants) chi2 += (count - expected) * (count - expected) / expected;
    EXPECT_LT(chi2, 24.3);
}

TEST(Rules, ContinentsMaskKeepsRoughlyTheThresholdsShare) {
    for (double threshold : {0.1, 0.3, 0.6}) {
        for (uint64_t seed : {1u, 42u}) {
            InstanceRule r = parseRule(fmt::format(
                R"("sphere": {{"radius": 1, "count": 20000, "mask": {{"type": "continents", "threshold": {}, "seed": {}}}}})",
                threshold, seed));
            uint64_t enabled = 0;
            for (uint64_t i = 0; i < instanceCount(r); ++i) enabled += instanceEnabled(r, i);
            EXPECT_NEAR(double(enabled) / 20000.0, threshold, 0.05) << threshold << " seed " << seed;
        }
    }
    // Land is clustered into continents, not salt and pepper: neighbours on the spiral mostly agree.
    InstanceRule r = parseRule(
        R"("sphere": {"radius": 1, "count": 20000, "mask": {"type": "continents", "threshold": 0.3}})");
    SphereGenerator probe = r.generator.sphere;
    int same = 0, pairs = 0;
    for (uint64_t i = 0; i + 1 < 20000; i += 3) {
        glm::dvec3 a = origin(instanceTransform(r, i));
        glm::dvec3 b = glm::normalize(a + glm::dvec3(0.01, 0.0, 0.0));  // ~0.6° away
        same += continentsLand(*probe.mask, a) == continentsLand(*probe.mask, b);
        ++pairs;
    }
    EXPECT_GT(double(same) / pairs, 0.9);
}

TEST(Rules, BoundsContainEveryEvaluatedOrigin) {
    const std::string_view generators[] = {
        R"("path": {"points": [[0,0,0],[100,-50,20],[300,400,-70]], "spacing": 0.7, "align": true, "offset": 3})",
        R"("sphere": {"center": [5, 6, 7], "radius": 20, "count": 5000, "align": true, "jitter": 2})",
        R"("grid": {"count": [7, 3, 5], "spacing": [2, -3, 0.5], "centered": false})",
        R"("grid": {"count": [4, 4, 4], "spacing": 1.5})",
    };
    for (std::string_view g : generators) {
        SCOPED_TRACE(g);
        InstanceRule r = parseRule(g, R"("position": [0.3, 2, -1], "rotationDeg": [10, 20, 30])");
        Bounds b = ruleBounds(r);
        const uint64_t n = instanceCount(r);
        const uint64_t step = std::max<uint64_t>(1, n / 2000);
        for (uint64_t i = 0; i < n; i += step)
            ASSERT_TRUE(b.contains(origin(instanceTransform(r, i)), 1e-9)) << i;
        ASSERT_TRUE(b.contains(origin(instanceTransform(r, n - 1)), 1e-9));
    }
}

TEST(Rules, GridRuleMatchesTheNodeGridLayout) {
    InstanceRule r = parseRule(R"("grid": {"count": [3, 2, 2], "spacing": [1, 2, 3]})");
    EXPECT_EQ(origin(instanceTransform(r, 0)), glm::dvec3(-1, -1, -1.5));
    EXPECT_EQ(origin(instanceTransform(r, 1)), glm::dvec3(0, -1, -1.5));  // x fastest
    EXPECT_EQ(origin(instanceTransform(r, 3)), glm::dvec3(-1, 1, -1.5));
    EXPECT_EQ(origin(instanceTransform(r, 11)), glm::dvec3(1, 1, 1.5));
}

TEST(Rules, LightRulesRepeatTheTemplate) {
    Scene s = parseOk(R"({"lightRules": [
        {"name": "tether", "type": "spot", "color": [1, 0.5, 0.25], "intensity": 300, "range": 40,
         "innerConeDeg": 10, "outerConeDeg": 20, "position": [1, 0, 0], "direction": [1, 0, 0],
         "path": {"points": [[0, 0, 0], [0, 90000000, 0]], "count": 262144}},
        {"name": "ring", "sphere": {"radius": 100, "count": 64, "align": true}, "position": [0, 2, 0]}]})");
    ASSERT_EQ(s.lightRules.size(), 2u);
    EXPECT_EQ(s.ruleLightCount(), 262'144u + 64u);
    const LightRule& tether = s.lightRules[0];
    EXPECT_EQ(tether.name, "tether");
    EXPECT_EQ(lightCount(tether), 262'144u);
    Light last = lightAt(tether, 262'143);
    EXPECT_EQ(last.type, LightType::Spot);
    EXPECT_NEAR(last.position.y, 90000000.0 / 262144.0 * 262143.0, 1e-6);
    EXPECT_NEAR(last.position.x, 1.0, 1e-9);
    EXPECT_EQ(last.color, glm::vec3(1, 0.5f, 0.25f));
    EXPECT_EQ(last.intensity, 300.0f);
    EXPECT_EQ(last.range, 40.0f);
    EXPECT_NEAR(last.outerConeAngle, glm::radians(20.0f), 1e-6f);
    EXPECT_TRUE(last.name.empty());
    EXPECT_TRUE(lightRuleBounds(tether).contains(last.position));
    // Aligned to the sphere's normal, the template's 2 m offset lifts each light off the surface.
    const LightRule& ring = s.lightRules[1];
    for (uint64_t i = 0; i < lightCount(ring); ++i)
        EXPECT_NEAR(glm::length(lightAt(ring, i).position), 102.0, 1e-9);
}

TEST(Rules, EveryErrorNamesItsJsonPath) {
    struct Case {
        std::string json;
        std::string_view expected;
    };
    const Case cases[] = {
        {rule(""), "/instances/0: give exactly one generator"},
        {rule(R"("path": {"points": [[0,0,0]], "spacing": 1})"),
         "/instances/0/path/points: a path needs at least 2"},
        {rule(R"("path": {"points": [[0,0,0],[0,0,0]], "spacing": 1})"),
         "/instances/0/path/points: the path has no length"},
        {rule(R"("path": {"points": [[0,0,0],[0,1,0]], "spacing": 2})"),
         "/instances/0/path/spacing: a path of 1 m"},
        {rule(R"("path": {"points": [[0,0,0],[0,1e12,0]], "spacing": 1e-9})"), "/instances/0/path/spacing: "},
        {rule(R"("path": {"points": [[0,0,0],[0,1,0]], "spacing": 1, "count": 3})"),
         "/instances/0/path: give exactly one of"},
        {rule(R"("path": {"points": [[0,0,0],[0,"x",0]], "spacing": 1})"),
         "/instances/0/path/points/1/1: expected a number"},
        {rule(R"("sphere": {"radius": 1})"), "/instances/0/sphere: a sphere needs \"count\""},
        {rule(R"("sphere": {"radius": 1, "count": 0})"), "/instances/0/sphere/count: expected an integer"},
        {rule(R"("sphere": {"radius": 1, "count": 1e30})"), "/instances/0/sphere/count: expected an integer"},
        {rule(R"("sphere": {"radius": 1, "count": 9, "mask": {"type": "oceans"}})"),
         "/instances/0/sphere/mask/type"},
        {rule(R"("sphere": {"radius": 1, "count": 9, "mask": {"type": "continents", "threshold": 0}})"),
         "/instances/0/sphere/mask/threshold"},
        {rule(R"("grid": {"count": [1048576, 1048576, 2]})"), "/instances/0/grid/count: a grid of"},
        {rule(R"("grid": {"count": [1, 1, 1]}, "sphere": {"radius": 1, "count": 1})"),
         "/instances/0: give exactly one"},
        {rule(R"("grid": {"count": [1, 1, 1]})", R"("cell": "nowhere")"),
         "/instances/0/cell: unknown cell \"nowhere\""},
        {rule(R"("grid": {"count": [1, 1, 1]})", R"("material": "nope")"),
         "/instances/0/material: unknown material"},
        {R"({"instances": [{"grid": {"count": [1, 1, 1]}}]})",
         "/instances/0: an instance rule needs a \"model\""},
        {R"({"lightRules": [{"type": "directional", "path": {"points": [[0,0,0],[1,0,0]], "count": 2}}]})",
         "/lightRules/0/type: a light rule repeats"},
        {R"({"lightRules": [{"intensity": -1, "path": {"points": [[0,0,0],[1,0,0]], "count": 2}}]})",
         "/lightRules/0/intensity"},
    };
    for (const Case& c : cases) {
        std::string message = parseError(c.json);
        EXPECT_TRUE(message.starts_with("rules.json: ")) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << "got: " << message << "\nfor: " << c.json;
    }
}

TEST(Rules, UnknownGeneratorKeysWarnWithTheirPath) {
    test::WarningCapture capture;
    parseOk(rule(R"("path": {"points": [[0,0,0],[0,1,0]], "spacing": 1, "algin": true})"));
    auto warnings = capture.warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("/instances/0/path/algin: unknown key (ignored); did you mean \"align\"?"),
              std::string::npos)
        << warnings[0];
}

}  // namespace
}  // namespace skyhook::scene
