// The generated parts (tools/gen_parts) are real content: the command line writes them all, the output is
// deterministic, the Khronos glTF validator finds no errors, and every file survives the same isolated
// import + cook path as an artist's file with the documented size, anchor, detail and glowing materials.
#include <array>
#include <cmath>
#include <limits>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/asset/cooked_format.hpp"
#include "engine/asset/isolated_import.hpp"
#include "engine/core/file.hpp"
#include "tools/gen_parts/gen_parts.hpp"

namespace skyhook::content {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test under the build tree, so parallel ctest runs never share files.
fs::path outDir(const std::string& name) {
    const fs::path dir = fs::path(SKYHOOK_CONTENT_OUT_DIR) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

struct RunResult {
    int exitCode = -1;
    std::string out;
};

// Runs a shell command and captures its stdout (stderr goes to the test log).
RunResult run(const std::string& command) {
    RunResult r;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string shellQuoted(const fs::path& p) {
    return "'" + p.string() + "'";
}

TEST(GenParts, CommandLineWritesEveryPart) {
    const fs::path dir = outDir("cli_all");
    const RunResult all = run(shellQuoted(SKYHOOK_GEN_PARTS_EXE) + " " + shellQuoted(dir));
    ASSERT_EQ(all.exitCode, 0) << all.out;
    std::cout << all.out;
    for (const tools::parts::PartSpec& p : tools::parts::partCatalog()) {
        const std::string name(p.name);
        EXPECT_NE(all.out.find(name + ".gltf"), std::string::npos) << name << " not reported";
        EXPECT_TRUE(fs::exists(dir / (name + ".gltf"))) << name;
        EXPECT_TRUE(fs::exists(dir / (name + ".bin"))) << name;
    }

    const fs::path one = outDir("cli_one");
    const RunResult climber =
        run(shellQuoted(SKYHOOK_GEN_PARTS_EXE) + " " + shellQuoted(one) + " --part climber");
    ASSERT_EQ(climber.exitCode, 0) << climber.out;
    EXPECT_TRUE(fs::exists(one / "climber.gltf"));
    EXPECT_EQ(std::distance(fs::directory_iterator(one), fs::directory_iterator{}), 2);  // .gltf + .bin

    const RunResult unknown =
        run(shellQuoted(SKYHOOK_GEN_PARTS_EXE) + " " + shellQuoted(one) + " --part nope 2>&1");
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_NE(unknown.out.find("unknown part 'nope'"), std::string::npos) << unknown.out;
}

TEST(GenParts, OutputIsDeterministic) {
    const fs::path a = outDir("deterministic_a"), b = outDir("deterministic_b");
    ASSERT_TRUE(tools::parts::writeAllParts(a).ok());
    ASSERT_TRUE(tools::parts::writeAllParts(b).ok());
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(a)) {
        auto first = readFileBytes(e.path());
        auto second = readFileBytes(b / e.path().filename());
        ASSERT_TRUE(first.ok() && second.ok()) << e.path();
        EXPECT_TRUE(*first == *second) << e.path().filename() << " differs between two runs";
        ++files;
    }
    EXPECT_EQ(files, 2 * tools::parts::partCatalog().size());
}

// Copies of the segment at k·pitch must join without gaps or shading seams: the outline on the bottom plane
// is exactly the outline on the top plane, and so are the normals of the surfaces that cross it (the flat
// end faces of plates and rails face ±Y and end up hidden against the neighbouring copy).
TEST(GenParts, TetherSegmentTilesAlongItsPitch) {
    const tools::parts::Part part = tools::parts::buildTetherSegment();
    const float pitch = tools::parts::kTetherPitch;
    EXPECT_EQ(part.boundsMin().y, 0.0f);
    EXPECT_NEAR(part.boundsMax().y, pitch, 1e-6f);
    using Key = std::array<long, 5>;  // mesh, x, z (0.1 mm) and the side normal's x, z (1e-4)
    std::set<Key> bottom, top;
    const auto meshes = part.meshes();
    for (size_t m = 0; m < meshes.size(); ++m) {
        const tools::parts::MeshBuilder& mesh = meshes[m].get();
        for (size_t i = 0; i < mesh.positions().size(); ++i) {
            const glm::vec3 p = mesh.positions()[i];
            const glm::vec3 n = std::abs(mesh.normals()[i].y) > 0.99f ? glm::vec3(0.0f) : mesh.normals()[i];
            const Key key = {static_cast<long>(m), std::lround(p.x * 1e4f), std::lround(p.z * 1e4f),
                             std::lround(n.x * 1e4f), std::lround(n.z * 1e4f)};
            if (std::abs(p.y) < 1e-5f) bottom.insert(key);
            if (std::abs(p.y - pitch) < 1e-5f) top.insert(key);
        }
    }
    EXPECT_GT(bottom.size(), 100u);
    EXPECT_TRUE(bottom == top) << bottom.size() << " vertices at y = 0, " << top.size() << " at y = pitch";
}

TEST(GenParts, KhronosValidatorFindsNoErrors) {
    const std::string node = SKYHOOK_NODE;
    ASSERT_FALSE(node.empty() || node.ends_with("NOTFOUND")) << "node not found: run tools/setup.sh";
    ASSERT_TRUE(fs::exists(fs::path(SKYHOOK_GLTF_VALIDATOR_DIR) / "package.json"))
        << "gltf-validator is not installed in " << SKYHOOK_GLTF_VALIDATOR_DIR << ": run tools/setup.sh";
    const fs::path dir = outDir("validate");
    auto written = tools::parts::writeAllParts(dir);
    ASSERT_TRUE(written.ok()) << written.error().message;

    std::string command =
        shellQuoted(node) + " " +
        shellQuoted(fs::path(SKYHOOK_SOURCE_DIR) / "tools" / "gen_parts" / "validate_gltf.mjs") +
        " --validator " + shellQuoted(SKYHOOK_GLTF_VALIDATOR_DIR);
    for (const fs::path& f : *written) command += " " + shellQuoted(f);
    const RunResult result = run(command);
    const nlohmann::json report = nlohmann::json::parse(result.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << "the validator script printed no JSON:\n" << result.out;
    ASSERT_EQ(report["files"].size(), written->size());
    for (const auto& f : report["files"]) {
        const std::string file = fs::path(f["file"].get<std::string>()).filename().string();
        // Warnings are allowed but shown, so a new one is noticed.
        for (const auto& w : f["warningMessages"])
            std::cout << file << ": warning: " << w.get<std::string>() << "\n";
        EXPECT_EQ(f["errors"].get<int>(), 0) << file << ":\n" << f["errorMessages"].dump(2);
        std::cout << file << ": " << f["errors"] << " errors, " << f["warnings"] << " warnings, "
                  << f["infos"] << " infos, " << f["info"]["totalTriangleCount"] << " triangles\n";
    }
    EXPECT_EQ(result.exitCode, 0) << result.out;
}

// What each part promises (README.md): triangle range, bounds (metres, anchor at the origin), which
// materials glow, and how long the LOD chain of its detailed meshes must be.
struct Expectation {
    const char* name = "";
    uint32_t minTriangles = 0;
    uint32_t maxTriangles = 0;
    glm::vec3 boundsMin{0.0f};
    glm::vec3 boundsMax{0.0f};
    float tolerance = 0.0f;  // metres, per bound
    std::set<std::string> emissive;
    uint32_t minLods = 1;  // for meshes of ≥ 1,000 triangles
};

const Expectation kExpectations[] = {
    // The tether segment must be exactly one pitch tall so copies tile without gaps or overlaps.
    {.name = "tether_segment",
     .minTriangles = 3000,
     .maxTriangles = 9000,
     .boundsMin = {-1.59f, 0.0f, -0.4f},
     .boundsMax = {1.59f, tools::parts::kTetherPitch, 0.4f},
     .tolerance = 1e-4f,
     .emissive = {},
     .minLods = 3},
    {.name = "climber",
     .minTriangles = 2000,
     .maxTriangles = 20000,
     .boundsMin = {-6.12f, 0.0f, -6.12f},
     .boundsMax = {6.12f, 16.0f, 6.12f},
     .tolerance = 0.05f,
     .emissive = {"window_lit", "nav_light", "warning_light"},
     .minLods = 2},
    {.name = "ground_station",
     .minTriangles = 10000,
     .maxTriangles = 80000,
     .boundsMin = {-300.0f, 0.0f, -300.0f},
     .boundsMax = {300.0f, 223.5f, 300.0f},
     .tolerance = 0.5f,
     .emissive = {"window_lit", "nav_light", "warning_light"},
     .minLods = 2},
    {.name = "geo_station",
     .minTriangles = 5000,
     .maxTriangles = 60000,
     .boundsMin = {-173.0f, -51.0f, -303.5f},
     .boundsMax = {173.0f, 51.0f, 303.5f},
     .tolerance = 1.5f,
     .emissive = {"window_lit", "nav_light", "warning_light"},
     .minLods = 2},
    {.name = "counterweight",
     .minTriangles = 5000,
     .maxTriangles = 60000,
     .boundsMin = {-166.5f, 0.0f, -166.5f},
     .boundsMax = {166.5f, 591.0f, 166.5f},
     .tolerance = 1.0f,
     .emissive = {"nav_light", "warning_light"},
     .minLods = 2},
    // The brief: an engine tower ≈ 11,000 m tall (± 5 %); its top is the nozzle lip.
    {.name = "engine_tower",
     .minTriangles = 10000,
     .maxTriangles = 100000,
     .boundsMin = {-2400.0f, 0.0f, -2400.0f},
     .boundsMax = {2400.0f, tools::parts::kEngineTowerHeight, 2400.0f},
     .tolerance = 550.0f,
     .emissive = {"plasma_throat", "window_lit", "warning_light"},
     .minLods = 2},
};

// Names the case in test listings (gtest would otherwise print the struct's bytes).
void PrintTo(const Expectation& e, std::ostream* os) {
    *os << e.name;
}

class PartImport : public testing::TestWithParam<Expectation> {};

TEST_P(PartImport, ImportsAndCooksThroughTheArtistPath) {
    const Expectation& want = GetParam();
    const fs::path dir = outDir(std::string("import_") + want.name);
    auto gltf = tools::parts::writePart(want.name, dir);
    ASSERT_TRUE(gltf.ok()) << gltf.error().message;

    auto model = asset::importModelIsolated(*gltf);
    ASSERT_TRUE(model.ok()) << model.error().message;

    uint64_t triangles = 0;
    glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
    for (const scene::MeshInstance& inst : model->instances) {
        const scene::Mesh& mesh = model->meshes[inst.mesh];
        triangles += mesh.lods.at(0).indexCount / 3;
        for (int c = 0; c < 8; ++c) {
            const glm::vec3 corner((c & 1) ? mesh.boundsMax.x : mesh.boundsMin.x,
                                   (c & 2) ? mesh.boundsMax.y : mesh.boundsMin.y,
                                   (c & 4) ? mesh.boundsMax.z : mesh.boundsMin.z);
            const glm::vec3 p = glm::vec3(inst.transform * glm::vec4(corner, 1.0f));
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
    }
    std::cout << want.name << ": " << model->meshes.size() << " meshes, " << triangles
              << " triangles, bounds (" << lo.x << ", " << lo.y << ", " << lo.z << ")..(" << hi.x << ", "
              << hi.y << ", " << hi.z << ")\n";
    EXPECT_GE(triangles, want.minTriangles);
    EXPECT_LE(triangles, want.maxTriangles);
    for (int k = 0; k < 3; ++k) {
        EXPECT_NEAR(lo[k], want.boundsMin[k], want.tolerance) << "bounds min, axis " << k;
        EXPECT_NEAR(hi[k], want.boundsMax[k], want.tolerance) << "bounds max, axis " << k;
    }

    for (const scene::Mesh& mesh : model->meshes) {
        const uint32_t meshTriangles = mesh.lods.at(0).indexCount / 3;
        std::cout << "  " << mesh.name << ": " << meshTriangles << " triangles, " << mesh.lods.size()
                  << " LODs (";
        for (const scene::MeshLod& lod : mesh.lods) std::cout << " " << lod.indexCount / 3;
        std::cout << " ), " << mesh.meshlets.size() << " meshlets\n";
        EXPECT_FALSE(mesh.meshlets.empty()) << mesh.name;
        size_t badNormals = 0;
        for (const scene::Vertex& v : mesh.vertices)
            badNormals += std::abs(glm::length(v.normal) - 1.0f) > 1e-3f;
        EXPECT_EQ(badNormals, 0u) << mesh.name;
        if (meshTriangles >= 1000) {
            EXPECT_GE(mesh.lods.size(), want.minLods) << mesh.name;
        }
    }

    std::set<std::string> glowing;
    for (const scene::Material& m : model->materials)
        if (m.emissiveFactor != glm::vec3(0.0f)) glowing.insert(m.name);
    for (const std::string& name : want.emissive) EXPECT_TRUE(glowing.count(name)) << name << " should glow";

    // The cooked file round-trips: what a show would load.
    const fs::path cooked = dir / (std::string(want.name) + ".skm");
    ASSERT_TRUE(asset::writeCooked(*model, cooked).ok());
    auto back = asset::readCooked(cooked);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->meshes.size(), model->meshes.size());
}

INSTANTIATE_TEST_SUITE_P(Parts, PartImport, testing::ValuesIn(kExpectations),
                         [](const testing::TestParamInfo<Expectation>& info) {
                             return std::string(info.param.name);
                         });

}  // namespace
}  // namespace skyhook::content

namespace skyhook::content {
namespace {

// scenes/parts/ holds the tool's output so the show scenes work from a plain checkout; it must be exactly
// what the tool writes today (regenerate with `skyhook_gen_parts scenes/parts` after changing a part).
TEST(GenParts, CommittedCopyMatchesTheTool) {
    const fs::path dir = outDir("committed");
    const RunResult all = run(shellQuoted(SKYHOOK_GEN_PARTS_EXE) + " " + shellQuoted(dir));
    ASSERT_EQ(all.exitCode, 0) << all.out;
    const fs::path committed = fs::path(SKYHOOK_SOURCE_DIR) / "scenes" / "parts";
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        auto fresh = readFileBytes(e.path());
        auto kept = readFileBytes(committed / e.path().filename());
        ASSERT_TRUE(fresh.ok() && kept.ok()) << e.path().filename() << " is missing from " << committed;
        EXPECT_TRUE(*fresh == *kept) << e.path().filename() << " differs from the tool's output";
        ++files;
    }
    EXPECT_EQ(files, 2 * tools::parts::partCatalog().size());
}

}  // namespace
}  // namespace skyhook::content
