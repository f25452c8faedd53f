#pragma once
// Built-in meshes (sphere, cube, plane) that the renderer can draw without cooking: test scenes, placeholders
// for missing assets, debug geometry. Right-handed, Y up, metres; front faces are counter-clockwise seen from
// outside. UVs have their origin at the top-left of the image (glTF); tangents follow glTF: the bitangent
// cross(normal, tangent.xyz) * tangent.w points towards the top of the image (decreasing v), so unmirrored
// mappings have w = +1 and glTF normal maps work unchanged.
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/scene/material.hpp"
#include "engine/scene/mesh.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::scene {

// UV sphere centred on the origin. segments >= 3 (around Y), rings >= 2 (pole to pole); the seam and the
// poles duplicate vertices so UVs stay continuous. u = 0 at +Z going towards +X, v = 0 at the north (+Y)
// pole.
Mesh makeSphere(uint32_t segments, uint32_t rings, float radius);
// Axis-aligned cube centred on the origin, 24 vertices (hard edges); each face carries the full [0,1]² UV
// square, upright when seen from outside (side faces with +Y up, the top with -Z up, the bottom with +Z up).
Mesh makeCube(float halfExtent);
// Square in the XZ plane facing +Y, centred on the origin, split into subdivisions² quads (>= 1).
// u grows along +X, v along +Z.
Mesh makePlane(float halfExtent, uint32_t subdivisions);

// The names makePrimitiveModel accepts: "sphere" (radius 0.5 m), "cube" (1 m edges), "plane" (1 m × 1 m):
// all one metre across, so a node's scale is its size in metres.
std::span<const std::string_view> primitiveNames();
// The material a primitive gets when its node sets none: light grey dielectric.
Material defaultPrimitiveMaterial();
// A model with one mesh, one default material and one identity instance, named "primitive:<name>".
// Unknown names give an error listing the known ones.
Result<Model> makePrimitiveModel(std::string_view name);

}  // namespace skyhook::scene
