#pragma once
// Scene files: JSON describing the environment, cameras, lights, named materials, cells, a node hierarchy
// (with grids), instance and light rules (kept as rules, never expanded) and animation tracks. The format is
// documented with examples in scenes/README.md.
//
// Errors name the file and where: syntax errors as "file:line:column: message", semantic errors with the JSON
// pointer of the bad value ("scenes/x.json: /nodes/3/position: expected an array of 3 numbers, got a
// string"). Unknown keys are logged as warnings (module "scene") with their path, since they are usually
// typos. Parsing never touches the file system beyond reading the scene file itself: asset paths are resolved
// to absolute paths but need not exist yet.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/scene/scene.hpp"

namespace skyhook::scene {

// Scenes expand to at most this many nodes (grids included); larger ones are rejected rather than allowed to
// exhaust memory.
inline constexpr uint64_t kMaxSceneNodes = 1'000'000;
// How deeply "children" may nest.
inline constexpr int kMaxNodeDepth = 64;
// Cells, rules (of each kind) and tracks per scene, and keys per track. Instances per rule: kMaxRuleInstances
// (rules.hpp).
inline constexpr size_t kMaxCells = 65'536;
inline constexpr size_t kMaxRules = 65'536;
inline constexpr size_t kMaxTracks = 65'536;
inline constexpr size_t kMaxTrackKeys = 1'048'576;

// Reads and parses a scene file; asset paths are relative to the file's folder.
Result<Scene> loadSceneFile(const std::filesystem::path& path);

// Parses scene JSON. Relative asset paths are resolved against baseDir; nameForErrors prefixes every message
// (usually the file's path) and its stem names the scene when the JSON has no "name".
Result<Scene> parseScene(std::string_view json, const std::filesystem::path& baseDir,
                         std::string_view nameForErrors);

// A camera framing the given nodes (their positions, grown by their scale) and instance rules (their bounds),
// looking at their centre from the front and slightly above; what a scene without cameras gets.
Camera defaultCameraFor(const Scene& scene);

}  // namespace skyhook::scene
