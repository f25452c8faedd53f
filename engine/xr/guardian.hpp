#pragma once
// The guardian: a grid on the play area's walls (venue.hpp) that fades in as a tracked head or hand comes
// within GuardianSettings::distance of a wall and is fully there at the wall or outside the bounds. Pure
// geometry in hall coordinates, placed in the scene by the venue's origin and handed to the renderer as
// overlay lines (render/overlay_lines.hpp), which draws them into every eye. Unit-tested.
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "engine/render/overlay_lines.hpp"
#include "engine/xr/venue.hpp"

namespace skyhook::xr {

// Distance (metres) from `p` (hall x, z) to the polygon's nearest edge; `inside` says on which side.
double boundaryDistance(std::span<const glm::dvec2> polygon, const glm::dvec2& p, bool* inside = nullptr);

// Each wall's opacity in [0, 1] (wall i runs from bounds[i] to bounds[i + 1]) for tracked points in hall
// coordinates (only x and z count): 1 - distance / fade for a point inside, 1 for every wall when any point
// is outside; the largest over the points. No points, or the guardian disabled: all 0.
std::vector<float> wallOpacities(const Venue& venue, std::span<const glm::vec3> points);

// The grid of every wall with a visible opacity, in scene coordinates (through `origin`): vertical lines
// every `spacing` along the wall and horizontal ones every `spacing` up to `height`, the colour's alpha
// scaled by the wall's opacity. Appends to `out`.
void guardianLines(const Venue& venue, std::span<const float> opacities, const Origin& origin,
                   std::vector<render::OverlayLine>& out);

}  // namespace skyhook::xr
