#include <gtest/gtest.h>

#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

#include "engine/scene/precision.hpp"
#include "engine/scene/scene.hpp"

namespace skyhook::scene {
namespace {

glm::vec3 project(const glm::mat4& m, const glm::vec3& p) {
    glm::vec4 c = m * glm::vec4(p, 1.0f);
    return glm::vec3(c) / c.w;
}

TEST(Precision, CameraRelativeKeepsSubMillimetreAt9e7Metres) {
    // A vertex 9×10^7 m out (beyond geostationary orbit, where float spacing is 8 m), seen from 1 m away.
    const glm::dvec3 object(9.0e7 + 3.5171, 1234.5678, -9.0e7 + 0.4321);
    const glm::dvec3 camera = object + glm::dvec3(0.6123, 0.7004, -0.3581);
    const glm::dvec3 local(0.25, -0.125, 0.0625);
    glm::dmat4 world = glm::translate(glm::dmat4(1.0), object) *
                       glm::mat4_cast(glm::angleAxis(0.3, glm::normalize(glm::dvec3(1, 2, 3))));
    const glm::dvec3 exact = glm::dvec3(world * glm::dvec4(local, 1.0)) - camera;
    ASSERT_LT(glm::length(exact), 2.0);

    glm::vec3 relative =
        glm::vec3(cameraRelativeModelMatrix(world, camera) * glm::vec4(glm::vec3(local), 1.0f));
    EXPECT_LT(glm::length(glm::dvec3(relative) - exact), 1e-4);

    // The naive way: float world matrix, float camera position, difference taken in float. It errs by metres,
    // which shows this test can tell the two apart.
    glm::vec3 naive = glm::vec3(glm::mat4(world) * glm::vec4(glm::vec3(local), 1.0f)) - glm::vec3(camera);
    EXPECT_GT(glm::length(glm::dvec3(naive) - exact), 1.0);
}

TEST(Precision, CameraRelativeKeepsRotationAndScale) {
    Transform t;
    t.translation = {5.0e7, 1.0, 2.0};
    t.rotation = glm::angleAxis(1.0, glm::dvec3(0, 1, 0));
    t.scale = {2.0, 3.0, 4.0};
    glm::mat4 m = cameraRelativeModelMatrix(t.matrix(), {5.0e7, 0.0, 0.0});
    for (int c = 0; c < 3; ++c)
        for (int r = 0; r < 3; ++r) EXPECT_FLOAT_EQ(m[c][r], float(t.matrix()[c][r]));
    EXPECT_EQ(glm::vec3(m[3]), glm::vec3(0.0f, 1.0f, 2.0f));
    EXPECT_EQ(m[3][3], 1.0f);
}

TEST(Precision, ReversedZMapsNearToOneAndInfinityTowardsZero) {
    const float nearPlane = 0.1f;
    glm::mat4 p = reversedZInfinitePerspective(glm::radians(60.0f), 16.0f / 9.0f, nearPlane);
    EXPECT_NEAR(project(p, {0, 0, -nearPlane}).z, 1.0f, 1e-6f);
    EXPECT_NEAR(project(p, {0, 0, -2.0f * nearPlane}).z, 0.5f, 1e-6f);
    float previous = 1.0f;
    for (float d : {1.0f, 10.0f, 1e3f, 1e6f, 1e9f}) {
        float depth = project(p, {0, 0, -d}).z;
        EXPECT_LT(depth, previous);
        EXPECT_GT(depth, 0.0f);
        previous = depth;
    }
    EXPECT_LT(previous, 1e-9f);
    // The point at infinity (w = 0 direction) lands exactly on depth 0.
    glm::vec4 atInfinity = p * glm::vec4(0, 0, -1, 0);
    EXPECT_EQ(atInfinity.z, 0.0f);
}

TEST(Precision, ProjectionFlipsYForVulkanAndMatchesTheFieldOfView) {
    const float fov = glm::radians(50.0f), aspect = 1.5f;
    glm::mat4 p = reversedZInfinitePerspective(fov, aspect, 0.05f);
    float t = std::tan(fov / 2.0f);
    // View-space up (+Y) reaches NDC y = -1: the top of a Vulkan image.
    EXPECT_NEAR(project(p, {0, t * 10.0f, -10.0f}).y, -1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {0, -t * 10.0f, -10.0f}).y, 1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {aspect * t * 10.0f, 0, -10.0f}).x, 1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {-aspect * t * 10.0f, 0, -10.0f}).x, -1.0f, 1e-5f);
}

TEST(Precision, OffAxisSymmetricCaseEqualsSymmetricProjection) {
    const float fov = glm::radians(70.0f), aspect = 4.0f / 3.0f, nearPlane = 0.2f;
    float t = std::tan(fov / 2.0f);
    glm::mat4 symmetric = reversedZInfinitePerspective(fov, aspect, nearPlane);
    glm::mat4 offAxis = reversedZInfiniteOffAxis(-aspect * t, aspect * t, -t, t, nearPlane);
    glm::mat4 fromAngles = reversedZInfiniteFromAngles(-std::atan(aspect * t), std::atan(aspect * t),
                                                       -fov / 2.0f, fov / 2.0f, nearPlane);
    for (int c = 0; c < 4; ++c) {
        for (int r = 0; r < 4; ++r) {
            EXPECT_FLOAT_EQ(offAxis[c][r], symmetric[c][r]) << c << "," << r;
            EXPECT_NEAR(fromAngles[c][r], symmetric[c][r], 1e-5f) << c << "," << r;
        }
    }
}

TEST(Precision, OffAxisMapsItsFrustumEdgesToTheNdcEdges) {
    // An LED-wall inner frustum: mostly to the right of and above the camera's axis.
    const float l = -0.2f, r = 0.9f, b = -0.1f, t = 0.6f, n = 0.1f;
    glm::mat4 p = reversedZInfiniteOffAxis(l, r, b, t, n);
    const float d = 7.0f;
    EXPECT_NEAR(project(p, {l * d, 0, -d}).x, -1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {r * d, 0, -d}).x, 1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {0, t * d, -d}).y, -1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {0, b * d, -d}).y, 1.0f, 1e-5f);
    EXPECT_NEAR(project(p, {0.3f * n, 0.2f * n, -n}).z, 1.0f, 1e-6f);
}

TEST(Precision, ViewRotationOnlyPutsTheTargetDownMinusZ) {
    const glm::dvec3 eye(9.0e7, 100.0, -3.0e6), target = eye + glm::dvec3(3.0, -1.0, 2.0);
    glm::dquat orientation = lookAtOrientation(eye, target);
    glm::mat4 view = viewRotationOnly(orientation);
    glm::vec3 dir = glm::normalize(glm::vec3(view * glm::vec4(glm::vec3(target - eye), 0.0f)));
    EXPECT_NEAR(dir.x, 0.0f, 1e-6f);
    EXPECT_NEAR(dir.y, 0.0f, 1e-6f);
    EXPECT_NEAR(dir.z, -1.0f, 1e-6f);
    EXPECT_EQ(glm::vec3(view[3]), glm::vec3(0.0f));
    // World up stays up in view space (no roll from lookAt).
    glm::vec3 up = glm::vec3(view * glm::vec4(0, 1, 0, 0));
    EXPECT_NEAR(up.x, 0.0f, 1e-6f);
    EXPECT_GT(up.y, 0.0f);
}

TEST(Precision, WorldMatricesComposeParentChainsInDouble) {
    // Parent 9×10^7 m out, rotated; child and grandchild at millimetre offsets that float would erase.
    Scene s;
    Node root;
    root.local.translation = {9.0e7, 0.0, 0.0};
    root.local.rotation = glm::angleAxis(glm::radians(90.0), glm::dvec3(0, 1, 0));
    s.nodes.push_back(root);
    Node child;
    child.parent = 0;
    child.local.translation = {0.001, 0.0, 0.0};
    child.local.scale = glm::dvec3(2.0);
    s.nodes.push_back(child);
    Node grandchild;
    grandchild.parent = 1;
    grandchild.local.translation = {0.0, 0.0, 0.0005};
    s.nodes.push_back(grandchild);
    auto world = s.worldMatrices();
    ASSERT_EQ(world.size(), 3u);
    // Rotating +90° about Y maps +X to -Z and +Z to +X; the child's scale doubles the grandchild's offset.
    glm::dvec3 childPos(world[1][3]), grandPos(world[2][3]);
    // Double spacing at 9×10^7 m is 1.5×10^-8 m: a tenth of a micrometre is well within reach.
    EXPECT_NEAR(childPos.x, 9.0e7, 1e-7);
    EXPECT_NEAR(childPos.z, -0.001, 1e-12);
    EXPECT_NEAR(grandPos.x - 9.0e7, 0.001, 1e-7);
    EXPECT_NEAR(grandPos.z, -0.001, 1e-12);
}

}  // namespace
}  // namespace skyhook::scene
