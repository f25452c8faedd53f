// Light animation tracks reach the renderer (scenes/light_tracks.json, validation on): an intensity track
// lights a lamp that was off (and a lamp at 0 is not binned), a position track moves a lit spot, a light
// rule's intensity track lights its lamps, and a path-offset track carries a rule's lamp along its path until
// it leaves the end. Clustered shading of the animated lights matches shading every light.
#include <gtest/gtest.h>

#include <variant>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/render/projection.hpp"
#include "engine/render/renderer.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

constexpr uint32_t kWidth = 320, kHeight = 180;

struct Shot {
    Rgba8Image image;
    render::Renderer::LightCounts counts;
};

struct Frames {
    std::vector<Shot> shots;  // one per time
    render::View view;
    uint64_t validationMessages = 0;
};

// One frame of the scene at each show time, each read back (with its light counts) before the next.
Frames renderAt(const std::vector<double>& times, bool clustered = true) {
    Frames out;
    render::RenderSettings settings;
    settings.bloom = false;
    settings.clusteredLights = clustered;
    const auto scene = std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "light_tracks.json";
    auto opened = app::openHeadless(scene.string(), fmt::format("{}x{}", kWidth, kHeight), "main", "", true,
                                    "", settings);
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    out.view = h.view;
    for (double t : times) {
        Shot shot;
        const uint64_t frame = h.session->ring->frameNumber();
        auto keep = [&shot](uint64_t, Rgba8Image img) -> Result<void> {
            shot.image = std::move(img);
            return {};
        };
        EXPECT_TRUE(h.offscreen->renderFrame({h.view}, t, true, keep).ok());
        EXPECT_TRUE(h.offscreen->finish(keep).ok());
        shot.counts = h.session->renderer->lightCounts(frame, 0);
        out.shots.push_back(std::move(shot));
    }
    out.validationMessages = h.session->device->validationMessages();
    return out;
}

// The mean brightest channel of the 5 × 5 pixels around where a floor point shows.
double brightness(const Frames& run, size_t shot, glm::dvec3 floor) {
    const render::View& view = run.view;
    const glm::mat4 viewProj = render::projectionMatrix(view.projection, float(kWidth) / float(kHeight)) *
                               render::viewMatrix(view, view.position);
    const glm::vec4 clip = viewProj * glm::vec4(glm::vec3(floor - view.position), 1.0f);
    const int px = int((clip.x / clip.w * 0.5f + 0.5f) * kWidth),
              py = int((clip.y / clip.w * 0.5f + 0.5f) * kHeight);
    EXPECT_TRUE(px >= 2 && py >= 2 && px < int(kWidth) - 2 && py < int(kHeight) - 2) << "off screen";
    const Rgba8Image& img = run.shots[shot].image;
    if (img.width != kWidth) return 0.0;
    double sum = 0.0;
    for (int y = py - 2; y <= py + 2; ++y)
        for (int x = px - 2; x <= px + 2; ++x) {
            const uint8_t* p = &img.pixels[(size_t(std::clamp(y, 0, int(kHeight) - 1)) * kWidth +
                                            size_t(std::clamp(x, 0, int(kWidth) - 1))) *
                                           4];
            sum += std::max({p[0], p[1], p[2]});
        }
    return sum / 25.0;
}

// Show times: 0 (pulse and strip off, runner at the path's start), 2.5 (pulse on, mover moved), 5 (strip on,
// runner mid-path), 7 (runner past the path's end).
const std::vector<double> kTimes = {0.0, 2.5, 5.0, 7.0};

TEST(LightTracks, IntensityTrackLightsALampThatWasOffAndADarkLampIsNotBinned) {
    const Frames run = renderAt(kTimes);
    ASSERT_EQ(run.shots.size(), kTimes.size());
    EXPECT_EQ(run.validationMessages, 0u);
    const glm::dvec3 underPulse(-6, 0, -8);
    EXPECT_LT(brightness(run, 0, underPulse), 25.0) << "the pulse is at 0 cd at t = 0";
    EXPECT_GT(brightness(run, 1, underPulse), 150.0) << "and 80 cd from t = 2";
    // Binned: mover and runner at t = 0; the pulse joins at 2.5; the strip's three at 5; the runner leaves
    // the path at 7. Lights at intensity 0 take no cluster slots.
    const uint32_t expected[] = {2, 3, 6, 5};
    for (size_t i = 0; i < kTimes.size(); ++i) {
        EXPECT_EQ(run.shots[i].counts.binned, expected[i]) << "t = " << kTimes[i];
        EXPECT_GE(run.shots[i].counts.clusterEntries, run.shots[i].counts.binned) << "t = " << kTimes[i];
    }
}

TEST(LightTracks, PositionTrackMovesTheLitSpot) {
    const Frames run = renderAt({0.0, 2.5});
    ASSERT_EQ(run.shots.size(), 2u);
    EXPECT_EQ(run.validationMessages, 0u);
    const glm::dvec3 left(-4, 0, 8), right(4, 0, 8);
    EXPECT_GT(brightness(run, 0, left), brightness(run, 0, right) + 120.0) << "the mover starts on the left";
    EXPECT_GT(brightness(run, 1, right), brightness(run, 1, left) + 120.0) << "and ends on the right";
    EXPECT_GT(brightness(run, 1, right), brightness(run, 0, right) + 120.0);
}

TEST(LightTracks, LightRulesFollowTheirIntensityAndPathOffsetTracks) {
    const Frames run = renderAt(kTimes);
    ASSERT_EQ(run.shots.size(), kTimes.size());
    EXPECT_EQ(run.validationMessages, 0u);
    // The strip's smooth track dips below 0 before it rises at t = 3: dark until then, lit at t = 5.
    for (double x : {2.0, 5.0, 8.0}) {
        EXPECT_LT(brightness(run, 1, {x, 0, -8}), 40.0) << "strip lamp at x = " << x << ", t = 2.5";
        EXPECT_GT(brightness(run, 2, {x, 0, -8}), 150.0) << "strip lamp at x = " << x << ", t = 5";
    }
    // The runner: at the path's start (x = -9) at t = 0, at x = 0 at t = 5, gone past the end at t = 7.
    const glm::dvec3 start(-9, 0, 0), middle(0, 0, 0);
    EXPECT_GT(brightness(run, 0, start), brightness(run, 0, middle) + 120.0);
    EXPECT_GT(brightness(run, 2, middle), brightness(run, 2, start) + 120.0);
    EXPECT_GT(brightness(run, 2, middle), brightness(run, 3, middle) + 120.0) << "disabled past the end";
}

// The moving lights and the scaled ones shade the same through the clusters as shading every light does.
TEST(LightTracks, ClusteredShadingMatchesEveryLight) {
    const Frames clustered = renderAt({2.5, 5.0}, true), every = renderAt({2.5, 5.0}, false);
    ASSERT_EQ(clustered.shots.size(), 2u);
    ASSERT_EQ(every.shots.size(), 2u);
    EXPECT_EQ(clustered.validationMessages, 0u);
    EXPECT_EQ(every.validationMessages, 0u);
    for (size_t i = 0; i < 2; ++i) {
        Comparison c = compareImages(every.shots[i].image, clustered.shots[i].image,
                                     {.channelDelta = 4, .maxDifferentFraction = 0.002, .maxMeanDelta = 0.2});
        EXPECT_TRUE(c.passed) << c.summary;
    }
}

}  // namespace
}  // namespace skyhook::test
