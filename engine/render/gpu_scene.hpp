#pragma once
// The scene on the GPU: every mesh's vertices and indices in two shared buffers, materials in a buffer,
// textures in the bindless table. Planned once when a scene loads, from the models' outlines (every mesh and
// material has its index from then on); each model's data is added when it arrives — at once, or streamed
// while the show runs. A mesh whose data has not arrived is drawn as nothing (GpuMeshInfo::lodCount 0).
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
    std::vector<GpuLod> lods;  // LOD 0 first; at most SKYHOOK_MAX_LODS; empty until the data is resident
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
    uint32_t firstMesh = 0;  // its meshes are meshes()[firstMesh .. + meshCount]
    uint32_t meshCount = 0;
    bool resident = false;  // its data (or a placeholder) is on the GPU
};

class GpuScene {
public:
    GpuScene(gpu::Device& device, gpu::Uploader& uploader, gpu::BindlessTextures& bindless);
    ~GpuScene();

    // Gives every model, mesh and material of `outlines` its index and sizes the shared buffers for all of
    // them; no mesh is drawn yet. Materials given per node override a model's materials; they are appended
    // with addMaterial(). With `meshlets`, every LOD's meshlets go up too (built when a mesh arrives without
    // them, e.g. uncooked) for the mesh-shader path.
    Result<void> plan(const std::vector<const scene::ModelOutline*>& outlines, bool meshlets = false);
    // Uploads model `model`'s data (it must match its outline) through the uploader and patches its meshes'
    // culling records, meshlet ranges and materials. Buffers that are too small grow (copied on the GPU, the
    // old one retired frame-deferred). Before finishMaterials() the materials are only written on the CPU.
    Result<void> addModelData(uint32_t model, const scene::Model& data);
    // Draws model `model` as glowing boxes instead: each mesh becomes a box of its bounds (the cube of
    // `placeholder`, scaled) with `material` in every material slot of the model.
    Result<void> addPlaceholder(uint32_t model, const scene::Model& placeholder,
                                const scene::Material& material);
    // Uploads the culling records, materials and meshlet-table addresses changed since the last flush (once
    // per upload batch: after the models a frame adds).
    Result<void> flush();
    // plan() and addModelData() for every model, then flush().
    Result<void> build(const std::vector<const scene::Model*>& models, bool meshlets = false);
    Result<uint32_t> addMaterial(const scene::Material& material,
                                 const std::vector<int32_t>& textureRemap = {});
    // Uploads the material table (after build and addMaterial calls).
    Result<void> finishMaterials();

    const std::vector<GpuModel>& models() const { return m_models; }
    const std::vector<GpuMesh>& meshes() const { return m_meshes; }
    VkBuffer indexBuffer() const { return m_indices.buffer.vk(); }
    VkDeviceAddress vertexAddress() const { return m_vertices.buffer.address(); }
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
    uint32_t triangleCount() const { return m_triangles; }  // every mesh at LOD 0, resident or not

private:
    // A buffer filled front to back; appending past its capacity moves it to a larger one.
    struct Growable {
        gpu::Buffer buffer;
        VkDeviceSize used = 0;
        std::string name;
        VkBufferUsageFlags usage = 0;
    };
    Result<void> createGrowable(Growable& g, const std::string& name, VkBufferUsageFlags usage,
                                VkDeviceSize capacity);
    // Returns the offset `bytes` went to.
    Result<VkDeviceSize> append(Growable& g, std::span<const uint8_t> bytes);
    // Uploads mesh `index`'s geometry (and meshlets) and its culling record.
    Result<void> addMeshData(uint32_t index, const scene::Mesh& mesh);
    Result<void> uploadMeshInfos(uint32_t first, uint32_t count);
    void markMeshInfos(uint32_t first, uint32_t count);
    void markMaterials(uint32_t first, uint32_t count);
    Result<void> uploadMaterials(uint32_t first, uint32_t count);
    Result<void> uploadMeshletTables();
    Result<int32_t> addTexture(const scene::Texture& texture);
    Result<gpu::Buffer> storageBuffer(const std::string& name, std::span<const uint8_t> bytes);
    gpu_layout::GpuMaterial gpuMaterial(const scene::Material& material,
                                        const std::vector<int32_t>& textureRemap) const;

    gpu::Device& m_device;
    gpu::Uploader& m_uploader;
    gpu::BindlessTextures& m_bindless;
    gpu::Sampler m_sampler;
    bool m_withMeshlets = false;
    Growable m_vertices;
    Growable m_indices;
    gpu::Buffer m_materials;
    gpu::Buffer m_meshInfo;
    Growable m_meshlets;                          // GpuMeshlet per meshlet of every LOD of every mesh
    Growable m_meshletVertices;                   // uint: scene vertex index per meshlet vertex
    Growable m_meshletTriangles;                  // uint: three packed local vertex indices per triangle
    gpu::Buffer m_meshletTables;                  // GpuMeshletTables: where the three above are
    uint32_t m_dirtyFirst = ~0u, m_dirtyEnd = 0;  // mesh records to upload at the next flush()
    uint32_t m_materialsDirtyFirst = ~0u, m_materialsDirtyEnd = 0;
    bool m_meshletTablesDirty = false;
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
