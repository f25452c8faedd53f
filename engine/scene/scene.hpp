#pragma once
// The CPU scene: nodes with double-precision transforms, models, lights, cameras and the environment.
// Positions are double so a scene can span 10^8 m; the renderer makes them camera-relative floats.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/scene/light.hpp"
#include "engine/scene/material.hpp"
#include "engine/scene/rules.hpp"
#include "engine/scene/tracks.hpp"
#include "engine/scene/transform.hpp"

namespace skyhook::scene {

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
    // Index into Scene::cells, or -1 for world space. Set on every node of a tree (children inherit their
    // root's cell) so the renderer can page by cell; only roots apply the cell's matrix.
    int32_t cell = -1;
};

// A frame with a double-precision origin, nested in its parent cell: the ground station, GEO and the
// counterweight each get one so their contents keep small, exact local coordinates.
struct Cell {
    std::string name;
    Transform local;      // origin and rotation relative to the parent cell (scale stays 1)
    int32_t parent = -1;  // index into Scene::cells, or -1 for world space; no cycles (checked when parsing)
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
    std::vector<Cell> cells;
    // Instances and lights kept as rules, never expanded into nodes (see rules.hpp).
    std::vector<InstanceRule> instanceRules;
    std::vector<LightRule> lightRules;
    std::vector<Track> tracks;  // applied with applyTracks(scene, time) (tracks.hpp)

    // World matrices of every node, parents applied, in double precision; a root in a cell gets the cell's
    // matrix in front.
    std::vector<glm::dmat4> worldMatrices() const;
    // The cell-to-world matrix of every cell, parents applied, in double precision.
    std::vector<glm::dmat4> cellMatrices() const;
    // Instances of all rules together (disabled candidates included), saturated at UINT64_MAX.
    uint64_t ruleInstanceCount() const;
    // Lights of all light rules together.
    uint64_t ruleLightCount() const;
    const Camera* findCamera(const std::string& name) const;
};

// Looks from `eye` towards `target` with +Y up (falls back to +Z up when looking straight up or down).
glm::dquat lookAtOrientation(const glm::dvec3& eye, const glm::dvec3& target);

}  // namespace skyhook::scene
