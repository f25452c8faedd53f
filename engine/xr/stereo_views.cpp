#include "engine/xr/stereo_views.hpp"

#include <cmath>

#include <fmt/format.h>

namespace skyhook::xr {

render::Projection projectionFromFov(const XrFovf& fov, float nearPlane) {
    render::Projection p;
    p.kind = render::Projection::Kind::OffAxis;
    p.nearPlane = nearPlane;
    p.tanLeft = std::tan(fov.angleLeft);
    p.tanRight = std::tan(fov.angleRight);
    p.tanDown = std::tan(fov.angleDown);
    p.tanUp = std::tan(fov.angleUp);
    return p;
}

glm::dvec3 scenePosition(const Origin& origin, const XrVector3f& position) {
    return origin.position + origin.orientation * glm::dvec3(position.x, position.y, position.z);
}

glm::dquat sceneOrientation(const Origin& origin, const XrQuaternionf& q) {
    // glm's quaternion constructor takes w first.
    return glm::normalize(origin.orientation * glm::dquat(q.w, q.x, q.y, q.z));
}

render::View viewFromXr(const XrView& view, uint32_t index, const Origin& origin, float nearPlane) {
    render::View v;
    v.name = index == 0 ? "left" : index == 1 ? "right" : fmt::format("view{}", index);
    v.position = scenePosition(origin, view.pose.position);
    v.orientation = sceneOrientation(origin, view.pose.orientation);
    v.projection = projectionFromFov(view.fov, nearPlane);
    v.targetLayer = index;
    return v;
}

}  // namespace skyhook::xr
