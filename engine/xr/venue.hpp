#pragma once
// The physical hall as a venue file describes it (JSON in scenes/venues/; format and calibration:
// engine/xr/README.md#venue-files): the STAGE reference space (the floor point the runtime's guardian set-up
// calls its origin), where that origin sits in the scene and which way the hall faces (the calibration),
// the play area's bounds as a polygon on the floor in hall coordinates, and the guardian's settings. Parsing
// is pure; errors name the file, the JSON path and the reason.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/core/result.hpp"
#include "engine/xr/stereo_views.hpp"

namespace skyhook::xr {

struct GuardianSettings {
    bool enabled = true;
    double distance = 0.4;  // metres: the grid starts to show when a head or hand comes this close to a wall
    double height = 2.5;    // metres: the walls' height
    double spacing = 0.5;   // metres between grid lines
    glm::vec4 color{0.25f, 0.85f, 1.0f, 1.0f};  // sRGB-encoded; alpha is the opacity at (or past) the wall
};

struct Venue {
    std::string name;
    // The hall: its STAGE origin's place in the scene (metres, double) and the hall's orientation in it.
    glm::dvec3 offset{0.0};
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};
    // The play area on the floor, hall coordinates (x, z) in metres; a simple polygon, either winding.
    std::vector<glm::dvec2> bounds;
    GuardianSettings guardian;

    Origin origin() const { return {.position = offset, .orientation = rotation}; }
};

inline constexpr size_t kMaxBoundsPoints = 256;

Result<Venue> parseVenue(std::string_view json, std::string_view nameForErrors);
Result<Venue> loadVenueFile(const std::filesystem::path& path);

// The runtime's play-area rectangle (xrGetReferenceSpaceBoundsRect: width along x, depth along z, centred
// on the STAGE origin) against the venue's bounds: empty when they agree within `tolerance` metres, else
// what differs (for a warning the venue technician reads).
std::string compareBoundsRect(const Venue& venue, float width, float depth, double tolerance = 0.25);

}  // namespace skyhook::xr
