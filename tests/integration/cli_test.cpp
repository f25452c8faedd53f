// Runs the real `skyhook` program and checks exit codes, messages and the files it writes.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/image_io.hpp"
#include "tests/run_command.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kSource = SKYHOOK_SOURCE_DIR;
const fs::path kTmp = SKYHOOK_TEST_TMP;

using Outcome = skyhook::test::CommandOutcome;

// The skyhook program with `args` (stdout and stderr together).
Outcome run(const std::string& args) {
    return skyhook::test::runCommand(std::string("'") + SKYHOOK_EXE + "' " + args + " 2>&1");
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

// A copy of the shadows scene whose only camera, "dolly", slides from x = 0 to x = 4 over 2 s (no rotation).
fs::path dollyScene(const fs::path& dir) {
    std::ifstream in(kSource / "scenes/shadows.json");
    nlohmann::json j = nlohmann::json::parse(in);
    j["cameras"] = {{{"name", "dolly"}, {"position", {0, 2, 10}}, {"fovDeg", 45}, {"near", 0.1}}};
    j["tracks"] = {{{"name", "dolly"},
                    {"target", "camera:dolly"},
                    {"property", "position"},
                    {"keys", {{0, 0, 2, 10}, {2, 4, 2, 10}}}}};
    std::ofstream(dir / "dolly.json") << j.dump(1);
    return dir / "dolly.json";
}

size_t differingPixels(const skyhook::Rgba8Image& a, const skyhook::Rgba8Image& b, int tolerance) {
    size_t n = 0;
    for (size_t i = 0; i < a.pixels.size(); i += 4)
        for (int c = 0; c < 3; ++c)
            if (std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])) > tolerance) {
                ++n;
                break;
            }
    return n;
}

TEST(Cli, RenderAtATimeShowsTheCameraWhereItsTrackPutsIt) {
    fs::path dir = scratch("render_time");
    const fs::path scene = dollyScene(dir);
    auto render = [&](const std::string& name, const std::string& args) {
        Outcome r = run("--validation render '" + scene.string() + "' --size 96x54 --out '" +
                        (dir / name).string() + "' " + args);
        EXPECT_EQ(r.exitCode, 0) << r.out;
        auto img = skyhook::readPng(dir / name / "frame_00000.png");
        EXPECT_TRUE(img.ok()) << r.out;
        return img.ok() ? *img : skyhook::Rgba8Image{};
    };
    const auto start = render("t0", "--camera dolly");
    const auto tracked = render("t1", "--camera dolly --time 1");
    const auto posed = render("pose", "--pose 2,2,10,0,0 --time 1");  // where the track puts it at 1 s
    ASSERT_EQ(tracked.pixels.size(), posed.pixels.size());
    ASSERT_EQ(tracked.pixels.size(), start.pixels.size());
    EXPECT_EQ(differingPixels(tracked, posed, 2), 0u) << "the tracked camera is at (2, 2, 10) at 1 s";
    EXPECT_GT(differingPixels(tracked, start, 8), tracked.pixels.size() / 4 / 20)
        << "the camera moved 2 m between 0 s and 1 s";
}

TEST(Cli, BenchFollowsTheCameraPathAndSaysSo) {
    fs::path dir = scratch("bench_time");
    Outcome r = run("bench '" + dollyScene(dir).string() +
                    "' --camera dolly --time 0.5 --size 64x36 --frames 3 --warmup 1 --no-baseline");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    EXPECT_EQ(j["camera"]["name"], "dolly");
    EXPECT_TRUE(j["camera"]["animated"].get<bool>());
    EXPECT_DOUBLE_EQ(j["time_start"].get<double>(), 0.5);
    EXPECT_NEAR(j["time_end"].get<double>(), 0.5 + 2.0 / 60.0, 1e-9);
    EXPECT_GT(j["engine"]["frame_ms"]["median"].get<double>(), 0.0) << "the old fields are still there";
}

// --stereo: both eyes at --size each after the mono frames, with validation on; a mono run has no stereo
// fields.
TEST(Cli, BenchStereoTimesBothEyesAgainstMono) {
    const std::string scene = "'" + (kSource / "scenes/sphere_grid.json").string() + "'";
    Outcome r = run("--validation bench " + scene +
                    " --size 64x48 --frames 3 --warmup 1 --no-baseline --stereo --ipd 0.07");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    EXPECT_EQ(j["size"], nlohmann::json({64, 48})) << "the mono fields are unchanged";
    EXPECT_GT(j["engine"]["frame_ms"]["median"].get<double>(), 0.0);
    EXPECT_EQ(j["stereo"]["eye_size"], nlohmann::json({64, 48}));
    EXPECT_EQ(j["stereo"]["layers"], 2);
    EXPECT_DOUBLE_EQ(j["stereo"]["ipd"].get<double>(), 0.07);
    EXPECT_GT(j["stereo"]["engine"]["frame_ms"]["median"].get<double>(), 0.0);
    // One multiview pass for both eyes, then the two-pass reference in the same run.
    EXPECT_TRUE(j["stereo"]["engine"]["gpu_pass_ms"].contains("left+right.forward"));
    EXPECT_FALSE(j["stereo"]["engine"]["gpu_pass_ms"].contains("left.forward"));
    EXPECT_TRUE(j["stereo_two_pass"]["engine"]["gpu_pass_ms"].contains("left.forward"));
    EXPECT_TRUE(j["stereo_two_pass"]["engine"]["gpu_pass_ms"].contains("right.forward"));
    EXPECT_GT(j["ratio_two_pass_to_mono"].get<double>(), 0.5);
    const double ratio = j["ratio_stereo_to_mono"].get<double>();
    EXPECT_NEAR(ratio,
                j["stereo"]["engine"]["frame_ms"]["median"].get<double>() /
                    j["engine"]["frame_ms"]["median"].get<double>(),
                1e-9);
    EXPECT_GT(ratio, 0.5);

    Outcome mono = run("bench " + scene + " --size 64x48 --frames 2 --warmup 0 --no-baseline");
    ASSERT_EQ(mono.exitCode, 0) << mono.out;
    auto m = nlohmann::json::parse(mono.out.substr(mono.out.find('{')));
    EXPECT_FALSE(m.contains("stereo"));
    EXPECT_FALSE(m.contains("ratio_stereo_to_mono"));
}

// The colours of timing.png's series (engine/app/flight_plot.hpp).
size_t pixelsOf(const skyhook::Rgba8Image& img, uint8_t r, uint8_t g, uint8_t b) {
    size_t n = 0;
    for (size_t i = 0; i < img.pixels.size(); i += 4)
        n += img.pixels[i] == r && img.pixels[i + 1] == g && img.pixels[i + 2] == b ? 1 : 0;
    return n;
}

TEST(Cli, FlightWritesFramesTimingsAndAPlotAlongTheElevator) {
    fs::path out = scratch("flight");
    Outcome r =
        run("--validation flight '" + (kSource / "scenes/space_elevator.json").string() +
            "' --camera flight --from 0 --to 120 --frames 6 --size 160x90 --out '" + out.string() + "'");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    for (int i = 0; i < 6; ++i) {
        auto img = skyhook::readPng(out / ("frame_0000" + std::to_string(i) + ".png"));
        ASSERT_TRUE(img.ok()) << i;
        EXPECT_EQ(img->width, 160u);
        EXPECT_EQ(img->height, 90u);
    }
    EXPECT_FALSE(fs::exists(out / "frame_00006.png"));
    std::ifstream in(out / "timings.json");
    auto j = nlohmann::json::parse(in);
    ASSERT_EQ(j["frames"].size(), 6u);
    double lastY = -1.0, lastT = -1.0;
    for (const auto& f : j["frames"]) {
        const double y = f["position_m"][1].get<double>();
        EXPECT_GT(y, lastY) << "the camera climbs: " << f.dump();
        EXPECT_GT(f["time_s"].get<double>(), lastT);
        lastY = y;
        lastT = f["time_s"].get<double>();
        EXPECT_GT(f["frame_ms"].get<double>(), 0.0);
        EXPECT_GT(f["cpu_ms"].get<double>(), 0.0);
        EXPECT_GT(f["gpu_ms"].get<double>(), 0.0);
        EXPECT_TRUE(f["gpu_pass_ms"].contains("forward")) << f.dump();
        EXPECT_TRUE(f.contains("visible_instances"));
        EXPECT_TRUE(f.contains("visible_triangles"));
    }
    EXPECT_DOUBLE_EQ(j["frames"][5]["time_s"].get<double>(), 120.0);
    EXPECT_GT(lastY, 96371000.0) << "the flight ends at the counterweight, 90,000 km up";
    EXPECT_GT(j["frames"][1]["distance_m"].get<double>(), 1000.0);
    auto plot = skyhook::readPng(out / "timing.png");
    ASSERT_TRUE(plot.ok());
    EXPECT_EQ(plot->width, 1280u);
    EXPECT_EQ(plot->height, 720u);
    EXPECT_GT(pixelsOf(*plot, 0, 114, 178), 500u) << "frame time line";
    EXPECT_GT(pixelsOf(*plot, 230, 159, 0), 500u) << "GPU time line";
    EXPECT_GT(pixelsOf(*plot, 0, 158, 115), 50u) << "CPU time line or its legend";
}

TEST(Cli, FlightWithoutFramesOnlyMeasures) {
    fs::path dir = scratch("flight_noframes");
    Outcome r =
        run("flight '" + dollyScene(dir).string() + "' --camera dolly --fps 2 --size 64x36 --no-frames " +
            "--plot-size 640x360 --out '" + (dir / "out").string() + "'");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_FALSE(fs::exists(dir / "out" / "frame_00000.png"));
    std::ifstream in(dir / "out" / "timings.json");
    auto j = nlohmann::json::parse(in);
    ASSERT_EQ(j["frames"].size(), 5u) << "0 to the track's end at 2 s in steps of 0.5 s";
    EXPECT_DOUBLE_EQ(j["frames"][4]["position_m"][0].get<double>(), 4.0);
    auto plot = skyhook::readPng(dir / "out" / "timing.png");
    ASSERT_TRUE(plot.ok());
    EXPECT_EQ(plot->width, 640u);
}

TEST(Cli, FlightArgumentsThatMakeNoSenseAreUsageErrors) {
    const std::string elevator = "'" + (kSource / "scenes/space_elevator.json").string() + "'";
    const std::string shadows = "'" + (kSource / "scenes/shadows.json").string() + "'";
    const std::string out = " --out '" + scratch("flight_bad").string() + "'";
    Outcome noCamera = run("flight " + elevator + out);
    EXPECT_EQ(noCamera.exitCode, 2) << noCamera.out;
    Outcome unknown = run("flight " + elevator + " --camera nobody" + out);
    EXPECT_EQ(unknown.exitCode, 2) << unknown.out;
    EXPECT_NE(unknown.out.find("flight"), std::string::npos) << "it lists the cameras\n" << unknown.out;
    Outcome backwards = run("flight " + elevator + " --camera flight --from 10 --to 5" + out);
    EXPECT_EQ(backwards.exitCode, 2) << backwards.out;
    EXPECT_NE(backwards.out.find("before --from"), std::string::npos) << backwards.out;
    Outcome still = run("flight " + shadows + " --camera main" + out);
    EXPECT_EQ(still.exitCode, 2) << still.out;
    EXPECT_NE(still.out.find("has no tracks"), std::string::npos) << still.out;
    EXPECT_EQ(run("flight " + elevator + " --camera flight --plot-size 10x10" + out).exitCode, 2);
    EXPECT_EQ(run("flight " + elevator + " --camera flight --size 0x5" + out).exitCode, 2);
    EXPECT_EQ(run("render " + shadows + " --time -1" + out).exitCode, 2);
}

}  // namespace
