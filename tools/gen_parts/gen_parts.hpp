#pragma once
// Parametric parts of the space elevator and the planetary engines, written as glTF 2.0 through assimp's
// exporter (see README.md for anchors, sizes and triangle counts). Same bytes on every run.
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "tools/gen_parts/part.hpp"

namespace skyhook::tools::parts {

// The tether truss repeats along +Y with this pitch: segment k occupies y ∈ [k·pitch, (k+1)·pitch].
inline constexpr float kTetherPitch = 1.0f;
// Where the tether leaves the ground station's anchor socket (on the Y axis).
inline constexpr float kGroundStationTetherY = 160.0f;
// The engine tower's height from its base (y = 0) to the nozzle lip.
inline constexpr float kEngineTowerHeight = 11000.0f;

struct PartSpec {
    std::string_view name;
    std::string_view anchor;  // where the origin is, for the README and `--list`
    Part (*build)();
};

// Every part, in a fixed order.
std::span<const PartSpec> partCatalog();
const PartSpec* findPart(std::string_view name);

Part buildTetherSegment();
Part buildClimber();
Part buildGroundStation();
Part buildGeoStation();
Part buildCounterweight();
Part buildEngineTower();

// Builds and writes one part: <outDir>/<name>.gltf + <name>.bin. Returns the .gltf path.
Result<std::filesystem::path> writePart(std::string_view name, const std::filesystem::path& outDir);
// Writes every part in catalogue order.
Result<std::vector<std::filesystem::path>> writeAllParts(const std::filesystem::path& outDir);

}  // namespace skyhook::tools::parts
