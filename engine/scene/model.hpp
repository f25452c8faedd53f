#pragma once
// A model: meshes, materials and textures loaded from one asset file (the unit the cooker writes).
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

}  // namespace skyhook::scene
