// Runs the real `skyhook` program and checks exit codes, messages and the files it writes.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/image_io.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kSource = SKYHOOK_SOURCE_DIR;
const fs::path kTmp = SKYHOOK_TEST_TMP;

struct Outcome {
    int exitCode = -1;
    std::string out;  // stdout and stderr together
};

Outcome run(const std::string& args) {
    std::string cmd = std::string("'") + SKYHOOK_EXE + "' " + args + " 2>&1";
    Outcome r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
    int status = pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

fs::path scratch(const std::string& name) {
    fs::path dir = kTmp / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

TEST(Cli, InfoListsTheDeviceItChose) {
    Outcome r = run("info");
    EXPECT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("selected:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("embedded shaders:"), std::string::npos) << r.out;
}

TEST(Cli, RenderWritesTheRequestedFramesAtTheRequestedSize) {
    fs::path out = scratch("render");
    Outcome r = run("--validation render '" + (kSource / "scenes/shadows.json").string() +
                    "' --size 96x54 --frames 3 --out '" + out.string() + "'");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    for (int i = 0; i < 3; ++i) {
        auto img = skyhook::readPng(out / ("frame_0000" + std::to_string(i) + ".png"));
        ASSERT_TRUE(img.ok()) << r.out;
        EXPECT_EQ(img->width, 96u);
        EXPECT_EQ(img->height, 54u);
    }
    EXPECT_NE(r.out.find(out.string()), std::string::npos) << "it says where the frames are";
}

TEST(Cli, MissingSceneIsAnInputErrorNamingTheFile) {
    Outcome r = run("render /nonexistent/show.json --out " + scratch("missing").string());
    EXPECT_EQ(r.exitCode, 3) << r.out;
    EXPECT_NE(r.out.find("/nonexistent/show.json"), std::string::npos) << r.out;
}

TEST(Cli, MalformedSceneReportsFileLineAndColumn) {
    fs::path dir = scratch("malformed");
    std::ofstream(dir / "bad.json") << "{\n  \"name\": \"bad\",\n  \"nodes\": [ { \"name\": } ]\n}\n";
    Outcome r = run("render '" + (dir / "bad.json").string() + "' --out '" + dir.string() + "'");
    EXPECT_EQ(r.exitCode, 3) << r.out;
    EXPECT_NE(r.out.find("bad.json:3:"), std::string::npos) << "file:line:column expected\n" << r.out;
}

TEST(Cli, WrongArgumentsAreUsageErrors) {
    EXPECT_EQ(run("render '" + (kSource / "scenes/shadows.json").string() + "' --size 0x5").exitCode, 2);
    EXPECT_EQ(run("render '" + (kSource / "scenes/shadows.json").string() + "' --camera nobody").exitCode, 2);
    EXPECT_EQ(run("no-such-command").exitCode, 2);
    EXPECT_EQ(run("render").exitCode, 2);
}

TEST(Cli, CookWritesACookedModelAndRejectsACorruptSource) {
    fs::path dir = scratch("cook");
    Outcome ok = run("cook '" + (kSource / "scenes/textured/textured.gltf").string() + "' -o '" +
                     (dir / "textured.skm").string() + "'");
    ASSERT_EQ(ok.exitCode, 0) << ok.out;
    EXPECT_TRUE(fs::file_size(dir / "textured.skm") > 1000);
    EXPECT_NE(ok.out.find("meshlets"), std::string::npos) << ok.out;
    Outcome bad = run("cook '" + (kSource / "scenes/broken/truncated.gltf").string() + "' -o '" +
                      (dir / "broken.skm").string() + "'");
    EXPECT_EQ(bad.exitCode, 3) << bad.out;
    EXPECT_NE(bad.out.find("truncated.gltf"), std::string::npos) << bad.out;
    EXPECT_FALSE(fs::exists(dir / "broken.skm"));
}

TEST(Cli, BenchPrintsTheAgreedJson) {
    Outcome r = run("--validation bench '" + (kSource / "scenes/shadows.json").string() +
                    "' --size 64x36 --frames 4 --warmup 1");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    auto start = r.out.find('{');
    ASSERT_NE(start, std::string::npos) << r.out;
    auto j = nlohmann::json::parse(r.out.substr(start));
    for (const char* key : {"engine", "bare_draw", "ratio_engine_to_bare", "memory"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_GT(j["engine"]["frame_ms"]["median"].get<double>(), 0.0);
    EXPECT_GT(j["engine"]["gpu_pass_ms"]["forward"].get<double>(), 0.0);
    EXPECT_TRUE(j["engine"]["gpu_pass_ms"].contains("shadows"));
    EXPECT_EQ(j["pipelines_created_during_show"].get<int>(), 0);
    EXPECT_GT(j["memory"]["gpu_allocated_bytes"].get<uint64_t>(), 0u);
    const std::string path = j["draw_path"].get<std::string>();
    EXPECT_TRUE(path == "mesh" || path == "indirect") << path;
}

// --draw-path forces a path; bench says which one drew; a path the device lacks is a GPU error (4).
TEST(Cli, DrawPathIsChosenAndReported) {
    const std::string scene = "'" + (kSource / "scenes/sphere_grid.json").string() + "'";
    EXPECT_EQ(run("--draw-path sideways info").exitCode, 2);
    Outcome indirect =
        run("--validation --draw-path indirect bench " + scene + " --size 64x36 --frames 2 --no-baseline");
    ASSERT_EQ(indirect.exitCode, 0) << indirect.out;
    EXPECT_NE(indirect.out.find("\"draw_path\": \"indirect\""), std::string::npos) << indirect.out;
    const bool meshShaders = run("info").out.find("mesh shaders") != std::string::npos;
    Outcome mesh =
        run("--validation --draw-path mesh bench " + scene + " --size 64x36 --frames 2 --no-baseline");
    if (meshShaders) {
        ASSERT_EQ(mesh.exitCode, 0) << mesh.out;
        EXPECT_NE(mesh.out.find("\"draw_path\": \"mesh\""), std::string::npos) << mesh.out;
    } else {
        EXPECT_EQ(mesh.exitCode, 4) << mesh.out;
    }
}

}  // namespace
