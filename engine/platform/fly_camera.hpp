#pragma once
// FlyCamera: WASD/QE + mouse-look flight. Position is kept in double so real-scale scenes (kilometres from
// the origin) stay precise; speed grows with altitude so both a stage and a city remain navigable. Needs only
// core and glm (no window, no renderer): the app feeds it input and reads the pose.
#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

namespace skyhook::platform {

struct FlyInput {
    double forward = 0.0;  // +1 W, -1 S
    double right = 0.0;    // +1 D, -1 A
    double up = 0.0;       // +1 E, -1 Q
    double lookDx = 0.0;   // mouse pixels
    double lookDy = 0.0;
    double scroll = 0.0;  // wheel steps: scales the base speed
    bool fast = false;    // Shift
};

class FlyCamera {
public:
    static constexpr double kBaseSpeed = 4.0;       // metres per second at ground level
    static constexpr double kFastFactor = 5.0;      // Shift
    static constexpr double kAltitudeScale = 0.5;   // extra m/s per metre of altitude
    static constexpr double kSensitivity = 0.0025;  // radians per mouse pixel
    static constexpr double kMaxPitch = 1.55;       // just short of straight up/down

    FlyCamera() = default;
    FlyCamera(const glm::dvec3& position, const glm::dquat& orientation) { setPose(position, orientation); }

    void setPose(const glm::dvec3& position, const glm::dquat& orientation);
    // Advances by dt seconds; returns whether the pose changed.
    bool update(const FlyInput& input, double dt);

    const glm::dvec3& position() const { return m_position; }
    glm::dquat orientation() const;
    double yaw() const { return m_yaw; }
    double pitch() const { return m_pitch; }
    double speedMultiplier() const { return m_speedMultiplier; }
    // Metres per second for the current altitude (y above 0) before Shift.
    double currentSpeed() const;

private:
    glm::dvec3 m_position{0.0};
    double m_yaw = 0.0;    // about +Y; 0 looks down -Z
    double m_pitch = 0.0;  // about the camera's +X
    double m_speedMultiplier = 1.0;
};

}  // namespace skyhook::platform
