#pragma once
// A model: meshes, materials and textures loaded from one asset file (the unit the cooker writes).
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "engine/scene/material.hpp"
#include "engine/scene/mesh.hpp"

namespace skyhook::scene {

// A node of the model's own hierarchy, flattened: each placement of a mesh with its model-space transform.
struct MeshInstance {
    uint32_t mesh = 0;
    glm::mat4 transform{1.0f};
};

struct Model {
    std::string name;
    std::vector<Mesh> meshes;
    std::vector<Material> materials;  // at least one (a default is added when the source has none)
    std::vector<Texture> textures;
    std::vector<MeshInstance> instances;
};

// A model's structure without its payload (vertices, indices, meshlets, pixels): what placing it in a scene
// needs before its data has arrived — parts, bounds, materials, LOD chains and how much GPU memory it takes.
// Read cheaply from a cooked file's structure (asset::readCookedOutline) or taken from a loaded model.
struct MeshOutline {
    std::string name;
    uint32_t material = 0;  // index into ModelOutline::materials
    glm::vec3 boundsMin{0.0f};
    glm::vec3 boundsMax{0.0f};
    uint64_t vertexCount = 0;
    uint64_t indexCount = 0;    // every LOD
    std::vector<MeshLod> lods;  // empty: uncooked (the whole index range is the only LOD)
    uint64_t meshletCount = 0;  // 0: none yet (the renderer builds them when the data arrives)
    uint64_t meshletVertexCount = 0;
    uint64_t meshletTriangleBytes = 0;
};

struct ModelOutline {
    std::string name;
    std::vector<MeshOutline> meshes;
    std::vector<Material>
        materials;  // texture indices refer to the model's textures, which come with the data
    uint32_t textureCount = 0;
    std::vector<MeshInstance> instances;  // empty: every mesh once, untransformed
};

ModelOutline outlineOf(const Model& model);
// Empty when `model` is what `outline` describes (the same meshes, LOD chains, materials and placements);
// else what differs (a cooked file replaced between reading its outline and its data, say).
std::string outlineMismatch(const ModelOutline& outline, const Model& model);

}  // namespace skyhook::scene
