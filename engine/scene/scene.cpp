#include "engine/scene/scene.hpp"

#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

#include "engine/core/check.hpp"

namespace skyhook::scene {

glm::dmat4 Transform::matrix() const {
    glm::dmat4 m = glm::mat4_cast(rotation);
    m[0] *= scale.x;
    m[1] *= scale.y;
    m[2] *= scale.z;
    m[3] = glm::dvec4(translation, 1.0);
    return m;
}

std::vector<glm::dmat4> Scene::worldMatrices() const {
    std::vector<glm::dmat4> world(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node& n = nodes[i];
        SKYHOOK_CHECK(n.parent < static_cast<int32_t>(i),
                      "node {} has parent {} that does not come before it", i, n.parent);
        world[i] = n.parent >= 0 ? world[n.parent] * n.local.matrix() : n.local.matrix();
    }
    return world;
}

const Camera* Scene::findCamera(const std::string& cameraName) const {
    for (const Camera& c : cameras)
        if (c.name == cameraName) return &c;
    return nullptr;
}

glm::dquat lookAtOrientation(const glm::dvec3& eye, const glm::dvec3& target) {
    glm::dvec3 forward = glm::normalize(target - eye);
    glm::dvec3 up{0.0, 1.0, 0.0};
    if (std::abs(glm::dot(forward, up)) > 0.999) up = {0.0, 0.0, 1.0};
    glm::dvec3 right = glm::normalize(glm::cross(forward, up));
    glm::dvec3 trueUp = glm::cross(right, forward);
    glm::dmat3 basis(right, trueUp, -forward);
    return glm::normalize(glm::quat_cast(basis));
}

}  // namespace skyhook::scene
