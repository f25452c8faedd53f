// Plasma jets on the GPU with validation on: dark before ignition and bright blue-white after it, hidden
// behind opaque geometry (scenes/beams_ground.json).
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
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

}  // namespace
}  // namespace skyhook::test
