#pragma once
// Real-scale rendering math: world positions stay double on the CPU and reach the GPU relative to the camera,
// and projections are reversed-Z with an infinite far plane (depth 1 at the near plane, 0 at infinity), so
// depth precision is spent evenly in log space from centimetres to orbit.
//
// Clip-space convention (Vulkan): projections here flip Y, so NDC +Y is down and world +Y (view-space up)
// appears up in the image with an ordinary viewport (positive height, no VK_KHR_maintenance1 flip). Because
// the image is not mirrored, the counter-clockwise front faces of scene meshes stay counter-clockwise on
// screen: use VK_FRONT_FACE_COUNTER_CLOCKWISE. Depth test: VK_COMPARE_OP_GREATER(_OR_EQUAL), clear depth to
// 0.
#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

namespace skyhook::scene {

// The model matrix of `world` relative to a camera at `cameraPos`: the translation is subtracted in double
// and only the (small) difference is cast to float; rotation and scale are cast as they are.
glm::mat4 cameraRelativeModelMatrix(const glm::dmat4& world, const glm::dvec3& cameraPos);

// The view matrix of a camera with this orientation (looking down its local -Z, +Y up) and no translation:
// positions given to it are already camera-relative.
glm::mat4 viewRotationOnly(const glm::dquat& cameraOrientation);

// Symmetric reversed-Z infinite perspective. verticalFov in radians (0, pi), aspect = width / height,
// nearPlane in metres (> 0).
glm::mat4 reversedZInfinitePerspective(float verticalFov, float aspect, float nearPlane);

// Asymmetric (off-axis) reversed-Z infinite perspective for LED-wall inner frusta and XR eyes. left, right,
// bottom and top are the tangents of the angles between the view axis and each frustum side (left and bottom
// are usually negative): the near-plane extents divided by the near distance. A symmetric frustum is
// left = -right = -aspect * tan(fov/2), bottom = -top = -tan(fov/2). Requires left < right and bottom < top.
glm::mat4 reversedZInfiniteOffAxis(float left, float right, float bottom, float top, float nearPlane);

// The same from angles in radians, as OpenXR's XrFovf gives them (angleLeft and angleDown usually negative).
glm::mat4 reversedZInfiniteFromAngles(float angleLeft, float angleRight, float angleDown, float angleUp,
                                      float nearPlane);

}  // namespace skyhook::scene
