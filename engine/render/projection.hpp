#pragma once
// View and projection matrices of a View, and the sun's shadow cascades fitted to a view's frustum.
// Positions are relative to a frame origin (the first view's position) so floats keep their precision.
#include <cstdint>
#include <optional>

#include <glm/glm.hpp>

#include "engine/render/view.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

// View matrix of `view` for camera-relative positions around `origin`: rotation plus the (small) offset of
// this view from the origin (eye separation, LED frusta from one tracked camera).
glm::mat4 viewMatrix(const View& view, const glm::dvec3& origin);
// Reversed-Z infinite projection in Vulkan clip space (see engine/scene/precision.hpp).
glm::mat4 projectionMatrix(const Projection& projection, float aspect);
// Tangents of the frustum's half-angles: left, right, down, up (left and down negative).
glm::vec4 frustumTangents(const Projection& projection, float aspect);
glm::mat4 cameraRelative(const glm::dmat4& world, const glm::dvec3& origin);

// The mono far field of two eyes (RenderSettings::farFieldPixels): beyond `split` metres of view depth the
// two eyes' images of a point differ by at most `pixels` from what a view between them sees, so that view
// draws it once for both. `view` sits midway between the eyes, looks where they look (halfway between their
// orientations), has its near plane at the split and a frustum that covers both eyes' beyond it, padded so
// every eye pixel's bilinear taps fall inside; its pixels are as dense as the eyes' (a whole number of them
// from each edge of a pair of identical eyes, which then take its pixels without resampling). `clearDepth`
// is the eyes' reversed-Z depth at the split, what their depth is cleared to. Nullopt: the eyes are not
// apart, not parallel enough to share a view, or their projections are not reversed-Z infinite.
struct FarField {
    View view;
    VkExtent2D extent{};
    float split = 0.0f;
    float clearDepth = 0.0f;
    float nearRadius = 0.0f;  // metres from the eyes within which a point can lie nearer than the split
};
std::optional<FarField> farFieldView(const View& left, const View& right, VkExtent2D eyeExtent, float pixels);

struct CascadeSet {
    glm::mat4 viewProj[SKYHOOK_MAX_CASCADES] = {};
    glm::vec4 splits{0.0f};  // view-space distance where each cascade ends
};

// Practical split scheme (log/linear blend), a bounding sphere per slice for stable size, and texel snapping
// so the shadows do not shimmer as the camera moves. Depth is reversed: nearer the sun = larger depth.
CascadeSet computeCascades(const View& view, VkExtent2D extent, const glm::vec3& sunDirection, uint32_t count,
                           float shadowDistance, uint32_t mapSize);

}  // namespace skyhook::render
