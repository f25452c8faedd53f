// FlyCamera: pure input -> pose math (no window), so it is tested on the CPU.
#include <gtest/gtest.h>

#include <glm/gtc/quaternion.hpp>

#include "engine/platform/fly_camera.hpp"

namespace {

using skyhook::platform::FlyCamera;
using skyhook::platform::FlyInput;

TEST(FlyCamera, RecoversYawAndPitchFromAnOrientation) {
    glm::dquat q = glm::angleAxis(0.7, glm::dvec3(0, 1, 0)) * glm::angleAxis(-0.3, glm::dvec3(1, 0, 0));
    FlyCamera cam({1, 2, 3}, q);
    EXPECT_NEAR(cam.yaw(), 0.7, 1e-9);
    EXPECT_NEAR(cam.pitch(), -0.3, 1e-9);
    glm::dvec3 f = cam.orientation() * glm::dvec3(0, 0, -1);
    glm::dvec3 g = q * glm::dvec3(0, 0, -1);
    EXPECT_NEAR(glm::length(f - g), 0.0, 1e-9);
}

TEST(FlyCamera, WMovesAlongTheViewDirection) {
    FlyCamera cam({0, 0, 0}, glm::dquat(1, 0, 0, 0));  // looks down -Z
    FlyInput in;
    in.forward = 1.0;
    EXPECT_TRUE(cam.update(in, 1.0));
    EXPECT_NEAR(cam.position().z, -FlyCamera::kBaseSpeed, 1e-9);
    EXPECT_NEAR(cam.position().x, 0.0, 1e-12);
    in.forward = 0.0;
    in.up = 1.0;  // E rises straight up whatever the pitch
    cam.update(in, 0.5);
    EXPECT_GT(cam.position().y, 0.0);
}

TEST(FlyCamera, ShiftAndAltitudeMakeItFaster) {
    FlyInput in;
    in.right = 1.0;
    FlyCamera low({0, 0, 0}, glm::dquat(1, 0, 0, 0));
    low.update(in, 1.0);
    FlyCamera high({0, 1000, 0}, glm::dquat(1, 0, 0, 0));
    high.update(in, 1.0);
    EXPECT_GT(high.position().x, 50.0 * low.position().x) << "a city must stay navigable from the air";
    FlyCamera fast({0, 0, 0}, glm::dquat(1, 0, 0, 0));
    in.fast = true;
    fast.update(in, 1.0);
    EXPECT_NEAR(fast.position().x, FlyCamera::kFastFactor * low.position().x, 1e-9);
}

TEST(FlyCamera, KeepsDoublePrecisionFarFromTheOrigin) {
    FlyCamera cam({6'378'137.0, 0.0, 0.0}, glm::dquat(1, 0, 0, 0));
    FlyInput in;
    in.forward = 1.0;
    cam.update(in, 0.001);  // 4 mm
    EXPECT_NEAR(cam.position().z, -0.004, 1e-9);
    EXPECT_DOUBLE_EQ(cam.position().x, 6'378'137.0);
}

TEST(FlyCamera, PitchIsClampedAndMouseLooksRight) {
    FlyCamera cam;
    FlyInput in;
    in.lookDy = -1e6;  // mouse far up
    cam.update(in, 0.016);
    EXPECT_LE(cam.pitch(), FlyCamera::kMaxPitch);
    in.lookDy = 0.0;
    in.lookDx = 100.0;  // mouse right turns right: the view direction gains +X
    FlyCamera flat;
    flat.update(in, 0.016);
    EXPECT_GT((flat.orientation() * glm::dvec3(0, 0, -1)).x, 0.0);
}

}  // namespace
