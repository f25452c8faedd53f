#pragma once
// Private to the asset module: assimp materials → glTF metallic-roughness materials, with their textures.
#include <filesystem>

#include <assimp/scene.h>

#include "engine/asset/import.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::asset::detail {

// Fills model.materials (one per aiMaterial, or one default when there are none) and model.textures.
// Never fails: a texture that cannot be found or decoded is logged as a warning and left out.
void convertMaterials(const aiScene& scene, const std::filesystem::path& modelPath,
                      const ImportOptions& options, scene::Model& model);

}  // namespace skyhook::asset::detail
