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

gpu_layout::GpuMaterial GpuScene::gpuMaterial(const scene::Material& m,
                                              const std::vector<int32_t>& remap) const {
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
    return g;
}

Result<uint32_t> GpuScene::addMaterial(const scene::Material& m, const std::vector<int32_t>& remap) {
    const GpuMaterial g = gpuMaterial(m, remap);
    uint32_t index = materialCount();
    const auto* bytes = reinterpret_cast<const uint8_t*>(&g);
    m_cpuMaterials.insert(m_cpuMaterials.end(), bytes, bytes + sizeof g);
    m_traits.push_back({m.alphaMode == scene::AlphaMode::Blend, m.doubleSided});
    return index;
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

Result<void> GpuScene::createGrowable(Growable& g, const std::string& name, VkBufferUsageFlags usage,
                                      VkDeviceSize capacity) {
    // Shaders reach these through device addresses: still one storage buffer's range each.
    if (capacity > m_device.info().maxStorageBufferRange)
        return Error::make("{} needs {} bytes: over one storage buffer's range ({} bytes) — split the scene",
                           name, capacity, m_device.info().maxStorageBufferRange);
    auto b = gpu::Buffer::create(
        m_device, {.debugName = name,
                   .size = std::max<VkDeviceSize>(capacity, 16),
                   .usage = usage | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!b) return b.error();
    g.buffer = std::move(*b);
    g.used = 0;
    g.name = name;
    g.usage = usage;
    return {};
}

Result<VkDeviceSize> GpuScene::append(Growable& g, std::span<const uint8_t> bytes) {
    const VkDeviceSize at = g.used;
    if (at + bytes.size() > g.buffer.size()) {
        // More than the outlines promised (meshlets built on arrival, say): move to a larger buffer. The
        // copy goes ahead of this batch's later uploads; frames in flight keep reading the old one, which
        // is retired (destroyed once they are done).
        const VkDeviceSize limit = m_device.info().maxStorageBufferRange;
        const VkDeviceSize capacity = std::min(std::max(g.buffer.size() * 2, at + bytes.size()), limit);
        if (at + bytes.size() > capacity)
            return Error::make(
                "{} needs {} bytes: over one storage buffer's range ({} bytes) — split the scene", g.name,
                at + bytes.size(), limit);
        Growable bigger;
        SKYHOOK_TRY(createGrowable(bigger, g.name, g.usage, capacity));
        SKYHOOK_TRY(m_uploader.copy(g.buffer, bigger.buffer, at));
        g.buffer = std::move(bigger.buffer);
        log::debug("render", "{} grew to {} bytes", g.name, capacity);
    }
    SKYHOOK_TRY(m_uploader.buffer(g.buffer, at, bytes));
    g.used = at + bytes.size();
    return at;
}

Result<void> GpuScene::plan(const std::vector<const scene::ModelOutline*>& outlines, bool meshlets) {
    m_withMeshlets = meshlets;
    uint64_t vertexCount = 0, indexCount = 0, meshletCount = 0, meshletVertices = 0, meshletTriangles = 0;
    for (const scene::ModelOutline* outline : outlines) {
        GpuModel gm;
        gm.firstMaterial = materialCount();
        for (const scene::Material& m : outline->materials) (void)addMaterial(m);  // textures come with data
        if (outline->materials.empty()) (void)addMaterial(scene::Material{});
        gm.materialCount = materialCount() - gm.firstMaterial;
        gm.firstMesh = static_cast<uint32_t>(m_meshes.size());
        gm.meshCount = static_cast<uint32_t>(outline->meshes.size());
        for (const scene::MeshOutline& mesh : outline->meshes) {
            const uint32_t lod0 =
                mesh.lods.empty() ? static_cast<uint32_t>(mesh.indexCount) : mesh.lods[0].indexCount;
            const uint32_t material =
                gm.firstMaterial + std::min<uint32_t>(mesh.material, gm.materialCount - 1);
            m_meshes.push_back({0, 0, lod0, material, mesh.boundsMin, mesh.boundsMax, {}});
            m_triangles += lod0 / 3;
            vertexCount += mesh.vertexCount;
            indexCount += mesh.indexCount;
            meshletCount += mesh.meshletCount;
            meshletVertices += mesh.meshletVertexCount;
            meshletTriangles += mesh.meshletTriangleBytes / 3;
            for (const scene::MeshLod& l : mesh.lods)
                m_maxLodMeshlets = std::max(m_maxLodMeshlets, meshlets ? l.meshletCount : 0u);
        }
        if (outline->instances.empty()) {
            for (uint32_t m = 0; m < gm.meshCount; ++m)
                gm.parts.push_back({gm.firstMesh + m, glm::mat4(1.0f)});
        } else {
            for (const auto& inst : outline->instances)
                if (inst.mesh < gm.meshCount) gm.parts.push_back({gm.firstMesh + inst.mesh, inst.transform});
        }
        m_models.push_back(std::move(gm));
    }
    constexpr VkBufferUsageFlags storage =
        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
    SKYHOOK_TRY(createGrowable(m_vertices, "scene.vertices", storage,
                               std::max<uint64_t>(vertexCount, 3) * sizeof(GpuVertex)));
    SKYHOOK_TRY(createGrowable(m_indices, "scene.indices", VK_BUFFER_USAGE_INDEX_BUFFER_BIT,
                               std::max<uint64_t>(indexCount, 3) * sizeof(uint32_t)));
    if (meshlets) {
        SKYHOOK_TRY(createGrowable(m_meshlets, "scene.meshlets", storage,
                                   meshletCount * sizeof(gpu_layout::GpuMeshlet)));
        SKYHOOK_TRY(createGrowable(m_meshletVertices, "scene.meshlet_vertices", storage,
                                   meshletVertices * sizeof(uint32_t)));
        SKYHOOK_TRY(createGrowable(m_meshletTriangles, "scene.meshlet_triangles", storage,
                                   meshletTriangles * sizeof(uint32_t)));
        m_meshletTablesDirty = true;
    }
    // Culling records for every mesh: bounds now, LOD chains once the data is resident.
    auto mi = gpu::Buffer::create(
        m_device, {.debugName = "scene.mesh_info",
                   .size = std::max<size_t>(m_meshes.size(), 1) * sizeof(gpu_layout::GpuMeshInfo),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!mi) return mi.error();
    m_meshInfo = std::move(*mi);
    if (m_meshes.empty()) {
        const gpu_layout::GpuMeshInfo none{};
        return m_uploader.buffer(m_meshInfo, 0, {reinterpret_cast<const uint8_t*>(&none), sizeof none});
    }
    markMeshInfos(0, static_cast<uint32_t>(m_meshes.size()));
    return {};
}

void GpuScene::markMeshInfos(uint32_t first, uint32_t count) {
    m_dirtyFirst = std::min(m_dirtyFirst, first);
    m_dirtyEnd = std::max(m_dirtyEnd, first + count);
}

Result<void> GpuScene::flush() {
    // One upload per record range per batch: two copies to the same bytes in one batch would race.
    if (m_meshletTablesDirty) SKYHOOK_TRY(uploadMeshletTables());
    m_meshletTablesDirty = false;
    if (m_dirtyFirst < m_dirtyEnd) SKYHOOK_TRY(uploadMeshInfos(m_dirtyFirst, m_dirtyEnd - m_dirtyFirst));
    m_dirtyFirst = ~0u;
    m_dirtyEnd = 0;
    if (m_materials && m_materialsDirtyFirst < m_materialsDirtyEnd)
        SKYHOOK_TRY(uploadMaterials(m_materialsDirtyFirst, m_materialsDirtyEnd - m_materialsDirtyFirst));
    m_materialsDirtyFirst = ~0u;
    m_materialsDirtyEnd = 0;
    return {};
}

Result<void> GpuScene::uploadMeshletTables() {
    const gpu_layout::GpuMeshletTables record{.meshlets = m_meshlets.buffer.address(),
                                              .vertices = m_meshletVertices.buffer.address(),
                                              .triangles = m_meshletTriangles.buffer.address(),
                                              .pad = 0};
    const std::span<const uint8_t> bytes{reinterpret_cast<const uint8_t*>(&record), sizeof record};
    if (!m_meshletTables) {
        auto header = storageBuffer("scene.meshlet_tables", bytes);
        if (!header) return header.error();
        m_meshletTables = std::move(*header);
        return {};
    }
    return m_uploader.buffer(m_meshletTables, 0, bytes);
}

Result<void> GpuScene::uploadMeshInfos(uint32_t first, uint32_t count) {
    // What culling needs of each mesh: its bounding sphere and, once resident, its LODs' index and meshlet
    // ranges (lodCount 0 until then: culling skips it).
    std::vector<gpu_layout::GpuMeshInfo> infos;
    for (uint32_t i = first; i < first + count; ++i) {
        const GpuMesh& m = m_meshes[i];
        gpu_layout::GpuMeshInfo info{};
        info.vertexOffset = static_cast<int32_t>(m.vertexOffset);
        info.lodCount = static_cast<uint32_t>(m.lods.size());
        info.sphere =
            glm::vec4((m.boundsMin + m.boundsMax) * 0.5f, glm::length(m.boundsMax - m.boundsMin) * 0.5f);
        for (size_t l = 0; l < m.lods.size(); ++l) {
            info.lods[l] = glm::uvec2(m.lods[l].firstIndex, m.lods[l].indexCount);
            info.lodErrors[l / 4][l % 4] = m.lods[l].error;
            info.meshlets[l] = glm::uvec2(m.lods[l].firstMeshlet, m.lods[l].meshletCount);
        }
        infos.push_back(info);
    }
    return m_uploader.buffer(
        m_meshInfo, VkDeviceSize(first) * sizeof(gpu_layout::GpuMeshInfo),
        {reinterpret_cast<const uint8_t*>(infos.data()), infos.size() * sizeof(infos[0])});
}

void GpuScene::markMaterials(uint32_t first, uint32_t count) {
    m_materialsDirtyFirst = std::min(m_materialsDirtyFirst, first);
    m_materialsDirtyEnd = std::max(m_materialsDirtyEnd, first + count);
}

Result<void> GpuScene::uploadMaterials(uint32_t first, uint32_t count) {
    if (!m_materials || count == 0) return {};  // finishMaterials() uploads them all
    const size_t at = size_t(first) * sizeof(GpuMaterial);
    return m_uploader.buffer(
        m_materials, at,
        std::span<const uint8_t>(m_cpuMaterials).subspan(at, size_t(count) * sizeof(GpuMaterial)));
}

Result<void> GpuScene::addMeshData(uint32_t index, const scene::Mesh& meshIn) {
    auto bytesOf = [](const auto& v) {
        return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(v[0]));
    };
    std::optional<scene::Mesh> rebuilt;
    const scene::Mesh* mesh = &meshIn;
    if (m_withMeshlets && !scene::hasMeshletsForEveryLod(meshIn)) {
        rebuilt = meshIn;
        if (rebuilt->lods.empty()) rebuilt->lods = {{0, static_cast<uint32_t>(meshIn.indices.size()), 0.0f}};
        scene::buildMeshlets(*rebuilt);
        mesh = &*rebuilt;
    }
    auto vAt = append(m_vertices, bytesOf(mesh->vertices));
    if (!vAt) return vAt.error();
    auto iAt = append(m_indices, bytesOf(mesh->indices));
    if (!iAt) return iAt.error();
    const uint32_t vOffset = static_cast<uint32_t>(*vAt / sizeof(GpuVertex));
    const uint32_t iOffset = static_cast<uint32_t>(*iAt / sizeof(uint32_t));
    // Every LOD's indices go up; a mesh without a chain (uncooked) is its own single LOD.
    std::vector<GpuLod> lods;
    if (mesh->lods.empty()) lods.push_back({iOffset, static_cast<uint32_t>(mesh->indices.size()), 0.0f});
    for (const scene::MeshLod& l : mesh->lods) {
        if (lods.size() == SKYHOOK_MAX_LODS) break;
        SKYHOOK_CHECK(uint64_t(l.indexOffset) + l.indexCount <= mesh->indices.size(),
                      "mesh '{}' LOD out of range", mesh->name);
        lods.push_back({iOffset + l.indexOffset, l.indexCount, l.error});
    }
    if (m_withMeshlets) {
        // Rebased onto the scene's tables: meshlet vertices become scene vertex indices.
        const uint32_t firstMeshlet = static_cast<uint32_t>(m_meshlets.used / sizeof(gpu_layout::GpuMeshlet));
        const uint32_t firstVertex = static_cast<uint32_t>(m_meshletVertices.used / sizeof(uint32_t));
        const uint32_t firstTriangle = static_cast<uint32_t>(m_meshletTriangles.used / sizeof(uint32_t));
        std::vector<uint32_t> vertices;
        vertices.reserve(mesh->meshletVertices.size());
        for (uint32_t v : mesh->meshletVertices) vertices.push_back(vOffset + v);
        std::vector<gpu_layout::GpuMeshlet> meshlets;
        std::vector<uint32_t> triangles;
        for (const scene::Meshlet& m : mesh->meshlets) {
            meshlets.push_back({.vertexOffset = firstVertex + m.vertexOffset,
                                .triangleOffset = firstTriangle + static_cast<uint32_t>(triangles.size()),
                                .vertexCount = m.vertexCount,
                                .triangleCount = m.triangleCount,
                                .center = m.center,
                                .radius = m.radius,
                                .coneAxis = m.coneAxis,
                                .coneCutoff = m.coneCutoff});
            for (uint32_t t = 0; t < m.triangleCount; ++t) {
                const uint8_t* c = &mesh->meshletTriangles[m.triangleOffset + 3 * t];
                triangles.push_back(uint32_t(c[0]) | uint32_t(c[1]) << 8 | uint32_t(c[2]) << 16);
            }
        }
        const VkDeviceAddress before[3] = {m_meshlets.buffer.address(), m_meshletVertices.buffer.address(),
                                           m_meshletTriangles.buffer.address()};
        SKYHOOK_TRY(append(m_meshlets, bytesOf(meshlets)));
        SKYHOOK_TRY(append(m_meshletVertices, bytesOf(vertices)));
        SKYHOOK_TRY(append(m_meshletTriangles, bytesOf(triangles)));
        if (before[0] != m_meshlets.buffer.address() || before[1] != m_meshletVertices.buffer.address() ||
            before[2] != m_meshletTriangles.buffer.address())
            m_meshletTablesDirty = true;
        for (size_t l = 0; l < lods.size() && l < mesh->lods.size(); ++l) {
            lods[l].firstMeshlet = firstMeshlet + mesh->lods[l].meshletOffset;
            lods[l].meshletCount = mesh->lods[l].meshletCount;
            m_maxLodMeshlets = std::max(m_maxLodMeshlets, lods[l].meshletCount);
        }
        m_meshletCount += meshlets.size();
    }
    GpuMesh& out = m_meshes[index];
    m_triangles -= out.indexCount / 3;
    out.vertexOffset = vOffset;
    out.firstIndex = lods[0].firstIndex;
    out.indexCount = lods[0].indexCount;
    out.lods = std::move(lods);
    m_triangles += out.indexCount / 3;
    return {};
}

Result<void> GpuScene::addModelData(uint32_t model, const scene::Model& data) {
    GpuModel& gm = m_models.at(model);
    SKYHOOK_CHECK(!gm.resident, "model {} is already resident", model);
    if (data.meshes.size() != gm.meshCount)
        return Error::make("model '{}' has {} meshes; {} were planned", data.name, data.meshes.size(),
                           gm.meshCount);
    // Geometry first: a model whose data does not fit fails here, before it has taken texture slots.
    for (uint32_t m = 0; m < gm.meshCount; ++m) SKYHOOK_TRY(addMeshData(gm.firstMesh + m, data.meshes[m]));
    std::vector<int32_t> remap;
    for (const auto& t : data.textures) {
        auto slot = addTexture(t);
        if (!slot) {
            log::warn("render", "model '{}': {}; the material samples no texture there", data.name,
                      slot.error().message);
            remap.push_back(-1);
        } else {
            remap.push_back(*slot);
        }
    }
    // The planned material records get their texture slots.
    for (size_t i = 0; i < data.materials.size() && i < gm.materialCount; ++i) {
        const GpuMaterial g = gpuMaterial(data.materials[i], remap);
        std::memcpy(m_cpuMaterials.data() + (gm.firstMaterial + i) * sizeof(GpuMaterial), &g, sizeof g);
    }
    markMaterials(gm.firstMaterial, gm.materialCount);
    gm.resident = true;
    markMeshInfos(gm.firstMesh, gm.meshCount);
    return {};
}

Result<void> GpuScene::addPlaceholder(uint32_t model, const scene::Model& placeholder,
                                      const scene::Material& material) {
    GpuModel& gm = m_models.at(model);
    SKYHOOK_CHECK(!gm.resident, "model {} is already resident", model);
    SKYHOOK_CHECK(!placeholder.meshes.empty(), "the placeholder needs a mesh");
    const scene::Mesh& cube = placeholder.meshes[0];
    const glm::vec3 cubeCenter = (cube.boundsMin + cube.boundsMax) * 0.5f;
    const glm::vec3 cubeSize = glm::max(cube.boundsMax - cube.boundsMin, glm::vec3(1e-6f));
    for (uint32_t m = 0; m < gm.meshCount; ++m) {
        GpuMesh& planned = m_meshes[gm.firstMesh + m];
        // A box of the mesh's bounds (the cube itself where they are empty), so the part's place and extent
        // stay visible.
        glm::vec3 size = planned.boundsMax - planned.boundsMin;
        glm::vec3 center = (planned.boundsMin + planned.boundsMax) * 0.5f;
        if (!(size.x > 0.0f || size.y > 0.0f || size.z > 0.0f)) {
            size = cubeSize;
            center = cubeCenter;
            planned.boundsMin = cube.boundsMin;
            planned.boundsMax = cube.boundsMax;
        }
        scene::Mesh box = cube;
        box.meshlets.clear();
        box.meshletVertices.clear();
        box.meshletTriangles.clear();
        for (scene::MeshLod& l : box.lods) l.meshletOffset = l.meshletCount = 0;
        for (scene::Vertex& v : box.vertices)
            v.position = center + (v.position - cubeCenter) / cubeSize * glm::max(size, glm::vec3(1e-6f));
        box.boundsMin = planned.boundsMin;
        box.boundsMax = planned.boundsMax;
        SKYHOOK_TRY(addMeshData(gm.firstMesh + m, box));
    }
    const GpuMaterial g = gpuMaterial(material, {});
    for (uint32_t i = 0; i < gm.materialCount; ++i)
        std::memcpy(m_cpuMaterials.data() + (gm.firstMaterial + i) * sizeof(GpuMaterial), &g, sizeof g);
    markMaterials(gm.firstMaterial, gm.materialCount);
    gm.resident = true;
    markMeshInfos(gm.firstMesh, gm.meshCount);
    return {};
}

Result<void> GpuScene::build(const std::vector<const scene::Model*>& models, bool meshlets) {
    std::vector<scene::ModelOutline> outlines;
    std::vector<const scene::ModelOutline*> ptrs;
    outlines.reserve(models.size());
    for (const scene::Model* m : models) outlines.push_back(scene::outlineOf(*m));
    for (const auto& o : outlines) ptrs.push_back(&o);
    SKYHOOK_TRY(plan(ptrs, meshlets));
    for (uint32_t i = 0; i < models.size(); ++i) SKYHOOK_TRY(addModelData(i, *models[i]));
    return flush();
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
    m_materialsDirtyFirst = ~0u;  // all of them go up now
    m_materialsDirtyEnd = 0;
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
    uint64_t bytes = m_vertices.buffer.size() + m_indices.buffer.size() + m_materials.size() +
                     m_meshlets.buffer.size() + m_meshletVertices.buffer.size() +
                     m_meshletTriangles.buffer.size();
    for (const auto& t : m_textures) {
        uint64_t w = t.extent().width, h = t.extent().height;
        bytes += w * h * 4 * 4 / 3;
    }
    return bytes;
}

}  // namespace skyhook::render
