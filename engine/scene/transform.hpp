#pragma once
// A double-precision TRS transform. Its own header so that rules.hpp can use it without the whole Scene;
// scene.hpp includes it, so existing users see no change.
#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

namespace skyhook::scene {

struct Transform {
    glm::dvec3 translation{0.0};
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};  // w, x, y, z
    glm::dvec3 scale{1.0};

    glm::dmat4 matrix() const;
};

}  // namespace skyhook::scene
