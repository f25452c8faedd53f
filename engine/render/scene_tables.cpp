// The scene's static GPU tables, built once when a scene loads: 32-byte instances and the spans of path
// rules (expanded on the GPU), both sorted by cell, the shapes they share, each cell's ranges and bounds, the
// culling output's command regions per pipeline, and the point and spot lights. After this, a frame writes
// only per-frame data (frame_data.cpp).
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
// Draw commands one pipeline variant's region holds per culled view or cascade (20 bytes each).
constexpr uint64_t kMaxDrawsPerVariant = 1u << 17;

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
    CellTable cellTable(kCellSize);
    InstancePacker packer(cellTable);
    std::vector<GpuInstance> packed;
    packed.reserve(m_items.size());
    for (const DrawItem& item : m_items)
        packed.push_back(packer.pack({item.world, item.mesh, item.material, item.pipeline}));
    std::vector<GpuInstanceSpan> spans;
    const std::vector<glm::dmat4> cellFrames = m_scene.cellMatrices();
    for (const PartSource& src : m_spanSources) {
        const scene::InstanceRule& rule = m_scene.instanceRules[src.index];
        packer.addPathSpans(rule, rule.cell >= 0 ? cellFrames[rule.cell] : glm::dmat4(1.0), src.local,
                            src.mesh, src.material, src.pipeline, spans);
    }
    if (spans.size() > SKYHOOK_MAX_SPANS) {
        log::error("render", "scene '{}': {} spans of generated instances; the first {} are drawn",
                   m_scene.name, spans.size(), SKYHOOK_MAX_SPANS);
        spans.resize(SKYHOOK_MAX_SPANS);
    }
    // Animated parts get their shape now (their pose changes per frame, their scale does not): a node's
    // scale, and its parents', is part of it (a rule's part carries its base in `local`).
    const std::vector<glm::dmat4> nodeWorld = m_scene.worldMatrices();
    for (PartSource& src : m_dynamicSources) {
        const glm::dmat4 scaled = src.rule ? src.local : nodeWorld[src.index] * src.local;
        src.shape =
            packer.shapeOf(src.mesh, src.material, src.pipeline, decompose(glm::dmat3(scaled)).shapeScale);
    }
    if (packer.sheared())
        log::warn("render",
                  "scene '{}': {} instance transforms have shear (a non-uniform scale under a rotation); "
                  "drawn without it",
                  m_scene.name, packer.sheared());
    SKYHOOK_TRY(buildLightTable(cellTable, exposure));
    SKYHOOK_TRY(m_beams.setScene(m_device, *m_uploader, m_scene, cellTable));
    // Cell origins go to the GPU once, as double-float pairs: a frame sends only its own origin.
    m_cpuCellOrigins.clear();
    for (const glm::dvec3& origin : cellTable.origins()) m_cpuCellOrigins.push_back(splitOrigin(origin));
    if (m_cpuCellOrigins.empty()) m_cpuCellOrigins.push_back(splitOrigin(glm::dvec3(0.0)));
    m_cpuShapes = packer.shapes();
    if (m_cpuShapes.empty()) m_cpuShapes.push_back({});

    // Sorted by cell, so a cell's instances and spans are contiguous ranges.
    auto byCell = [](const auto& a, const auto& b) { return a.cell < b.cell; };
    std::stable_sort(packed.begin(), packed.end(), byCell);
    std::stable_sort(spans.begin(), spans.end(), byCell);

    // Each cell's ranges and the bounds of its instances' spheres (cell-relative).
    const auto meshSphere = [&](uint32_t shape) {
        const GpuMesh& mesh = gpuScene.meshes()[m_cpuShapes[shape].mesh];
        return glm::vec4((mesh.boundsMin + mesh.boundsMax) * 0.5f,
                         glm::length(mesh.boundsMax - mesh.boundsMin) * 0.5f);
    };
    std::vector<GpuCellRange> ranges(m_cpuCellOrigins.size());
    for (auto& r : ranges) r = {glm::vec3(1e30f), 0u, glm::vec3(-1e30f), 0u, 0u, 0u, 0.0f, 0u};
    auto grow = [](GpuCellRange& r, glm::vec4 sphere) {
        r.boundsMin = glm::min(r.boundsMin, glm::vec3(sphere) - sphere.w);
        r.boundsMax = glm::max(r.boundsMax, glm::vec3(sphere) + sphere.w);
        r.maxRadius = std::max(r.maxRadius, sphere.w);
    };
    m_sceneTriangles = 0;
    for (uint32_t i = 0; i < packed.size(); ++i) {
        GpuCellRange& r = ranges[packed[i].cell];
        if (r.instanceCount == 0) r.firstInstance = i;
        ++r.instanceCount;
        const GpuShape& shape = m_cpuShapes[packed[i].shape];
        grow(r, transformSphere(unpackModel(packed[i], shape), meshSphere(packed[i].shape)));
        m_sceneTriangles += gpuScene.meshes()[shape.mesh].indexCount / 3;
    }
    m_generatedInstances = 0;
    for (uint32_t s = 0; s < spans.size(); ++s) {
        const GpuInstanceSpan& span = spans[s];
        GpuCellRange& r = ranges[span.cell];
        if (r.spanCount == 0) r.firstSpan = s;
        ++r.spanCount;
        // The spheres of the first and last instance; in between they move along a line, turning about it
        // when twisted (then anywhere within the offset's reach of the line).
        const GpuShape& shape = m_cpuShapes[span.shape];
        const glm::vec4 local = meshSphere(span.shape);
        glm::vec4 first = transformSphere(modelMatrix(spanInstance(span, 0), shape), local);
        glm::vec4 last = transformSphere(modelMatrix(spanInstance(span, span.count - 1), shape), local);
        if (span.twistStep != 0.0f) {
            const float reach =
                glm::length(modelMatrix(spanInstance(span, 0), shape) * glm::vec4(glm::vec3(local), 1.0f) -
                            glm::vec4(span.origin, 1.0f));
            first.w += reach;
            last.w += reach;
        }
        grow(r, first);
        grow(r, last);
        m_generatedInstances += span.count;
        m_sceneTriangles += uint64_t(gpuScene.meshes()[shape.mesh].indexCount / 3) * span.count;
    }
    m_cellCount = static_cast<uint32_t>(ranges.size());

    // The culling pass's command regions: each variant holds as many runs as it could have visible, up to a
    // cap (a run draws up to 64 consecutive instances; beyond the cap, runs are dropped and counted).
    uint64_t perVariant[kVariantCount] = {};
    for (const GpuInstance& in : packed) ++perVariant[m_cpuShapes[in.shape].variant];
    for (const GpuInstanceSpan& span : spans) perVariant[m_cpuShapes[span.shape].variant] += span.count;
    // Dynamic instances are at most m_dynamicCapacity in all, so each variant they use has at most as many
    // runs.
    bool dynamicVariant[kVariantCount] = {};
    for (const PartSource& src : m_dynamicSources) dynamicVariant[src.pipeline] = true;
    for (uint32_t v = 0; v < kVariantCount; ++v)
        if (dynamicVariant[v]) perVariant[v] += m_dynamicCapacity;
    m_commandCount = 0;
    for (uint32_t v = 0; v < kVariantCount; ++v) {
        m_drawOffsets[v] = m_commandCount;
        m_drawCapacity[v] = static_cast<uint32_t>(std::min<uint64_t>(perVariant[v], kMaxDrawsPerVariant));
        m_commandCount += m_drawCapacity[v];
    }

    constexpr VkBufferUsageFlags storage =
        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
    auto instanceBuffer = staticBuffer("scene.instances", storage, bytesOf(packed));
    if (!instanceBuffer) return instanceBuffer.error();
    m_instances = std::move(*instanceBuffer);
    auto spanBuffer = staticBuffer("scene.spans", storage, bytesOf(spans));
    if (!spanBuffer) return spanBuffer.error();
    m_spanBuffer = std::move(*spanBuffer);
    auto shapeBuffer = staticBuffer("scene.shapes", storage, bytesOf(m_cpuShapes));
    if (!shapeBuffer) return shapeBuffer.error();
    m_shapes = std::move(*shapeBuffer);
    auto rangeBuffer = staticBuffer("scene.cell_ranges", storage, bytesOf(ranges));
    if (!rangeBuffer) return rangeBuffer.error();
    m_cellRanges = std::move(*rangeBuffer);
    auto originBuffer = staticBuffer("scene.cell_origins", storage, bytesOf(m_cpuCellOrigins));
    if (!originBuffer) return originBuffer.error();
    m_cellOrigins = std::move(*originBuffer);
    m_cpuInstances = std::move(packed);
    m_cpuSpans = std::move(spans);
    m_cpuRanges = std::move(ranges);
    m_items = {};
    m_spanSources = {};
    return {};
}

Result<void> Renderer::buildLightTable(CellTable& cells, float exposure) {
    // Every point and spot light that does not move (the elevator's 262,144 included) is written once here;
    // frames only write the intensity groups' scales and the lights tracks move (frame_data.cpp).
    m_sceneLights.build(m_scene, cells, exposure);
    const std::vector<GpuLight>& table = m_sceneLights.staticTable();
    auto buffer = gpu::Buffer::create(
        m_device, {.debugName = "scene.lights",
                   .size = table.size() * sizeof(GpuLight),
                   .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_TRANSFER_DST_BIT});
    if (!buffer) return buffer.error();
    m_lights = std::move(*buffer);
    return m_uploader->buffer(m_lights, 0, bytesOf(table));
}

}  // namespace skyhook::render
