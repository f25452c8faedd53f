#pragma once
// Cooking: turns an imported model into what the renderer draws — vertex-cache/overdraw/fetch-optimised
// meshes, a LOD chain, meshlets of every LOD with culling bounds, and full texture mip chains.
#include <cstdint>
#include <functional>
#include <string_view>

#include "engine/core/result.hpp"
#include "engine/scene/meshlets.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::asset {

// Reports progress: stage is "meshes" or "textures" (or a caller's own stage), fraction in [0, 1].
using ProgressFn = std::function<void(std::string_view stage, float fraction)>;

inline constexpr uint32_t kMaxLods = 8;
inline constexpr uint32_t kMeshletMaxVertices = scene::kMeshletMaxVertices;
inline constexpr uint32_t kMeshletMaxTriangles = scene::kMeshletMaxTriangles;

struct CookOptions {
    bool optimizeOverdraw = true;
    // meshopt_optimizeOverdraw threshold: how much worse the vertex cache may get to reduce overdraw.
    float overdrawThreshold = 1.05f;
    bool buildLods = true;
    // The chain stops once a LOD has fewer triangles than this (or simplification stalls, or kMaxLods).
    uint32_t lodMinTriangles = 64;
    // A LOD must drop at least this fraction of its predecessor's triangles, else simplification has stalled.
    float lodMinReduction = 0.1f;
    // Largest simplification error accepted for any LOD, relative to the mesh extent (meshopt's units).
    float lodMaxError = 0.5f;
    bool buildMeshlets = true;
    float meshletConeWeight = 0.25f;
    bool buildMips = true;
};

// Cooks every mesh and texture in place. Idempotent: cooking a cooked model rebuilds from LOD 0 and mip 0.
// Mesh::lods[i].error is the simplification error of LOD i relative to the mesh's bounding radius
// (half the diagonal of boundsMin..boundsMax): multiply by the radius to get model units. It is 0 for LOD 0
// and non-decreasing along the chain. Errors: meshes whose vertex data cannot be cooked (non-finite
// positions, indices out of range, empty index lists).
Result<void> cookModel(scene::Model& model, const CookOptions& options = {}, ProgressFn progress = {});

// The bounding radius the LOD errors are relative to.
float lodErrorRadius(const scene::Mesh& mesh);

}  // namespace skyhook::asset
