// The atmosphere on the GPU: the planet hides what is behind it and not what is in front (from both sides),
// the surface the sky pass draws shows land exactly where the CPU's continents mask says (the mask that
// places the planetary engines), read back pixel by pixel, and the LUT path matches the reference ray-march
// from the ground to 90,000 km.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/render/atmosphere.hpp"
#include "engine/render/projection.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

const std::filesystem::path kOrbit =
    std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "atmosphere_orbit.json";
constexpr uint32_t kWidth = 320, kHeight = 180;
// The LUT path against the reference (8-bit sRGB after tone mapping): mean channel difference, and the
// fraction of pixels any channel of which differs by more than kLutChannelDelta.
constexpr double kLutMeanDelta = 1.0;
constexpr int kLutChannelDelta = 8;
constexpr double kLutOverFraction = 0.01;

struct Frame {
    Rgba8Image image;
    render::View view;
    scene::Scene scene;
    uint64_t validationMessages = 0;
};

Frame render(const std::string& pose, const render::RenderSettings& settings = {},
             const std::filesystem::path& scene = kOrbit) {
    Frame out;
    auto opened = app::openHeadless(scene.string(), fmt::format("{}x{}", kWidth, kHeight), "", pose, true, "",
                                    settings);
    if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
        ADD_FAILURE() << e->message;
        return out;
    }
    app::Headless& h = std::get<app::Headless>(opened);
    auto keep = [&](uint64_t, Rgba8Image img) -> Result<void> {
        out.image = std::move(img);
        return {};
    };
    EXPECT_TRUE(h.offscreen->renderFrame({h.view}, 0.0, true, keep).ok());
    EXPECT_TRUE(h.offscreen->finish(keep).ok());
    out.view = h.view;
    out.scene = h.session->renderer->scene();
    out.validationMessages = h.session->device->validationMessages();
    return out;
}

// Pixels of the blocks' emissive colours: magenta (behind the Earth from the main camera), green (in front).
struct Counts {
    size_t magenta = 0, green = 0;
};
Counts countBlocks(const Rgba8Image& img) {
    Counts c;
    for (size_t p = 0; p + 3 < img.pixels.size(); p += 4) {
        const uint8_t r = img.pixels[p], g = img.pixels[p + 1], b = img.pixels[p + 2];
        if (r > 200 && b > 200 && g < 150) ++c.magenta;
        if (g > 200 && r < 230 && b < 150 && g > r + 20) ++c.green;
    }
    return c;
}

TEST(Atmosphere, PlanetHidesWhatIsBehindItNotWhatIsInFront) {
    // From the main camera (+Z side): the magenta block is behind the Earth, the green one in front.
    Frame front = render("");
    ASSERT_GT(front.image.width, 0u);
    EXPECT_EQ(front.validationMessages, 0u);
    Counts a = countBlocks(front.image);
    EXPECT_EQ(a.magenta, 0u) << "geometry behind the planet shows through it";
    EXPECT_GT(a.green, 40u) << "geometry in front of the planet is hidden";
    // From the other side (-Z, looking towards +Z) the roles swap: the magenta block is in front of the disc.
    Frame back = render("0,0,-42371000,180,0");
    ASSERT_GT(back.image.width, 0u);
    EXPECT_EQ(back.validationMessages, 0u);
    Counts b = countBlocks(back.image);
    EXPECT_GT(b.magenta, 40u);
    EXPECT_EQ(b.green, 0u);
}

TEST(Atmosphere, RenderedLandMatchesTheContinentsMask) {
    Frame f = render("");
    ASSERT_GT(f.image.width, 0u);
    const scene::Environment& env = f.scene.environment;
    ASSERT_TRUE(env.planet.continents.has_value());
    const glm::dmat4 cell = f.scene.cellMatrices()[size_t(env.planet.cell)];
    const scene::Light* sun = nullptr;
    for (const auto& l : f.scene.lights)
        if (l.type == scene::LightType::Directional) sun = &l;
    ASSERT_NE(sun, nullptr);
    const glm::vec3 toSun = -glm::normalize(sun->direction);
    const render::atmosphere::AtmosphereUniforms a =
        render::atmosphere::pack(env, cell, f.view.position, toSun);

    // Each pixel's view ray, as the sky pass builds it, and where it meets the planet (double precision).
    const glm::mat4 viewProj = render::projectionMatrix(f.view.projection, float(kWidth) / float(kHeight)) *
                               render::viewMatrix(f.view, f.view.position);
    const glm::mat4 inv = glm::inverse(viewProj);
    const glm::dvec3 centre(cell * glm::dvec4(env.planet.center, 1.0));
    auto classify = [&](int x, int y, double* muS) -> int {  // 1 land, 0 ocean, -1 no hit
        const glm::vec2 ndc((x + 0.5f) / kWidth * 2.0f - 1.0f, (y + 0.5f) / kHeight * 2.0f - 1.0f);
        const glm::vec4 far = inv * glm::vec4(ndc, 1e-7f, 1.0f);
        const glm::dvec3 d = glm::normalize(glm::dvec3(glm::vec3(far) / far.w));
        const glm::dvec3 o = f.view.position - centre;
        const double b = glm::dot(o, d), c = glm::dot(o, o) - env.planet.radius * env.planet.radius;
        if (b * b - c < 0.0 || b > 0.0) return -1;
        const glm::dvec3 n = glm::normalize(o + d * (-b - std::sqrt(b * b - c)));
        if (muS) *muS = glm::dot(n, glm::dvec3(toSun));
        return render::atmosphere::land(a, glm::vec3(n)) > 0.5f ? 1 : 0;
    };
    size_t checked = 0, wrong = 0, land = 0;
    for (int y = 1; y + 1 < int(kHeight); ++y) {
        for (int x = 1; x + 1 < int(kWidth); ++x) {
            double muS = 0.0;
            const int expected = classify(x, y, &muS);
            if (expected < 0 || muS < 0.4) continue;  // lit surface only
            bool uniform = true;                      // away from coasts and the limb
            for (int dy = -1; dy <= 1 && uniform; ++dy)
                for (int dx = -1; dx <= 1 && uniform; ++dx)
                    uniform = classify(x + dx, y + dy, nullptr) == expected;
            if (!uniform) continue;
            const uint8_t* px = &f.image.pixels[(size_t(y) * kWidth + size_t(x)) * 4];
            if (px[1] > 200 && px[0] < 230 && px[2] < 150) continue;  // the green block in front
            // Through the air's blue haze land stays about grey (blue - red < 20), the ocean is clearly blue
            // (> 40).
            const bool looksLand = int(px[2]) - int(px[0]) < 30;
            ++checked;
            land += expected;
            if (looksLand != (expected == 1)) ++wrong;
        }
    }
    EXPECT_GT(checked, 1000u);
    EXPECT_GT(land, 200u);
    EXPECT_GT(checked - land, 200u);
    EXPECT_LE(wrong, checked / 200) << wrong << " of " << checked << " surface pixels disagree with the mask";
}

// The LUT path (sky-view LUT, aerial-perspective volume, transmittance LUT) against the reference ray-march
// (RenderSettings::atmosphereLuts = false) of the same frame, tone-mapped 8-bit pixels: on the ground (the
// towers 1, 10 and 100 km away in the haze), at 20 km, 400 km, 36,000 km and 90,000 km.
TEST(Atmosphere, LutsMatchTheReferenceRayMarchAtEveryAltitude) {
    const std::filesystem::path noon =
        std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "atmosphere_noon.json";
    struct Case {
        const char* name;
        const char* pose;
    };
    const Case cases[] = {{"ground", "0,2,0,0,8"},
                          {"20 km", "0,20000,0,20,-10"},
                          {"400 km", "0,400000,0,0,-15"},
                          {"36,000 km", "0,36000000,0,0,-89"},
                          {"90,000 km", "0,90000000,0,0,-89"}};
    render::RenderSettings reference;
    reference.atmosphereLuts = false;
    for (const Case& c : cases) {
        const Frame luts = render(c.pose, {}, noon);
        const Frame ref = render(c.pose, reference, noon);
        ASSERT_GT(luts.image.width, 0u);
        ASSERT_EQ(luts.image.pixels.size(), ref.image.pixels.size());
        EXPECT_EQ(luts.validationMessages, 0u);
        EXPECT_EQ(ref.validationMessages, 0u);
        double sum = 0.0;
        size_t over = 0, pixels = luts.image.pixels.size() / 4;
        int worst = 0;
        for (size_t p = 0; p < pixels; ++p) {
            int delta = 0;
            for (int ch = 0; ch < 3; ++ch) {
                const int d =
                    std::abs(int(luts.image.pixels[p * 4 + ch]) - int(ref.image.pixels[p * 4 + ch]));
                delta = std::max(delta, d);
                sum += d;
            }
            worst = std::max(worst, delta);
            if (delta > kLutChannelDelta) ++over;
        }
        const double mean = sum / double(pixels * 3);
        std::printf("LUT vs reference at %s: mean %.3f, %zu pixels over %d, worst %d\n", c.name, mean, over,
                    kLutChannelDelta, worst);
        EXPECT_LE(mean, kLutMeanDelta) << c.name;
        EXPECT_LE(double(over), kLutOverFraction * double(pixels)) << c.name;
    }
}

// The sky's ambient table is integrated on the GPU each frame (atmosphere.ambient) with the CPU reference's
// samples and sums: the rows forward.frag reads match pack()'s to float rounding of the two devices' exp,
// from the ground at noon, at sunset, and from 20 km up.
TEST(Atmosphere, GpuSkyAmbientMatchesTheCpuReference) {
    const std::filesystem::path noon =
        std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "atmosphere_noon.json";
    for (const char* pose : {"", "0,2,0,0,5", "0,20000,0,0,-10"}) {
        auto opened =
            app::openHeadless(noon.string(), fmt::format("{}x{}", kWidth, kHeight), "", pose, true, "", {});
        if (auto* e = std::get_if<app::HeadlessError>(&opened)) {
            ADD_FAILURE() << e->message;
            return;
        }
        app::Headless& h = std::get<app::Headless>(opened);
        const uint64_t frame = h.session->ring->frameNumber();
        // Read back, so that finish() waits for the frame.
        auto ignore = [](uint64_t, Rgba8Image) -> Result<void> { return {}; };
        EXPECT_TRUE(h.offscreen->renderFrame({h.view}, 0.0, true, ignore).ok());
        EXPECT_TRUE(h.offscreen->finish(ignore).ok());
        EXPECT_EQ(h.session->device->validationMessages(), 0u);
        const std::array<glm::vec4, SKYHOOK_AMBIENT_LEVELS> gpu = h.session->renderer->skyAmbient(frame);

        const scene::Scene& scene = h.session->renderer->scene();
        const scene::Light* sun = nullptr;
        for (const auto& l : scene.lights)
            if (l.type == scene::LightType::Directional) sun = &l;
        ASSERT_NE(sun, nullptr);
        const render::atmosphere::AtmosphereUniforms cpu = render::atmosphere::pack(
            scene.environment, glm::dmat4(1.0), h.view.position, -glm::normalize(sun->direction));
        EXPECT_GT(cpu.ambient[0].y, 0.0f) << "pose '" << pose << "': a lit sky";
        for (int i = 0; i < SKYHOOK_AMBIENT_LEVELS; ++i) {
            EXPECT_EQ(gpu[i].w, cpu.ambient[i].w) << "row " << i << ": the altitude the CPU set";
            for (int c = 0; c < 3; ++c)
                EXPECT_NEAR(gpu[i][c], cpu.ambient[i][c], 1e-4f * cpu.ambient[0][c] + 1e-12f)
                    << "pose '" << pose << "', row " << i << ", channel " << c;
        }
    }
}

}  // namespace
}  // namespace skyhook::test
