#pragma once
// Internal to engine/scene: the pieces of the scene-file parser shared between its source files.
#include <filesystem>
#include <map>
#include <string>

#include "engine/scene/detail/json_fields.hpp"
#include "engine/scene/material.hpp"
#include "engine/scene/scene.hpp"

namespace skyhook::scene::detail {

using MaterialTable = std::map<std::string, Material, std::less<>>;

// Reads a material's fields over `base` (scene_file.cpp).
Material parseMaterial(ObjectReader& r, Material base);

// Parses the "nodes" array at `path`, expands grids and appends the nodes (parents first) and the
// deduplicated model references to `scene` (scene_nodes.cpp).
void parseNodes(ParseContext& ctx, const Json& nodes, const std::string& path, const MaterialTable& materials,
                const std::filesystem::path& baseDir, Scene& scene);

}  // namespace skyhook::scene::detail
