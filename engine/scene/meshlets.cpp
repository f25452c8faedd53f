#include "engine/scene/meshlets.hpp"

#include <fmt/format.h>
#include <meshoptimizer.h>

namespace skyhook::scene {

void buildMeshlets(Mesh& mesh, float coneWeight) {
    mesh.meshlets.clear();
    mesh.meshletVertices.clear();
    mesh.meshletTriangles.clear();
    for (MeshLod& lod : mesh.lods) {
        lod.meshletOffset = static_cast<uint32_t>(mesh.meshlets.size());
        lod.meshletCount = 0;
        if (lod.indexCount == 0 || mesh.vertices.empty()) continue;
        const uint32_t* indices = mesh.indices.data() + lod.indexOffset;
        const size_t maxMeshlets =
            meshopt_buildMeshletsBound(lod.indexCount, kMeshletMaxVertices, kMeshletMaxTriangles);
        std::vector<meshopt_Meshlet> meshlets(maxMeshlets);
        std::vector<uint32_t> vertices(maxMeshlets * kMeshletMaxVertices);
        std::vector<uint8_t> triangles(maxMeshlets * kMeshletMaxTriangles * 3);
        const size_t count =
            meshopt_buildMeshlets(meshlets.data(), vertices.data(), triangles.data(), indices, lod.indexCount,
                                  &mesh.vertices[0].position.x, mesh.vertices.size(), sizeof(Vertex),
                                  kMeshletMaxVertices, kMeshletMaxTriangles, coneWeight);
        const uint32_t vertexBase = static_cast<uint32_t>(mesh.meshletVertices.size());
        const uint32_t triangleBase = static_cast<uint32_t>(mesh.meshletTriangles.size());
        for (size_t i = 0; i < count; ++i) {
            const meshopt_Meshlet& m = meshlets[i];
            const meshopt_Bounds b = meshopt_computeMeshletBounds(
                &vertices[m.vertex_offset], &triangles[m.triangle_offset], m.triangle_count,
                &mesh.vertices[0].position.x, mesh.vertices.size(), sizeof(Vertex));
            mesh.meshlets.push_back({.vertexOffset = vertexBase + m.vertex_offset,
                                     .triangleOffset = triangleBase + m.triangle_offset,
                                     .vertexCount = m.vertex_count,
                                     .triangleCount = m.triangle_count,
                                     .center = {b.center[0], b.center[1], b.center[2]},
                                     .radius = b.radius,
                                     .coneAxis = {b.cone_axis[0], b.cone_axis[1], b.cone_axis[2]},
                                     .coneCutoff = b.cone_cutoff});
        }
        if (count > 0) {
            // meshoptimizer starts each meshlet's triangles at a multiple of 4 bytes.
            const meshopt_Meshlet& last = meshlets[count - 1];
            mesh.meshletVertices.insert(mesh.meshletVertices.end(), vertices.begin(),
                                        vertices.begin() + last.vertex_offset + last.vertex_count);
            mesh.meshletTriangles.insert(
                mesh.meshletTriangles.end(), triangles.begin(),
                triangles.begin() + last.triangle_offset + ((last.triangle_count * 3 + 3) & ~3u));
        }
        lod.meshletCount = static_cast<uint32_t>(count);
    }
}

bool hasMeshletsForEveryLod(const Mesh& mesh) {
    return !mesh.lods.empty() && meshletError(mesh).empty();
}

std::string meshletError(const Mesh& mesh) {
    uint32_t expected = 0;  // LODs' meshlets are contiguous, in LOD order
    for (size_t l = 0; l < mesh.lods.size(); ++l) {
        const MeshLod& lod = mesh.lods[l];
        if (lod.meshletOffset != expected)
            return fmt::format("LOD {} meshlets start at {}, expected {}", l, lod.meshletOffset, expected);
        if (uint64_t{lod.meshletOffset} + lod.meshletCount > mesh.meshlets.size())
            return fmt::format("LOD {} meshlets {}+{} lie outside the {} meshlets", l, lod.meshletOffset,
                               lod.meshletCount, mesh.meshlets.size());
        expected += lod.meshletCount;
        uint64_t triangles = 0;
        for (uint32_t i = lod.meshletOffset; i < lod.meshletOffset + lod.meshletCount; ++i)
            triangles += mesh.meshlets[i].triangleCount;
        if (triangles != lod.indexCount / 3)
            return fmt::format("LOD {} meshlets hold {} triangles, the LOD has {}", l, triangles,
                               lod.indexCount / 3);
    }
    if (expected != mesh.meshlets.size())
        return fmt::format("{} meshlets but the LODs name {}", mesh.meshlets.size(), expected);
    for (size_t i = 0; i < mesh.meshlets.size(); ++i) {
        const Meshlet& ml = mesh.meshlets[i];
        if (ml.vertexCount == 0 || ml.vertexCount > kMeshletMaxVertices || ml.triangleCount == 0 ||
            ml.triangleCount > kMeshletMaxTriangles)
            return fmt::format("meshlet {} has {} vertices and {} triangles (limits {} and {})", i,
                               ml.vertexCount, ml.triangleCount, kMeshletMaxVertices, kMeshletMaxTriangles);
        if (uint64_t{ml.vertexOffset} + ml.vertexCount > mesh.meshletVertices.size() ||
            uint64_t{ml.triangleOffset} + uint64_t{ml.triangleCount} * 3 > mesh.meshletTriangles.size())
            return fmt::format("meshlet {} ranges lie outside the meshlet arrays", i);
        for (uint32_t v = 0; v < ml.vertexCount; ++v)
            if (mesh.meshletVertices[ml.vertexOffset + v] >= mesh.vertices.size())
                return fmt::format("meshlet {} vertex {} is out of range", i, v);
        for (uint32_t t = 0; t < ml.triangleCount * 3; ++t)
            if (mesh.meshletTriangles[ml.triangleOffset + t] >= ml.vertexCount)
                return fmt::format("meshlet {} triangle corner {} is out of range", i, t);
    }
    return {};
}

}  // namespace skyhook::scene
