// `skyhook run`'s camera (engine/app/camera_follow.hpp) without a window: a camera with tracks is followed
// along its path at show time; flying takes over from the pose it had; F2 follows the path again; a camera
// without tracks flies from the start.
#include <gtest/gtest.h>

#include "engine/app/camera_follow.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::app {
namespace {

scene::Scene dollyScene() {
    auto scene = scene::parseScene(R"({
      "version": 1, "name": "dolly",
      "cameras": [ { "name": "dolly", "position": [0, 2, 0] }, { "name": "still", "position": [5, 2, 5] } ],
      "tracks": [ { "target": "camera:dolly", "property": "position", "interpolation": "linear",
                    "keys": [[0, 0, 2, 0], [10, 100, 2, 0]] } ]
    })",
                                   ".", "dolly.json");
    EXPECT_TRUE(scene.ok()) << (scene.ok() ? "" : scene.error().message);
    return scene.ok() ? std::move(*scene) : scene::Scene{};
}

CameraFollow follow(const scene::Scene& scene, const std::string& camera) {
    auto path = CameraPath::choose(scene, camera, "");
    EXPECT_TRUE(path.ok());
    return CameraFollow(std::move(*path));
}

TEST(CameraFollow, ACameraWithTracksIsFollowedUntilTheOperatorFliesAndF2FollowsAgain) {
    const scene::Scene scene = dollyScene();
    CameraFollow camera = follow(scene, "dolly");
    ASSERT_TRUE(camera.following());
    // Along the path at show time: 10 m a second.
    EXPECT_NEAR(camera.update({}, false, 0.1, 2.0).position.x, 20.0, 1e-9);
    EXPECT_NEAR(camera.update({}, false, 0.1, 5.0).position.x, 50.0, 1e-9);
    // Shift alone is not flying.
    EXPECT_NEAR(camera.update({.fast = true}, false, 0.1, 6.0).position.x, 60.0, 1e-9);
    EXPECT_TRUE(camera.following());
    // W: the operator takes over from where the path had put the camera, and the show time no longer moves
    // it.
    const render::View flown = camera.update({.forward = 1.0}, false, 0.5, 7.0);
    EXPECT_FALSE(camera.following());
    EXPECT_NEAR(flown.position.x, 60.0, 1e-9) << "looking down -Z, W does not move along x";
    EXPECT_LT(flown.position.z, -0.5) << "flown forward (down -Z)";
    const render::View still = camera.update({}, false, 0.5, 9.0);
    EXPECT_EQ(still.position, flown.position);
    // F2: on the path again at the current show time.
    EXPECT_NEAR(camera.update({}, true, 0.1, 9.0).position.x, 90.0, 1e-9);
    EXPECT_TRUE(camera.following());
    EXPECT_NEAR(camera.update({}, false, 0.1, 9.0).position.z, 0.0, 1e-9);
}

TEST(CameraFollow, ACameraWithoutTracksFliesFromTheStartAndF2DoesNothing) {
    const scene::Scene scene = dollyScene();
    CameraFollow camera = follow(scene, "still");
    EXPECT_FALSE(camera.following());
    EXPECT_EQ(camera.update({}, false, 0.1, 3.0).position, glm::dvec3(5.0, 2.0, 5.0));
    EXPECT_EQ(camera.update({}, true, 0.1, 3.0).position, glm::dvec3(5.0, 2.0, 5.0));
    EXPECT_FALSE(camera.following());
    EXPECT_GT(camera.update({.right = 1.0}, false, 0.5, 3.0).position.x, 5.5);
}

TEST(CameraFollow, FlyingMeansAKeyTheMouseOrTheWheel) {
    EXPECT_FALSE(flying({}));
    EXPECT_FALSE(flying({.fast = true}));
    EXPECT_TRUE(flying({.up = -1.0}));
    EXPECT_TRUE(flying({.lookDx = 3.0}));
    EXPECT_TRUE(flying({.scroll = 1.0}));
}

}  // namespace
}  // namespace skyhook::app
