// Plasma jets on the GPU with validation on: dark before ignition and bright blue-white after it, hidden
// behind opaque geometry (scenes/beams_ground.json); GPU-culled beams with ribbons for the thin ones look
// like the reference (every beam as its full box, 4 erf pieces per ray), and beams out of view or not lit
// are not drawn.
#include <gtest/gtest.h>

#include <filesystem>
#include <variant>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/render/renderer.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = SKYHOOK_SOURCE_DIR;

struct Frames {
    std::vector<Rgba8Image> images;  // one per time
    uint64_t validationMessages = 0;
};

// Renders the camera's view of scenes/beams_ground.json at each show time, bloom off (so a pixel shows only
// what is in front of it).
Frames renderAt(const std::string& cameraName, const std::vector<double>& times) {
    Frames out;
    auto scene = app::loadScene(kSource / "scenes/beams_ground.json");
    EXPECT_TRUE(scene.ok());
    if (!scene) return out;
    auto camera = app::chooseCamera(*scene, cameraName, "");
    EXPECT_TRUE(camera.ok());
    if (!camera) return out;
    render::RenderSettings settings;
    settings.bloom = false;
    auto session = app::openSession({.validation = true, .settings = settings}, std::move(*scene));
    EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
    if (!session) return out;
    auto offscreen = app::OffscreenRenderer::create(**session, {320, 180});
    EXPECT_TRUE(offscreen.ok());
    if (!offscreen) return out;
    // Frames arrive in order, possibly a frame later (the readback completes with the next one).
    auto keep = [&out](uint64_t, Rgba8Image img) -> Result<void> {
        out.images.push_back(std::move(img));
        return {};
    };
    for (double t : times)
        EXPECT_TRUE((*offscreen)->renderFrame({app::viewFromCamera(*camera)}, t, true, keep).ok());
    EXPECT_TRUE((*offscreen)->finish(keep).ok());
    out.validationMessages = (*session)->device->validationMessages();
    return out;
}

const uint8_t* pixel(const Rgba8Image& img, uint32_t x, uint32_t y) {
    return &img.pixels[(size_t(y) * img.width + x) * 4];
}

// Bright and blue-white: blue leads, red not far behind (not a saturated blue).
bool blueWhite(const uint8_t* p) {
    return p[2] > 170 && p[2] >= p[0] && p[2] >= p[1] && p[0] > 90;
}

TEST(Beams, DarkBeforeIgnitionBrightBlueWhiteAfter) {
    // Ignition: index order from t = 1 s over 3 s with a 1 s ramp; all six are lit from t = 5 s.
    Frames f = renderAt("main", {0.0, 10.0});
    ASSERT_EQ(f.images.size(), 2u);
    ASSERT_GT(f.images[0].width, 0u);
    EXPECT_EQ(f.validationMessages, 0u);
    // The sky above the near tower's top (its jet rises through the image's upper middle).
    size_t litBefore = 0, litAfter = 0, darkBefore = 0;
    for (uint32_t y = 5; y < 60; ++y)
        for (uint32_t x = 150; x < 170; ++x) {
            const uint8_t* before = pixel(f.images[0], x, y);
            const uint8_t* after = pixel(f.images[1], x, y);
            litBefore += blueWhite(before);
            litAfter += blueWhite(after);
            darkBefore += std::max({before[0], before[1], before[2]}) < 60;
        }
    EXPECT_EQ(litBefore, 0u);
    EXPECT_EQ(darkBefore, size_t(55 * 20)) << "the sky above the tower is dark before ignition";
    EXPECT_GT(litAfter, size_t(55 * 20 / 10))
        << "the jet above the tower is bright blue-white after ignition";
}

TEST(Beams, HiddenBehindOpaqueGeometry) {
    // Camera "behind" looks at a tower whose face hides the lower part of the next tower's jet.
    Frames f = renderAt("behind", {0.0, 10.0});
    ASSERT_EQ(f.images.size(), 2u);
    ASSERT_GT(f.images[0].width, 0u);
    EXPECT_EQ(f.validationMessages, 0u);
    for (uint32_t y = 75; y < 115; ++y)
        for (uint32_t x = 158; x < 163; ++x) {
            const uint8_t* before = pixel(f.images[0], x, y);
            const uint8_t* after = pixel(f.images[1], x, y);
            for (int c = 0; c < 3; ++c)
                ASSERT_LE(std::abs(int(after[c]) - int(before[c])), 2)
                    << "the tower's face at (" << x << ", " << y << ") changed when the jet behind it lit";
        }
    // Above the tower both jets show.
    EXPECT_TRUE(blueWhite(pixel(f.images[1], 160, 40)));
}

struct Shot {
    Rgba8Image image;
    render::BeamCounts counts;
    uint64_t validationMessages = 0;
};

// One frame of `scene` (under scenes/) from `camera` or `pose` at show time `time`, bloom off.
Shot shoot(const std::string& scene, const std::string& camera, const std::string& pose, double time,
           bool beamCulling) {
    Shot out;
    render::RenderSettings settings;
    settings.bloom = false;
    settings.beamCulling = beamCulling;
    auto opened =
        app::openHeadless((kSource / "scenes" / scene).string(), "320x180", camera, pose, true, "", settings);
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    const uint64_t frame = h.session->ring->frameNumber();
    auto keep = [&out](uint64_t, Rgba8Image img) -> Result<void> {
        out.image = std::move(img);
        return {};
    };
    EXPECT_TRUE(h.offscreen->renderFrame({h.view}, time, true, keep).ok());
    EXPECT_TRUE(h.offscreen->finish(keep).ok());
    out.counts = h.session->renderer->beamCounts(frame, 0);
    out.validationMessages = h.session->device->validationMessages();
    return out;
}

TEST(Beams, CulledRibbonsMatchReferenceBoxes) {
    struct Case {
        const char* scene;
        const char* camera;
        double time;
        bool ribbons;  // thin beams in view: the ribbon path is used
    };
    const Case cases[] = {
        {"beams_ground.json", "main", 10.0, false},    // at a tower's base looking up its jet
        {"beams_ground.json", "behind", 10.0, false},  // a jet behind a tower
        {"beams_orbit.json", "main", 12.0, true},  // ~11,000 jets from geostationary distance, a quarter lit
        {"beams_orbit.json", "main", 40.0, true},  // nearly all lit
    };
    const Tolerance tolerance{.channelDelta = 8, .maxDifferentFraction = 0.002, .maxMeanDelta = 0.5};
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.scene) + " " + c.camera + " t=" + std::to_string(c.time));
        Shot reference = shoot(c.scene, c.camera, "", c.time, false);
        Shot culled = shoot(c.scene, c.camera, "", c.time, true);
        ASSERT_GT(reference.image.width, 0u);
        EXPECT_EQ(reference.validationMessages, 0u);
        EXPECT_EQ(culled.validationMessages, 0u);
        EXPECT_GT(culled.counts.boxes + culled.counts.ribbons, 0u);
        if (c.ribbons) {
            EXPECT_GT(culled.counts.ribbons, culled.counts.boxes) << "from orbit most jets are thin";
        }
        const Comparison cmp = compareImages(reference.image, culled.image, tolerance);
        EXPECT_TRUE(cmp.passed) << cmp.summary;
        if (!cmp.passed) {  // for people to look at
            const std::string name = fmt::format("beams_culled_{}_{}_{}", fs::path(c.scene).stem().string(),
                                                 c.camera, int(c.time));
            fs::create_directories(SKYHOOK_GOLDEN_OUT);
            (void)writePng(fs::path(SKYHOOK_GOLDEN_OUT) / (name + "_reference.png"), reference.image);
            (void)writePng(fs::path(SKYHOOK_GOLDEN_OUT) / (name + "_culled.png"), culled.image);
            (void)writePng(fs::path(SKYHOOK_GOLDEN_OUT) / (name + "_diff.png"),
                           diffImage(reference.image, culled.image, tolerance));
        }
    }
}

TEST(Beams, OnlyLitBeamsInViewAreDrawn) {
    // From near a tower's base: jets in view after ignition, none before it (t = 0) nor when the camera turns
    // its back on them (the towers all lie towards -Z).
    Shot before = shoot("beams_ground.json", "main", "", 0.0, true);
    Shot lit = shoot("beams_ground.json", "main", "", 10.0, true);
    Shot away = shoot("beams_ground.json", "", "3500,2,16500,180,0", 10.0, true);
    Shot toward = shoot("beams_ground.json", "", "3500,2,16500,0,0", 10.0, true);
    for (const Shot* s : {&before, &lit, &away, &toward}) EXPECT_EQ(s->validationMessages, 0u);
    EXPECT_EQ(before.counts.boxes + before.counts.ribbons, 0u) << "none is lit at t = 0";
    EXPECT_GT(lit.counts.boxes + lit.counts.ribbons, 0u);
    EXPECT_LE(lit.counts.boxes + lit.counts.ribbons, 6u);
    EXPECT_EQ(away.counts.boxes + away.counts.ribbons, 0u) << "every jet is behind the camera";
    EXPECT_GT(toward.counts.boxes + toward.counts.ribbons, 0u);
    // From orbit before the sweep starts (t = 2 s) nothing is drawn; at t = 40 s nearly all are.
    Shot dark = shoot("beams_orbit.json", "main", "", 1.0, true);
    Shot sweep = shoot("beams_orbit.json", "main", "", 40.0, true);
    EXPECT_EQ(dark.counts.boxes + dark.counts.ribbons, 0u);
    EXPECT_GT(sweep.counts.boxes + sweep.counts.ribbons, 8000u);
}

}  // namespace
}  // namespace skyhook::test
