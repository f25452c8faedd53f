#include "engine/render/culling.hpp"

#include <algorithm>

namespace skyhook::render {

std::array<glm::vec4, 5> frustumPlanes(const glm::mat4& m) {
    // Rows of the matrix (glm is column-major).
    auto row = [&](int r) { return glm::vec4(m[0][r], m[1][r], m[2][r], m[3][r]); };
    const glm::vec4 x = row(0), y = row(1), z = row(2), w = row(3);
    // Vulkan clip space: -w <= x, y <= w; reversed-Z puts the near plane at z = w (and infinity at z = 0).
    std::array<glm::vec4, 5> planes = {w + x, w - x, w + y, w - y, w - z};
    for (glm::vec4& p : planes) {
        float len = glm::length(glm::vec3(p));
        if (len > 0.0f) p /= len;
    }
    return planes;
}

std::array<glm::vec4, 5> shadowCasterPlanes(const glm::mat4& m) {
    auto row = [&](int r) { return glm::vec4(m[0][r], m[1][r], m[2][r], m[3][r]); };
    const glm::vec4 x = row(0), y = row(1), z = row(2), w = row(3);
    // -w <= x, y <= w and z >= 0 (the far end); the fifth plane repeats the far end (no near side).
    std::array<glm::vec4, 5> planes = {w + x, w - x, w + y, w - y, z};
    for (glm::vec4& p : planes) {
        float len = glm::length(glm::vec3(p));
        if (len > 0.0f) p /= len;
    }
    return planes;
}

bool sphereVisible(const std::array<glm::vec4, 5>& planes, const glm::vec3& center, float radius) {
    for (const glm::vec4& p : planes)
        if (glm::dot(glm::vec3(p), center) + p.w < -radius) return false;
    return true;
}

glm::vec4 transformSphere(const glm::mat4& model, const glm::vec4& sphere) {
    glm::vec3 center = glm::vec3(model * glm::vec4(glm::vec3(sphere), 1.0f));
    float scale = std::max({glm::length(glm::vec3(model[0])), glm::length(glm::vec3(model[1])),
                            glm::length(glm::vec3(model[2]))});
    return glm::vec4(center, sphere.w * scale);
}

uint32_t selectLod(std::span<const float> relativeErrors, float radius, float distance, float pixelsPerUnit,
                   float thresholdPixels) {
    distance = std::max(distance, 1e-3f);
    for (size_t l = relativeErrors.size(); l-- > 1;)
        if (relativeErrors[l] * radius / distance * pixelsPerUnit <= thresholdPixels)
            return static_cast<uint32_t>(l);
    return 0;
}

}  // namespace skyhook::render
