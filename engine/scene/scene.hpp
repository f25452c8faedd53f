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
    // Posed by the app every frame (render::Renderer::setNodePoses: other visitors' avatars), not by the
    // scene: `local` is ignored, the node and its children are drawn only while the app poses it.
    bool posed = false;
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

// A planet with a physically based atmosphere (Environment::Sky::Atmosphere). Earth by default: coefficients
// per metre at the surface (Rayleigh and Mie fall off exponentially with altitude, ozone is a tent around
// its peak), from Bruneton 2017 / Hillaire 2020.
struct Planet {
    int32_t cell = -1;       // index into Scene::cells, or -1 for world space
    glm::dvec3 center{0.0};  // in the cell's frame
    double radius = 6371000.0;
    double atmosphereHeight = 100000.0;
    glm::vec3 rayleighScattering{5.802e-6f, 13.558e-6f, 33.1e-6f};
    float rayleighScaleHeight = 8000.0f;
    float mieScattering = 3.996e-6f;
    float mieAbsorption = 4.40e-6f;
    float mieScaleHeight = 1200.0f;
    float mieAnisotropy = 0.8f;  // Cornette-Shanks g
    glm::vec3 ozoneAbsorption{0.650e-6f, 1.881e-6f, 0.085e-6f};
    float ozonePeakAltitude = 25000.0f;
    float ozoneHalfWidth = 15000.0f;
    float groundAlbedo = 0.3f;  // what the ground gives back to the sky (multiple scattering, ambient)
    glm::vec3 oceanColor{0.02f, 0.05f, 0.10f};  // linear albedo
    glm::vec3 landColor{0.22f, 0.25f, 0.12f};
    // Land where this mask says so (the same mask as instance rules: engines placed through it stand on
    // land); none means all ocean.
    std::optional<ContinentsMask> continents;
};

struct Environment {
    enum class Sky : uint8_t { Procedural, Color, Atmosphere };
    Sky sky = Sky::Procedural;
    Planet planet;                         // used by Sky::Atmosphere
    float starIntensity = 0.0f;            // radiance of the brightest stars (cd/m²); 0: no stars
    glm::vec3 skyColor{0.3f, 0.5f, 0.9f};  // radiance for Sky::Color
    float skyIntensity = 1.0f;             // scales the sky's radiance and the ambient it gives
    float exposureEv100 = 0.0f;            // manual exposure; see render/README.md
    float bloomStrength = 0.04f;
};

// A moment the visitors feel (a headset's controllers buzz): the show authors it, every visitor of a shared
// show plays it at the same show time.
struct HapticCue {
    enum class Hands : uint8_t { Both, Left, Right };
    std::string name;
    double time = 0.0;       // show time (s)
    double duration = 0.2;   // seconds
    float amplitude = 1.0f;  // 0..1
    float frequency = 0.0f;  // Hz; 0: the runtime's choice
    Hands hands = Hands::Both;
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
    std::vector<Track> tracks;       // applied with applyTracks(scene, time) (tracks.hpp)
    std::vector<HapticCue> haptics;  // in show-time order

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
