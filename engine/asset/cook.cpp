#include "engine/asset/cook.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <meshoptimizer.h>

#include "engine/asset/texture_mips.hpp"
#include "engine/core/log.hpp"
#include "engine/scene/meshlets.hpp"

namespace skyhook::asset {
namespace {

constexpr std::string_view kLog = "asset";
constexpr size_t kStride = sizeof(scene::Vertex);

const float* positions(const std::vector<scene::Vertex>& v) {
    return &v[0].position.x;
}

Result<void> checkMesh(const scene::Mesh& mesh, const std::vector<uint32_t>& indices, size_t meshIndex) {
    if (mesh.vertices.empty() || indices.empty())
        return Error::make("mesh {} ('{}') has no triangles", meshIndex, mesh.name);
    if (indices.size() % 3 != 0)
        return Error::make("mesh {} ('{}') has {} indices, not a multiple of 3", meshIndex, mesh.name,
                           indices.size());
    if (mesh.vertices.size() > UINT32_MAX)
        return Error::make("mesh {} ('{}') has too many vertices", meshIndex, mesh.name);
    for (uint32_t i : indices)
        if (i >= mesh.vertices.size())
            return Error::make("mesh {} ('{}') index {} is out of range ({} vertices)", meshIndex, mesh.name,
                               i, mesh.vertices.size());
    for (const scene::Vertex& v : mesh.vertices)
        if (!std::isfinite(v.position.x) || !std::isfinite(v.position.y) || !std::isfinite(v.position.z))
            return Error::make("mesh {} ('{}') has a non-finite vertex position", meshIndex, mesh.name);
    return {};
}

void computeBounds(scene::Mesh& mesh) {
    mesh.boundsMin = mesh.boundsMax = mesh.vertices[0].position;
    for (const scene::Vertex& v : mesh.vertices) {
        mesh.boundsMin = glm::min(mesh.boundsMin, v.position);
        mesh.boundsMax = glm::max(mesh.boundsMax, v.position);
    }
}

void buildLods(scene::Mesh& mesh, const std::vector<uint32_t>& lod0, const CookOptions& options) {
    mesh.indices = lod0;
    mesh.lods = {{.indexOffset = 0, .indexCount = static_cast<uint32_t>(lod0.size()), .error = 0.0f}};
    if (!options.buildLods) return;
    const float extent = meshopt_simplifyScale(positions(mesh.vertices), mesh.vertices.size(), kStride);
    const float radius = lodErrorRadius(mesh);
    std::vector<uint32_t> lod(lod0.size());
    size_t previousCount = lod0.size();
    float previousError = 0.0f;
    while (mesh.lods.size() < kMaxLods && previousCount / 3 >= options.lodMinTriangles) {
        // Each LOD simplifies LOD 0 (not its predecessor) so its error is measured against the real surface.
        size_t target = (previousCount / 2) / 3 * 3;
        float relError = 0.0f;
        size_t count =
            meshopt_simplify(lod.data(), lod0.data(), lod0.size(), positions(mesh.vertices),
                             mesh.vertices.size(), kStride, target, options.lodMaxError, 0, &relError);
        if (count == 0 ||
            static_cast<float>(count) > static_cast<float>(previousCount) * (1.0f - options.lodMinReduction))
            break;  // stalled: the error bound or the topology stops further reduction
        meshopt_optimizeVertexCache(lod.data(), lod.data(), count, mesh.vertices.size());
        float error = radius > 0.0f ? relError * extent / radius : 0.0f;
        error = std::max(std::isfinite(error) ? error : previousError, previousError);
        mesh.lods.push_back({.indexOffset = static_cast<uint32_t>(mesh.indices.size()),
                             .indexCount = static_cast<uint32_t>(count),
                             .error = error});
        mesh.indices.insert(mesh.indices.end(), lod.begin(), lod.begin() + static_cast<ptrdiff_t>(count));
        previousCount = count;
        previousError = error;
    }
}

// Meshlets of every LOD (scene/meshlets.hpp), so the mesh-shader path can draw whichever LOD culling picks.
void buildMeshlets(scene::Mesh& mesh, const CookOptions& options) {
    mesh.meshlets.clear();
    mesh.meshletVertices.clear();
    mesh.meshletTriangles.clear();
    for (scene::MeshLod& lod : mesh.lods) lod.meshletOffset = lod.meshletCount = 0;
    if (options.buildMeshlets) scene::buildMeshlets(mesh, options.meshletConeWeight);
}

Result<void> cookMesh(scene::Mesh& mesh, size_t meshIndex, const CookOptions& options) {
    // Rebuild from LOD 0 when the mesh is already cooked (cooking is idempotent).
    std::vector<uint32_t> indices = mesh.indices;
    if (!mesh.lods.empty()) {
        const scene::MeshLod& l0 = mesh.lods[0];
        if (uint64_t{l0.indexOffset} + l0.indexCount > indices.size())
            return Error::make("mesh {} ('{}') LOD 0 lies outside its indices", meshIndex, mesh.name);
        indices.assign(mesh.indices.begin() + l0.indexOffset,
                       mesh.indices.begin() + l0.indexOffset + l0.indexCount);
    }
    SKYHOOK_TRY(checkMesh(mesh, indices, meshIndex));

    const size_t vertexCount = mesh.vertices.size();
    meshopt_optimizeVertexCache(indices.data(), indices.data(), indices.size(), vertexCount);
    if (options.optimizeOverdraw)
        meshopt_optimizeOverdraw(indices.data(), indices.data(), indices.size(), positions(mesh.vertices),
                                 vertexCount, kStride, options.overdrawThreshold);
    // Reorders vertices by first use and drops unreferenced ones; remaps the indices in place.
    std::vector<scene::Vertex> fetched(vertexCount);
    size_t used = meshopt_optimizeVertexFetch(fetched.data(), indices.data(), indices.size(),
                                              mesh.vertices.data(), vertexCount, kStride);
    fetched.resize(used);
    mesh.vertices = std::move(fetched);

    computeBounds(mesh);
    buildLods(mesh, indices, options);
    buildMeshlets(mesh, options);
    return {};
}

}  // namespace

float lodErrorRadius(const scene::Mesh& mesh) {
    return 0.5f * glm::length(mesh.boundsMax - mesh.boundsMin);
}

Result<void> cookModel(scene::Model& model, const CookOptions& options, ProgressFn progress) {
    const std::string where = model.name.empty() ? std::string("model") : "model '" + model.name + "'";
    for (size_t i = 0; i < model.meshes.size(); ++i) {
        auto cooked = cookMesh(model.meshes[i], i, options);
        if (!cooked) return cooked.error().context("cooking " + where);
        if (progress) progress("meshes", static_cast<float>(i + 1) / static_cast<float>(model.meshes.size()));
    }
    for (size_t i = 0; i < model.textures.size(); ++i) {
        scene::Texture& tex = model.textures[i];
        const scene::TextureMip* base = tex.mips.empty() ? nullptr : &tex.mips[0];
        if (!base || base->width == 0 || base->height == 0 ||
            base->pixels.size() != size_t{base->width} * base->height * 4)
            return Error::make("cooking {}: texture {} ('{}') has no valid mip 0", where, i, tex.name);
        if (options.buildMips) buildMipChain(tex);
        if (progress)
            progress("textures", static_cast<float>(i + 1) / static_cast<float>(model.textures.size()));
    }
    size_t lods = 0, meshlets = 0;
    for (const scene::Mesh& m : model.meshes) lods += m.lods.size(), meshlets += m.meshlets.size();
    log::debug(kLog, "cooked {}: {} meshes, {} LODs, {} meshlets, {} textures", where, model.meshes.size(),
               lods, meshlets, model.textures.size());
    return {};
}

}  // namespace skyhook::asset
