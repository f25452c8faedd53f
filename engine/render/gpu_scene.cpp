#include "engine/render/gpu_scene.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "engine/core/log.hpp"
#include "engine/scene/meshlets.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

using gpu_layout::GpuMaterial;
using gpu_layout::GpuVertex;
static_assert(sizeof(GpuVertex) == sizeof(scene::Vertex), "scene::Vertex must match GpuVertex");

GpuScene::GpuScene(gpu::Device& device, gpu::Uploader& uploader, gpu::BindlessTextures& bindless)
    : m_device(device), m_uploader(uploader), m_bindless(bindless) {}

GpuScene::~GpuScene() {
    for (uint32_t slot : m_textureSlots) m_bindless.remove(slot);
}

Result<int32_t> GpuScene::addTexture(const scene::Texture& texture) {
    if (texture.mips.empty() || texture.mips[0].width == 0 || texture.mips[0].height == 0)
        return Error::make("texture '{}' has no pixels", texture.name);
    if (!m_sampler) {
        auto s = gpu::Sampler::create(m_device, {.debugName = "material_sampler", .maxAnisotropy = 8.0f});
        if (!s) return s.error();
        m_sampler = std::move(*s);
    }
    VkFormat format = texture.format == scene::TextureFormat::Rgba8Srgb ? VK_FORMAT_R8G8B8A8_SRGB
                                                                        : VK_FORMAT_R8G8B8A8_UNORM;
    auto image =
        gpu::Image::create(m_device, {.debugName = texture.name.empty() ? "texture" : texture.name,
                                      .format = format,
                                      .extent = {texture.mips[0].width, texture.mips[0].height},
                                      .mipLevels = static_cast<uint32_t>(texture.mips.size()),
                                      .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT});
    if (!image) return image.error();
    std::vector<gpu::MipData> mips;
    for (const auto& m : texture.mips) {
        if (m.pixels.size() != size_t(m.width) * m.height * 4)
            return Error::make("texture '{}': mip of {}x{} has {} bytes", texture.name, m.width, m.height,
                               m.pixels.size());
        mips.push_back({{m.width, m.height}, m.pixels});
    }
    SKYHOOK_TRY(m_uploader.image(*image, mips));
    auto slot = m_bindless.add(image->view(), m_sampler.vk());
    if (!slot) return slot.error();
    m_textureSlots.push_back(*slot);
    m_textures.push_back(std::move(*image));
    return static_cast<int32_t>(*slot);
}

Result<uint32_t> GpuScene::addMaterial(const scene::Material& m, const std::vector<int32_t>& remap) {
    auto tex = [&](int32_t i) -> int {
        if (i < 0 || static_cast<size_t>(i) >= remap.size()) return -1;
        return remap[i];
    };
    GpuMaterial g{};
    g.baseColorFactor = m.baseColorFactor;
    g.emissive = glm::vec4(m.emissiveFactor * m.emissiveStrength, 0.0f);
    g.metallic = m.metallicFactor;
    g.roughness = m.roughnessFactor;
    g.normalScale = m.normalScale;
    g.occlusionStrength = m.occlusionStrength;
    g.baseColorTexture = tex(m.baseColorTexture);
    g.normalTexture = tex(m.normalTexture);
    g.metallicRoughnessTexture = tex(m.metallicRoughnessTexture);
    g.occlusionTexture = tex(m.occlusionTexture);
    g.emissiveTexture = tex(m.emissiveTexture);
    g.alphaMode = static_cast<uint32_t>(m.alphaMode);
    g.alphaCutoff = m.alphaCutoff;
    g.doubleSided = m.doubleSided ? 1u : 0u;
    uint32_t index = materialCount();
    const auto* bytes = reinterpret_cast<const uint8_t*>(&g);
    m_cpuMaterials.insert(m_cpuMaterials.end(), bytes, bytes + sizeof g);
    m_traits.push_back({m.alphaMode == scene::AlphaMode::Blend, m.doubleSided});
    return index;
}

struct GpuScene::MeshletTables {
    std::vector<gpu_layout::GpuMeshlet> meshlets;
    std::vector<uint32_t> vertices;
    std::vector<uint32_t> triangles;
};

// Appends `mesh`'s meshlets (built here when it has none for some LOD) to the scene tables, rebased onto the
// scene's vertex buffer, and records each LOD's range.
void GpuScene::appendMeshlets(MeshletTables& tables, const scene::Mesh& mesh, uint32_t vertexOffset,
                              std::vector<GpuLod>& lods) const {
    std::optional<scene::Mesh> rebuilt;
    const scene::Mesh* src = &mesh;
    if (!scene::hasMeshletsForEveryLod(mesh)) {
        rebuilt = mesh;
        if (rebuilt->lods.empty()) rebuilt->lods = {{0, static_cast<uint32_t>(mesh.indices.size()), 0.0f}};
        scene::buildMeshlets(*rebuilt);
        src = &*rebuilt;
    }
    const uint32_t firstMeshlet = static_cast<uint32_t>(tables.meshlets.size());
    const uint32_t firstVertex = static_cast<uint32_t>(tables.vertices.size());
    for (uint32_t v : src->meshletVertices) tables.vertices.push_back(vertexOffset + v);
    for (const scene::Meshlet& m : src->meshlets) {
        tables.meshlets.push_back({.vertexOffset = firstVertex + m.vertexOffset,
                                   .triangleOffset = static_cast<uint32_t>(tables.triangles.size()),
                                   .vertexCount = m.vertexCount,
                                   .triangleCount = m.triangleCount,
                                   .center = m.center,
                                   .radius = m.radius,
                                   .coneAxis = m.coneAxis,
                                   .coneCutoff = m.coneCutoff});
        for (uint32_t t = 0; t < m.triangleCount; ++t) {
            const uint8_t* c = &src->meshletTriangles[m.triangleOffset + 3 * t];
            tables.triangles.push_back(uint32_t(c[0]) | uint32_t(c[1]) << 8 | uint32_t(c[2]) << 16);
        }
    }
    for (size_t l = 0; l < lods.size() && l < src->lods.size(); ++l) {
        lods[l].firstMeshlet = firstMeshlet + src->lods[l].meshletOffset;
        lods[l].meshletCount = src->lods[l].meshletCount;
    }
}

Result<gpu::Buffer> GpuScene::storageBuffer(const std::string& name, std::span<const uint8_t> bytes) {
    // Shaders reach these through device addresses: still one storage buffer's range each.
    if (bytes.size() > m_device.info().maxStorageBufferRange)
        return Error::make("{} is {} bytes: over one storage buffer's range ({} bytes) — split the scene",
                           name, bytes.size(), m_device.info().maxStorageBufferRange);
    auto b = gpu::Buffer::create(
        m_device, {.debugName = name,
                   .size = std::max<size_t>(bytes.size(), 16),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!b) return b.error();
    if (!bytes.empty()) SKYHOOK_TRY(m_uploader.buffer(*b, 0, bytes));
    return std::move(*b);
}

Result<void> GpuScene::uploadMeshlets(const MeshletTables& tables) {
    auto bytes = [](const auto& v) {
        return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(v[0]));
    };
    auto meshlets = storageBuffer("scene.meshlets", bytes(tables.meshlets));
    if (!meshlets) return meshlets.error();
    auto vertices = storageBuffer("scene.meshlet_vertices", bytes(tables.vertices));
    if (!vertices) return vertices.error();
    auto triangles = storageBuffer("scene.meshlet_triangles", bytes(tables.triangles));
    if (!triangles) return triangles.error();
    m_meshlets = std::move(*meshlets);
    m_meshletVertices = std::move(*vertices);
    m_meshletTriangles = std::move(*triangles);
    const gpu_layout::GpuMeshletTables record{.meshlets = m_meshlets.address(),
                                              .vertices = m_meshletVertices.address(),
                                              .triangles = m_meshletTriangles.address(),
                                              .pad = 0};
    auto header =
        storageBuffer("scene.meshlet_tables", {reinterpret_cast<const uint8_t*>(&record), sizeof record});
    if (!header) return header.error();
    m_meshletTables = std::move(*header);
    m_meshletCount = tables.meshlets.size();
    return {};
}

Result<void> GpuScene::build(const std::vector<const scene::Model*>& models, bool meshlets) {
    MeshletTables meshletTables;
    size_t vertexCount = 0, indexCount = 0;
    for (const auto* model : models)
        for (const auto& mesh : model->meshes) {
            vertexCount += mesh.vertices.size();
            indexCount += mesh.indices.size();  // every LOD
        }
    if (vertexCount == 0 || indexCount == 0)
        vertexCount = indexCount = 3;  // keep buffers valid for empty scenes
    if (vertexCount * sizeof(GpuVertex) > m_device.info().maxStorageBufferRange)
        return Error::make("scene has {} vertices: over one storage buffer's range ({} bytes) — split it",
                           vertexCount, m_device.info().maxStorageBufferRange);
    auto vb = gpu::Buffer::create(
        m_device, {.debugName = "scene.vertices",
                   .size = vertexCount * sizeof(GpuVertex),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!vb) return vb.error();
    auto ib = gpu::Buffer::create(
        m_device, {.debugName = "scene.indices",
                   .size = indexCount * sizeof(uint32_t),
                   .usage = VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!ib) return ib.error();
    m_vertices = std::move(*vb);
    m_indices = std::move(*ib);

    uint32_t vOffset = 0, iOffset = 0;
    for (const auto* model : models) {
        GpuModel gm;
        gm.firstMaterial = materialCount();
        std::vector<int32_t> remap;
        for (const auto& t : model->textures) {
            auto slot = addTexture(t);
            if (!slot) {
                log::warn("render", "model '{}': {}; the material samples no texture there", model->name,
                          slot.error().message);
                remap.push_back(-1);
            } else {
                remap.push_back(*slot);
            }
        }
        for (const auto& m : model->materials) {
            auto r = addMaterial(m, remap);
            if (!r) return r.error();
        }
        if (model->materials.empty()) (void)addMaterial(scene::Material{});
        gm.materialCount = materialCount() - gm.firstMaterial;
        std::vector<uint32_t> meshIndex;
        for (const auto& mesh : model->meshes) {
            // Every LOD's indices go up; a mesh without a chain (uncooked) is its own single LOD.
            std::vector<GpuLod> lods;
            if (mesh.lods.empty())
                lods.push_back({iOffset, static_cast<uint32_t>(mesh.indices.size()), 0.0f});
            for (const scene::MeshLod& l : mesh.lods) {
                if (lods.size() == SKYHOOK_MAX_LODS) break;
                SKYHOOK_CHECK(uint64_t(l.indexOffset) + l.indexCount <= mesh.indices.size(),
                              "mesh '{}' LOD out of range", mesh.name);
                lods.push_back({iOffset + l.indexOffset, l.indexCount, l.error});
            }
            if (meshlets) {
                appendMeshlets(meshletTables, mesh, vOffset, lods);
                for (const GpuLod& l : lods) m_maxLodMeshlets = std::max(m_maxLodMeshlets, l.meshletCount);
            }
            SKYHOOK_TRY(m_uploader.buffer(m_vertices, VkDeviceSize(vOffset) * sizeof(GpuVertex),
                                          {reinterpret_cast<const uint8_t*>(mesh.vertices.data()),
                                           mesh.vertices.size() * sizeof(GpuVertex)}));
            SKYHOOK_TRY(m_uploader.buffer(m_indices, VkDeviceSize(iOffset) * sizeof(uint32_t),
                                          {reinterpret_cast<const uint8_t*>(mesh.indices.data()),
                                           mesh.indices.size() * sizeof(uint32_t)}));
            meshIndex.push_back(static_cast<uint32_t>(m_meshes.size()));
            uint32_t material = gm.firstMaterial + std::min<uint32_t>(mesh.material, gm.materialCount - 1);
            m_meshes.push_back({vOffset, lods[0].firstIndex, lods[0].indexCount, material, mesh.boundsMin,
                                mesh.boundsMax, lods});
            m_triangles += lods[0].indexCount / 3;
            vOffset += static_cast<uint32_t>(mesh.vertices.size());
            iOffset += static_cast<uint32_t>(mesh.indices.size());
        }
        if (model->instances.empty()) {
            for (uint32_t m : meshIndex) gm.parts.push_back({m, glm::mat4(1.0f)});
        } else {
            for (const auto& inst : model->instances)
                if (inst.mesh < meshIndex.size()) gm.parts.push_back({meshIndex[inst.mesh], inst.transform});
        }
        m_models.push_back(std::move(gm));
    }
    // What culling needs of each mesh: its index range and bounding sphere.
    std::vector<gpu_layout::GpuMeshInfo> infos;
    for (const GpuMesh& m : m_meshes) {
        glm::vec3 center = (m.boundsMin + m.boundsMax) * 0.5f;
        float radius = glm::length(m.boundsMax - m.boundsMin) * 0.5f;
        gpu_layout::GpuMeshInfo info{};
        info.vertexOffset = static_cast<int32_t>(m.vertexOffset);
        info.lodCount = static_cast<uint32_t>(m.lods.size());
        info.sphere = glm::vec4(center, radius);
        for (size_t l = 0; l < m.lods.size(); ++l) {
            info.lods[l] = glm::uvec2(m.lods[l].firstIndex, m.lods[l].indexCount);
            info.lodErrors[l / 4][l % 4] = m.lods[l].error;
            info.meshlets[l] = glm::uvec2(m.lods[l].firstMeshlet, m.lods[l].meshletCount);
        }
        infos.push_back(info);
    }
    if (infos.empty()) infos.push_back({.lodCount = 1});
    auto mi = gpu::Buffer::create(
        m_device, {.debugName = "scene.mesh_info",
                   .size = infos.size() * sizeof(gpu_layout::GpuMeshInfo),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!mi) return mi.error();
    m_meshInfo = std::move(*mi);
    if (meshlets) SKYHOOK_TRY(uploadMeshlets(meshletTables));
    return m_uploader.buffer(
        m_meshInfo, 0, {reinterpret_cast<const uint8_t*>(infos.data()), infos.size() * sizeof(infos[0])});
}

Result<void> GpuScene::finishMaterials() {
    if (m_cpuMaterials.empty()) (void)addMaterial(scene::Material{});
    auto mb = gpu::Buffer::create(
        m_device, {.debugName = "scene.materials",
                   .size = m_cpuMaterials.size(),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!mb) return mb.error();
    m_materials = std::move(*mb);
    return m_uploader.buffer(m_materials, 0, m_cpuMaterials);
}

uint32_t GpuScene::materialCount() const {
    return static_cast<uint32_t>(m_cpuMaterials.size() / sizeof(GpuMaterial));
}

std::vector<GpuMaterial> GpuScene::materialTable() const {
    std::vector<GpuMaterial> table(materialCount());
    std::memcpy(table.data(), m_cpuMaterials.data(), table.size() * sizeof(GpuMaterial));
    return table;
}

uint64_t GpuScene::gpuBytes() const {
    uint64_t bytes = m_vertices.size() + m_indices.size() + m_materials.size() + m_meshlets.size() +
                     m_meshletVertices.size() + m_meshletTriangles.size();
    for (const auto& t : m_textures) {
        uint64_t w = t.extent().width, h = t.extent().height;
        bytes += w * h * 4 * 4 / 3;
    }
    return bytes;
}

}  // namespace skyhook::render
