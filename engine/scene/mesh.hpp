#pragma once
// Engine meshes: what the importer produces, the cooker optimises and the renderer uploads.
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace skyhook::scene {

// Matches shaders/shared/scene_layout.h GpuVertex (48 bytes).
struct Vertex {
    glm::vec3 position{0.0f};
    float u = 0.0f;
    glm::vec3 normal{0.0f, 0.0f, 1.0f};
    float v = 0.0f;
    glm::vec4 tangent{1.0f, 0.0f, 0.0f, 1.0f};  // xyz tangent, w bitangent sign
};
static_assert(sizeof(Vertex) == 48);

// One level of detail: a range of Mesh::indices. LOD 0 is the full mesh.
struct MeshLod {
    uint32_t indexOffset = 0;
    uint32_t indexCount = 0;
    // Simplification error relative to the mesh's bounding radius (0 for LOD 0); non-decreasing along the
    // chain.
    float error = 0.0f;
    // This LOD's meshlets: Mesh::meshlets[meshletOffset .. + meshletCount] (see scene/meshlets.hpp).
    uint32_t meshletOffset = 0;
    uint32_t meshletCount = 0;
};

// A meshlet (cluster) of one LOD: ≤ 64 vertices, ≤ 124 triangles, with bounds for culling.
struct Meshlet {
    uint32_t vertexOffset = 0;    // into Mesh::meshletVertices
    uint32_t triangleOffset = 0;  // into Mesh::meshletTriangles (3 bytes a triangle)
    uint32_t vertexCount = 0;
    uint32_t triangleCount = 0;
    glm::vec3 center{0.0f};  // bounding sphere
    float radius = 0.0f;
    glm::vec3 coneAxis{0.0f};  // normal cone for backface culling
    float coneCutoff = 1.0f;
};

struct Mesh {
    std::string name;
    std::vector<Vertex> vertices;
    std::vector<uint32_t> indices;          // all LODs, LOD 0 first
    std::vector<MeshLod> lods;              // at least one once cooked
    std::vector<Meshlet> meshlets;          // every LOD's, in LOD order
    std::vector<uint32_t> meshletVertices;  // indices into vertices
    std::vector<uint8_t> meshletTriangles;  // local indices into the meshlet's vertices
    glm::vec3 boundsMin{0.0f};
    glm::vec3 boundsMax{0.0f};
    uint32_t material = 0;  // index into Model::materials
};

}  // namespace skyhook::scene
