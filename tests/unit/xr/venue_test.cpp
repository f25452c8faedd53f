// Venue files (engine/xr/venue.hpp) and the guardian's geometry (engine/xr/guardian.hpp): the committed
// venues, errors naming file, JSON path and reason, fuzzing, the runtime's bounds rectangle compared, and the
// grid's opacity by distance to the walls, in hall and scene coordinates.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "engine/core/file.hpp"
#include "engine/xr/guardian.hpp"
#include "engine/xr/venue.hpp"
#include "tests/unit/mutate.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::xr {
namespace {

namespace fs = std::filesystem;
const fs::path kVenues = fs::path(SKYHOOK_SOURCE_DIR) / "scenes" / "venues";

std::string venueWith(const std::string& calibration, const std::string& bounds,
                      const std::string& extra = "") {
    return R"({"version": 1, "calibration": )" + calibration + R"(, "bounds": )" + bounds + extra + "}";
}
const std::string kSquare = "[[-2, -2], [2, -2], [2, 2], [-2, 2]]";

Venue parsed(const std::string& json) {
    auto r = parseVenue(json, "v.json");
    if (!r.ok()) ADD_FAILURE() << r.error().message;
    return r.ok() ? std::move(r).value() : Venue{};
}

std::string error(const std::string& json) {
    auto r = parseVenue(json, "bad_venue.json");
    if (r.ok()) {
        ADD_FAILURE() << "expected an error for " << json;
        return {};
    }
    return r.error().message;
}

TEST(Venue, EveryCommittedVenueLoads) {
    scene::test::WarningCapture capture;
    int n = 0;
    for (const auto& e : fs::directory_iterator(kVenues)) {
        if (e.path().extension() != ".json") continue;
        auto v = loadVenueFile(e.path());
        ASSERT_TRUE(v.ok()) << v.error().message;
        EXPECT_GE(v->bounds.size(), 3u);
        ++n;
    }
    EXPECT_GE(n, 1);
    EXPECT_TRUE(capture.warnings().empty()) << capture.warnings().front();
}

TEST(Venue, CalibrationPlacesTheStageOriginInDoublePrecision) {
    const Venue v =
        parsed(venueWith(R"({"offset": [12345678.25, 3.5, -0.125], "yaw_degrees": 90})", kSquare));
    EXPECT_EQ(v.offset, glm::dvec3(12345678.25, 3.5, -0.125));
    // Yaw 90°: the hall's -z (forward) looks along the scene's -x.
    const glm::dvec3 forward = v.origin().orientation * glm::dvec3(0, 0, -1);
    EXPECT_NEAR(forward.x, -1.0, 1e-12);
    EXPECT_NEAR(forward.z, 0.0, 1e-12);
    const Venue q = parsed(venueWith(
        R"({"offset": [0, 0, 0], "rotation": [0, 0.7071067811865476, 0, 0.7071067811865476]})", kSquare));
    EXPECT_NEAR(glm::dot(q.rotation, v.rotation), 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(v.guardian.distance, 0.4);  // the default
}

TEST(Venue, ErrorsNameTheFileThePathAndTheReason) {
    struct Case {
        std::string json;
        std::string expected;
    };
    const std::string cal = R"({"offset": [0, 0, 0]})";
    const std::vector<Case> cases = {
        {venueWith(cal, "[[0, 0], [1, 0]]"), "bad_venue.json: /bounds: the play area needs 3 to 256 points"},
        {venueWith(cal, "[[0, 0], [1, 0], [2, 0]]"), "/bounds: the play area encloses 0 m²"},
        {venueWith(cal, "[[0, 0], [2, 2], [2, 0], [0, 1]]"),
         "/bounds: the play area's edges 0–1 and 2–3 cross"},
        {venueWith(cal, "[[0, 0], [1, 0], [1, \"a\"]]"), "/bounds/2/1"},
        {venueWith(R"({"offset": [0, 0, 0], "yaw_degrees": 10, "rotation": [0, 0, 0, 1]})", kSquare),
         "/calibration/rotation: give either \"yaw_degrees\" or \"rotation\", not both"},
        {venueWith(R"({"offset": [0, 0, 0], "rotation": [0, 0.5, 0, 0.5]})", kSquare),
         "/calibration/rotation: a rotation quaternion [x, y, z, w] has length 1"},
        {venueWith(R"({"offset": [0, 0]})", kSquare), "/calibration/offset"},
        {R"({"version": 1, "bounds": [[0,0],[1,0],[0,1]]})", "/calibration: missing"},
        {R"({"version": 1, "calibration": {}})", "/bounds: missing"},
        {venueWith(cal, kSquare, R"(, "reference_space": "local")"), "/reference_space"},
        {venueWith(cal, kSquare, R"(, "guardian": {"distance": -1})"), "/guardian/distance"},
        {venueWith(cal, kSquare, R"(, "version": 2)"), "/version: format version 2 is newer"},
        {"{\"version\": 1,\n \"bounds\": [1,", "bad_venue.json:2:"},
    };
    for (const Case& c : cases) {
        const std::string message = error(c.json);
        EXPECT_TRUE(message.starts_with("bad_venue.json")) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos)
            << "expected \"" << c.expected << "\" in\n  " << message;
    }
}

TEST(Venue, FuzzMutatedVenuesNeverCrash) {
    constexpr int kMutations = 20000;
    scene::test::WarningCapture capture;
    auto text = readFileText(kVenues / "hall_a.json");
    ASSERT_TRUE(text.ok());
    std::mt19937 rng(0x7E2E);
    int ok = 0, failed = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kMutations; ++i) {
        const std::string mutated = skyhook::test::mutate(*text, rng);
        auto r = parseVenue(mutated, "hall_a.json");
        if (r.ok()) {
            ++ok;
            ASSERT_GE(r->bounds.size(), 3u);
            ASSERT_LE(r->bounds.size(), kMaxBoundsPoints);
            ASSERT_NEAR(glm::length(r->rotation), 1.0, 1e-6);
            const std::vector<glm::vec3> points = {glm::vec3(0.0f), glm::vec3(100.0f, 0.0f, 0.0f)};
            const std::vector<float> opacity = wallOpacities(*r, points);
            std::vector<render::OverlayLine> lines;
            guardianLines(*r, opacity, r->origin(), lines);
            ASSERT_LT(lines.size(), 1'000'000u);
        } else {
            ++failed;
            ASSERT_TRUE(r.error().message.starts_with("hall_a.json")) << r.error().message;
        }
    }
    EXPECT_GT(ok, kMutations / 50);
    EXPECT_GT(failed, kMutations / 50);
    std::printf("  hall_a.json: %d parsed, %d rejected in %.2f s\n", ok, failed,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

TEST(Venue, TheRuntimesBoundsRectangleIsComparedWithTheVenues) {
    const Venue v = parsed(venueWith(R"({"offset": [0, 0, 0]})", "[[-4, -3], [4, -3], [4, 3], [-4, 3]]"));
    EXPECT_EQ(compareBoundsRect(v, 8.0f, 6.0f), "");
    EXPECT_EQ(compareBoundsRect(v, 8.2f, 5.8f), "");  // within the tolerance
    const std::string d = compareBoundsRect(v, 4.0f, 6.0f);
    EXPECT_NE(d.find("4.00 × 6.00 m"), std::string::npos) << d;
    EXPECT_NE(d.find("off by up to 2.00 m"), std::string::npos) << d;
}

TEST(Guardian, DistanceToTheBoundsAndWhichSide) {
    const std::vector<glm::dvec2> square = {{-2, -2}, {2, -2}, {2, 2}, {-2, 2}};
    bool inside = false;
    EXPECT_DOUBLE_EQ(boundaryDistance(square, {0, 0}, &inside), 2.0);
    EXPECT_TRUE(inside);
    EXPECT_NEAR(boundaryDistance(square, {1.7, 0}, &inside), 0.3, 1e-12);
    EXPECT_TRUE(inside);
    EXPECT_NEAR(boundaryDistance(square, {3, 3}, &inside), std::sqrt(2.0), 1e-12);
    EXPECT_FALSE(inside);
}

TEST(Guardian, TheGridFadesInByDistanceAndIsFullOutside) {
    const Venue v = parsed(venueWith(R"({"offset": [0, 0, 0]})", kSquare));  // fade distance 0.4 m
    auto opacity = [&](glm::vec3 p) { return wallOpacities(v, std::vector<glm::vec3>{p}); };
    // Far inside: invisible.
    for (float o : opacity({0.0f, 1.6f, 0.0f})) EXPECT_EQ(o, 0.0f);
    // 0.2 m from the +x wall (wall 1: (2,-2) to (2,2)): half there; the others not at all.
    const std::vector<float> near = opacity({1.8f, 1.6f, 0.0f});
    EXPECT_NEAR(near[1], 0.5f, 1e-5f);
    EXPECT_EQ(near[0], 0.0f);
    EXPECT_EQ(near[3], 0.0f);
    // At 0.4 m the fade begins.
    EXPECT_NEAR(opacity({1.6f, 1.6f, 0.0f})[1], 0.0f, 1e-5f);
    // Outside: every wall fully.
    for (float o : opacity({2.5f, 1.6f, 0.0f})) EXPECT_EQ(o, 1.0f);
    // The nearest of several points counts (a hand reaching out while the head stays inside).
    const std::vector<float> both =
        wallOpacities(v, std::vector<glm::vec3>{{0.0f, 1.6f, 0.0f}, {-1.9f, 1.2f, 0.0f}});
    EXPECT_NEAR(both[3], 0.75f, 1e-5f);
    // Disabled: nothing, even outside.
    Venue off = v;
    off.guardian.enabled = false;
    for (float o : wallOpacities(off, std::vector<glm::vec3>{{5.0f, 0.0f, 5.0f}})) EXPECT_EQ(o, 0.0f);
}

TEST(Guardian, LinesCoverTheVisibleWallsInSceneCoordinates) {
    Venue v = parsed(venueWith(R"({"offset": [1000000.0, 10.0, -5.0], "yaw_degrees": 90})", kSquare));
    v.guardian.spacing = 1.0;
    v.guardian.height = 2.0;
    std::vector<render::OverlayLine> lines;
    guardianLines(v, std::vector<float>{0.0f, 0.5f, 0.0f, 0.0f}, v.origin(), lines);
    // Wall 1 is 4 m long: 5 vertical lines, 3 horizontal (0, 1, 2 m).
    ASSERT_EQ(lines.size(), 8u);
    for (const render::OverlayLine& l : lines) {
        EXPECT_FLOAT_EQ(l.color.a, 0.5f);
        // Hall x = 2 turned by 90° about +y lands at scene z = offset.z - 2.
        EXPECT_NEAR(l.a.z, -7.0, 1e-9);
        EXPECT_NEAR(l.b.z, -7.0, 1e-9);
        EXPECT_GE(l.a.y, 10.0 - 1e-9);
        EXPECT_LE(l.b.y, 12.0 + 1e-9);
        EXPECT_NEAR(l.a.x, 1000000.0, 2.0 + 1e-9);
    }
    lines.clear();
    guardianLines(v, std::vector<float>(4, 0.0f), v.origin(), lines);
    EXPECT_TRUE(lines.empty());
}

}  // namespace
}  // namespace skyhook::xr
