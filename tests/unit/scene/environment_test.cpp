// The scene file's "environment" with "sky": "atmosphere": the planet block (defaults, cell, continents
// mask), stars, and errors and warnings naming their JSON pointers.
#include <gtest/gtest.h>

#include "tests/unit/scene/test_util.hpp"

namespace skyhook::scene {
namespace {

Scene parseOk(std::string_view json) {
    return test::parseOkNamed(json, "test.json");
}
std::string parseError(std::string_view json) {
    return test::parseErrorNamed(json, "test.json");
}

TEST(Environment, AtmosphereDefaultsAreEarth) {
    Scene s = parseOk(R"({"environment": {"sky": "atmosphere"}})");
    const Environment& env = s.environment;
    EXPECT_EQ(env.sky, Environment::Sky::Atmosphere);
    EXPECT_EQ(env.planet.cell, -1);
    EXPECT_EQ(env.planet.center, glm::dvec3(0.0));
    EXPECT_EQ(env.planet.radius, 6371000.0);
    EXPECT_EQ(env.planet.atmosphereHeight, 100000.0);
    EXPECT_FLOAT_EQ(env.planet.rayleighScattering.b, 33.1e-6f);
    EXPECT_FLOAT_EQ(env.planet.rayleighScaleHeight, 8000.0f);
    EXPECT_FLOAT_EQ(env.planet.mieScaleHeight, 1200.0f);
    EXPECT_FALSE(env.planet.continents.has_value());
    EXPECT_EQ(env.starIntensity, 0.0f);
}

TEST(Environment, PlanetInACellWithContinentsAndStars) {
    Scene s = parseOk(R"({
        "environment": {"sky": "atmosphere", "stars": 25, "planet": {
            "cell": "earth", "center": [1, 2, 3], "radius": 3389500, "atmosphereHeight": 60000,
            "rayleigh": [1e-6, 2e-6, 3e-6], "rayleighHeight": 11000, "mie": 2e-5, "mieAbsorption": 1e-6,
            "mieHeight": 2000, "mieG": 0.7, "ozone": [0, 0, 0], "ozoneAltitude": 20000, "ozoneHalfWidth": 10000,
            "groundAlbedo": 0.2, "ocean": [0, 0.1, 0.2], "land": [0.5, 0.3, 0.1],
            "continents": {"type": "continents", "threshold": 0.28, "seed": 3}}},
        "cells": [{"name": "space"}, {"name": "earth", "origin": [0, -6371000, 0]}]})");
    const Planet& p = s.environment.planet;
    EXPECT_EQ(s.environment.starIntensity, 25.0f);
    EXPECT_EQ(p.cell, 1);
    EXPECT_EQ(p.center, glm::dvec3(1, 2, 3));
    EXPECT_EQ(p.radius, 3389500.0);
    EXPECT_EQ(p.atmosphereHeight, 60000.0);
    EXPECT_FLOAT_EQ(p.rayleighScattering.g, 2e-6f);
    EXPECT_FLOAT_EQ(p.mieAnisotropy, 0.7f);
    EXPECT_FLOAT_EQ(p.groundAlbedo, 0.2f);
    EXPECT_EQ(p.landColor, glm::vec3(0.5f, 0.3f, 0.1f));
    ASSERT_TRUE(p.continents.has_value());
    EXPECT_EQ(p.continents->seed, 3u);
    EXPECT_DOUBLE_EQ(p.continents->landFraction, 0.28);
    EXPECT_GT(p.continents->level, 0.0);  // calibrated like an instance rule's mask
}

TEST(Environment, BadPlanetValuesNameTheirPointer) {
    EXPECT_EQ(parseError(R"({"environment": {"sky": "atmospheric"}})"),
              "test.json: /environment/sky: expected one of \"procedural\", \"color\", \"atmosphere\", got "
              "\"atmospheric\"");
    EXPECT_EQ(parseError(R"({"environment": {"sky": "atmosphere", "planet": {"radius": -5}}})"),
              "test.json: /environment/planet/radius: expected a number in [1, 10000000000], got -5");
    EXPECT_EQ(parseError(R"({"environment": {"sky": "atmosphere", "planet": {"cell": "nowhere"}}})"),
              "test.json: /environment/planet/cell: unknown cell \"nowhere\" (cells are defined in /cells)");
    EXPECT_EQ(
        parseError(R"({"environment": {"sky": "atmosphere", "planet": {"continents": {"threshold": 0.3}}}})"),
        "test.json: /environment/planet/continents: a mask needs \"type\": \"continents\"");
    EXPECT_EQ(parseError(R"({"environment": {"sky": "atmosphere", "planet": {"rayleigh": [1, 2]}}})"),
              "test.json: /environment/planet/rayleigh: expected an array of 3 numbers, got an array of 2 "
              "elements");
    EXPECT_EQ(parseError(R"({"environment": {"stars": "many"}})"),
              "test.json: /environment/stars: expected a number, got a string");
}

TEST(Environment, UnknownPlanetKeysAndAnUnusedPlanetWarn) {
    test::WarningCapture capture;
    parseOk(R"({"environment": {"sky": "atmosphere", "planet": {"raduis": 1000}}})");
    parseOk(R"({"environment": {"planet": {}}})");
    auto warnings = capture.warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0],
              "test.json: /environment/planet/raduis: unknown key (ignored); did you mean \"radius\"?");
    EXPECT_EQ(
        warnings[1],
        "test.json: /environment/planet: a planet is drawn only with \"sky\": \"atmosphere\" (ignored)");
}

}  // namespace
}  // namespace skyhook::scene
