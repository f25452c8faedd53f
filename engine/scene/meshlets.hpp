#pragma once
// Meshlets: every LOD of a mesh split into clusters of at most kMeshletMaxVertices vertices and
// kMeshletMaxTriangles triangles, with a bounding sphere and a normal cone each, for the renderer's
// task/mesh-shader path. The cooker builds them for cooked models; primitives and any mesh that arrives
// without them get them here too (meshoptimizer, linked privately).
#include <cstdint>
#include <string>

#include "engine/scene/mesh.hpp"

namespace skyhook::scene {

inline constexpr uint32_t kMeshletMaxVertices = 64;
inline constexpr uint32_t kMeshletMaxTriangles = 124;

// Replaces the mesh's meshlets with those of every LOD, in LOD order: LOD i's are
// meshlets[lods[i].meshletOffset .. + lods[i].meshletCount]. Each meshlet's triangles start at a multiple
// of 4 bytes in meshletTriangles. coneWeight trades cluster compactness for tighter normal cones (0..1).
// Requires a valid mesh (indices in range, LOD ranges inside the indices).
void buildMeshlets(Mesh& mesh, float coneWeight = 0.25f);

// True when every LOD has meshlets that exactly cover its triangles' count (what the renderer relies on).
bool hasMeshletsForEveryLod(const Mesh& mesh);

// Describes the first way the meshlets break the rules (limits, ranges, LOD coverage); empty when valid.
std::string meshletError(const Mesh& mesh);

}  // namespace skyhook::scene
