#pragma once
// View and projection matrices of a View, and the sun's shadow cascades fitted to a view's frustum.
// Positions are relative to a frame origin (the first view's position) so floats keep their precision.
#include <cstdint>

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

struct CascadeSet {
    glm::mat4 viewProj[SKYHOOK_MAX_CASCADES] = {};
    glm::vec4 splits{0.0f};  // view-space distance where each cascade ends
};

// Practical split scheme (log/linear blend), a bounding sphere per slice for stable size, and texel snapping
// so the shadows do not shimmer as the camera moves. Depth is reversed: nearer the sun = larger depth.
CascadeSet computeCascades(const View& view, VkExtent2D extent, const glm::vec3& sunDirection, uint32_t count,
                           float shadowDistance, uint32_t mapSize);

}  // namespace skyhook::render
