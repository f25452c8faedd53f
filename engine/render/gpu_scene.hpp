#pragma once
// The scene on the GPU: every mesh's vertices and indices in two shared buffers, materials in a buffer,
// textures in the bindless table. Built once when a scene loads; instances and lights are written per frame
// by the renderer.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "engine/core/result.hpp"
#include "engine/gpu/bindless.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/gpu/upload.hpp"
#include "engine/scene/model.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

struct GpuLod {
    uint32_t firstIndex = 0;
    uint32_t indexCount = 0;
    float error = 0.0f;         // relative to the bounding-sphere radius (0 for LOD 0)
    uint32_t firstMeshlet = 0;  // into the scene's meshlet table (when meshlets were uploaded)
    uint32_t meshletCount = 0;
};

struct GpuMesh {
    uint32_t vertexOffset = 0;
    uint32_t firstIndex = 0;  // LOD 0
    uint32_t indexCount = 0;
    uint32_t material = 0;  // global material index
    glm::vec3 boundsMin{0.0f};
    glm::vec3 boundsMax{0.0f};
    std::vector<GpuLod> lods;  // LOD 0 first; at most SKYHOOK_MAX_LODS
};

// A model as the renderer sees it: its meshes' GPU ranges and where each is placed in model space.
struct GpuModel {
    struct Part {
        uint32_t mesh = 0;  // index into GpuScene::meshes()
        glm::mat4 transform{1.0f};
    };
    std::vector<Part> parts;
    uint32_t firstMaterial = 0;
    uint32_t materialCount = 0;
};

class GpuScene {
public:
    GpuScene(gpu::Device& device, gpu::Uploader& uploader, gpu::BindlessTextures& bindless);
    ~GpuScene();

    // Uploads all models at once (sizes known up front). Materials given per node override a model's
    // materials; they are appended with addMaterial(). With `meshlets`, every LOD's meshlets go up too
    // (built here for meshes that arrive without them, e.g. uncooked ones) for the mesh-shader path.
    Result<void> build(const std::vector<const scene::Model*>& models, bool meshlets = false);
    Result<uint32_t> addMaterial(const scene::Material& material,
                                 const std::vector<int32_t>& textureRemap = {});
    // Uploads the material table (after build and addMaterial calls).
    Result<void> finishMaterials();

    const std::vector<GpuModel>& models() const { return m_models; }
    const std::vector<GpuMesh>& meshes() const { return m_meshes; }
    VkBuffer indexBuffer() const { return m_indices.vk(); }
    VkDeviceAddress vertexAddress() const { return m_vertices.address(); }
    VkDeviceAddress materialAddress() const { return m_materials.address(); }
    VkDeviceAddress meshInfoAddress() const {
        return m_meshInfo.address();
    }  // GpuMeshInfo per mesh (culling)
    uint32_t materialCount() const;
    // The GpuMeshletTables record (0 unless built with meshlets) and the most meshlets any one LOD has.
    VkDeviceAddress meshletTablesAddress() const { return m_meshletTables ? m_meshletTables.address() : 0; }
    uint32_t maxLodMeshlets() const { return m_maxLodMeshlets; }
    uint64_t meshletCount() const { return m_meshletCount; }
    // The material records as uploaded (the renderer patches animated ones per frame).
    std::vector<gpu_layout::GpuMaterial> materialTable() const;
    // What the pipeline choice needs to know about a material.
    struct MaterialTraits {
        bool blend = false;
        bool doubleSided = false;
    };
    MaterialTraits materialTraits(uint32_t material) const { return m_traits.at(material); }
    uint64_t gpuBytes() const;
    uint32_t triangleCount() const { return m_triangles; }

private:
    Result<int32_t> addTexture(const scene::Texture& texture);
    struct MeshletTables;  // CPU side while building (gpu_scene.cpp)
    void appendMeshlets(MeshletTables& tables, const scene::Mesh& mesh, uint32_t vertexOffset,
                        std::vector<GpuLod>& lods) const;
    Result<void> uploadMeshlets(const MeshletTables& tables);
    Result<gpu::Buffer> storageBuffer(const std::string& name, std::span<const uint8_t> bytes);

    gpu::Device& m_device;
    gpu::Uploader& m_uploader;
    gpu::BindlessTextures& m_bindless;
    gpu::Sampler m_sampler;
    gpu::Buffer m_vertices;
    gpu::Buffer m_indices;
    gpu::Buffer m_materials;
    gpu::Buffer m_meshInfo;
    gpu::Buffer m_meshlets;          // GpuMeshlet per meshlet of every LOD of every mesh
    gpu::Buffer m_meshletVertices;   // uint: scene vertex index per meshlet vertex
    gpu::Buffer m_meshletTriangles;  // uint: three packed local vertex indices per triangle
    gpu::Buffer m_meshletTables;     // GpuMeshletTables: where the three above are
    uint32_t m_maxLodMeshlets = 0;
    uint64_t m_meshletCount = 0;
    std::vector<gpu::Image> m_textures;
    std::vector<uint32_t> m_textureSlots;
    std::vector<GpuMesh> m_meshes;
    std::vector<GpuModel> m_models;
    std::vector<uint8_t> m_cpuMaterials;  // packed GpuMaterial records
    std::vector<MaterialTraits> m_traits;
    uint32_t m_triangles = 0;
};

}  // namespace skyhook::render
