#pragma once
// Frustum culling math shared by the GPU culling pass (shaders/cull.comp, which mirrors it) and its CPU
// reference: the tests compare the two.
#include <array>
#include <cstdint>
#include <span>

#include <glm/glm.hpp>

namespace skyhook::render {

// The frustum of a reversed-Z infinite projection in the space `viewProj` maps from: left, right, bottom,
// top and near planes (the far plane is at infinity). A point p is inside when dot(plane.xyz, p) + plane.w >=
// 0.
std::array<glm::vec4, 5> frustumPlanes(const glm::mat4& viewProj);

// The sides and far end of a shadow cascade's box (reversed depth: 1 nearest the sun); it has no near side,
// since casters between the sun and the box still cast shadows into it.
std::array<glm::vec4, 5> shadowCasterPlanes(const glm::mat4& cascadeViewProj);

// Whether a sphere touches the frustum (conservative: a sphere outside near a corner may count as inside).
bool sphereVisible(const std::array<glm::vec4, 5>& planes, const glm::vec3& center, float radius);

// A model-space bounding sphere moved by `model` (radius scaled by the largest axis scale).
glm::vec4 transformSphere(const glm::mat4& model, const glm::vec4& sphere);

// The LOD to draw: the coarsest whose error (relative to the bounding radius, non-decreasing along the
// chain) projects under `thresholdPixels` for a sphere of `radius` whose nearest point is `distance` away;
// `pixelsPerUnit` is how many pixels one unit at distance 1 covers.
uint32_t selectLod(std::span<const float> relativeErrors, float radius, float distance, float pixelsPerUnit,
                   float thresholdPixels);

}  // namespace skyhook::render
