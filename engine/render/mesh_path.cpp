// The task/mesh-shader path for scene geometry (engine/render/README.md, "The mesh path"). Culling is the
// same compute pass as on the indirect path; with SKYHOOK_CULL_MESH_TASKS it writes each visible run as a
// GpuTaskCommand (a VkDrawMeshTasksIndirectCommandEXT over meshlet groups × the run's instances, plus the
// run's meshlet range) into the same per-variant regions. drawCulled then issues one
// vkCmdDrawMeshTasksIndirectCountEXT per variant with the variant's pipeline twin: forward.task /
// shadow.task cull meshlets, forward.mesh / shadow.mesh / bare.mesh emit them with the vertex shaders'
// varyings, so the fragment shaders are shared.
#include <cstddef>

#include "engine/core/check.hpp"
#include "engine/core/log.hpp"
#include "engine/render/renderer.hpp"

namespace skyhook::render {

using namespace gpu_layout;

const char* drawPathName(DrawPath path) {
    switch (path) {
        case DrawPath::Auto:
            return "auto";
        case DrawPath::Indirect:
            return "indirect";
        case DrawPath::Mesh:
            return "mesh";
    }
    return "?";
}

std::optional<DrawPath> parseDrawPath(std::string_view name) {
    for (DrawPath p : {DrawPath::Auto, DrawPath::Indirect, DrawPath::Mesh})
        if (name == drawPathName(p)) return p;
    return std::nullopt;
}

// Each pipeline drawing culled runs gets a twin with the same state whose geometry comes from task and mesh
// shaders; drawCulled swaps them, so the passes choosing pipelines need not know which path is on.
Result<void> Renderer::createMeshTwin(VkPipeline indirect, gpu::GraphicsPipelineDesc desc, const char* task,
                                      const char* mesh) {
    desc.debugName += ".mesh";
    desc.vertexShader.clear();
    desc.taskShader = task;
    desc.meshShader = mesh;
    auto p = m_pipelines.graphics(desc);
    if (!p) return p.error();
    m_meshTwin[indirect] = *p;
    return {};
}

// The scene must fit the device's task dispatch limits: a run's task workgroups are at most (meshlet groups
// of its LOD) × (its instances, at most 64: cull.comp's chunk).
void Renderer::chooseDrawPath() {
    m_meshPath = m_meshPathWanted;
    if (!m_meshPath) return;
    const gpu::DeviceInfo& info = m_device.info();
    const uint64_t groups =
        (uint64_t{m_gpuScene->maxLodMeshlets()} + SKYHOOK_TASK_MESHLETS - 1) / SKYHOOK_TASK_MESHLETS;
    constexpr uint64_t kMaxRun = 64;
    if (groups > info.maxTaskWorkGroupCount[0] || kMaxRun > info.maxTaskWorkGroupCount[1] ||
        groups * kMaxRun > info.maxTaskWorkGroupTotalCount) {
        log::warn("render",
                  "scene '{}': a LOD of {} meshlets exceeds the device's task dispatch limits; drawing it "
                  "with indexed indirect draws",
                  m_scene.name, m_gpuScene->maxLodMeshlets());
        m_meshPath = false;
    }
}

size_t Renderer::cullCommandBytes() const {
    return m_meshPath ? sizeof(GpuTaskCommand) : sizeof(VkDrawIndexedIndirectCommand);
}

void Renderer::readCulledMeshTasks(PassBuilder& b, BufferId commands, BufferId counts) const {
    // The task shader reads the run records and adds to the counts through device addresses: validation
    // cannot see it, the graph must.
    if (!m_meshPath) return;
    b.read(commands, Access::BufferReadMeshShading);
    b.write(counts, Access::BufferWriteMeshShading);
}

Renderer::MeshletCounts Renderer::meshletCounts(uint64_t frameNumber, uint32_t view) const {
    MeshletCounts out;
    const FrameBuffers& fb = m_frames[frameNumber % m_frames.size()];
    if (!m_meshPath || view >= fb.cull.size() || !fb.cull[view].counts) return out;
    fb.cull[view].counts.invalidate();
    const uint32_t* raw = static_cast<const uint32_t*>(fb.cull[view].counts.mapped());
    out.meshlets = raw[SKYHOOK_CULL_MESHLETS];
    out.triangles = raw[SKYHOOK_CULL_MESHLET_TRIANGLES];
    return out;
}

void Renderer::drawCulledMeshTasks(VkCommandBuffer cmd, const gpu::Buffer& commands,
                                   const gpu::Buffer& counts, std::span<const uint32_t> variants,
                                   const std::function<VkPipeline(uint32_t)>& pipeline) {
    constexpr uint32_t stride = sizeof(GpuTaskCommand);
    for (uint32_t v : variants) {
        if (!m_drawCapacity[v]) continue;
        const auto twin = m_meshTwin.find(pipeline(v));
        SKYHOOK_CHECK(twin != m_meshTwin.end(), "drawCulled with a pipeline that has no mesh twin");
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, twin->second);
        // The task shader finds its run at tasks[gl_DrawID]: point it at this variant's region.
        const VkDeviceSize offset = VkDeviceSize(m_drawOffsets[v]) * stride;
        const uint64_t tasks = commands.address() + offset;
        vkCmdPushConstants(cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, offsetof(DrawPush, tasks),
                           sizeof tasks, &tasks);
        m_device.info().cmdDrawMeshTasksIndirectCount(cmd, commands.vk(), offset, counts.vk(),
                                                      v * sizeof(uint32_t), m_drawCapacity[v], stride);
        ++m_stats.draws;
    }
}

}  // namespace skyhook::render
