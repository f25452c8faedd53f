#include "engine/platform/fly_camera.hpp"

#include <algorithm>
#include <cmath>

namespace skyhook::platform {

void FlyCamera::setPose(const glm::dvec3& position, const glm::dquat& orientation) {
    m_position = position;
    // Yaw and pitch of the view direction (-Z): roll is dropped, a fly camera keeps the horizon level.
    glm::dvec3 f = orientation * glm::dvec3(0.0, 0.0, -1.0);
    m_yaw = std::atan2(-f.x, -f.z);
    m_pitch = std::asin(std::clamp(f.y, -1.0, 1.0));
}

glm::dquat FlyCamera::orientation() const {
    return glm::angleAxis(m_yaw, glm::dvec3(0, 1, 0)) * glm::angleAxis(m_pitch, glm::dvec3(1, 0, 0));
}

double FlyCamera::currentSpeed() const {
    double altitude = std::abs(m_position.y);
    return (kBaseSpeed + kAltitudeScale * altitude) * m_speedMultiplier;
}

bool FlyCamera::update(const FlyInput& in, double dt) {
    bool changed = false;
    if (in.scroll != 0.0)
        m_speedMultiplier = std::clamp(m_speedMultiplier * std::pow(1.2, in.scroll), 0.01, 1000.0);
    if (in.lookDx != 0.0 || in.lookDy != 0.0) {
        m_yaw -= in.lookDx * kSensitivity;
        m_pitch = std::clamp(m_pitch - in.lookDy * kSensitivity, -kMaxPitch, kMaxPitch);
        m_yaw = std::remainder(m_yaw, 2.0 * M_PI);
        changed = true;
    }
    glm::dvec3 move{in.right, in.up, -in.forward};
    if (glm::dot(move, move) > 0.0 && dt > 0.0) {
        glm::dquat yawOnly = glm::angleAxis(m_yaw, glm::dvec3(0, 1, 0));
        glm::dvec3 forward = orientation() * glm::dvec3(0, 0, -1);
        glm::dvec3 right = yawOnly * glm::dvec3(1, 0, 0);
        glm::dvec3 dir = forward * in.forward + right * in.right + glm::dvec3(0, 1, 0) * in.up;
        double len = glm::length(dir);
        if (len > 0.0) {
            double speed = currentSpeed() * (in.fast ? kFastFactor : 1.0);
            m_position += dir / len * speed * dt;
            changed = true;
        }
    }
    return changed;
}

}  // namespace skyhook::platform
