#include "engine/scene/precision.hpp"

#include <cmath>

#include "engine/core/check.hpp"

namespace skyhook::scene {

glm::mat4 cameraRelativeModelMatrix(const glm::dmat4& world, const glm::dvec3& cameraPos) {
    glm::mat4 m(world);
    // The subtraction is the whole point: done in float, two positions 9×10^7 m out would each round by up to
    // 4 m before their difference is taken.
    m[3] = glm::vec4(glm::vec3(glm::dvec3(world[3]) - cameraPos), static_cast<float>(world[3][3]));
    return m;
}

glm::mat4 viewRotationOnly(const glm::dquat& cameraOrientation) {
    // The view matrix is the inverse of the camera's pose; for a unit quaternion the inverse is the
    // conjugate.
    return glm::mat4(glm::mat4_cast(glm::conjugate(glm::normalize(cameraOrientation))));
}

glm::mat4 reversedZInfiniteOffAxis(float left, float right, float bottom, float top, float nearPlane) {
    SKYHOOK_CHECK(left < right && bottom < top, "empty frustum: left {} right {} bottom {} top {}", left,
                  right, bottom, top);
    SKYHOOK_CHECK(nearPlane > 0.0f && std::isfinite(nearPlane), "near plane {} must be positive", nearPlane);
    // View space looks down -Z, so w_clip = -z; x/(-z) in [left, right] maps to NDC [-1, 1], y likewise but
    // negated for Vulkan's downward NDC +Y, and z_clip = near makes depth = near / -z: 1 at the near plane,
    // approaching 0 at infinity.
    glm::mat4 m(0.0f);
    m[0][0] = 2.0f / (right - left);
    m[2][0] = (right + left) / (right - left);
    m[1][1] = -2.0f / (top - bottom);
    m[2][1] = -(top + bottom) / (top - bottom);
    m[2][3] = -1.0f;
    m[3][2] = nearPlane;
    return m;
}

glm::mat4 reversedZInfinitePerspective(float verticalFov, float aspect, float nearPlane) {
    SKYHOOK_CHECK(verticalFov > 0.0f && verticalFov < 3.14159f,
                  "vertical field of view {} rad out of (0, pi)", verticalFov);
    SKYHOOK_CHECK(aspect > 0.0f && std::isfinite(aspect), "aspect ratio {} must be positive", aspect);
    float t = std::tan(0.5f * verticalFov);
    return reversedZInfiniteOffAxis(-aspect * t, aspect * t, -t, t, nearPlane);
}

glm::mat4 reversedZInfiniteFromAngles(float angleLeft, float angleRight, float angleDown, float angleUp,
                                      float nearPlane) {
    return reversedZInfiniteOffAxis(std::tan(angleLeft), std::tan(angleRight), std::tan(angleDown),
                                    std::tan(angleUp), nearPlane);
}

}  // namespace skyhook::scene
