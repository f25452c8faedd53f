// GPU culling: the visible counts the culling pass writes match the CPU reference for the same views, hidden
// instances exist and are dropped, and culling never changes the picture.
#include <gtest/gtest.h>

#include <numeric>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/render/projection.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

const std::filesystem::path kScene = std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "culling.json";

struct Frame {
    Rgba8Image image;
    render::Renderer::CullCounts gpu, cpu;
    uint64_t draws = 0;
    render::FrameStats stats;
    uint64_t validationMessages = 0;
};

Frame renderWith(bool gpuCulling, const std::string& pose = "", const std::filesystem::path& scene = kScene,
                 double time = 0.0, float minPixelSize = 0.5f) {
    Frame out;
    render::RenderSettings settings;
    settings.gpuCulling = gpuCulling;
    settings.minPixelSize = minPixelSize;
    auto opened = app::openHeadless(scene.string(), "160x120", "", pose, true, "", settings);
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    const uint64_t frame = h.session->ring->frameNumber();
    auto r = h.offscreen->renderFrame({h.view}, time, true, [&](uint64_t, Rgba8Image img) -> Result<void> {
        out.image = std::move(img);
        return {};
    });
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(h.offscreen
                    ->finish([&](uint64_t, Rgba8Image img) -> Result<void> {
                        out.image = std::move(img);
                        return {};
                    })
                    .ok());
    out.gpu = h.session->renderer->visibleCounts(frame, 0);
    render::ViewSet set{.views = {h.view}, .target = {.extent = h.offscreen->size()}};
    out.cpu = h.session->renderer->cpuVisibleCounts(set, 0);
    out.draws = h.session->renderer->stats().instances;
    out.stats = h.session->renderer->stats();
    out.validationMessages = h.session->device->validationMessages();
    return out;
}

uint32_t total(const render::Renderer::CullCounts& c) {
    return std::accumulate(c.draws.begin(), c.draws.end(), 0u);
}

TEST(Culling, GpuCountsMatchTheCpuReference) {
    Frame f = renderWith(true);
    EXPECT_EQ(f.validationMessages, 0u);
    EXPECT_EQ(f.gpu, f.cpu);
    EXPECT_EQ(f.draws, 442u) << "441 spheres and the ground";
    EXPECT_GT(total(f.cpu), 20u) << "the spheres in front are visible";
    EXPECT_LT(total(f.cpu), 442u / 2) << "the spheres behind and beside the camera are culled";
}

TEST(Culling, HoldsFromOtherViewpoints) {
    // Looking back, looking down from above (everything visible), looking up into the sky (only the ground).
    for (const char* pose : {"0,3,0,180,0", "0,120,0,0,-89", "0,2,0,0,89"}) {
        Frame f = renderWith(true, pose);
        EXPECT_EQ(f.gpu, f.cpu) << pose;
        EXPECT_EQ(f.validationMessages, 0u) << pose;
    }
    EXPECT_EQ(total(renderWith(true, "0,2,0,0,89").cpu), 1u)
        << "looking straight up only the ground plane remains";
}

// The textured model's cooked LOD chain: far away a coarser LOD is drawn, and the GPU's choice of LODs
// (triangle count) matches the CPU reference.
TEST(Culling, FarAwayDrawsCoarserLods) {
    const auto textured = std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "textured.json";
    Frame near = renderWith(true, "0,1.5,3.5,0,-10", textured);
    Frame far = renderWith(true, "0,1.5,80,0,0", textured);
    EXPECT_EQ(near.gpu, near.cpu);
    EXPECT_EQ(far.gpu, far.cpu);
    EXPECT_EQ(total(near.gpu), total(far.gpu)) << "the same draws are visible";
    EXPECT_LT(far.gpu.triangles * 2, near.gpu.triangles) << "far away the model is drawn at a coarser LOD";
    EXPECT_EQ(far.validationMessages, 0u);
}

const std::filesystem::path kPaths =
    std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "culling_paths.json";

// Path rules expanded on the GPU from spans, and climbers posed per frame: the same counts as the CPU
// reference (instances, triangles and draw commands, which are runs of consecutive instances).
TEST(Culling, GeneratedAndAnimatedInstancesMatchTheCpuReference) {
    Frame f = renderWith(true, "", kPaths);
    EXPECT_EQ(f.validationMessages, 0u);
    EXPECT_EQ(f.gpu, f.cpu);
    EXPECT_EQ(f.stats.dynamicInstances, 4u) << "four climbers";
    EXPECT_GT(f.stats.generatedInstances, 22'000u);
    EXPECT_GT(f.gpu.instances, 500u) << "the near parts of both paths are drawn";
    EXPECT_LT(f.gpu.instances, 12'000u) << "the far end of the 20 km path is too small to draw";
    EXPECT_LT(total(f.gpu) * 8, f.gpu.instances) << "consecutive instances share draw commands";
    // Other viewpoints and show times (the climbers move).
    for (const char* pose : {"8,4,-30,0,0", "0,250,-200,0,-89", "-6,30,-2,0,-80", "8,5,-19990,180,-5"}) {
        Frame g = renderWith(true, pose, kPaths, 3.0);
        EXPECT_EQ(g.gpu, g.cpu) << pose;
        EXPECT_EQ(g.validationMessages, 0u) << pose;
    }
}

// Animated instances are drawn where their track puts them at the frame's show time: the climbers (glowing
// red cubes every 25 m up a vertical path at x = -6, z = -8) move up 10 m in 10 s.
TEST(Culling, AnimatedInstancesFollowTheirTrack) {
    const std::string pose = "-6,20,40,0,0";
    Frame start = renderWith(true, pose, kPaths, 0.0), end = renderWith(true, pose, kPaths, 10.0);
    ASSERT_GT(start.image.width, 0u);
    auto scene = app::loadScene(kPaths);
    ASSERT_TRUE(scene.ok());
    auto camera = app::chooseCamera(*scene, "", pose);
    ASSERT_TRUE(camera.ok());
    const render::View view = app::viewFromCamera(*camera);
    const glm::mat4 viewProj =
        render::projectionMatrix(view.projection, 160.0f / 120.0f) * render::viewMatrix(view, view.position);
    // Red where a climber is: the glow saturates red over green and blue; the sky behind is blue.
    auto climberAt = [&](const Frame& f, double height) {
        glm::vec4 clip = viewProj * glm::vec4(glm::vec3(glm::dvec3(-6, height, -8) - view.position), 1.0f);
        const int x = int((clip.x / clip.w * 0.5f + 0.5f) * 160.0f),
                  y = int((clip.y / clip.w * 0.5f + 0.5f) * 120.0f);
        const uint8_t* p = &f.image.pixels[(size_t(y) * f.image.width + x) * 4];
        return p[0] > 200 && p[0] > p[2] + 60;
    };
    for (double h : {0.0, 25.0}) {
        EXPECT_TRUE(climberAt(start, h)) << "t = 0: a climber at " << h << " m";
        EXPECT_FALSE(climberAt(end, h)) << "t = 10: the climber has left " << h << " m";
    }
    for (double h : {10.0, 35.0}) {
        EXPECT_FALSE(climberAt(start, h)) << "t = 0: no climber yet at " << h << " m";
        EXPECT_TRUE(climberAt(end, h)) << "t = 10: a climber at " << h << " m";
    }
    EXPECT_EQ(end.gpu, end.cpu);
}

const std::filesystem::path kOcclusion =
    std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "occlusion.json";

// Renders one frame per pose (a camera that moves or cuts between frames) and returns frame `pick` (default:
// the last); statistics are those of the frame kFramesInFlight before the last (the newest the ring has
// read).
Frame renderPoses(bool occlusion, const std::vector<std::string>& poses, size_t pick = SIZE_MAX,
                  render::DrawPath path = render::DrawPath::Auto) {
    Frame out;
    std::vector<Rgba8Image> images;
    render::RenderSettings settings;
    settings.occlusionCulling = occlusion;
    settings.drawPath = path;
    auto opened = app::openHeadless(kOcclusion.string(), "160x120", "", poses.front(), true, "", settings);
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    auto keep = [&](uint64_t, Rgba8Image img) -> Result<void> {
        images.push_back(std::move(img));
        return {};
    };
    for (const std::string& pose : poses) {
        auto camera = app::chooseCamera(h.session->scene, "", pose);
        EXPECT_TRUE(camera.ok());
        auto r = h.offscreen->renderFrame({app::viewFromCamera(*camera)}, 0.0, true, keep);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    }
    EXPECT_TRUE(h.offscreen->finish(keep).ok());
    EXPECT_EQ(images.size(), poses.size());
    if (!images.empty()) out.image = std::move(images[std::min(pick, images.size() - 1)]);
    out.stats = h.session->renderer->stats();
    out.validationMessages = h.session->device->validationMessages();
    return out;
}

// Two-phase occlusion culling: once a frame has built the depth pyramid, what the wall hides is deferred by
// phase 1 and not drawn by phase 2 — and the picture is exactly the one drawn without occlusion culling.
class OcclusionOnPath : public ::testing::TestWithParam<render::DrawPath> {};

TEST_P(OcclusionOnPath, HiddenInstancesAreNotDrawnAndThePictureIsTheSame) {
    const std::vector<std::string> still(4, "0,3,12,0,0");
    Frame occluded = renderPoses(true, still, SIZE_MAX, GetParam()),
          plain = renderPoses(false, still, SIZE_MAX, GetParam());
    EXPECT_EQ(occluded.validationMessages, 0u);
    ASSERT_GT(occluded.image.width, 0u);
    EXPECT_GT(occluded.stats.deferredInstances, 700u) << "the 800 spheres behind the wall wait for phase 2";
    EXPECT_LT(occluded.stats.lateInstances, 20u) << "and phase 2 finds them still hidden";
    EXPECT_LT(occluded.stats.visibleInstances + 700, plain.stats.visibleInstances);
    Comparison c = compareImages(plain.image, occluded.image,
                                 {.channelDelta = 0, .maxDifferentFraction = 0.0, .maxMeanDelta = 0.0});
    EXPECT_TRUE(c.passed) << c.summary;
}

INSTANTIATE_TEST_SUITE_P(Paths, OcclusionOnPath,
                         ::testing::Values(render::DrawPath::Indirect, render::DrawPath::Mesh),
                         [](const auto& info) { return std::string(render::drawPathName(info.param)); });

// The mesh path also culls meshlets in two phases: from further back the dome rises over the wall, so the
// dome is drawn, but the meshlets of its lower part are hidden — phase 1 defers them (they were hidden in the
// last frame's depth) and phase 2 drops them (hidden in this frame's). The picture is exactly the one drawn
// without occlusion culling.
TEST(Occlusion, MeshPathDefersAndDropsHiddenMeshletsOfVisibleInstances) {
    const std::vector<std::string> still(4, "0,3,90,0,0");
    Frame occluded = renderPoses(true, still, SIZE_MAX, render::DrawPath::Mesh),
          plain = renderPoses(false, still, SIZE_MAX, render::DrawPath::Mesh);
    if (!occluded.stats.meshPath)
        GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
    EXPECT_EQ(occluded.validationMessages + plain.validationMessages, 0u);
    ASSERT_GT(occluded.image.width, 0u);
    EXPECT_EQ(plain.stats.deferredMeshlets, 0u);
    // Measured: 160 meshlets deferred (the dome's and those of spheres whose bounds reach over the wall),
    // none drawn late.
    EXPECT_GT(occluded.stats.deferredMeshlets, 40u) << "meshlets behind the wall wait for phase 2";
    EXPECT_LT(occluded.stats.lateMeshlets * 4, occluded.stats.deferredMeshlets)
        << "and phase 2 finds them still hidden";
    Comparison c = compareImages(plain.image, occluded.image,
                                 {.channelDelta = 0, .maxDifferentFraction = 0.0, .maxMeanDelta = 0.0});
    EXPECT_TRUE(c.passed) << c.summary;
}

// After a camera cut the last frame's pyramid shows another place: phase 1 may defer what is now visible
// (instances, and on the mesh path meshlets of the instances it draws), and phase 2 must draw it in the same
// frame (nothing pops in a frame late).
struct CutCase {
    std::string before, cut;
    render::DrawPath path;
};
void PrintTo(const CutCase& c, std::ostream* os) {
    *os << c.before << " -> " << c.cut << " (" << render::drawPathName(c.path) << ")";
}
class OcclusionCut : public ::testing::TestWithParam<CutCase> {};

TEST_P(OcclusionCut, NothingIsMissingAfterACameraCut) {
    const CutCase& c = GetParam();
    // Two frames before the cut (frame 2); two more let the statistics reach frame 2.
    const std::vector<std::string> poses{c.before, c.before, c.cut, c.cut, c.cut};
    Frame occluded = renderPoses(true, poses, 2, c.path), plain = renderPoses(false, poses, 2, c.path);
    EXPECT_EQ(occluded.validationMessages, 0u);
    ASSERT_GT(occluded.image.width, 0u);
    EXPECT_GT(occluded.stats.lateInstances, 50u) << "phase 2 drew what the old pyramid hid";
    if (c.path == render::DrawPath::Mesh && c.before == "0,3,40,0,0" && occluded.stats.meshPath) {
        // The dome's lower meshlets, hidden from afar, are in plain view behind the wall (measured: 10).
        EXPECT_GE(occluded.stats.deferredMeshlets, 5u);
    }
    Comparison cmp = compareImages(plain.image, occluded.image,
                                   {.channelDelta = 0, .maxDifferentFraction = 0.0, .maxMeanDelta = 0.0});
    EXPECT_TRUE(cmp.passed) << cmp.summary;
}

// From behind the wall to above it looking down on the spheres, or round the wall's end; from far back (the
// dome's lower half hidden) to just behind the wall.
INSTANTIATE_TEST_SUITE_P(Cuts, OcclusionCut,
                         ::testing::Values(CutCase{"0,3,12,0,0", "0,40,-20,0,-89",
                                                   render::DrawPath::Indirect},
                                           CutCase{"0,3,12,0,0", "28,3,-4,60,0", render::DrawPath::Indirect},
                                           CutCase{"0,3,12,0,0", "0,40,-20,0,-89", render::DrawPath::Mesh},
                                           CutCase{"0,3,40,0,0", "0,3,-1,0,0", render::DrawPath::Mesh}),
                         [](const auto& info) {
                             return std::string(info.index < 2 ? "indirect" : "mesh") +
                                    std::to_string(info.index);
                         });

// Frustum culling never changes the picture (small-object culling does, by design, below half a pixel: it is
// off here).
TEST(Culling, DoesNotChangeThePictureOfGeneratedInstances) {
    Frame culled = renderWith(true, "", kPaths, 0.0, 0.0f), all = renderWith(false, "", kPaths, 0.0, 0.0f);
    ASSERT_GT(culled.image.width, 0u);
    EXPECT_EQ(all.stats.droppedDraws, 0u);
    Comparison c = compareImages(all.image, culled.image,
                                 {.channelDelta = 0, .maxDifferentFraction = 0.0, .maxMeanDelta = 0.0});
    EXPECT_TRUE(c.passed) << c.summary;
}

TEST(Culling, DoesNotChangeThePicture) {
    Frame culled = renderWith(true), all = renderWith(false);
    ASSERT_GT(culled.image.width, 0u);
    Comparison c = compareImages(all.image, culled.image,
                                 {.channelDelta = 0, .maxDifferentFraction = 0.0, .maxMeanDelta = 0.0});
    EXPECT_TRUE(c.passed) << c.summary;
}

}  // namespace
}  // namespace skyhook::test

namespace skyhook::test {
namespace {

Rgba8Image renderLights(bool clustered, uint64_t* validation) {
    render::RenderSettings settings;
    settings.clusteredLights = clustered;
    auto scene = std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "many_lights.json";
    auto opened = app::openHeadless(scene.string(), "240x136", "", "", true, "", settings);
    Rgba8Image out;
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    auto keep = [&](uint64_t, Rgba8Image img) -> Result<void> {
        out = std::move(img);
        return {};
    };
    EXPECT_TRUE(h.offscreen->renderFrame({h.view}, 0.0, true, keep).ok());
    EXPECT_TRUE(h.offscreen->finish(keep).ok());
    *validation = h.session->device->validationMessages();
    return out;
}

// Clustered shading reads only each cluster's lights; it must light the scene as shading every light does.
TEST(ClusteredLights, MatchShadingWithEveryLight) {
    uint64_t vc = 0, vb = 0;
    Rgba8Image clustered = renderLights(true, &vc), brute = renderLights(false, &vb);
    EXPECT_EQ(vc, 0u);
    EXPECT_EQ(vb, 0u);
    ASSERT_GT(clustered.width, 0u);
    Comparison c = compareImages(brute, clustered,
                                 {.channelDelta = 4, .maxDifferentFraction = 0.002, .maxMeanDelta = 0.2});
    EXPECT_TRUE(c.passed) << c.summary;
    // And the lights do light the floor: a clustered image that lost its lights would be nearly black.
    uint64_t sum = 0;
    for (size_t i = 0; i < clustered.pixels.size(); i += 4)
        sum += clustered.pixels[i] + clustered.pixels[i + 1];
    EXPECT_GT(sum / (clustered.pixels.size() / 4), 40u);
}

}  // namespace
}  // namespace skyhook::test
