#pragma once
// Internal to engine/scene: the pieces of the scene-file parser shared between its source files.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "engine/core/json_fields.hpp"
#include "engine/scene/material.hpp"
#include "engine/scene/scene.hpp"

namespace skyhook::scene::detail {

// The JSON reading vocabulary of every file format (engine/core/json_fields.hpp).
using json::describe;
using json::Json;
using json::ObjectReader;
using json::ParseContext;
using json::pointerToken;
using json::Range;
using json::readDocument;
using json::readNumber;
using json::readNumbers;
using json::readVersionAndName;

using MaterialTable = std::map<std::string, Material, std::less<>>;
using CellTable = std::map<std::string, int32_t, std::less<>>;

// Reads a material's fields over `base` (scene_file.cpp).
Material parseMaterial(ObjectReader& r, Material base);
// Reads a light's fields; `index` names it when the JSON does not (scene_file.cpp).
Light parseLight(ObjectReader& r, size_t index);

// Shared by nodes and rules (scene_nodes.cpp):
// "position", "rotation" | "rotationDeg" and "scale" of an object.
Transform parseTransform(ObjectReader& r);
glm::dquat parseQuaternion(ParseContext& ctx, const Json& value, const std::string& path);
// X, then Y, then Z about the parent's axes.
glm::dquat eulerDegrees(const glm::dvec3& degrees);
// "primitive:<name>" or an asset path → index into scene.models, appending it the first time it is seen.
int32_t modelIndex(ParseContext& ctx, const Json& value, const std::string& path,
                   const std::filesystem::path& baseDir, Scene& scene);
// A material name from the table or an inline material object.
std::optional<Material> parseMaterialRef(ParseContext& ctx, const Json& value, const std::string& path,
                                         const MaterialTable& materials);
// A cell name → index into Scene::cells.
int32_t cellIndex(ParseContext& ctx, const Json& value, const std::string& path, const CellTable& cells);

// Parses the "nodes" array at `path`, expands grids and appends the nodes (parents first) and the
// deduplicated model references to `scene` (scene_nodes.cpp).
void parseNodes(ParseContext& ctx, const Json& nodes, const std::string& path, const MaterialTable& materials,
                const CellTable& cells, const std::filesystem::path& baseDir, Scene& scene);

// scene_rules.cpp: "cells" (fills scene.cells and the name table), "instances" and "lightRules".
void parseCells(ParseContext& ctx, const Json& cells, const std::string& path, Scene& scene,
                CellTable& table);
void parseInstanceRules(ParseContext& ctx, const Json& rules, const std::string& path,
                        const MaterialTable& materials, const CellTable& cells,
                        const std::filesystem::path& baseDir, Scene& scene);
void parseLightRules(ParseContext& ctx, const Json& rules, const std::string& path, const CellTable& cells,
                     Scene& scene);

// A continents mask object (`"type": "continents"`, threshold, seed, frequency, octaves), calibrated
// (scene_rules.cpp; instance rules and the planet's surface share it).
void parseMask(ObjectReader& r, ContinentsMask& m);

// scene_beams.cpp: an instance rule's "beam" block (the object at r.path()).
void parseBeam(ObjectReader& r, Beam& beam);

// scene_tracks.cpp: "tracks", after everything they can target.
void parseTracks(ParseContext& ctx, const Json& tracks, const std::string& path, Scene& scene);

}  // namespace skyhook::scene::detail
