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
    std::vector<glm::dmat4> cellWorld;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node& n = nodes[i];
        SKYHOOK_CHECK(n.parent < static_cast<int32_t>(i),
                      "node {} has parent {} that does not come before it", i, n.parent);
        if (n.parent >= 0) {
            world[i] = world[n.parent] * n.local.matrix();
        } else if (n.cell >= 0) {
            if (cellWorld.empty()) cellWorld = cellMatrices();
            SKYHOOK_CHECK(size_t(n.cell) < cellWorld.size(), "node {} is in cell {} of {}", i, n.cell,
                          cellWorld.size());
            world[i] = cellWorld[n.cell] * n.local.matrix();
        } else {
            world[i] = n.local.matrix();
        }
    }
    return world;
}

std::vector<glm::dmat4> Scene::cellMatrices() const {
    // Cells keep file order and may name a parent that comes later, so resolve each chain on demand.
    std::vector<glm::dmat4> world(cells.size());
    std::vector<uint8_t> done(cells.size(), 0);
    std::vector<int32_t> chain;
    for (size_t i = 0; i < cells.size(); ++i) {
        chain.clear();
        for (int32_t c = int32_t(i); c >= 0 && !done[c]; c = cells[c].parent) {
            SKYHOOK_CHECK(c < int32_t(cells.size()) && chain.size() <= cells.size(),
                          "cell {} has a bad parent or a cycle", i);
            chain.push_back(c);
        }
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            const Cell& cell = cells[*it];
            world[*it] = cell.parent >= 0 ? world[cell.parent] * cell.local.matrix() : cell.local.matrix();
            done[*it] = 1;
        }
    }
    return world;
}

namespace {
// Sums per-rule counts, saturating instead of wrapping (rules may hold up to 2^40 each).
template <class Rules, class Count>
uint64_t saturatingSum(const Rules& rules, Count count) {
    uint64_t total = 0;
    for (const auto& r : rules) {
        const uint64_t n = count(r);
        total = total > UINT64_MAX - n ? UINT64_MAX : total + n;
    }
    return total;
}
}  // namespace

uint64_t Scene::ruleInstanceCount() const {
    return saturatingSum(instanceRules, [](const InstanceRule& r) { return instanceCount(r); });
}

uint64_t Scene::ruleLightCount() const {
    return saturatingSum(lightRules, [](const LightRule& r) { return lightCount(r); });
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
