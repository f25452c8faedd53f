// Other visitors' avatars as scene geometry (engine/app/avatars.hpp through Renderer::setNodePoses), on both
// draw paths, validation on. tests/xr/data/avatar_wall.json: the eyes at 1.6 m look at a lit grey wall 2.5 m
// away. Hidden avatars draw nothing and pose no instance; an avatar in front of the wall shows in its colour
// exactly where its pose projects, with its dark visor when it faces us and none from behind; it casts a
// shadow on the wall; behind the wall it is not seen at all (depth-tested, unlike the old overlay lines).
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "engine/app/avatars.hpp"
#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/app/shared_show.hpp"
#include "engine/render/projection.hpp"
#include "tests/avatar_pixels.hpp"

namespace skyhook::test {
namespace {

constexpr uint32_t kWidth = 320, kHeight = 240;
const std::string kScene = SKYHOOK_SOURCE_DIR "/tests/xr/data/avatar_wall.json";
constexpr uint32_t kVisitor = 1;
constexpr double kWallFront = -2.45;  // z of the wall's front face
const glm::dvec3 kSunDirection = glm::normalize(glm::dvec3(0.2, -0.3, -0.9));

class AvatarRender : public ::testing::TestWithParam<render::DrawPath> {
protected:
    void SetUp() override {
        if (GetParam() == render::DrawPath::Mesh) {
            auto device = gpu::Device::create({});
            if (!device || !(*device)->info().meshShader)
                GTEST_SKIP() << "the device has no task and mesh shaders (VK_EXT_mesh_shader)";
        }
        auto scene = app::loadScene(kScene);
        ASSERT_TRUE(scene.ok()) << scene.error().message;
        avatars = app::Avatars::addTo(*scene);
        auto camera = app::chooseCamera(*scene, "eyes", "");
        ASSERT_TRUE(camera.ok());
        view = app::viewFromCamera(*camera);
        render::RenderSettings settings;
        settings.bloom = false;
        settings.drawPath = GetParam();
        auto session = app::openSession({.scenePath = kScene, .validation = true, .settings = settings},
                                        std::move(*scene));
        ASSERT_TRUE(session.ok()) << session.error().message;
        this->session = std::move(*session);
        auto offscreen = app::OffscreenRenderer::create(*this->session, {kWidth, kHeight});
        ASSERT_TRUE(offscreen.ok()) << offscreen.error().message;
        this->offscreen = std::move(*offscreen);
    }
    void TearDown() override {
        if (session) {
            EXPECT_EQ(session->device->validationMessages(), 0u);
        }
    }

    // One frame with `others` posed (hall = scene: identity origin), read back.
    Rgba8Image shot(const std::vector<app::AvatarPose>& others) {
        std::vector<render::NodePose> poses;
        avatars->pose(others, xr::Origin{}, poses);
        session->renderer->setNodePoses(poses);
        Rgba8Image image;
        auto keep = [&](uint64_t, Rgba8Image img) -> Result<void> {
            image = std::move(img);
            return {};
        };
        EXPECT_TRUE(offscreen->renderFrame({view}, 0.0, true, keep).ok());
        EXPECT_TRUE(offscreen->finish(keep).ok());
        instances = session->renderer->stats().dynamicInstances;
        return image;
    }

    // Where a scene point shows (pixel coordinates, y down).
    glm::dvec2 project(const glm::dvec3& p) const {
        const glm::mat4 viewProj = render::projectionMatrix(view.projection, float(kWidth) / float(kHeight)) *
                                   render::viewMatrix(view, view.position);
        const glm::vec4 clip = viewProj * glm::vec4(glm::vec3(p - view.position), 1.0f);
        return {(clip.x / clip.w * 0.5 + 0.5) * kWidth, (clip.y / clip.w * 0.5 + 0.5) * kHeight};
    }

    static double brightness(const Rgba8Image& img, glm::dvec2 at) {
        double sum = 0.0;
        for (int y = int(at.y) - 1; y <= int(at.y) + 1; ++y)
            for (int x = int(at.x) - 1; x <= int(at.x) + 1; ++x) {
                const uint8_t* p = &img.pixels[(size_t(y) * img.width + size_t(x)) * 4];
                sum += std::max({p[0], p[1], p[2]});
            }
        return sum / 9.0;
    }

    std::optional<app::Avatars> avatars;
    std::unique_ptr<app::Session> session;
    std::unique_ptr<app::OffscreenRenderer> offscreen;
    render::View view;
    uint32_t instances = 0;
};

net::WirePose at(glm::vec3 position, glm::quat q = glm::quat(1, 0, 0, 0)) {
    return {
        .position = {position.x, position.y, position.z}, .orientation = {q.x, q.y, q.z, q.w}, .valid = true};
}
// Turned to face +z (towards the eyes at the origin).
const glm::quat kFacingUs = glm::angleAxis(float(M_PI), glm::vec3(0, 1, 0));

app::AvatarPose headAt(glm::vec3 position, glm::quat q = kFacingUs) {
    app::AvatarPose a{.visitor = kVisitor};
    a.pose.head = at(position, q);
    return a;
}

// Hands 0.25 m to each side, 0.2 m below and 0.2 m in front of the head.
glm::vec3 handPosition(const app::AvatarPose& a, int hand) {
    return {hand ? 0.25f : -0.25f, a.pose.head.position[1] - 0.2f, a.pose.head.position[2] + 0.2f};
}
app::AvatarPose withHands(app::AvatarPose a) {
    for (int h = 0; h < 2; ++h) a.pose.hands[h] = at(handPosition(a, h));
    return a;
}

// The tint pixels within `radius` pixels of `center`.
uint64_t tintNear(const Rgba8Image& img, glm::vec4 tint, glm::dvec2 center, double radius) {
    Rgba8Image crop{img.width, img.height, img.pixels};
    for (uint32_t y = 0; y < img.height; ++y)
        for (uint32_t x = 0; x < img.width; ++x)
            if (glm::distance(glm::dvec2(x + 0.5, y + 0.5), center) > radius)
                std::fill_n(&crop.pixels[(size_t(y) * img.width + x) * 4], 3, uint8_t(0));
    return tintPixels(crop, tint).count;
}

// The dark (visor) pixels within `radius` pixels of `center`.
uint64_t darkPixels(const Rgba8Image& img, glm::dvec2 center, double radius) {
    uint64_t n = 0;
    for (int y = int(center.y - radius); y <= int(center.y + radius); ++y)
        for (int x = int(center.x - radius); x <= int(center.x + radius); ++x) {
            if (x < 0 || y < 0 || x >= int(img.width) || y >= int(img.height)) continue;
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + size_t(x)) * 4];
            if (std::max({p[0], p[1], p[2]}) < 60) ++n;
        }
    return n;
}

TEST_P(AvatarRender, HiddenAvatarsCostNothingAndAnAvatarShowsWhereItsPoseProjects) {
    const glm::vec4 tint = app::avatarColor(kVisitor);
    const Rgba8Image alone = shot({});
    EXPECT_EQ(instances, 0u) << "hidden avatars must pose no instance";
    EXPECT_EQ(tintPixels(alone, tint).count, 0u);

    const glm::vec3 head(0.0f, 1.6f, -1.5f);
    const Rgba8Image facing = shot({headAt(head)});
    EXPECT_EQ(instances, 2u) << "shell and visor";
    const std::filesystem::path out = SKYHOOK_GOLDEN_OUT;
    std::filesystem::create_directories(out);
    const std::string path = render::drawPathName(GetParam());
    EXPECT_TRUE(writePng(out / ("avatar_facing_" + path + ".png"), facing).ok());
    const TintPixels seen = tintPixels(facing, tint);
    ASSERT_GT(seen.count, 300u) << "the avatar's head is not in the picture";
    // The shell's centre (the head frame's kHeadCenter, turned to face us) where the view projects it.
    const glm::dvec3 shellCenter = glm::dvec3(head) + glm::dvec3(kFacingUs * app::Avatars::kHeadCenter);
    const glm::dvec2 expected = project(shellCenter);
    EXPECT_NEAR(seen.centroid.x, expected.x, 1.5);
    EXPECT_NEAR(seen.centroid.y, expected.y, 4.0);  // the visor takes pixels just below the centre
    const double focal = kHeight / 2.0 / std::tan(view.projection.verticalFov / 2.0);
    const double diameter = app::Avatars::kHeadSize.x / -(shellCenter.z) * focal;
    // About the shell's projected ellipse (0.98 d²) less the visor (~0.28 of it).
    EXPECT_GT(double(seen.count), 0.5 * diameter * diameter);
    EXPECT_LT(double(seen.count), 1.1 * diameter * diameter);
    // Facing is readable: the dark visor is there facing us, not from behind.
    const uint64_t visor = darkPixels(facing, expected, diameter / 2.0);
    EXPECT_GT(visor, 80u);
    EXPECT_LT(visor, 400u) << "the visor is a flat band (0.17 × 0.065 m), not a cube";
    const Rgba8Image away = shot({headAt(head, glm::quat(1, 0, 0, 0))});
    EXPECT_LT(darkPixels(away, expected, diameter / 2.0), 5u);
    EXPECT_GT(tintPixels(away, tint).count, seen.count + visor / 2);

    // With both hands: two more boxes where their grips project.
    const app::AvatarPose whole = withHands(headAt(head));
    const Rgba8Image hands = shot({whole});
    EXPECT_EQ(instances, 4u);
    for (int h = 0; h < 2; ++h) {
        const glm::dvec2 p = project(glm::dvec3(handPosition(whole, h)));
        EXPECT_EQ(tintNear(facing, tint, p, 5.0), 0u) << "hand " << h;
        EXPECT_GT(tintNear(hands, tint, p, 5.0), 15u) << "hand " << h << " at " << p.x << ", " << p.y;
    }
}

TEST_P(AvatarRender, AnAvatarBehindTheWallIsHiddenAndOneInFrontCastsAShadowOnIt) {
    const glm::vec4 tint = app::avatarColor(kVisitor);
    const Rgba8Image alone = shot({});

    // Behind the wall: nothing of it shows; the picture is the empty one.
    const Rgba8Image behind = shot({withHands(headAt({0.0f, 1.6f, -3.5f}))});
    EXPECT_EQ(instances, 4u) << "posed (and drawn into depth), just hidden by the wall";
    EXPECT_EQ(tintPixels(behind, tint).count, 0u);
    uint64_t differing = 0;
    for (size_t i = 0; i < alone.pixels.size(); ++i)
        if (std::abs(int(alone.pixels[i]) - int(behind.pixels[i])) > 3) ++differing;
    EXPECT_LT(differing, 10u);

    // In front: its shadow falls on the wall along the sun's direction from the head.
    const glm::vec3 head(0.0f, 1.6f, -1.5f);
    const Rgba8Image front = shot({headAt(head)});
    const glm::dvec3 shell = glm::dvec3(head) + glm::dvec3(kFacingUs * app::Avatars::kHeadCenter);
    const glm::dvec3 onWall = shell + kSunDirection * ((kWallFront - shell.z) / kSunDirection.z);
    const glm::dvec2 shadow = project(onWall);
    const double lit = brightness(alone, shadow), shaded = brightness(front, shadow);
    EXPECT_GT(lit, 80.0) << "the wall is lit there";
    EXPECT_LT(shaded, lit * 0.5) << "the avatar's shadow on the wall at " << shadow.x << ", " << shadow.y;
    RecordProperty("shadow_brightness", std::to_string(shaded) + " of " + std::to_string(lit));
}

INSTANTIATE_TEST_SUITE_P(Paths, AvatarRender,
                         ::testing::Values(render::DrawPath::Indirect, render::DrawPath::Mesh),
                         [](const ::testing::TestParamInfo<render::DrawPath>& info) {
                             return std::string(render::drawPathName(info.param));
                         });

}  // namespace
}  // namespace skyhook::test
