// The task/mesh-shader path draws what the indexed indirect path draws: the same culled runs (counts), the
// same pictures within a small tolerance (meshlets reorder triangles within a mesh, so equal-depth ties and
// blending inside one mesh may differ by a few pixels), with validation on and silent. Skipped with a message
// where the device has no task and mesh shaders.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <ostream>

#include <nlohmann/json.hpp>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = SKYHOOK_SOURCE_DIR;
const fs::path kOut = SKYHOOK_GOLDEN_OUT;

struct Frame {
    Rgba8Image image;
    render::Renderer::CullCounts counts;
    render::Renderer::MeshletCounts meshlets;
    render::FrameStats stats;
    render::DrawPath path = render::DrawPath::Auto;
    uint64_t validationMessages = 0;
    bool ok = false;
};

Frame renderFrame(const std::string& scene, const std::string& size, const std::string& camera,
                  const std::string& pose, render::DrawPath path, double time = 0.0,
                  bool meshletCulling = true) {
    Frame out;
    render::RenderSettings settings;
    settings.drawPath = path;
    settings.meshletCulling = meshletCulling;
    // A pose replaces the named camera.
    auto opened = app::openHeadless((kSource / scene).string(), size, pose.empty() ? camera : "", pose, true,
                                    "", settings);
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    const uint64_t frame = h.session->ring->frameNumber();
    auto keep = [&](uint64_t, Rgba8Image img) -> Result<void> {
        out.image = std::move(img);
        return {};
    };
    EXPECT_TRUE(h.offscreen->renderFrame({h.view}, time, true, keep).ok());
    EXPECT_TRUE(h.offscreen->finish(keep).ok());
    out.counts = h.session->renderer->visibleCounts(frame, 0);
    out.meshlets = h.session->renderer->meshletCounts(frame, 0);
    out.stats = h.session->renderer->stats();
    out.path = h.session->renderer->drawPath();
    out.validationMessages = h.session->device->validationMessages();
    out.ok = out.image.width > 0;
    return out;
}

bool deviceHasMeshShaders() {
    auto device = gpu::Device::create({});
    return device.ok() && (*device)->info().meshShader;
}

bool deviceIsCpu() {
    auto device = gpu::Device::create({});
    return device.ok() && (*device)->info().type == "cpu";
}

struct PathCase {
    std::string name;
    std::string scene;
    std::string size = "320x240";
    std::string camera = "main";
    std::string pose;
    double time = 0.0;
    Tolerance tolerance{.channelDelta = 8, .maxDifferentFraction = 0.002, .maxMeanDelta = 0.5};
};

void PrintTo(const PathCase& c, std::ostream* os) {
    *os << c.name;
}

// Every golden case's scene and view, and the scenes that exercise generated instances and LOD chains.
std::vector<PathCase> pathCases() {
    std::vector<PathCase> cases;
    for (const auto& e : fs::directory_iterator(kSource / "tests" / "golden")) {
        if (e.path().extension() != ".json") continue;
        std::ifstream in(e.path());
        nlohmann::json spec = nlohmann::json::parse(in);
        if (spec.contains("settings")) continue;  // cases with special settings are covered by Golden
        PathCase c{.name = "golden_" + e.path().stem().string(), .scene = spec.at("scene")};
        c.size = fmt::format("{}x{}", spec.at("size")[0].get<int>(), spec.at("size")[1].get<int>());
        c.camera = spec.value("camera", "main");
        c.pose = spec.value("pose", "");
        c.time = spec.value("time", 0.0);
        cases.push_back(c);
    }
    cases.push_back({.name = "culling_paths", .scene = "scenes/culling_paths.json"});
    cases.push_back({.name = "culling_paths_later", .scene = "scenes/culling_paths.json", .time = 4.0});
    // The cooked LOD chain: far away, coarser LODs (and their meshlets) are drawn.
    cases.push_back({.name = "textured_far", .scene = "scenes/textured.json", .pose = "0,0.8,30,0,0"});
    cases.push_back({.name = "textured_very_far", .scene = "scenes/textured.json", .pose = "0,0.6,90,0,0"});
    std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return cases;
}

class MeshPath : public ::testing::TestWithParam<PathCase> {};

TEST_P(MeshPath, DrawsWhatTheIndirectPathDraws) {
    if (!deviceHasMeshShaders())
        GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
    const PathCase& c = GetParam();
    Frame indirect = renderFrame(c.scene, c.size, c.camera, c.pose, render::DrawPath::Indirect, c.time);
    Frame mesh = renderFrame(c.scene, c.size, c.camera, c.pose, render::DrawPath::Mesh, c.time);
    ASSERT_TRUE(indirect.ok && mesh.ok);
    EXPECT_EQ(indirect.path, render::DrawPath::Indirect);
    EXPECT_EQ(mesh.path, render::DrawPath::Mesh);
    EXPECT_FALSE(indirect.stats.meshPath);
    EXPECT_TRUE(mesh.stats.meshPath);
    EXPECT_EQ(indirect.validationMessages, 0u);
    EXPECT_EQ(mesh.validationMessages, 0u);
    // The same culling feeds both: the same runs, instances and triangles at the same LODs.
    EXPECT_EQ(mesh.counts, indirect.counts);
    // Every scene draws something, except where all of it is below a pixel (the engines from orbit: their
    // jets are beams, not instances).
    const bool drawsInstances = c.name != "golden_engines_orbit";
    if (drawsInstances) EXPECT_GT(mesh.counts.instances, 0u);
    EXPECT_EQ(mesh.stats.droppedDraws, 0u);
    Comparison cmp = compareImages(indirect.image, mesh.image, c.tolerance);
    if (!cmp.passed) {
        fs::create_directories(kOut);
        (void)writePng(kOut / (c.name + ".indirect.png"), indirect.image);
        (void)writePng(kOut / (c.name + ".mesh.png"), mesh.image);
        (void)writePng(kOut / (c.name + ".paths_diff.png"),
                       diffImage(indirect.image, mesh.image, c.tolerance));
    }
    EXPECT_TRUE(cmp.passed) << c.name << ": " << cmp.summary;
    // Meshlet culling keeps a subset of the culled instances' triangles (the indirect path keeps none).
    EXPECT_EQ(indirect.meshlets.triangles, 0u);
    if (drawsInstances) EXPECT_GT(mesh.meshlets.meshlets, 0u);
    EXPECT_LE(mesh.meshlets.triangles, mesh.counts.triangles);
    std::cout << c.name << ": " << mesh.counts.instances << " instances, " << mesh.counts.triangles
              << " triangles at their LODs; the task shaders kept " << mesh.meshlets.meshlets << " meshlets, "
              << mesh.meshlets.triangles << " triangles\n";
}

INSTANTIATE_TEST_SUITE_P(Scenes, MeshPath, ::testing::ValuesIn(pathCases()),
                         [](const ::testing::TestParamInfo<PathCase>& info) { return info.param.name; });

// Without meshlet culling the task shaders hand on every meshlet of every culled instance: the mesh path then
// draws exactly the triangles the indirect path draws (each LOD's meshlets hold exactly its triangles), and
// meshlet culling only removes what the rasterizer would not have shown.
TEST(MeshPathCounts, WithoutMeshletCullingEveryTriangleOfTheChosenLodsIsDrawn) {
    if (!deviceHasMeshShaders())
        GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
    for (const auto& [scene, pose] :
         std::vector<std::pair<std::string, std::string>>{{"scenes/culling_paths.json", ""},
                                                          {"scenes/textured.json", "0,1.5,3.5,0,-10"},
                                                          {"scenes/textured.json", "0,1.5,80,0,0"},
                                                          {"scenes/sphere_grid.json", ""}}) {
        SCOPED_TRACE(scene + " " + pose);
        Frame all = renderFrame(scene, "320x240", "main", pose, render::DrawPath::Mesh, 0.0, false);
        Frame culled = renderFrame(scene, "320x240", "main", pose, render::DrawPath::Mesh, 0.0, true);
        ASSERT_TRUE(all.ok && culled.ok);
        EXPECT_EQ(all.validationMessages + culled.validationMessages, 0u);
        EXPECT_EQ(all.counts, culled.counts);
        EXPECT_EQ(all.meshlets.triangles, all.counts.triangles);
        EXPECT_LE(culled.meshlets.triangles, all.meshlets.triangles);
        Comparison cmp =
            compareImages(all.image, culled.image,
                          {.channelDelta = 2, .maxDifferentFraction = 0.0005, .maxMeanDelta = 0.05});
        EXPECT_TRUE(cmp.passed) << cmp.summary;
    }
}

// Auto takes the mesh path on a device with task and mesh shaders; forcing either path works; the far view
// of the textured model really draws a coarser LOD on the mesh path.
// Auto takes mesh shaders on a GPU and the indirect path on a CPU device (where emulated task and mesh
// workgroups cost more than the vertex work they replace).
TEST(MeshPathChoice, AutoPrefersMeshShadersOnGpusAndFarViewsUseCoarserLods) {
    if (!deviceHasMeshShaders())
        GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
    Frame automatic = renderFrame("scenes/sphere_grid.json", "160x120", "main", "", render::DrawPath::Auto);
    EXPECT_EQ(automatic.path, deviceIsCpu() ? render::DrawPath::Indirect : render::DrawPath::Mesh);
    Frame near =
        renderFrame("scenes/textured.json", "160x120", "main", "0,1.5,3.5,0,-10", render::DrawPath::Mesh);
    Frame far =
        renderFrame("scenes/textured.json", "160x120", "main", "0,1.5,80,0,0", render::DrawPath::Mesh);
    ASSERT_TRUE(near.ok && far.ok);
    EXPECT_LT(far.counts.triangles * 2, near.counts.triangles);
    EXPECT_EQ(near.validationMessages + far.validationMessages, 0u);
}

}  // namespace
}  // namespace skyhook::test
