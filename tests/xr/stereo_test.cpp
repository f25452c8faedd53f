// Both eyes: the two layers of the swapchain read back show the near sphere with the horizontal parallax its
// distance and the eyes' separation predict (the left eye sees it further right); and the simulated HMD's
// head pose reaches the views the renderer draws.
#include <cmath>
#include <filesystem>

#include "engine/core/image_io.hpp"
#include "engine/xr/stereo_views.hpp"
#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

const glm::dvec3 kNearSphere{0.0, 1.6, -0.8};  // tests/xr/data/stereo_near.json

struct Centroid {
    double x = 0.0, y = 0.0;
    uint64_t pixels = 0;
};

// Where the bright pixels are (the glowing sphere on the black sky).
Centroid brightCentroid(const Rgba8Image& img) {
    Centroid c;
    for (uint32_t y = 0; y < img.height; ++y)
        for (uint32_t x = 0; x < img.width; ++x) {
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
            if (p[0] + p[1] + p[2] < 3 * 128) continue;
            c.x += x + 0.5;
            c.y += y + 0.5;
            ++c.pixels;
        }
    if (c.pixels) {
        c.x /= double(c.pixels);
        c.y /= double(c.pixels);
    }
    return c;
}

// Where `point` lands in a view's image (pixels from the left), through its off-axis projection.
double projectX(const render::View& view, const glm::dvec3& point, uint32_t width) {
    const glm::dvec3 d = glm::conjugate(view.orientation) * (point - view.position);
    const double tanX = d.x / -d.z;
    const render::Projection& p = view.projection;
    return (tanX - p.tanLeft) / (p.tanRight - p.tanLeft) * width;
}

TEST_F(XrTest, BothEyesSeeTheNearSphereWithTheExpectedParallax) {
    open();
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().framesSubmitted() >= 2; }));
    FrameResult frame;
    std::vector<Rgba8Image> eyes = captureEyes(&frame);
    ASSERT_EQ(eyes.size(), 2u);
    ASSERT_EQ(frame.views.size(), 2u);

    const std::filesystem::path out = SKYHOOK_BINARY_DIR "/xr_out";
    std::filesystem::create_directories(out);
    for (size_t i = 0; i < eyes.size(); ++i)
        EXPECT_TRUE(writePng(out / (frame.views[i].name + ".png"), eyes[i]).ok());

    const Centroid left = brightCentroid(eyes[0]), right = brightCentroid(eyes[1]);
    ASSERT_GT(left.pixels, 100u) << "the sphere is not in the left eye's image (see " << out << ")";
    ASSERT_GT(right.pixels, 100u) << "the sphere is not in the right eye's image (see " << out << ")";
    // The left eye sits left of the right one, so it sees a near object further right.
    EXPECT_GT(left.x, right.x + 4.0) << "left " << left.x << ", right " << right.x;
    // And by as much as the eyes' poses and fields of view say (the sphere's centre, projected).
    const uint32_t width = eyes[0].width;
    const double expectLeft = projectX(frame.views[0], kNearSphere, width);
    const double expectRight = projectX(frame.views[1], kNearSphere, width);
    EXPECT_NEAR(left.x, expectLeft, 1.5);
    EXPECT_NEAR(right.x, expectRight, 1.5);
    EXPECT_NEAR(left.x - right.x, expectLeft - expectRight, 1.5);
    // Parallax is horizontal: the two images agree on the height (the simulated head barely rolls).
    EXPECT_NEAR(left.y, right.y, 2.0);
    RecordProperty("disparity_px", std::to_string(left.x - right.x));
}

TEST_F(XrTest, TheSimulatedHeadPoseReachesTheRenderedViews) {
    open();
    std::vector<FrameResult> frames;
    ASSERT_TRUE(runUntil([&] { return focused() && frames.size() >= 8; }, 30.0,
                         [&](const FrameResult& f) {
                             if (f.rendered) frames.push_back(f);
                         }));
    Session& session = *visitor->headset().session();
    const Origin& origin = visitor->origin();
    double moved = 0.0;
    for (const FrameResult& f : frames) {
        ASSERT_EQ(f.views.size(), 2u);
        ASSERT_EQ(f.located.size(), 2u);
        for (size_t i = 0; i < 2; ++i) {
            // The views drawn are the located ones, placed by the tracking origin — nothing made up.
            const XrPosef& pose = f.located[i].pose;
            const glm::dvec3 expected = scenePosition(origin, pose.position);
            EXPECT_NEAR(glm::distance(f.views[i].position, expected), 0.0, 1e-9);
            EXPECT_NEAR(
                std::abs(glm::dot(f.views[i].orientation, sceneOrientation(origin, pose.orientation))), 1.0,
                1e-9);
            EXPECT_EQ(f.views[i].targetLayer, i);
            // Not the identity: the simulated HMD stands 1.6 m up in the reference space.
            EXPECT_GT(std::abs(pose.position.y), 0.5f) << "view " << i << " is at the origin";
            EXPECT_NEAR(f.views[i].projection.tanLeft, std::tan(f.located[i].fov.angleLeft), 1e-6);
            EXPECT_NEAR(f.views[i].projection.tanUp, std::tan(f.located[i].fov.angleUp), 1e-6);
        }
        // The eyes are an interpupillary distance apart (Monado's default is 63 mm).
        const double ipd = glm::distance(f.views[0].position, f.views[1].position);
        EXPECT_GT(ipd, 0.05);
        EXPECT_LT(ipd, 0.08);
        // Independently: the head (the VIEW space) located at the same time sits between the eyes.
        XrSpaceLocation head{XR_TYPE_SPACE_LOCATION};
        ASSERT_EQ(xrLocateSpace(session.viewSpace(), session.space(), f.displayTime, &head), XR_SUCCESS);
        ASSERT_TRUE(head.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT);
        const glm::dvec3 between = (f.views[0].position + f.views[1].position) * 0.5;
        EXPECT_LT(glm::distance(between, scenePosition(origin, head.pose.position)), 0.01);
        moved = std::max(moved, glm::distance(f.views[0].position, frames.front().views[0].position));
    }
    // The simulated head wobbles: the views follow it from frame to frame.
    EXPECT_GT(moved, 0.001) << "the head pose never changed over " << frames.size() << " frames";
}

// The runtime's visibility mask reaches the renderer: against a bright sky, the pixels inside each eye's
// hidden triangles (rasterized here at pixel centres through the eye's fields of view) are black, the others
// lit — in one multiview pass for both eyes.
TEST_F(XrTest, TheVisibilityMaskHidesWhatTheLensesNeverShow) {
    open(SKYHOOK_SOURCE_DIR "/tests/xr/data/bright_sky.json");
    ASSERT_TRUE(visitor->headset().visibilityMask().active()) << "Monado offers XR_KHR_visibility_mask";
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().framesSubmitted() >= 2; }));
    FrameResult frame;
    const std::vector<Rgba8Image> eyes = captureEyes(&frame);
    ASSERT_EQ(eyes.size(), 2u);
    ASSERT_EQ(frame.views.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        SCOPED_TRACE(frame.views[i].name);
        const std::vector<glm::vec2>& hidden = frame.views[i].hiddenArea;
        ASSERT_GE(hidden.size(), 3u) << "the runtime's mask did not reach the view";
        ASSERT_EQ(hidden.size() % 3, 0u);
        const render::Projection& p = frame.views[i].projection;
        const Rgba8Image& img = eyes[i];
        auto inside = [&](glm::vec2 t) {
            for (size_t k = 0; k < hidden.size(); k += 3) {
                auto edge = [](glm::vec2 a, glm::vec2 b, glm::vec2 c) {
                    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
                };
                const float e0 = edge(hidden[k], hidden[k + 1], t),
                            e1 = edge(hidden[k + 1], hidden[k + 2], t),
                            e2 = edge(hidden[k + 2], hidden[k], t);
                if ((e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0)) return true;
            }
            return false;
        };
        uint64_t hiddenPixels = 0, wrong = 0;
        for (uint32_t y = 0; y < img.height; ++y)
            for (uint32_t x = 0; x < img.width; ++x) {
                // The pixel centre in tangent space (image y grows downwards, tangent y upwards).
                const glm::vec2 t{p.tanLeft + (x + 0.5f) / img.width * (p.tanRight - p.tanLeft),
                                  p.tanUp - (y + 0.5f) / img.height * (p.tanUp - p.tanDown)};
                const bool masked = inside(t);
                const uint8_t* px = &img.pixels[(size_t(y) * img.width + x) * 4];
                const bool black = (px[0] | px[1] | px[2]) == 0;
                hiddenPixels += masked;
                wrong += masked != black;
            }
        EXPECT_GT(hiddenPixels, uint64_t(img.width) * img.height / 100) << "the mask hides almost nothing";
        // Pixel centres on a triangle's edge may go either way.
        EXPECT_LE(wrong, uint64_t(img.width + img.height)) << "of " << hiddenPixels << " hidden pixels";
        RecordProperty(frame.views[i].name + "_hidden_fraction",
                       std::to_string(double(hiddenPixels) / (double(img.width) * img.height)));
    }
}

// Depth goes to the compositor with the eyes (XR_KHR_composition_layer_depth, which Monado offers): every
// submitted projection view chains a depth info naming the depth swapchain and the view's layer, reversed-Z
// with the far plane at infinity; the core validation layer checks the rest of the structure. (What the
// renderer writes into depth images is the DepthOut GPU test's.)
TEST_F(XrTest, DepthIsSubmittedWithEveryProjectionView) {
    uint64_t frames = 0, withDepth = 0;
    XrSwapchain depthSwapchain = XR_NULL_HANDLE;
    float nearZ = 0.0f, farZ = 0.0f;
    RawApi raw;
    raw.endFrame = [&](XrSession session, const XrFrameEndInfo* info) {
        for (uint32_t l = 0; l < info->layerCount; ++l) {
            if (info->layers[l]->type != XR_TYPE_COMPOSITION_LAYER_PROJECTION) continue;
            const auto* projection = reinterpret_cast<const XrCompositionLayerProjection*>(info->layers[l]);
            ++frames;
            bool all = projection->viewCount == 2;
            for (uint32_t v = 0; v < projection->viewCount; ++v) {
                const auto* d = static_cast<const XrCompositionLayerDepthInfoKHR*>(projection->views[v].next);
                if (!d || d->type != XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR ||
                    d->subImage.imageArrayIndex != v) {
                    all = false;
                    continue;
                }
                depthSwapchain = d->subImage.swapchain;
                nearZ = d->nearZ;
                farZ = d->farZ;
                all = all && d->minDepth == 0.0f && d->maxDepth == 1.0f &&
                      d->subImage.imageRect.extent.width ==
                          projection->views[v].subImage.imageRect.extent.width;
            }
            withDepth += all;
        }
        return xrEndFrame(session, info);
    };
    open(kStereoScene, {}, std::move(raw));
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().framesSubmitted() >= 6; }));
    ASSERT_NE(visitor->headset().depthSwapchain(), nullptr) << "Monado offers D32_SFLOAT depth swapchains";
    EXPECT_GE(frames, 6u);
    EXPECT_EQ(withDepth, frames) << "a projection layer went without depth";
    EXPECT_EQ(depthSwapchain, visitor->headset().depthSwapchain()->handle());
    EXPECT_TRUE(std::isinf(nearZ) && nearZ > 0.0f) << "depth 0 is infinitely far";
    EXPECT_FLOAT_EQ(farZ, 0.05f) << "depth 1 is the near plane";
}

TEST(XrOrigin, TheCameraMarksTheEyesAndOnlyItsHeadingTurnsTheHall) {
    scene::Camera camera;
    camera.position = {10.0, 101.6, -5.0};
    // Turned 90 degrees left and looking 30 degrees down: the hall turns with it but stays level.
    camera.orientation = glm::angleAxis(glm::radians(90.0), glm::dvec3(0, 1, 0)) *
                         glm::angleAxis(glm::radians(-30.0), glm::dvec3(1, 0, 0));
    const Origin stage = app::placeOrigin(camera, XR_REFERENCE_SPACE_TYPE_STAGE);
    EXPECT_NEAR(glm::distance(stage.position, glm::dvec3(10.0, 100.0, -5.0)), 0.0, 1e-9);
    const glm::dvec3 forward = stage.orientation * glm::dvec3(0, 0, -1);
    EXPECT_NEAR(glm::distance(forward, glm::dvec3(-1, 0, 0)), 0.0, 1e-9);
    const glm::dvec3 up = stage.orientation * glm::dvec3(0, 1, 0);
    EXPECT_NEAR(glm::distance(up, glm::dvec3(0, 1, 0)), 0.0, 1e-9);
    const Origin local = app::placeOrigin(camera, XR_REFERENCE_SPACE_TYPE_LOCAL);
    EXPECT_NEAR(glm::distance(local.position, camera.position), 0.0, 1e-9);
}

}  // namespace
}  // namespace skyhook::xr::test
