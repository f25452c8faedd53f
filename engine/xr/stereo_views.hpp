#pragma once
// From located XR views to the renderer's views: each eye's pose (in the session's reference space) placed in
// the scene by the tracking origin, its field of view as an off-axis projection, its layer of the swapchain.
// Pure functions (unit-tested).
#include <cstdint>
#include <span>
#include <string>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/render/view.hpp"
#include "engine/xr/openxr.hpp"

namespace skyhook::xr {

// Where the reference space's origin (the hall's floor centre for STAGE) sits in the scene, and which way it
// faces. The scene and OpenXR agree on axes: right-handed, +Y up, -Z forward, metres.
struct Origin {
    glm::dvec3 position{0.0};
    glm::dquat orientation{1.0, 0.0, 0.0, 0.0};
};

// XrFovf angles (radians; left and down negative) as the tangents of an off-axis projection.
render::Projection projectionFromFov(const XrFovf& fov, float nearPlane);
// A pose in the reference space, in scene coordinates (double precision).
glm::dvec3 scenePosition(const Origin& origin, const XrVector3f& position);
glm::dquat sceneOrientation(const Origin& origin, const XrQuaternionf& orientation);

// View `index` ("left", "right", or "view{index}" beyond two) rendered into layer `index` of the target.
render::View viewFromXr(const XrView& view, uint32_t index, const Origin& origin, float nearPlane);

}  // namespace skyhook::xr
