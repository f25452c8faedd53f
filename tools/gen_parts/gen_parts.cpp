#include "tools/gen_parts/gen_parts.hpp"

#include <array>

namespace skyhook::tools::parts {

std::span<const PartSpec> partCatalog() {
    static constexpr std::array<PartSpec, 6> kParts = {{
        {"tether_segment", "tether axis, bottom of the segment; tiles along +Y every 1 m",
         buildTetherSegment},
        {"climber", "tether axis, lowest point of the bottom wheels", buildClimber},
        {"ground_station", "tether axis at ground level; the tether leaves at y = 160 m", buildGroundStation},
        {"geo_station", "tether axis at the hub's centre (symmetric about y = 0)", buildGeoStation},
        {"counterweight", "tether axis where the tether meets its underside", buildCounterweight},
        {"engine_tower", "centre of the footprint at ground level; nozzle lip at y = 11,000 m",
         buildEngineTower},
    }};
    return kParts;
}

const PartSpec* findPart(std::string_view name) {
    for (const PartSpec& p : partCatalog())
        if (p.name == name) return &p;
    return nullptr;
}

Result<std::filesystem::path> writePart(std::string_view name, const std::filesystem::path& outDir) {
    const PartSpec* spec = findPart(name);
    if (!spec) return Error::make("unknown part '{}'", name);
    return writeGltf(spec->build(), outDir);
}

Result<std::vector<std::filesystem::path>> writeAllParts(const std::filesystem::path& outDir) {
    std::vector<std::filesystem::path> written;
    for (const PartSpec& p : partCatalog()) {
        auto path = writePart(p.name, outDir);
        if (!path) return path.error();
        written.push_back(*path);
    }
    return written;
}

}  // namespace skyhook::tools::parts
