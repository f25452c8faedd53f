// The scene's static GPU tables, built once when a scene loads: 32-byte instances sorted by cell, the shapes
// they share, each cell's instance range and bounds, every draw's indirect command grouped by pipeline, and
// the point and spot lights. After this, a frame writes only per-frame data (frame_data.cpp).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/log.hpp"
#include "engine/render/culling.hpp"
#include "engine/render/formats.hpp"
#include "engine/render/instances.hpp"
#include "engine/render/renderer.hpp"
#include "engine/scene/rules.hpp"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

// Edge of the cubes instances and lights are placed relative to: float spacing at 1 km is 0.06 mm.
constexpr double kCellSize = 2048.0;
// Lights of light rules kept in the table (64 bytes each).
constexpr uint64_t kMaxRuleLights = 1u << 20;

template <class T>
std::span<const uint8_t> bytesOf(const std::vector<T>& v) {
    return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

}  // namespace

Result<gpu::Buffer> Renderer::staticBuffer(const std::string& name, VkBufferUsageFlags usage,
                                           std::span<const uint8_t> bytes) {
    auto buffer = gpu::Buffer::create(m_device, {.debugName = name,
                                                 .size = std::max<VkDeviceSize>(bytes.size(), 16),
                                                 .usage = usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!buffer) return buffer.error();
    SKYHOOK_TRY(m_uploader->buffer(*buffer, 0, bytes));
    return buffer;
}

Result<void> Renderer::buildSceneTables(const GpuScene& gpuScene, float exposure) {
    // Instances live relative to cells: ~2 km cubes whose origins stay in double. Only the cells' offsets
    // from the camera change per frame, so no per-instance work remains on the CPU once the scene is loaded.
    std::vector<PlacedDraw> placed;
    placed.reserve(m_items.size());
    for (const DrawItem& item : m_items)
        placed.push_back({item.world, item.mesh, item.material, item.pipeline});
    CellTable cellTable(kCellSize);
    PackedInstances packed = packInstances(placed, cellTable);
    if (packed.sheared)
        log::warn("render",
                  "scene '{}': {} instance transforms have shear (a non-uniform scale under a rotation); "
                  "drawn without it",
                  m_scene.name, packed.sheared);
    SKYHOOK_TRY(buildLightTable(cellTable, exposure));
    SKYHOOK_TRY(m_beams.setScene(m_device, *m_uploader, m_scene, cellTable));
    m_cells = cellTable.origins();
    if (m_cells.empty()) m_cells.push_back(glm::dvec3(0.0));

    // Sorted by cell, so a cell's instances are one contiguous range.
    std::vector<uint32_t> order(m_items.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return packed.instances[a].cell < packed.instances[b].cell;
    });
    std::vector<DrawItem> items;
    std::vector<GpuInstance> instances;
    items.reserve(order.size());
    instances.reserve(order.size());
    for (uint32_t i : order) {
        GpuInstance in = packed.instances[i];
        items.push_back(m_items[i]);
        items.back().cell = in.cell;
        items.back().model = unpackModel(in, packed.shapes[in.shape]);
        instances.push_back(in);
    }
    m_items = std::move(items);

    // Each cell's range and the bounds of its instances' spheres (cell-relative).
    std::vector<GpuCellRange> ranges(m_cells.size());
    for (auto& r : ranges) r = {glm::vec3(1e30f), 0u, glm::vec3(-1e30f), 0u};
    for (uint32_t i = 0; i < m_items.size(); ++i) {
        GpuCellRange& r = ranges[m_items[i].cell];
        if (r.instanceCount == 0) r.firstInstance = i;
        ++r.instanceCount;
        const GpuMesh& mesh = gpuScene.meshes()[m_items[i].mesh];
        glm::vec4 s =
            transformSphere(m_items[i].model, glm::vec4((mesh.boundsMin + mesh.boundsMax) * 0.5f,
                                                        glm::length(mesh.boundsMax - mesh.boundsMin) * 0.5f));
        r.boundsMin = glm::min(r.boundsMin, glm::vec3(s) - s.w);
        r.boundsMax = glm::max(r.boundsMax, glm::vec3(s) + s.w);
    }
    m_cellCount = static_cast<uint32_t>(ranges.size());
    m_sceneTriangles = 0;
    for (const DrawItem& item : m_items) m_sceneTriangles += gpuScene.meshes()[item.mesh].indexCount / 3;

    // Every draw's command grouped by variant: shadows draw them all, forward too when GPU culling is off.
    std::vector<VkDrawIndexedIndirectCommand> draws;
    std::fill(std::begin(m_drawCounts), std::end(m_drawCounts), 0u);
    for (uint32_t v = 0; v < kVariantCount; ++v) {
        m_drawOffsets[v] = static_cast<uint32_t>(draws.size());
        for (uint32_t i = 0; i < m_items.size(); ++i) {
            if (m_items[i].pipeline != v) continue;
            const GpuMesh& mesh = gpuScene.meshes()[m_items[i].mesh];
            draws.push_back(
                {mesh.indexCount, 1, mesh.firstIndex, static_cast<int32_t>(mesh.vertexOffset), i});
            ++m_drawCounts[v];
        }
    }

    constexpr VkBufferUsageFlags storage =
        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
    auto drawBuffer = staticBuffer("scene.draws", VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT, bytesOf(draws));
    if (!drawBuffer) return drawBuffer.error();
    m_allDraws = std::move(*drawBuffer);
    auto instanceBuffer = staticBuffer("scene.instances", storage, bytesOf(instances));
    if (!instanceBuffer) return instanceBuffer.error();
    m_instances = std::move(*instanceBuffer);
    auto shapeBuffer = staticBuffer("scene.shapes", storage, bytesOf(packed.shapes));
    if (!shapeBuffer) return shapeBuffer.error();
    m_shapes = std::move(*shapeBuffer);
    auto rangeBuffer = staticBuffer("scene.cell_ranges", storage, bytesOf(ranges));
    if (!rangeBuffer) return rangeBuffer.error();
    m_cellRanges = std::move(*rangeBuffer);
    return {};
}

Result<void> Renderer::buildLightTable(CellTable& cells, float exposure) {
    // Point and spot lights get a finite range: where their illuminance falls under what shows as 0.5 % of
    // display white at the scene's exposure (E · albedo/π · exposure = 0.005), unless the scene sets one.
    const double minIlluminance = 0.005 * 3.14159265358979 / std::max(exposure, 1e-12f);
    std::vector<GpuLight> table;
    // Scene lights, then every light of the light rules (the elevator's 262,144).
    std::vector<scene::Light> lights;
    for (const scene::Light& l : m_scene.lights)
        if (l.type != scene::LightType::Directional) lights.push_back(l);
    const std::vector<glm::dmat4> cellFrames = m_scene.cellMatrices();
    for (const scene::LightRule& rule : m_scene.lightRules) {
        const glm::dmat4 frame = rule.cell >= 0 ? cellFrames[rule.cell] : glm::dmat4(1.0);
        const uint64_t count = std::min<uint64_t>(scene::lightCount(rule), kMaxRuleLights);
        for (uint64_t i = 0; i < count; ++i) {
            if (!scene::lightEnabled(rule, i)) continue;
            scene::Light l = scene::lightAt(rule, i);
            l.position = glm::dvec3(frame * glm::dvec4(l.position, 1.0));
            l.direction = glm::vec3(glm::dmat3(frame) * glm::dvec3(l.direction));
            lights.push_back(l);
        }
    }
    for (const scene::Light& l : lights) {
        GpuLight g{};
        g.cell = cells.cellOf(l.position);
        g.position = glm::vec3(l.position - cells.origins()[g.cell]);
        g.color = l.color * l.intensity;
        float peak = std::max({g.color.r, g.color.g, g.color.b});
        g.range =
            l.range > 0.0f ? l.range : static_cast<float>(std::sqrt(std::max(peak, 0.0f) / minIlluminance));
        g.range = std::max(g.range, 1e-3f);
        g.direction = glm::normalize(l.direction);
        g.type = l.type == scene::LightType::Spot ? SKYHOOK_LIGHT_SPOT : SKYHOOK_LIGHT_POINT;
        g.cosInner = std::cos(l.innerConeAngle);
        g.cosOuter = std::cos(l.outerConeAngle);
        table.push_back(g);
    }
    m_lightCount = static_cast<uint32_t>(table.size());
    if (table.empty()) table.push_back({});
    auto buffer = gpu::Buffer::create(
        m_device, {.debugName = "scene.lights",
                   .size = table.size() * sizeof(GpuLight),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!buffer) return buffer.error();
    m_lights = std::move(*buffer);
    return m_uploader->buffer(
        m_lights, 0, {reinterpret_cast<const uint8_t*>(table.data()), table.size() * sizeof(table[0])});
}

}  // namespace skyhook::render
