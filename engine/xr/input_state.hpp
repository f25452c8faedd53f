#pragma once
// What the visitor does this frame, as the app reads it: the head (the VIEW space) and each hand's poses and
// values from the action map's roles, located at the frame's predicted display time in the session's
// reference space (the hall's floor for STAGE). A pose the runtime cannot locate is marked invalid and keeps
// the identity; values of an inactive action (no device bound, or the session not FOCUSED) stay at rest.
#include <array>
#include <cstdint>
#include <string>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

namespace skyhook::xr {

struct TrackedPose {
    glm::vec3 position{0.0f};
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
    bool positionValid = false;
    bool orientationValid = false;
    bool valid() const { return positionValid && orientationValid; }
};

struct HandInput {
    TrackedPose grip;  // the palm (role grip_pose)
    TrackedPose aim;   // the pointing ray (role aim_pose)
    float trigger = 0.0f;
    float squeeze = 0.0f;  // role grip
    glm::vec2 thumbstick{0.0f};
    bool menu = false;
    std::string profile;  // the interaction profile the runtime uses for this hand; empty: none yet
};

struct InputState {
    int64_t time = 0;     // XrTime the poses are predicted for
    bool synced = false;  // xrSyncActions ran this frame (the session was FOCUSED)
    TrackedPose head;
    std::array<HandInput, 2> hands{};  // [Hand::Left], [Hand::Right]
    uint64_t profileChanges = 0;       // XrEventDataInteractionProfileChanged events so far
};

}  // namespace skyhook::xr
