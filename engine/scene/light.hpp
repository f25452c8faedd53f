#pragma once
// Punctual lights. Their own header so that rules.hpp can use Light as a light rule's template; scene.hpp
// includes it, so existing users see no change.
#include <cstdint>
#include <string>

#include <glm/glm.hpp>

namespace skyhook::scene {

enum class LightType : uint8_t { Directional, Point, Spot };

struct Light {
    std::string name;
    LightType type = LightType::Point;
    glm::dvec3 position{0.0};
    glm::vec3 direction{0.0f, -1.0f, 0.0f};  // the direction light travels (directional, spot)
    glm::vec3 color{1.0f};
    float intensity = 1.0f;             // lux for directional; candela for point and spot
    float range = 0.0f;                 // 0 = unbounded (inverse-square falloff only)
    float innerConeAngle = 0.0f;        // radians, spot only
    float outerConeAngle = 0.7853982f;  // radians, spot only
    bool castsShadows = false;          // directional lights: cascaded shadow maps
};

}  // namespace skyhook::scene
