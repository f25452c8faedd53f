// Golden-image tests: every tests/golden/<case>.json names a scene, camera, size and tolerance (and with
// "stereo": {"ipd": m} both eyes, `size` each, side by side in one image: left eye on the left); the engine
// renders it headless on the installed driver with validation (and synchronization validation) on, and the
// result is compared with tests/golden/<case>.png. On failure the actual and diff images are written to
// <build>/golden_out/; tools/promote_golden.sh copies approved actual images over the goldens.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/core/image_io.hpp"
#include "engine/render/projection.hpp"
#include "engine/core/log.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::render {
// Names the draw path in test output.
void PrintTo(DrawPath path, std::ostream* os) {
    *os << drawPathName(path);
}
}  // namespace skyhook::render

namespace skyhook::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = SKYHOOK_SOURCE_DIR;
const fs::path kOut = SKYHOOK_GOLDEN_OUT;

struct Case {
    std::string name;
    nlohmann::json spec;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

std::vector<Case> loadCases() {
    std::vector<Case> cases;
    for (const auto& e : fs::directory_iterator(kSource / "tests" / "golden")) {
        if (e.path().extension() != ".json") continue;
        std::ifstream in(e.path());
        cases.push_back({e.path().stem().string(), nlohmann::json::parse(in)});
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

struct Rendered {
    Rgba8Image image;
    uint64_t validationMessages = 0;
    uint32_t placeholders = 0;
    std::set<std::string> passes;  // the GPU passes of the newest completed frame
    render::FrameStats stats;
};

// A scene file (relative to the source tree) and the view of one of its cameras.
struct SceneCamera {
    scene::Scene scene;
    render::View view;
};
std::optional<SceneCamera> sceneCamera(const std::string& path, const std::string& camera) {
    auto scene = app::loadScene(kSource / path);
    EXPECT_TRUE(scene.ok()) << (scene.ok() ? "" : scene.error().message);
    if (!scene) return std::nullopt;
    auto cam = app::chooseCamera(*scene, camera, "");
    EXPECT_TRUE(cam.ok()) << (cam.ok() ? "" : cam.error().message);
    if (!cam) return std::nullopt;
    return SceneCamera{std::move(*scene), app::viewFromCamera(*cam)};
}

// Renders `frames` frames of a scene and returns the last one.
Rendered renderCase(const nlohmann::json& spec, const std::vector<render::View>* viewsOverride = nullptr,
                    render::DrawPath drawPath = render::DrawPath::Auto,
                    const std::function<void(scene::Scene&)>& edit = {}) {
    Rendered out;
    auto scene = app::loadScene(kSource / spec.at("scene").get<std::string>());
    EXPECT_TRUE(scene.ok()) << (scene.ok() ? "" : scene.error().message);
    if (!scene) return out;
    if (edit) edit(*scene);
    render::RenderSettings settings;
    if (auto s = spec.find("settings"); s != spec.end()) {
        settings.msaaSamples = s->value("msaa", settings.msaaSamples);
        settings.shadowMapSize = s->value("shadowSize", settings.shadowMapSize);
        settings.debugView = s->value("debugView", settings.debugView);
        settings.multiview = s->value("multiview", settings.multiview);
        settings.bloom = s->value("bloom", settings.bloom);
        settings.cascadeCount = s->value("cascades", settings.cascadeCount);
        settings.farFieldPixels = s->value("farField", settings.farFieldPixels);
        settings.farFieldAuto = s->value("farFieldAuto", settings.farFieldAuto);
    }
    settings.drawPath = drawPath;
    auto camera = app::chooseCamera(*scene, spec.value("camera", "main"), spec.value("pose", ""));
    EXPECT_TRUE(camera.ok()) << (camera.ok() ? "" : camera.error().message);
    if (!camera) return out;
    // Stereo: the camera's two eyes in one ViewSet, each into its layer of a 2-layer target (as skyhook xr).
    const auto stereo = spec.find("stereo");
    const bool isStereo = stereo != spec.end();
    auto session =
        app::openSession({.validation = true, .settings = settings, .stereo = isStereo}, std::move(*scene));
    EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
    if (!session) return out;
    VkExtent2D size{spec.at("size")[0].get<uint32_t>(), spec.at("size")[1].get<uint32_t>()};
    auto offscreen = app::OffscreenRenderer::create(**session, size, isStereo ? 2 : 1);
    EXPECT_TRUE(offscreen.ok());
    if (!offscreen) return out;
    uint32_t frames = spec.value("frames", 1u);
    std::vector<render::View> views =
        viewsOverride ? *viewsOverride
        : isStereo    ? app::stereoEyeViews(app::viewFromCamera(*camera), size, stereo->value("ipd", 0.064))
                      : std::vector{app::viewFromCamera(*camera)};
    for (uint32_t f = 0; f < frames; ++f) {
        auto r = (*offscreen)
                     ->renderFrame(views, spec.value("time", 0.0) + f / 60.0, f + 1 == frames,
                                   [&](uint64_t, Rgba8Image img) -> Result<void> {
                                       out.image = std::move(img);
                                       return {};
                                   });
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    }
    auto done = (*offscreen)->finish([&](uint64_t, Rgba8Image img) -> Result<void> {
        out.image = std::move(img);
        return {};
    });
    EXPECT_TRUE(done.ok());
    out.validationMessages = (*session)->device->validationMessages();
    out.placeholders = (*session)->renderer->placeholderCount();
    out.stats = (*session)->renderer->stats();
    for (const gpu::PassTiming& t : out.stats.gpuPasses) out.passes.insert(t.name);
    return out;
}

// Every case on both draw paths: indexed indirect draws, and task/mesh shaders where the device has them.
class Golden : public ::testing::TestWithParam<std::tuple<Case, render::DrawPath>> {};

TEST_P(Golden, MatchesApprovedImage) {
    const Case& c = std::get<0>(GetParam());
    const render::DrawPath path = std::get<1>(GetParam());
    if (path == render::DrawPath::Mesh) {
        auto device = gpu::Device::create({});
        if (!device || !(*device)->info().meshShader)
            GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
    }
    Rendered r = renderCase(c.spec, nullptr, path);
    ASSERT_GT(r.image.width, 0u) << "nothing was rendered";
    EXPECT_EQ(r.validationMessages, 0u) << "Vulkan validation reported messages (see the log)";
    EXPECT_EQ(r.placeholders, c.spec.value("placeholders", 0u)) << "placeholder models drawn";

    Tolerance tol;
    if (auto t = c.spec.find("tolerance"); t != c.spec.end()) {
        tol.channelDelta = t->value("channelDelta", tol.channelDelta);
        tol.maxDifferentFraction = t->value("maxDifferentFraction", tol.maxDifferentFraction);
        tol.maxMeanDelta = t->value("maxMeanDelta", tol.maxMeanDelta);
    }
    fs::create_directories(kOut);
    const std::string tag = c.name + (path == render::DrawPath::Mesh ? ".mesh" : "");
    const fs::path actualPath = kOut / (tag + ".actual.png");
    ASSERT_TRUE(writePng(actualPath, r.image).ok());
    const fs::path goldenPath = kSource / "tests" / "golden" / (c.name + ".png");
    auto golden = readPng(goldenPath);
    ASSERT_TRUE(golden.ok()) << "no golden image " << goldenPath << "; look at " << actualPath
                             << " and approve it with tools/promote_golden.sh " << c.name;
    Comparison cmp = compareImages(*golden, r.image, tol);
    if (!cmp.passed) {
        const fs::path diffPath = kOut / (tag + ".diff.png");
        (void)writePng(diffPath, diffImage(*golden, r.image, tol));
        ADD_FAILURE() << c.name << ": " << cmp.summary << "\n  actual: " << actualPath
                      << "\n  diff:   " << diffPath << "\n  approve with: tools/promote_golden.sh " << c.name;
    }

    // Checks that hold whatever the golden says: the image is not empty or uniform.
    std::set<uint32_t> colours;
    for (size_t p = 0; p < r.image.pixels.size(); p += 4 * 97)
        colours.insert(uint32_t(r.image.pixels[p]) << 16 | uint32_t(r.image.pixels[p + 1]) << 8 |
                       r.image.pixels[p + 2]);
    EXPECT_GT(colours.size(), 20u) << "the image is nearly uniform";

    // Stereo: the two eyes see the scene from two places, so their images differ, but not by much.
    if (c.spec.contains("stereo")) {
        const uint32_t w = r.image.width / 2, h = r.image.height;
        Rgba8Image left{w, h, {}}, right{w, h, {}};
        for (uint32_t y = 0; y < h; ++y) {
            const auto row = r.image.pixels.begin() + ptrdiff_t(y) * r.image.width * 4;
            left.pixels.insert(left.pixels.end(), row, row + w * 4);
            right.pixels.insert(right.pixels.end(), row + w * 4, row + 2 * w * 4);
        }
        // Exact: a far scene (the elevator from the ground) differs between the eyes by a few pixels only.
        const Comparison eyes =
            compareImages(left, right, {.channelDelta = 0, .maxDifferentFraction = 0.0, .maxMeanDelta = 0.0});
        EXPECT_GT(eyes.differentPixels, 0u) << "both eyes rendered the same image: " << eyes.summary;
        EXPECT_LT(eyes.meanDelta, 20.0) << "the eyes disagree too much: " << eyes.summary;
        RecordProperty("eyes_different_fraction", std::to_string(eyes.differentFraction));
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden,
                         ::testing::Combine(::testing::ValuesIn(loadCases()),
                                            ::testing::Values(render::DrawPath::Indirect,
                                                              render::DrawPath::Mesh)),
                         [](const ::testing::TestParamInfo<std::tuple<Case, render::DrawPath>>& info) {
                             return std::get<0>(info.param).name + "_" +
                                    render::drawPathName(std::get<1>(info.param));
                         });

// Stereo parallax through the offscreen path: a glowing sphere 0.8 m in front of the camera's eyes
// (tests/xr/data/stereo_near.json, 64 mm apart) lands in each eye's layer where that eye's view projects it,
// and further right in the left eye than in the right one. On both draw paths.
class StereoParallax : public ::testing::TestWithParam<render::DrawPath> {};

double brightCentroidX(const Rgba8Image& img, uint32_t x0, uint32_t w, uint64_t& count) {
    double sum = 0.0;
    count = 0;
    for (uint32_t y = 0; y < img.height; ++y)
        for (uint32_t x = x0; x < x0 + w; ++x) {
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
            if (p[0] + p[1] + p[2] < 3 * 128) continue;
            sum += x - x0 + 0.5;
            ++count;
        }
    return count ? sum / double(count) : 0.0;
}

TEST_P(StereoParallax, NearObjectShiftsRightInTheLeftEye) {
    if (GetParam() == render::DrawPath::Mesh) {
        auto device = gpu::Device::create({});
        if (!device || !(*device)->info().meshShader)
            GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
    }
    const nlohmann::json spec = {{"scene", "tests/xr/data/stereo_near.json"},
                                 {"camera", "eyes"},
                                 {"size", {320, 240}},
                                 {"stereo", {{"ipd", 0.064}}}};
    Rendered r = renderCase(spec, nullptr, GetParam());
    ASSERT_EQ(r.image.width, 640u) << "both eyes side by side";
    EXPECT_EQ(r.validationMessages, 0u);
    uint64_t nl = 0, nr = 0;
    const double left = brightCentroidX(r.image, 0, 320, nl), right = brightCentroidX(r.image, 320, 320, nr);
    ASSERT_GT(nl, 100u) << "the sphere is not in the left eye";
    ASSERT_GT(nr, 100u) << "the sphere is not in the right eye";
    // Where each eye's view projects the sphere's centre (0, 1.6, -0.8).
    auto scene = app::loadScene(kSource / "tests/xr/data/stereo_near.json");
    ASSERT_TRUE(scene.ok());
    auto cam = app::chooseCamera(*scene, "eyes", "");
    ASSERT_TRUE(cam.ok());
    const std::vector<render::View> eyes = app::stereoEyeViews(app::viewFromCamera(*cam), {320, 240}, 0.064);
    ASSERT_EQ(eyes.size(), 2u);
    EXPECT_EQ(eyes[0].targetLayer, 0u);
    EXPECT_EQ(eyes[1].targetLayer, 1u);
    EXPECT_NEAR(glm::distance(eyes[0].position, eyes[1].position), 0.064, 1e-6);
    auto projectX = [](const render::View& v, const glm::dvec3& point) {
        const glm::dvec3 d = glm::conjugate(v.orientation) * (point - v.position);
        const render::Projection& p = v.projection;
        return (d.x / -d.z - p.tanLeft) / (p.tanRight - p.tanLeft) * 320.0;
    };
    const glm::dvec3 sphere(0.0, 1.6, -0.8);
    const double expectLeft = projectX(eyes[0], sphere), expectRight = projectX(eyes[1], sphere);
    EXPECT_GT(left, right + 4.0) << "the left eye must see the near sphere further right";
    EXPECT_NEAR(left, expectLeft, 1.5);
    EXPECT_NEAR(right, expectRight, 1.5);
    EXPECT_NEAR(left - right, expectLeft - expectRight, 1.5);
    RecordProperty("disparity_px", std::to_string(left - right));
}

INSTANTIATE_TEST_SUITE_P(Paths, StereoParallax,
                         ::testing::Values(render::DrawPath::Indirect, render::DrawPath::Mesh),
                         [](const ::testing::TestParamInfo<render::DrawPath>& info) {
                             return std::string(render::drawPathName(info.param));
                         });

// One multiview pass draws both eyes (culled once for the two, each eye's layer drawn by gl_ViewIndex) as the
// reference draws them in two passes: the same pixels in both layers, on scenes with shadows, clustered
// lights, beams, the atmosphere and occlusion culling (three frames, so the later ones cull against the last
// frame's depth pyramids).
class Multiview : public ::testing::TestWithParam<std::string> {};

TEST_P(Multiview, OnePassDrawsWhatTwoPassesDraw) {
    nlohmann::json spec = loadCases().front().spec;
    for (const Case& c : loadCases())
        if (c.name == GetParam()) spec = c.spec;
    spec["size"] = {192, 160};
    spec["stereo"] = {{"ipd", 0.064}};
    spec["frames"] = 3;
    spec["settings"]["multiview"] = true;
    spec["settings"]["farField"] = 0.0;  // each eye draws everything (FarField compares the far field)
    const Rendered one = renderCase(spec, nullptr, render::DrawPath::Indirect);
    spec["settings"]["multiview"] = false;
    const Rendered two = renderCase(spec, nullptr, render::DrawPath::Indirect);
    ASSERT_EQ(one.image.width, 384u);
    ASSERT_EQ(two.image.width, 384u);
    EXPECT_EQ(one.validationMessages, 0u);
    EXPECT_EQ(two.validationMessages, 0u);
    EXPECT_TRUE(one.passes.contains("left+right.forward")) << "both eyes in one forward pass";
    EXPECT_FALSE(one.passes.contains("left.forward"));
    EXPECT_FALSE(one.passes.contains("right.forward"));
    EXPECT_TRUE(two.passes.contains("left.forward") && two.passes.contains("right.forward"));
    EXPECT_FALSE(two.passes.contains("left+right.forward"));
    // Culled once for both eyes, an instance takes the LOD the nearer eye needs: a few edge pixels may
    // differ.
    const Comparison cmp = compareImages(
        two.image, one.image, {.channelDelta = 4, .maxDifferentFraction = 0.002, .maxMeanDelta = 0.1});
    EXPECT_TRUE(cmp.passed) << cmp.summary;
}

INSTANTIATE_TEST_SUITE_P(Scenes, Multiview,
                         ::testing::Values("sphere_grid", "lights", "shadows", "beams_ground",
                                           "atmosphere_sunset", "elevator_ground"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The mono far field: what lies beyond the split is drawn once, from between the eyes, and both eyes take it;
// each eye draws only what is nearer. On the real-scale scenes from the ground (the elevator, the planetary
// engines with their plasma beams, the atmosphere's planet surface under the eyes) both eyes look as when
// each draws everything: beyond the split the two differ by under the allowed half pixel, so only edge pixels
// move a little.
class FarField : public ::testing::TestWithParam<std::string> {};

TEST_P(FarField, EyesLookAsWhenEachDrawsEverything) {
    nlohmann::json spec;
    for (const Case& c : loadCases())
        if (c.name == GetParam()) spec = c.spec;
    ASSERT_FALSE(spec.is_null());
    spec["size"] = {320, 240};
    spec["stereo"] = {{"ipd", 0.064}};
    spec["frames"] = 3;
    spec["settings"]["farField"] = 0.5;
    spec["settings"]["farFieldAuto"] = false;
    const Rendered shared = renderCase(spec, nullptr, render::DrawPath::Indirect);
    spec["settings"]["farField"] = 0.0;
    const Rendered full = renderCase(spec, nullptr, render::DrawPath::Indirect);
    ASSERT_EQ(shared.image.width, 640u);
    EXPECT_EQ(shared.validationMessages, 0u);
    EXPECT_TRUE(shared.passes.contains("far.forward")) << "the far field drawn once";
    EXPECT_TRUE(shared.passes.contains("left+right.forward"));
    EXPECT_FALSE(full.passes.contains("far.forward"));
    if (const char* dir = std::getenv("SKYHOOK_FAR_FIELD_OUT")) {
        (void)writePng(fs::path(dir) / (GetParam() + "_far_field.png"), shared.image);
        (void)writePng(fs::path(dir) / (GetParam() + "_full.png"), full.image);
    }
    const Comparison cmp = compareImages(
        full.image, shared.image, {.channelDelta = 8, .maxDifferentFraction = 0.01, .maxMeanDelta = 0.5});
    EXPECT_TRUE(cmp.passed) << cmp.summary;
}

INSTANTIATE_TEST_SUITE_P(Scenes, FarField,
                         ::testing::Values("elevator_ground", "engines_ground", "atmosphere_sunset",
                                           "beams_ground"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// With the far field, a sphere 0.8 m away keeps its parallax (each eye draws it), while one 300 m away is
// drawn once: both eyes show it at the same place, within half a pixel of where each eye would see it, and
// the eyes' culling leaves it to the far field's view.
TEST(FarField, NearObjectsKeepTheirParallaxFarOnesAreDrawnOnce) {
    nlohmann::json spec = {{"scene", "tests/gpu/data/far_field.json"},
                           {"camera", "eyes"},
                           {"size", {320, 240}},
                           {"stereo", {{"ipd", 0.064}}},
                           {"frames", 4},
                           {"settings", {{"farField", 0.5}, {"farFieldAuto", false}}}};
    const Rendered shared = renderCase(spec);
    spec["settings"]["farField"] = 0.0;
    const Rendered full = renderCase(spec);
    ASSERT_EQ(shared.image.width, 640u);
    EXPECT_EQ(shared.validationMessages, 0u);
    EXPECT_TRUE(shared.stats.farField.drawn);
    EXPECT_GT(shared.stats.farField.split, 5.0f);
    EXPECT_LT(shared.stats.farField.split, 50.0f);
    EXPECT_FALSE(full.stats.farField.drawn);
    // The eyes' culling keeps the near sphere only; without the far field, both.
    EXPECT_EQ(shared.stats.visibleInstances, 1u);
    EXPECT_EQ(full.stats.visibleInstances, 2u);
    // Bright pixels' centroid in an eye, in its top half (the far sphere) or bottom half (the near one).
    auto centroid = [](const Rgba8Image& img, uint32_t eye, bool top, uint64_t& n) {
        double sum = 0.0;
        n = 0;
        for (uint32_t y = top ? 0 : 120; y < (top ? 120u : 240u); ++y)
            for (uint32_t x = 0; x < 320; ++x) {
                const uint8_t* p = &img.pixels[(size_t(y) * img.width + eye * 320 + x) * 4];
                const double v = p[0] + p[1] + p[2];
                if (v < 60) continue;
                sum += (x + 0.5) * v;
                n += uint64_t(v);
            }
        return n ? sum / double(n) : 0.0;
    };
    uint64_t n[4];
    const double nearLeft = centroid(shared.image, 0, false, n[0]),
                 nearRight = centroid(shared.image, 1, false, n[1]);
    const double farLeft = centroid(shared.image, 0, true, n[2]),
                 farRight = centroid(shared.image, 1, true, n[3]);
    for (uint64_t count : n) ASSERT_GT(count, 2000u) << "a sphere is missing from an eye";
    uint64_t m[4];
    const double fullNearLeft = centroid(full.image, 0, false, m[0]),
                 fullNearRight = centroid(full.image, 1, false, m[1]);
    const double fullFarLeft = centroid(full.image, 0, true, m[2]),
                 fullFarRight = centroid(full.image, 1, true, m[3]);
    EXPECT_GT(nearLeft - nearRight, 10.0) << "the near sphere's parallax";
    EXPECT_NEAR(nearLeft - nearRight, fullNearLeft - fullNearRight, 0.05);
    EXPECT_NEAR(farLeft, farRight, 0.01) << "the far sphere is drawn once for both eyes";
    EXPECT_NEAR(farLeft, fullFarLeft, 0.5);
    EXPECT_NEAR(farRight, fullFarRight, 0.5);
    RecordProperty("near_disparity_px", std::to_string(nearLeft - nearRight));
    RecordProperty("far_offset_px", std::to_string(farLeft - fullFarLeft));
}

// The far field where it pays: kept on the elevator seen from the ground (what lies beyond the split is
// nearly everything), dropped where everything is near (a sphere 0.8 m away on a black sky).
TEST(FarField, AutoKeepsItOnlyWhereTheFarFieldHasTheScene) {
    for (const auto& [scene, camera, kept] : {std::tuple{"scenes/space_elevator.json", "ground", true},
                                              std::tuple{"tests/xr/data/stereo_near.json", "eyes", false}}) {
        SCOPED_TRACE(scene);
        const Rendered r = renderCase({{"scene", scene},
                                       {"camera", camera},
                                       {"size", {160, 120}},
                                       {"stereo", {{"ipd", 0.064}}},
                                       {"frames", 6}});
        EXPECT_EQ(r.validationMessages, 0u);
        EXPECT_EQ(r.stats.farField.drawn, kept);
        EXPECT_EQ(r.passes.contains("far.forward"), kept);
    }
}

// Culled once for both eyes, an object hidden from one eye but seen by the other is drawn: a wall 0.3 m ahead
// ends at x = 0 and hides a glowing sphere 6 m behind it from the left eye only. From the second frame on,
// occlusion culling tests it against both eyes' depth pyramids (hidden in every eye that has it in view).
TEST(Multiview, ObjectHiddenFromOneEyeIsDrawnInTheOther) {
    const nlohmann::json spec = {{"scene", "tests/gpu/data/stereo_occlusion.json"},
                                 {"camera", "eyes"},
                                 {"size", {160, 120}},
                                 {"stereo", {{"ipd", 0.064}}},
                                 {"frames", 3}};
    for (render::DrawPath path : {render::DrawPath::Indirect, render::DrawPath::Mesh}) {
        if (path == render::DrawPath::Mesh) {
            auto device = gpu::Device::create({});
            if (!device || !(*device)->info().meshShader) continue;
        }
        SCOPED_TRACE(render::drawPathName(path));
        const Rendered r = renderCase(spec, nullptr, path);
        ASSERT_EQ(r.image.width, 320u);
        EXPECT_EQ(r.validationMessages, 0u);
        uint64_t left = 0, right = 0;
        brightCentroidX(r.image, 0, 160, left);
        brightCentroidX(r.image, 160, 160, right);
        EXPECT_EQ(left, 0u) << "the wall hides the sphere from the left eye";
        EXPECT_GT(right, 20u) << "the right eye sees the sphere past the wall's edge";
        if (path == render::DrawPath::Indirect) {
            EXPECT_TRUE(r.passes.contains("left+right.forward"));
        }
    }
}

// A headset's hidden area (XR_KHR_visibility_mask) is black: nothing is shaded where the lenses never show.
// The left eye hides its left quarter, the right eye its right quarter (two triangles each, in tangent
// space); everywhere else the image is what it is without hidden areas. Through one multiview pass, two
// passes, and a single view.
TEST(HiddenArea, PixelsTheLensesNeverShowAreBlack) {
    const std::optional<SceneCamera> sc = sceneCamera("scenes/sphere_grid.json", "main");
    ASSERT_TRUE(sc);
    const VkExtent2D size{160, 120};
    const uint32_t quarter = size.width / 4;
    // A rectangle from the left (or right) edge across a quarter of the view, well past the other edges.
    auto quarterMask = [](const render::View& v, bool left) {
        const render::Projection& p = v.projection;
        const float w = p.tanRight - p.tanLeft;
        const float x0 = left ? p.tanLeft - w : p.tanRight - 0.25f * w;
        const float x1 = left ? p.tanLeft + 0.25f * w : p.tanRight + w;
        const float y0 = p.tanDown * 2.0f, y1 = p.tanUp * 2.0f;
        return std::vector<glm::vec2>{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y0}, {x1, y1}, {x0, y1}};
    };
    for (const bool multiview : {true, false})
        for (const bool stereo : {true, false}) {
            if (!stereo && !multiview) continue;
            SCOPED_TRACE(stereo ? (multiview ? "multiview" : "two passes") : "one view");
            nlohmann::json spec = {{"scene", "scenes/sphere_grid.json"},
                                   {"size", {size.width, size.height}},
                                   {"frames", 2},
                                   {"settings", {{"multiview", multiview}}}};
            if (stereo) spec["stereo"] = {{"ipd", 0.064}};
            std::vector<render::View> views =
                stereo ? app::stereoEyeViews(sc->view, size, 0.064) : std::vector<render::View>{sc->view};
            for (render::View& v : views) v.projection = app::stereoEyeViews(v, size, 0.0)[0].projection;
            const Rendered open = renderCase(spec, &views);
            for (size_t i = 0; i < views.size(); ++i) views[i].hiddenArea = quarterMask(views[i], i == 0);
            const Rendered masked = renderCase(spec, &views);
            ASSERT_EQ(masked.image.width, size.width * views.size());
            EXPECT_EQ(masked.validationMessages, 0u);
            uint64_t hiddenLit = 0, visibleChanged = 0, visibleLit = 0;
            for (uint32_t y = 0; y < size.height; ++y)
                for (uint32_t x = 0; x < masked.image.width; ++x) {
                    const uint32_t eye = x / size.width, ex = x % size.width;
                    // Hidden: the eye's outer quarter (a pixel's width of margin at the boundary).
                    const bool hidden = eye == 0 ? ex + 1 < quarter : ex > size.width - quarter;
                    const bool visible = eye == 0 ? ex > quarter : ex + 1 < size.width - quarter;
                    const size_t at = (size_t(y) * masked.image.width + x) * 4;
                    const uint8_t* m = &masked.image.pixels[at];
                    const uint8_t* o = &open.image.pixels[at];
                    if (hidden && (m[0] | m[1] | m[2])) ++hiddenLit;
                    if (!visible) continue;
                    if (o[0] + o[1] + o[2] > 30) ++visibleLit;
                    if (std::abs(m[0] - o[0]) > 2 || std::abs(m[1] - o[1]) > 2 || std::abs(m[2] - o[2]) > 2)
                        ++visibleChanged;
                }
            EXPECT_EQ(hiddenLit, 0u) << "pixels of the hidden area were drawn";
            EXPECT_GT(visibleLit, uint64_t(size.width) * size.height / 4) << "the rest must be lit";
            // Bloom no longer spreads light out of the hidden part: a few pixels at its edge change.
            EXPECT_LE(visibleChanged, uint64_t(size.width) * size.height * views.size() / 200)
                << "the visible part must not change";
        }
}

// Depth out (what a headset's depth swapchain gets): each eye's depth in its layer, reversed-Z. At the near
// sphere's centre (0.8 m ahead, radius 0.1) the depth is near / (its nearest point's distance along the view
// axis); where only sky is, 0 — or, where the mono far field fills the eye, the eye's depth at the split.
// Resolved from multisampled depth and copied from single-sampled depth, in one multiview pass (with and
// without the far field) and in two.
TEST(DepthOut, EachEyesDepthReachesItsLayer) {
    const std::optional<SceneCamera> sc = sceneCamera("tests/xr/data/stereo_near.json", "eyes");
    ASSERT_TRUE(sc);
    const VkExtent2D size{160, 120};
    const std::vector<render::View> eyes = app::stereoEyeViews(sc->view, size, 0.064);
    const glm::dvec3 sphere(0.0, 1.6, -0.8);
    const std::optional<render::FarField> farField = render::farFieldView(eyes[0], eyes[1], size, 0.5f);
    ASSERT_TRUE(farField);
    EXPECT_NEAR(farField->split,
                0.032 / (0.5 * (eyes[0].projection.tanRight - eyes[0].projection.tanLeft) / 160), 1e-3);
    for (const uint32_t msaa : {4u, 1u})
        for (const int mode : {0, 1, 2}) {
            const bool multiview = mode != 2, far = mode == 1;
            SCOPED_TRACE(
                fmt::format("msaa {}, {}", msaa,
                            multiview ? (far ? "multiview, far field" : "multiview") : "two passes"));
            render::RenderSettings settings;
            settings.msaaSamples = msaa;
            settings.multiview = multiview;
            settings.farFieldPixels = far ? 0.5f : 0.0f;
            const float sky = far ? farField->clearDepth : 0.0f;
            auto session =
                app::openSession({.validation = true, .settings = settings, .stereo = true}, sc->scene);
            ASSERT_TRUE(session.ok()) << session.error().message;
            auto offscreen = app::OffscreenRenderer::create(**session, size, 2, true);
            ASSERT_TRUE(offscreen.ok()) << offscreen.error().message;
            for (uint32_t f = 0; f < 2; ++f)
                ASSERT_TRUE((*offscreen)->renderFrame(eyes, 0.0, f == 1, {}).ok());
            ASSERT_TRUE((*offscreen)->finish({}).ok());
            EXPECT_EQ((*session)->device->validationMessages(), 0u);
            const auto& depth = (*offscreen)->lastDepth();
            ASSERT_EQ(depth.size(), 2u);
            for (size_t e = 0; e < 2; ++e) {
                ASSERT_EQ(depth[e].size(), size_t(size.width) * size.height);
                const render::View& v = eyes[e];
                const glm::dvec3 d = glm::conjugate(v.orientation) * (sphere - v.position);  // view space
                const render::Projection& p = v.projection;
                const double x = (d.x / -d.z - p.tanLeft) / (p.tanRight - p.tanLeft) * size.width;
                const double y = (p.tanUp - d.y / -d.z) / (p.tanUp - p.tanDown) * size.height;
                const float centre = depth[e][size_t(y) * size.width + size_t(x)];
                // The ray through the centre meets the sphere 0.1 m before it; its view-axis distance is that
                // along the ray times the ray's cosine to the axis.
                const double along = glm::length(d) - 0.1, forward = along * -d.z / glm::length(d);
                EXPECT_NEAR(centre, p.nearPlane / forward, 0.02 * p.nearPlane / forward) << "eye " << e;
                EXPECT_EQ(depth[e][0], sky) << "sky in the corner of eye " << e;
                // The eyes differ where the sphere is: each layer holds its own eye's depth.
                const size_t other = size_t(y) * size.width + size_t(x + (e == 0 ? -20 : 20));
                EXPECT_EQ(depth[e][other], sky) << "eye " << e << " beside the sphere";
            }
        }
}

// A model that is missing or corrupt is drawn as a magenta placeholder and the frame goes on.
TEST(Placeholder, MissingAndCorruptAssetsRenderVisiblePlaceholders) {
    nlohmann::json spec = {{"scene", "scenes/placeholder.json"}, {"size", {256, 144}}};
    Rendered r = renderCase(spec);
    ASSERT_GT(r.image.width, 0u);
    EXPECT_EQ(r.placeholders, 2u);
    EXPECT_EQ(r.validationMessages, 0u);
    size_t magenta = 0;
    for (size_t p = 0; p < r.image.pixels.size(); p += 4) {
        const uint8_t* px = &r.image.pixels[p];
        if (px[0] > 150 && px[2] > 150 && px[1] < 100) ++magenta;
    }
    EXPECT_GT(magenta, size_t(r.image.width) * r.image.height / 100)
        << "placeholders should be clearly visible";
}

// Real scale: a camera 9×10^7 m from the origin moved by 0.1 mm sees the same image (no jitter), and the
// scene at 10^7 m renders the same as the same scene near the origin.
TEST(Precision, SubMillimetreCameraMotionDoesNotJitter) {
    nlohmann::json spec = {{"scene", "scenes/precision.json"}, {"size", {256, 144}}};
    auto scene = app::loadScene(kSource / "scenes/precision.json");
    ASSERT_TRUE(scene.ok());
    auto cam = app::chooseCamera(*scene, "main", "");
    ASSERT_TRUE(cam.ok());
    render::View a = app::viewFromCamera(*cam);
    render::View b = a;
    b.position += glm::dvec3(1e-4, 0.0, 0.0);
    std::vector<render::View> va{a}, vb{b};
    Rendered ra = renderCase(spec, &va), rb = renderCase(spec, &vb);
    Comparison cmp = compareImages(ra.image, rb.image,
                                   {.channelDelta = 8, .maxDifferentFraction = 0.0005, .maxMeanDelta = 0.2});
    EXPECT_TRUE(cmp.passed) << cmp.summary;
}

// The space elevator's precision camera, 1 m from a tether part 90,000 km above the ground: what it sees is
// what the same camera sees with the whole scene moved to the origin (cells, planet and camera shifted by
// -96,371,000 m), for two camera positions 0.37 mm apart — so distance adds no jitter. A 3 cm move does
// change the image (the comparison can fail).
TEST(Precision, NoJitterNextToThePartAt90000Km) {
    // Without sun shadows: their texel grid is fixed in the world (so they do not shimmer), and moving the
    // world moves the grid's phase, which is not what this compares.
    nlohmann::json spec = {
        {"scene", "scenes/space_elevator.json"}, {"size", {256, 144}}, {"settings", {{"cascades", 0}}}};
    auto scene = app::loadScene(kSource / "scenes/space_elevator.json");
    ASSERT_TRUE(scene.ok());
    auto cam = app::chooseCamera(*scene, "precision", "");
    ASSERT_TRUE(cam.ok());
    EXPECT_GT(cam->position.y, 9.6e7);
    const glm::dvec3 shift(0.0, -96371000.0, 0.0);
    auto toOrigin = [&](scene::Scene& s) {
        for (scene::Cell& c : s.cells)
            if (c.parent < 0) c.local.translation += shift;
        if (s.environment.planet.cell < 0) s.environment.planet.center += shift;
    };
    const glm::dvec3 motion(3e-4, -2e-4, 1e-4);
    auto view = [&](const glm::dvec3& offset) {
        render::View v = app::viewFromCamera(*cam);
        v.position += offset;
        return std::vector<render::View>{v};
    };
    const Tolerance same{.channelDelta = 8, .maxDifferentFraction = 0.0005, .maxMeanDelta = 0.2};
    for (const glm::dvec3& m : {glm::dvec3(0.0), motion}) {
        auto far = view(m), near = view(m + shift);
        Rendered rf = renderCase(spec, &far), rn = renderCase(spec, &near, render::DrawPath::Auto, toOrigin);
        EXPECT_EQ(rf.validationMessages, 0u);
        ASSERT_GT(rf.image.width, 0u);
        Comparison c = compareImages(rn.image, rf.image, same);
        EXPECT_TRUE(c.passed) << "camera moved by " << glm::length(m) * 1000 << " mm: " << c.summary;
        if (!c.passed) {
            fs::create_directories(kOut);
            (void)writePng(kOut / "precision_90000km.far.png", rf.image);
            (void)writePng(kOut / "precision_90000km.origin.png", rn.image);
            (void)writePng(kOut / "precision_90000km.diff.png", diffImage(rn.image, rf.image, same));
        }
    }
    auto a = view(glm::dvec3(0.0)), moved = view(glm::dvec3(0.03, 0.0, 0.0));
    Comparison c = compareImages(renderCase(spec, &a).image, renderCase(spec, &moved).image, same);
    EXPECT_FALSE(c.passed) << "3 cm should move the truss on screen: " << c.summary;
}

}  // namespace
}  // namespace skyhook::test
