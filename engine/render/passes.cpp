// The renderer's passes, declared into the render graph: sun shadows, forward shading with the sky, bloom,
// tone mapping, and the benchmark's bare draw. Each pass declares what it reads and writes; the graph
// derives the barriers.
#include <algorithm>
#include <cstddef>

#include "engine/render/formats.hpp"
#include "engine/render/renderer.hpp"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

VkRenderingAttachmentInfo colorAttachment(VkImageView view, VkAttachmentLoadOp load,
                                          VkAttachmentStoreOp store = VK_ATTACHMENT_STORE_OP_STORE) {
    return {.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
            .imageView = view,
            .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
            .loadOp = load,
            .storeOp = store};
}

// Depth is cleared to 0: reversed-Z puts the far plane (at infinity) at 0. An eye with a mono far field
// clears to its depth at the split instead: nothing beyond passes the depth test.
VkRenderingAttachmentInfo depthAttachment(VkImageView view, VkAttachmentStoreOp store, float clear = 0.0f) {
    return {.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
            .imageView = view,
            .imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
            .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
            .storeOp = store,
            .clearValue = {.depthStencil = {clear, 0}}};
}

// Begins dynamic rendering over `area` with the viewport and scissor set to it; with `viewCount` > 1 a
// multiview pass drawing each view into its layer of the attachments (the layers from the views' base).
void beginRendering(VkCommandBuffer cmd, VkRect2D area, const VkRenderingAttachmentInfo* color,
                    const VkRenderingAttachmentInfo* depth, uint32_t viewCount = 1) {
    VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                         .renderArea = area,
                         .layerCount = 1,
                         .viewMask = viewCount > 1 ? (1u << viewCount) - 1u : 0u,
                         .colorAttachmentCount = color ? 1u : 0u,
                         .pColorAttachments = color,
                         .pDepthAttachment = depth};
    vkCmdBeginRendering(cmd, &info);
    VkViewport vp{float(area.offset.x),
                  float(area.offset.y),
                  float(area.extent.width),
                  float(area.extent.height),
                  0.0f,
                  1.0f};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &area);
}

}  // namespace

DrawPush Renderer::basePush(const FrameBuffers& fb, uint32_t viewIndex) const {
    DrawPush push{};
    push.frame = fb.uniforms.address();
    push.instances = m_instances.address();
    push.cells = m_cellOrigins.address();
    push.shapes = m_shapes.address();
    push.materials = m_animatedMaterials.empty() ? m_gpuScene->materialAddress() : fb.materials.address();
    push.vertices = m_gpuScene->vertexAddress();
    push.lights = m_lights.address();
    push.globals = fb.globals.address();
    push.viewIndex = viewIndex;
    push.meshlets = m_meshPath ? m_gpuScene->meshletTablesAddress() : 0;
    push.flags = m_settings.meshletCulling ? 0u : SKYHOOK_DRAW_KEEP_MESHLETS;
    return push;
}

void Renderer::drawHiddenArea(VkCommandBuffer cmd, const FrameBuffers& fb, uint32_t viewIndex,
                              uint32_t viewCount) const {
    if (!m_hiddenStride) return;
    struct {
        VkDeviceAddress frame, vertices;
        uint32_t viewIndex, stride;
    } push{fb.uniforms.address(), fb.hiddenArea.address(), viewIndex, m_hiddenStride};
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, forViews(m_hiddenArea, viewCount));
    vkCmdPushConstants(cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
    vkCmdDraw(cmd, m_hiddenStride, 1, 0, 0);
}

void Renderer::bindShared(VkCommandBuffer cmd, const DrawPush& push) const {
    VkDescriptorSet set = m_bindless.set();
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_pipelines.layout(), 0, 1, &set, 0,
                            nullptr);
    vkCmdPushConstants(cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
}

// Draws the culled commands of `variants`, each variant with its pipeline in one indirect call.
void Renderer::drawCulled(VkCommandBuffer cmd, const gpu::Buffer& commands, const gpu::Buffer& counts,
                          std::span<const uint32_t> variants,
                          const std::function<VkPipeline(uint32_t)>& pipeline) {
    if (m_meshPath) return drawCulledMeshTasks(cmd, commands, counts, variants, pipeline);  // mesh_path.cpp
    vkCmdBindIndexBuffer(cmd, m_gpuScene->indexBuffer(), 0, VK_INDEX_TYPE_UINT32);
    constexpr uint32_t stride = sizeof(VkDrawIndexedIndirectCommand);
    for (uint32_t v : variants) {
        if (!m_drawCapacity[v]) continue;
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(v));
        vkCmdDrawIndexedIndirectCount(cmd, commands.vk(), m_drawOffsets[v] * stride, counts.vk(),
                                      v * sizeof(uint32_t), m_drawCapacity[v], stride);
        ++m_stats.draws;
    }
}

void Renderer::addLightPasses(RenderGraph& graph, FrameBuffers& fb, uint32_t viewIndex,
                              const std::string& prefix, BufferId clusterCounts, BufferId clusterLights) {
    const ViewCull& vc = fb.cull[viewIndex];
    const BufferId stats =
        graph.importBuffer(prefix + "lights.stats", vc.lightStats.vk(), vc.lightStats.size());
    graph.addPass(prefix + "lights.reset", [&, clusterCounts, stats](PassBuilder& b) -> RecordFn {
        b.write(clusterCounts, Access::BufferTransferWrite);
        b.write(stats, Access::BufferTransferWrite);
        return [clusterCounts, stats](PassContext& ctx) {
            vkCmdFillBuffer(ctx.cmd, ctx.buffer(clusterCounts), 0, VK_WHOLE_SIZE, 0u);
            vkCmdFillBuffer(ctx.cmd, ctx.buffer(stats), 0, VK_WHOLE_SIZE, 0u);
        };
    });
    graph.addPass(prefix + "lights.bin",
                  [&, clusterCounts, clusterLights, stats, viewIndex](PassBuilder& b) -> RecordFn {
                      b.write(clusterCounts, Access::BufferWriteCompute);
                      b.write(clusterLights, Access::BufferWriteCompute);
                      b.write(stats, Access::BufferWriteCompute);
                      return [this, &fb, viewIndex](PassContext& ctx) {
                          LightBinPush push{};
                          push.frame = fb.uniforms.address();
                          push.lights = m_lights.address();
                          push.cells = m_cellOrigins.address();
                          push.clusterCounts = fb.cull[viewIndex].clusterCounts.address();
                          push.clusterLights = fb.cull[viewIndex].clusterLights.address();
                          push.stats = fb.cull[viewIndex].lightStats.address();
                          push.lightCount = m_frameLightCount;  // static, then this frame's moving lights
                          push.viewIndex = viewIndex;
                          push.minPixels = m_settings.lightMinPixels;
                          vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_lightBin);
                          vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0,
                                             sizeof push, &push);
                          if (m_frameLightCount) vkCmdDispatch(ctx.cmd, (m_frameLightCount + 63) / 64, 1, 1);
                      };
                  });
}

Renderer::CulledDraws Renderer::addCullPasses(RenderGraph& graph, FrameBuffers& fb, ViewCull& vc,
                                              uint32_t region, const std::string& prefix, uint32_t flags,
                                              ImageId pyramid, uint32_t regionCount) {
    CulledDraws out;
    out.cull = &vc;
    out.commands = graph.importBuffer(prefix + "cull.commands", vc.commands.vk(), vc.commands.size());
    out.counts = graph.importBuffer(prefix + "cull.counts", vc.counts.vk(), vc.counts.size());
    const BufferId commands = out.commands, counts = out.counts;
    const BufferId work = graph.importBuffer(prefix + "cull.work", vc.work.vk(), vc.work.size());
    auto cullPush = [this, &fb, &vc, region, flags, regionCount]() {
        return makeCullPush(fb, vc, vc.commands, vc.counts, region, flags, regionCount);
    };
    const bool occlusion = (flags & SKYHOOK_CULL_OCCLUSION) != 0;
    const BufferId late =
        occlusion ? graph.importBuffer(prefix + "cull.late", vc.late.vk(), vc.late.size()) : BufferId{};
    out.late = late;
    if (occlusion) {
        out.lateCommands =
            graph.importBuffer(prefix + "late.commands", vc.lateCommands.vk(), vc.lateCommands.size());
        out.lateCounts = graph.importBuffer(prefix + "late.counts", vc.lateCounts.vk(), vc.lateCounts.size());
    }
    const BufferId lateCounts = out.lateCounts;
    graph.addPass(prefix + "cull.reset", [&, counts, work, late, lateCounts](PassBuilder& b) -> RecordFn {
        b.write(counts, Access::BufferTransferWrite);
        b.write(work, Access::BufferTransferWrite);
        if (late.valid()) b.write(late, Access::BufferTransferWrite);
        // Phase 2's draws fill up from phase 1 on (the mesh path's deferred meshlets).
        if (lateCounts.valid()) b.write(lateCounts, Access::BufferTransferWrite);
        return [counts, work, late, lateCounts](PassContext& ctx) {
            vkCmdFillBuffer(ctx.cmd, ctx.buffer(counts), 0, VK_WHOLE_SIZE, 0u);
            if (lateCounts.valid()) vkCmdFillBuffer(ctx.cmd, ctx.buffer(lateCounts), 0, VK_WHOLE_SIZE, 0u);
            const uint32_t noCells[3] = {0u, 1u, 1u};  // dispatch size of the instance pass: (cells, 1, 1)
            vkCmdUpdateBuffer(ctx.cmd, ctx.buffer(work), 0, sizeof noCells, noCells);
            // The phase-2 list: no workgroups, no entries.
            const uint32_t empty[SKYHOOK_LATE_HEADER] = {0u, 1u, 1u, 0u};
            if (late.valid()) vkCmdUpdateBuffer(ctx.cmd, ctx.buffer(late), 0, sizeof empty, empty);
        };
    });
    // Cells first: one test per cell (the last one holds this frame's dynamic instances), and a work list of
    // the visible ones.
    graph.addPass(prefix + "cull.cells", [&, work, cullPush](PassBuilder& b) -> RecordFn {
        b.write(work, Access::BufferWriteCompute);
        return [this, cullPush](PassContext& ctx) {
            CullPush push = cullPush();
            push.itemCount = m_cellCount + 1;
            vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_cullCells);
            vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
            vkCmdDispatch(ctx.cmd, (push.itemCount + 63) / 64, 1, 1);
        };
    });
    // Then the instances of the visible cells: one workgroup per visible cell (an indirect dispatch).
    graph.addPass(
        prefix + "cull", [&, commands, counts, work, late, pyramid, cullPush](PassBuilder& b) -> RecordFn {
            b.read(work, Access::BufferReadCompute);
            b.read(work, Access::BufferIndirect);
            b.write(counts, Access::BufferWriteCompute);
            b.write(commands, Access::BufferWriteCompute);
            if (late.valid()) b.write(late, Access::BufferWriteCompute);
            if (pyramid.valid()) b.read(pyramid, Access::SampledCompute);
            return [this, &vc, cullPush, pyramid](PassContext& ctx) {
                CullPush push = cullPush();
                vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_cull);
                bindPyramid(ctx, pyramid);
                vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
                vkCmdDispatchIndirect(ctx.cmd, vc.work.vk(), 0);
            };
        });
    return out;
}

// The culling pass's push constants: the scene's tables, this frame's buffers, `vc`'s work list and the given
// command and count buffers (a view's or cascade's, or phase 2's), the region and the flags.
CullPush Renderer::makeCullPush(const FrameBuffers& fb, const ViewCull& vc, const gpu::Buffer& commands,
                                const gpu::Buffer& counts, uint32_t region, uint32_t flags,
                                uint32_t regionCount) const {
    CullPush push{};
    push.frame = fb.uniforms.address();
    push.instances = m_instances.address();
    push.shapes = m_shapes.address();
    push.meshes = m_gpuScene->meshInfoAddress();
    push.commands = commands.address();
    push.counts = counts.address();
    push.cells = m_cellOrigins.address();
    push.cellRanges = m_cellRanges.address();
    push.work = vc.work.address();
    push.region = region;
    push.regionCount = regionCount;
    for (uint32_t v = 0; v < SKYHOOK_VARIANTS; ++v) {
        push.variantOffset[v] = m_drawOffsets[v];
        push.variantCapacity[v] = m_drawCapacity[v];
    }
    push.lodPixelError = m_settings.lodPixelError;
    push.minPixelSize = m_settings.minPixelSize;
    push.flags = flags | (m_meshPath ? SKYHOOK_CULL_MESH_TASKS : 0u);
    return push;
}

// The depth pyramid the culling pass samples (binding 0 of the pass set); without one, a white texel keeps
// the binding valid (the pass does not read it then).
void Renderer::bindPyramid(PassContext& ctx, ImageId pyramid) const {
    const gpu::PassBinding binding{.binding = 0,
                                   .view = pyramid.valid() ? ctx.view(pyramid) : m_whiteArray.view(),
                                   .sampler = m_linearClamp.vk()};
    m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, {&binding, 1});
}

// The task shaders' pyramid: only the mesh path's forward task shader reads binding 3.
void Renderer::bindTaskPyramid(PassContext& ctx, ImageId pyramid) const {
    if (!m_meshPath) return;
    const gpu::PassBinding binding{.binding = 3,
                                   .view = pyramid.valid() ? ctx.view(pyramid) : m_whiteArray.view(),
                                   .sampler = m_linearClamp.vk()};
    m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, {&binding, 1});
}

void Renderer::pushDrawFlags(VkCommandBuffer cmd, uint32_t flags) const {
    vkCmdPushConstants(cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, offsetof(DrawPush, flags),
                       sizeof flags, &flags);
}

// Phase 2's culling pass appends to the draws `early` (addCullPasses) reset; on the mesh path, phase 1's task
// shaders have already appended the meshlets they deferred.
Renderer::CulledDraws Renderer::addLateCullPass(RenderGraph& graph, FrameBuffers& fb, ViewCull& vc,
                                                uint32_t region, uint32_t regionCount,
                                                const std::string& prefix, ImageId pyramid,
                                                const CulledDraws& early) {
    CulledDraws out;
    out.commands = early.lateCommands;
    out.counts = early.lateCounts;
    const BufferId commands = out.commands, counts = out.counts, late = early.late;
    graph.addPass(prefix + "late.cull",
                  [&, commands, counts, late, pyramid, region, regionCount](PassBuilder& b) -> RecordFn {
                      b.read(late, Access::BufferReadCompute);
                      b.read(late, Access::BufferIndirect);
                      b.write(counts, Access::BufferWriteCompute);
                      b.write(commands, Access::BufferWriteCompute);
                      b.read(pyramid, Access::SampledCompute);
                      return [this, &fb, &vc, region, regionCount, pyramid](PassContext& ctx) {
                          const CullPush push = makeCullPush(fb, vc, vc.lateCommands, vc.lateCounts, region,
                                                             SKYHOOK_CULL_LATE, regionCount);
                          vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_cull);
                          bindPyramid(ctx, pyramid);
                          vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0,
                                             sizeof push, &push);
                          vkCmdDispatchIndirect(ctx.cmd, vc.late.vk(), 0);
                      };
                  });
    out.cull = &vc;
    return out;
}

void Renderer::addPyramidPass(RenderGraph& graph, uint32_t group, const std::string& prefix, ImageId depth,
                              ImageId pyramid) {
    graph.addPass(prefix + "depth_pyramid", [&, group, depth, pyramid](PassBuilder& b) -> RecordFn {
        b.read(depth, Access::SampledCompute);
        b.write(pyramid, Access::StorageWriteCompute);
        return [this, group, depth, pyramid](PassContext& ctx) {
            Pyramid& p = m_pyramids[group];
            const VkExtent2D size = p.image.extent();
            const uint32_t levels = p.image.desc().mipLevels;
            const bool ms = m_samples != VK_SAMPLE_COUNT_1_BIT;
            // Each level from the one below: wait for its writes first.
            const VkMemoryBarrier2 written{.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
                                           .srcStageMask = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                                           .srcAccessMask = VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                                           .dstStageMask = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                                           .dstAccessMask = VK_ACCESS_2_SHADER_STORAGE_READ_BIT};
            const VkDependencyInfo dependency{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO,
                                              .memoryBarrierCount = 1,
                                              .pMemoryBarriers = &written};
            // A layer per view of the group, each from its layer of the depth.
            for (uint32_t layer = 0; layer < p.image.desc().layers; ++layer) {
                struct {
                    glm::uvec2 depthSize, levelSize;
                    uint32_t samples, layer;
                } push{{p.depthExtent.width, p.depthExtent.height},
                       {size.width, size.height},
                       uint32_t(m_samples),
                       layer};
                gpu::PassBinding first[2] = {{.binding = 0,
                                              .view = ctx.view(depth),
                                              .sampler = m_linearClamp.vk(),
                                              .layout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_READ_ONLY_OPTIMAL},
                                             {.binding = 5,
                                              .type = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE,
                                              .view = p.image.subView(0, layer),
                                              .layout = VK_IMAGE_LAYOUT_GENERAL}};
                vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, ms ? m_pyramidMs : m_pyramidSs);
                m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, first);
                vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL, 0, sizeof push, &push);
                vkCmdDispatch(ctx.cmd, (size.width + 7) / 8, (size.height + 7) / 8, 1);
                vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, m_pyramidReduce);
                for (uint32_t level = 1; level < levels; ++level) {
                    vkCmdPipelineBarrier2(ctx.cmd, &dependency);
                    gpu::PassBinding reduce[2] = {{.binding = 4,
                                                   .type = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE,
                                                   .view = p.image.subView(level - 1, layer),
                                                   .layout = VK_IMAGE_LAYOUT_GENERAL},
                                                  {.binding = 5,
                                                   .type = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE,
                                                   .view = p.image.subView(level, layer),
                                                   .layout = VK_IMAGE_LAYOUT_GENERAL}};
                    m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, reduce);
                    const uint32_t w = std::max(1u, size.width >> level),
                                   h = std::max(1u, size.height >> level);
                    vkCmdDispatch(ctx.cmd, (w + 7) / 8, (h + 7) / 8, 1);
                }
            }
        };
    });
}

void Renderer::recordFullscreen(VkCommandBuffer cmd, VkImageView target, VkRect2D area,
                                VkAttachmentLoadOp load, VkPipeline pipeline,
                                std::span<const gpu::PassBinding> bindings, DrawPush push, glm::vec4 params,
                                uint32_t viewCount) const {
    VkRenderingAttachmentInfo color = colorAttachment(target, load);
    beginRendering(cmd, area, &color, nullptr, viewCount);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    m_pipelines.pushBindings(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, bindings);
    push.params = params;
    bindShared(cmd, push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdEndRendering(cmd);
}

ImageId Renderer::addShadowPass(RenderGraph& graph, FrameBuffers& fb) {
    if (m_sun < 0 || !m_scene.lights[m_sun].castsShadows || m_settings.cascadeCount == 0) return {};
    ImageState sampled = stateFor(Access::SampledFragment, true);
    ImageId shadow =
        graph.importImage("shadow_cascades", m_shadowMap.desc(), m_shadowMap.vk(), m_shadowMap.view(),
                          m_shadowMapInitialized ? sampled : ImageState{}, sampled);
    m_shadowMapInitialized = true;
    const uint32_t cascades = std::min(m_settings.cascadeCount, uint32_t(SKYHOOK_MAX_CASCADES));
    // Each cascade draws only the casters inside its box (and big enough to cover a shadow texel).
    std::vector<CulledDraws> culled;
    for (uint32_t c = 0; c < cascades; ++c)
        culled.push_back(addCullPasses(graph, fb, fb.shadowCull[c], SKYHOOK_MAX_VIEWS + c,
                                       fmt::format("shadow{}.", c), cullFlags()));
    graph.addPass("shadows", [&, shadow, cascades, culled](PassBuilder& b) -> RecordFn {
        b.write(shadow, Access::DepthAttachment);
        for (const CulledDraws& d : culled) {
            b.read(d.commands, Access::BufferIndirect);
            b.read(d.counts, Access::BufferIndirect);
            readCulledMeshTasks(b, d.commands, d.counts);
        }
        return [this, &fb, cascades, culled](PassContext& ctx) {
            const VkExtent2D e = m_shadowMap.extent();
            for (uint32_t c = 0; c < cascades; ++c) {
                VkRenderingAttachmentInfo depth =
                    depthAttachment(m_shadowMap.subView(0, c), VK_ATTACHMENT_STORE_OP_STORE);
                beginRendering(ctx.cmd, {{0, 0}, e}, nullptr, &depth);
                DrawPush push = basePush(fb, 0);
                push.cascade = c;
                bindShared(ctx.cmd, push);
                // Opaque surfaces cast shadows; blended ones do not.
                const uint32_t casters[] = {kOpaque, kOpaqueDoubleSided};
                drawCulled(ctx.cmd, culled[c].cull->commands, culled[c].cull->counts, casters,
                           [this](uint32_t) { return m_shadow; });
                vkCmdEndRendering(ctx.cmd);
            }
        };
    });
    return shadow;
}

ImageId Renderer::addViewPasses(RenderGraph& graph, FrameBuffers& fb, const ViewSet& views, ViewGroup group,
                                ImageId target, ImageId targetDepth, ImageId shadow, ImageId farImage) {
    const uint32_t viewIndex = group.first, viewCount = group.count;
    // The mono far field: its view stops at its resolved HDR image; the eyes take it where nothing nearer is.
    const bool farSource = group.farSource, nearField = group.farView >= 0 && farImage.valid();
    const float clearDepth = nearField ? group.clearDepth : 0.0f;
    const View& view = views.views[viewIndex];
    VkRect2D region = view.viewport;
    if (region.extent.width == 0) region = {{0, 0}, views.target.extent};
    const VkExtent2D ext = region.extent;
    const bool msaa = m_samples != VK_SAMPLE_COUNT_1_BIT;
    // Pass names: the view's ("left."), or both eyes' of a multiview pass ("left+right.").
    std::string prefix = views.views.size() > 1 ? view.name + "." : "";
    if (viewCount > 1) prefix = fmt::format("{}+{}.", view.name, views.views[viewIndex + 1].name);
    const DrawPush push = basePush(fb, viewIndex);

    // The pass's images: a layer per view (each view of a multiview pass draws its own layer).
    auto image = [&](const std::string& name, VkFormat format, VkExtent2D extent,
                     VkSampleCountFlagBits samples, VkImageUsageFlags usage) {
        return graph.createImage({.debugName = prefix + name,
                                  .format = format,
                                  .extent = extent,
                                  .layers = viewCount,
                                  .samples = samples,
                                  .usage = usage,
                                  .arrayView = true});
    };
    ImageId hdr = image("hdr", kHdrFormat, ext, VK_SAMPLE_COUNT_1_BIT,
                        VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT);
    ImageId color = hdr;
    if (msaa)
        color = image("hdr.msaa", kHdrFormat, ext, m_samples,
                      VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT);
    // Two-phase occlusion culling: draw what the last frame's depth pyramid does not hide, build this
    // frame's pyramid from that depth, then draw what phase 1 deferred and is in fact visible.
    const bool twoPhase = occlusionActive() && !nearField;
    // Depth out: the single-sampled depth, or sample 0 of the multisampled one resolved into an image of the
    // pass's own, copied into the target's layers of these views.
    const bool depthOut = targetDepth.valid() && !farSource;
    ImageId depth = image("depth", kDepthFormat, ext, m_samples,
                          VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT |
                              (twoPhase ? VkImageUsageFlags(VK_IMAGE_USAGE_SAMPLED_BIT) : 0u) |
                              (depthOut && !msaa ? VkImageUsageFlags(VK_IMAGE_USAGE_TRANSFER_SRC_BIT) : 0u));
    ImageId depthResolved;
    if (depthOut && msaa)
        depthResolved = image("depth.resolved", kDepthFormat, ext, VK_SAMPLE_COUNT_1_BIT,
                              VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
    ImageId pyramid;
    if (twoPhase) {
        Pyramid& p = m_pyramids[viewIndex];
        const ImageState sampled = stateFor(Access::SampledCompute, false);
        pyramid = graph.importImage(prefix + "depth_pyramid", p.image.desc(), p.image.vk(), p.image.view(),
                                    p.initialized ? sampled : ImageState{}, sampled);
        p.initialized = true;
    }

    // GPU culling: the group's visible draws (what any of its views sees), compacted per pipeline variant.
    const CulledDraws d =
        addCullPasses(graph, fb, fb.cull[viewIndex], viewIndex, prefix,
                      cullFlags() | (twoPhase ? SKYHOOK_CULL_OCCLUSION : 0u), pyramid, viewCount);
    const BufferId commands = d.commands, counts = d.counts;
    const ViewCull* culled = d.cull;
    // Clustered lighting: each view's lights binned into its screen tiles × depth slices.
    std::vector<BufferId> clusterBuffers;
    if (m_settings.clusteredLights)
        for (uint32_t v = viewIndex; v < viewIndex + viewCount; ++v) {
            const ViewCull& vc = fb.cull[v];
            const std::string lightPrefix = viewCount > 1 ? views.views[v].name + "." : prefix;
            const BufferId clusterCounts = graph.importBuffer(lightPrefix + "cluster.counts",
                                                              vc.clusterCounts.vk(), vc.clusterCounts.size());
            const BufferId clusterLights = graph.importBuffer(lightPrefix + "cluster.lights",
                                                              vc.clusterLights.vk(), vc.clusterLights.size());
            addLightPasses(graph, fb, v, lightPrefix, clusterCounts, clusterLights);
            clusterBuffers.push_back(clusterCounts);
            clusterBuffers.push_back(clusterLights);
        }
    // What the forward passes read through buffer device addresses: validation cannot see these, the graph
    // must.
    auto readShading = [clusterBuffers, shadow](PassBuilder& b) {
        if (shadow.valid()) b.read(shadow, Access::SampledFragment);
        for (BufferId buffer : clusterBuffers) b.read(buffer, Access::BufferReadGraphics);
    };
    const auto forward = [this, viewCount](uint32_t v) { return forViews(m_forward[v], viewCount); };
    static constexpr uint32_t kOpaqueVariants[] = {kOpaque, kOpaqueDoubleSided};
    static constexpr uint32_t kBlendVariants[] = {kBlend, kBlendDoubleSided};

    CulledDraws late;
    if (twoPhase) {
        graph.addPass(prefix + "forward.early",
                      [&, push, color, depth, ext, commands, counts, culled, readShading, forward, viewCount,
                       clearDepth](PassBuilder& b) -> RecordFn {
                          b.write(color, Access::ColorAttachment);
                          b.write(depth, Access::DepthAttachment);
                          b.read(commands, Access::BufferIndirect);
                          b.read(counts, Access::BufferIndirect);
                          readCulledMeshTasks(b, commands, counts);
                          if (m_meshPath) {
                              // Meshlets hidden in the last frame's pyramid go to phase 2's draws.
                              b.read(pyramid, Access::SampledTask);
                              b.write(d.lateCommands, Access::BufferWriteMeshShading);
                              b.write(d.lateCounts, Access::BufferWriteMeshShading);
                          }
                          readShading(b);
                          readAtmosphereLuts(b);
                          return [this, &fb, push, color, depth, ext, culled, forward, pyramid, viewCount,
                                  clearDepth](PassContext& ctx) {
                              VkRenderingAttachmentInfo colorAtt =
                                  colorAttachment(ctx.view(color), VK_ATTACHMENT_LOAD_OP_CLEAR);
                              VkRenderingAttachmentInfo depthAtt =
                                  depthAttachment(ctx.view(depth), VK_ATTACHMENT_STORE_OP_STORE, clearDepth);
                              beginRendering(ctx.cmd, {{0, 0}, ext}, &colorAtt, &depthAtt, viewCount);
                              drawHiddenArea(ctx.cmd, fb, push.viewIndex, viewCount);
                              bindShared(ctx.cmd, push);
                              bindAtmosphereLuts(ctx);  // set 1: the atmosphere LUTs
                              bindTaskPyramid(ctx, pyramid);
                              pushDrawFlags(ctx.cmd, push.flags | SKYHOOK_DRAW_OCCLUSION_EARLY);
                              drawCulled(ctx.cmd, culled->commands, culled->counts, kOpaqueVariants, forward);
                              vkCmdEndRendering(ctx.cmd);
                          };
                      });
        addPyramidPass(graph, viewIndex, prefix, depth, pyramid);
        late = addLateCullPass(graph, fb, fb.cull[viewIndex], viewIndex, viewCount, prefix, pyramid, d);
    }

    // The beams: culled for the group's views on the GPU (their table and lists are read through addresses in
    // the forward pass: declared by declareDraw).
    const BeamCull beams = m_beams.addCullPasses(graph, viewIndex, viewCount, prefix, push.frame, push.cells);
    graph.addPass(
        prefix + "forward",
        [&, push, color, hdr, depth, ext, msaa, commands, counts, culled, late, twoPhase, pyramid,
         readShading, forward, beams, viewCount, depthOut, depthResolved, nearField, clearDepth,
         farImage](PassBuilder& b) -> RecordFn {
            b.write(color, Access::ColorAttachment);
            if (nearField) b.read(farImage, Access::SampledFragment);
            if (msaa) b.write(hdr, Access::ColorAttachment);
            b.write(depth, Access::DepthAttachment);
            if (depthResolved.valid()) b.write(depthResolved, Access::DepthResolve);
            b.read(commands, Access::BufferIndirect);
            b.read(counts, Access::BufferIndirect);
            readCulledMeshTasks(b, commands, counts);
            if (twoPhase) {
                b.read(late.commands, Access::BufferIndirect);
                b.read(late.counts, Access::BufferIndirect);
                readCulledMeshTasks(b, late.commands, late.counts);
                if (m_meshPath) b.read(pyramid, Access::SampledTask);
            }
            readShading(b);
            readAtmosphereLuts(b);
            m_beams.declareDraw(b, beams);
            return [this, &fb, push, color, hdr, depth, ext, msaa, culled, twoPhase, forward, beams, pyramid,
                    viewCount, depthOut, depthResolved, nearField, clearDepth, farImage,
                    farView = group.farView, nearRadius = group.nearRadius](PassContext& ctx) {
                // After phase 1 the attachments hold its opaque surfaces: keep them.
                const VkAttachmentLoadOp load =
                    twoPhase ? VK_ATTACHMENT_LOAD_OP_LOAD : VK_ATTACHMENT_LOAD_OP_CLEAR;
                // An eye with a far field writes every sample (near surfaces, then the far field over the
                // rest) before anything blends: its colour needs no clear.
                VkRenderingAttachmentInfo colorAtt = colorAttachment(
                    ctx.view(color), nearField && !twoPhase ? VK_ATTACHMENT_LOAD_OP_DONT_CARE : load,
                    msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE);
                if (msaa) {
                    colorAtt.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
                    colorAtt.resolveImageView = ctx.view(hdr);
                    colorAtt.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
                }
                VkRenderingAttachmentInfo depthAtt = depthAttachment(
                    ctx.view(depth),
                    depthOut && !msaa ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE,
                    clearDepth);
                depthAtt.loadOp = load;
                if (depthResolved.valid()) {  // sample 0: a depth that is really there, not an average
                    depthAtt.resolveMode = VK_RESOLVE_MODE_SAMPLE_ZERO_BIT;
                    depthAtt.resolveImageView = ctx.view(depthResolved);
                    depthAtt.resolveImageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
                }
                beginRendering(ctx.cmd, {{0, 0}, ext}, &colorAtt, &depthAtt, viewCount);
                // Phase 1 drew the hidden area already.
                if (!twoPhase) drawHiddenArea(ctx.cmd, fb, push.viewIndex, viewCount);
                bindShared(ctx.cmd, push);
                bindAtmosphereLuts(ctx);  // set 1: the atmosphere LUTs
                bindTaskPyramid(ctx, pyramid);
                const ViewCull& vc = *culled;
                if (twoPhase) {
                    pushDrawFlags(ctx.cmd, push.flags | SKYHOOK_DRAW_OCCLUSION_LATE);
                    drawCulled(ctx.cmd, vc.lateCommands, vc.lateCounts, kOpaqueVariants, forward);
                    pushDrawFlags(ctx.cmd, push.flags);
                } else
                    drawCulled(ctx.cmd, vc.commands, vc.counts, kOpaqueVariants, forward);
                if (nearField) {
                    // The planet's surface nearer than the split is the eye's own (depth-tested with the
                    // rest); then the far field fills every sample still at the split's depth. Both read the
                    // far field's image (binding 3: the task shaders' pyramid on the mesh path, which has no
                    // multiview pass).
                    const glm::vec4 params(clearDepth, float(farView), nearRadius, 0.0f);
                    vkCmdPushConstants(ctx.cmd, m_pipelines.layout(), VK_SHADER_STAGE_ALL,
                                       offsetof(DrawPush, params), sizeof params, &params);
                    const gpu::PassBinding binding{
                        .binding = 3, .view = ctx.view(farImage), .sampler = m_linearClamp.vk()};
                    m_pipelines.pushBindings(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, {&binding, 1});
                    // Only the ground within nearRadius (a disc under the camera), when the camera is that
                    // low.
                    if (m_scene.environment.sky == scene::Environment::Sky::Atmosphere &&
                        m_cameraAltitude < nearRadius) {
                        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS,
                                          forViews(m_nearGround, viewCount));
                        vkCmdDraw(ctx.cmd, 3 * 64, 1, 0, 0);
                    }
                    vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS,
                                      forViews(m_farField, viewCount));
                    vkCmdDraw(ctx.cmd, 3, 1, 0, 0);
                    bindShared(ctx.cmd, push);  // this pass's flags and parameters again
                } else {
                    // The sky fills what no opaque surface covered (depth still at the far value 0).
                    vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, forViews(m_sky, viewCount));
                    vkCmdDraw(ctx.cmd, 3, 1, 0, 0);
                }
                // Plasma jets: additive over the sky and opaque surfaces, under blended ones.
                if (m_beams.count()) {
                    m_beams.draw(
                        ctx.cmd, m_pipelines, beams, push.frame, push.cells,
                        exposureFromEv100(m_scene.environment.exposureEv100 + m_settings.exposureBias));
                    bindShared(ctx.cmd, push);
                }
                // Blended surfaces are never deferred: phase 1 culls them by frustum and size only.
                drawCulled(ctx.cmd, vc.commands, vc.counts, kBlendVariants, forward);
                vkCmdEndRendering(ctx.cmd);
            };
        });

    // Depth out: copied into the target's layers of these views.
    if (depthOut) {
        const ImageId source = depthResolved.valid() ? depthResolved : depth;
        graph.addPass(prefix + "depth.out", [&, source, targetDepth, viewCount](PassBuilder& b) -> RecordFn {
            b.read(source, Access::TransferSrc);
            b.write(targetDepth, Access::TransferDst);
            const uint32_t layer = view.targetLayer;
            return [source, targetDepth, viewCount, ext, layer](PassContext& ctx) {
                const VkImageCopy region{.srcSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, 0, viewCount},
                                         .dstSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, layer, viewCount},
                                         .extent = {ext.width, ext.height, 1}};
                vkCmdCopyImage(ctx.cmd, ctx.image(source), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                               ctx.image(targetDepth), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
            };
        });
    }

    if (farSource) return hdr;  // the eyes composite it, then bloom and tone-map their own images

    // Bloom: a chain of half-size levels down (13-tap filter), then back up (tent filter, added level by
    // level).
    std::vector<ImageId> levels;
    if (m_settings.bloom && m_scene.environment.bloomStrength > 0.0f) {
        VkExtent2D e = ext;
        while (levels.size() < 6 && e.width >= 16 && e.height >= 16) {
            e = {std::max(1u, e.width / 2), std::max(1u, e.height / 2)};
            levels.push_back(image(fmt::format("bloom{}", levels.size()), kHdrFormat, e,
                                   VK_SAMPLE_COUNT_1_BIT,
                                   VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT));
        }
    }
    auto addBloomPass = [&](const std::string& name, ImageId src, ImageId dst, VkPipeline pipeline,
                            VkAttachmentLoadOp load, glm::vec2 params) {
        graph.addPass(name, [&, src, dst, pipeline, load, params](PassBuilder& b) -> RecordFn {
            b.read(src, Access::SampledFragment);
            b.write(dst, Access::ColorAttachment);
            return [this, push, src, dst, pipeline, load, params, viewCount](PassContext& ctx) {
                VkExtent2D se = ctx.desc(src).extent;
                gpu::PassBinding binding{.binding = 0, .view = ctx.view(src), .sampler = m_linearClamp.vk()};
                recordFullscreen(ctx.cmd, ctx.view(dst), {{0, 0}, ctx.desc(dst).extent}, load,
                                 forViews(pipeline, viewCount), {&binding, 1}, push,
                                 glm::vec4(1.0f / se.width, 1.0f / se.height, params.x, params.y), viewCount);
            };
        });
    };
    for (size_t i = 0; i < levels.size(); ++i)
        addBloomPass(fmt::format("{}bloom.down{}", prefix, i), i == 0 ? hdr : levels[i - 1], levels[i],
                     m_bloomDown, VK_ATTACHMENT_LOAD_OP_DONT_CARE, {i == 0 ? 1.0f : 0.0f, 0.0f});
    for (size_t i = levels.size(); i-- > 1;)
        addBloomPass(fmt::format("{}bloom.up{}", prefix, i), levels[i], levels[i - 1], m_bloomUp,
                     VK_ATTACHMENT_LOAD_OP_LOAD, {0.0f, 1.0f});

    const ImageId bloom = levels.empty() ? ImageId{} : levels[0];
    const bool fullTarget = region.offset.x == 0 && region.offset.y == 0 &&
                            region.extent.width == views.target.extent.width &&
                            region.extent.height == views.target.extent.height;
    const VkPipeline tonemap =
        forViews(views.target.format == VK_FORMAT_B8G8R8A8_UNORM ? m_tonemapBgra : m_tonemapRgba, viewCount);
    // An array target (XR swapchain): the view's own layer, or a multiview pass's layers.
    VkImageView targetView = VK_NULL_HANDLE;
    if (viewCount > 1)
        targetView = views.target.arrayView;
    else if (!views.target.layerViews.empty())
        targetView = views.target.layerViews[view.targetLayer];
    graph.addPass(prefix + "tonemap",
                  [&, hdr, bloom, target, region, fullTarget, tonemap, targetView,
                   viewCount](PassBuilder& b) -> RecordFn {
                      b.read(hdr, Access::SampledFragment);
                      if (bloom.valid()) b.read(bloom, Access::SampledFragment);
                      b.write(target, Access::ColorAttachment);
                      return [this, push, hdr, bloom, target, region, fullTarget, tonemap, targetView,
                              viewCount](PassContext& ctx) {
                          gpu::PassBinding bindings[2] = {
                              {.binding = 0, .view = ctx.view(hdr), .sampler = m_linearClamp.vk()},
                              {.binding = 1,
                               .view = ctx.view(bloom.valid() ? bloom : hdr),
                               .sampler = m_linearClamp.vk()}};
                          // Other views may already have drawn into the target: keep their pixels.
                          recordFullscreen(
                              ctx.cmd, targetView ? targetView : ctx.view(target), region,
                              fullTarget ? VK_ATTACHMENT_LOAD_OP_DONT_CARE : VK_ATTACHMENT_LOAD_OP_LOAD,
                              tonemap, bindings, push,
                              glm::vec4(bloom.valid() ? 1.0f : 0.0f, float(region.offset.x),
                                        float(region.offset.y), 0.0f),
                              viewCount);
                      };
                  });
    return hdr;
}

void Renderer::addBarePass(RenderGraph& graph, FrameBuffers& fb, const ViewSet& views, ImageId target) {
    const VkExtent2D ext = views.target.extent;
    ImageId depth = graph.createImage({.debugName = "bare.depth",
                                       .format = kDepthFormat,
                                       .extent = ext,
                                       .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT});
    // Every instance at LOD 0, as a naive renderer would draw them (through the same runs of instances).
    const CulledDraws d = addCullPasses(graph, fb, fb.cull[0], 0, "bare.", SKYHOOK_CULL_ACCEPT_ALL);
    graph.addPass("bare", [&, target, depth, ext, d](PassBuilder& b) -> RecordFn {
        b.write(target, Access::ColorAttachment);
        b.write(depth, Access::DepthAttachment);
        b.read(d.commands, Access::BufferIndirect);
        b.read(d.counts, Access::BufferIndirect);
        readCulledMeshTasks(b, d.commands, d.counts);
        return [this, &fb, target, depth, ext, d](PassContext& ctx) {
            VkRenderingAttachmentInfo color = colorAttachment(ctx.view(target), VK_ATTACHMENT_LOAD_OP_CLEAR);
            VkRenderingAttachmentInfo depthAtt =
                depthAttachment(ctx.view(depth), VK_ATTACHMENT_STORE_OP_DONT_CARE);
            beginRendering(ctx.cmd, {{0, 0}, ext}, &color, &depthAtt);
            bindShared(ctx.cmd, basePush(fb, 0));
            bindTaskPyramid(ctx, {});  // forward.task's binding: no occlusion culling here
            const uint32_t all[] = {kOpaque, kOpaqueDoubleSided, kBlend, kBlendDoubleSided};
            drawCulled(ctx.cmd, d.cull->commands, d.cull->counts, all, [this](uint32_t) { return m_bare; });
            vkCmdEndRendering(ctx.cmd);
        };
    });
}

}  // namespace skyhook::render
