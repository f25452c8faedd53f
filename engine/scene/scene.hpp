#pragma once
// The CPU scene: nodes with double-precision transforms, models, lights, cameras and the environment.
// Positions are double so a scene can span 10^8 m; the renderer makes them camera-relative floats.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/scene/material.hpp"

namespace skyhook::scene {

struct Transform {
    glm::dvec3 translation{0.0};
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};  // w, x, y, z
    glm::dvec3 scale{1.0};

    glm::dmat4 matrix() const;
};

// Where a node's geometry comes from: a built-in primitive or an asset file (imported and cooked before the
// show; shows only ever load cooked files).
struct ModelRef {
    enum class Kind : uint8_t { Primitive, Asset };
    Kind kind = Kind::Primitive;
    std::string primitive;  // "sphere", "cube", "plane" when kind == Primitive
    std::string path;       // absolute path of the source asset when kind == Asset
};

struct Node {
    std::string name;
    int32_t parent = -1;  // index into Scene::nodes, or -1 for a root; parents come before children
    Transform local;
    int32_t model = -1;                // index into Scene::models, or -1 for a pure transform node
    std::optional<Material> material;  // overrides every material of the model (primitives use it as theirs)
};

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

struct Camera {
    std::string name;
    glm::dvec3 position{0.0, 0.0, 5.0};
    glm::dquat orientation{1.0, 0.0, 0.0, 0.0};  // looks down -Z, +Y up, in its local frame
    float verticalFov = 0.8726646f;              // radians (50°)
    float nearPlane = 0.05f;                     // metres; the far plane is at infinity (reversed-Z)
};

struct Environment {
    enum class Sky : uint8_t { Procedural, Color };
    Sky sky = Sky::Procedural;
    glm::vec3 skyColor{0.3f, 0.5f, 0.9f};  // radiance for Sky::Color
    float skyIntensity = 1.0f;             // scales the sky's radiance and the ambient it gives
    float exposureEv100 = 0.0f;            // manual exposure; see render/README.md
    float bloomStrength = 0.04f;
};

struct Scene {
    std::string name;
    std::vector<ModelRef> models;
    std::vector<Node> nodes;
    std::vector<Light> lights;
    std::vector<Camera> cameras;  // at least one after loading (a default is added if the file has none)
    Environment environment;

    // World matrices of every node, parents applied, in double precision.
    std::vector<glm::dmat4> worldMatrices() const;
    const Camera* findCamera(const std::string& name) const;
};

// Looks from `eye` towards `target` with +Y up (falls back to +Z up when looking straight up or down).
glm::dquat lookAtOrientation(const glm::dvec3& eye, const glm::dvec3& target);

}  // namespace skyhook::scene
