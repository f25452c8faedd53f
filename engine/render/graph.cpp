#include "engine/render/graph.hpp"

#include <algorithm>

namespace skyhook::render {

bool isWrite(Access a) {
    switch (a) {
        case Access::ColorAttachment:
        case Access::DepthAttachment:
        case Access::DepthResolve:
        case Access::StorageWriteCompute:
        case Access::TransferDst:
        case Access::BufferWriteCompute:
        case Access::BufferTransferWrite:
        case Access::BufferWriteMeshShading:
            return true;
        default:
            return false;
    }
}

bool isBufferAccess(Access a) {
    switch (a) {
        case Access::BufferIndirect:
        case Access::BufferReadCompute:
        case Access::BufferWriteCompute:
        case Access::BufferReadGraphics:
        case Access::BufferTransferWrite:
        case Access::BufferReadMeshShading:
        case Access::BufferWriteMeshShading:
            return true;
        default:
            return false;
    }
}

ImageState stateFor(Access a, bool depthFormat) {
    switch (a) {
        case Access::ColorAttachment:
            return {VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT};
        case Access::DepthAttachment:
            return {
                VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT |
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT};
        case Access::DepthResolve:
            // Resolves run in the colour-output stage with colour-attachment access, even for depth; the
            // depth bits cover implementations that see it as a depth write.
            return {
                VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT};
        case Access::DepthRead:
            return {
                VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL,
                VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT};
        case Access::SampledFragment:
            return {depthFormat ? VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL
                                : VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT};
        case Access::SampledCompute:
            return {depthFormat ? VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL
                                : VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT};
        case Access::SampledTask:
            return {depthFormat ? VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL
                                : VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_PIPELINE_STAGE_2_TASK_SHADER_BIT_EXT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT};
        case Access::StorageWriteCompute:
            return {VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                    VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT | VK_ACCESS_2_SHADER_STORAGE_READ_BIT};
        case Access::TransferSrc:
            return {VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                    VK_ACCESS_2_TRANSFER_READ_BIT};
        case Access::TransferDst:
            return {VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                    VK_ACCESS_2_TRANSFER_WRITE_BIT};
        case Access::Present:
            return {VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE};
        case Access::BufferIndirect:
            return {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT,
                    VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT};
        case Access::BufferReadCompute:
            return {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                    VK_ACCESS_2_SHADER_STORAGE_READ_BIT};
        case Access::BufferWriteCompute:
            return {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                    VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT | VK_ACCESS_2_SHADER_STORAGE_READ_BIT};
        case Access::BufferReadGraphics:
            return {VK_IMAGE_LAYOUT_UNDEFINED,
                    VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                    VK_ACCESS_2_SHADER_STORAGE_READ_BIT};
        case Access::BufferReadMeshShading:
            return {VK_IMAGE_LAYOUT_UNDEFINED,
                    VK_PIPELINE_STAGE_2_TASK_SHADER_BIT_EXT | VK_PIPELINE_STAGE_2_MESH_SHADER_BIT_EXT,
                    VK_ACCESS_2_SHADER_STORAGE_READ_BIT};
        case Access::BufferWriteMeshShading:
            return {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_TASK_SHADER_BIT_EXT,
                    VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT};
        case Access::BufferTransferWrite:
            return {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                    VK_ACCESS_2_TRANSFER_WRITE_BIT};
    }
    return {};
}

namespace {
bool isDepth(VkFormat f) {
    return gpu::aspectOf(f) & VK_IMAGE_ASPECT_DEPTH_BIT;
}
constexpr VkAccessFlags2 kWriteAccess =
    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT |
    VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT | VK_ACCESS_2_TRANSFER_WRITE_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT |
    VK_ACCESS_2_HOST_WRITE_BIT | VK_ACCESS_2_SHADER_WRITE_BIT;
}  // namespace

void PassBuilder::read(ImageId image, Access access) {
    SKYHOOK_CHECK(!isWrite(access) && !isBufferAccess(access),
                  "read() of an image with a writing or buffer access");
    m_uses.push_back({image, access});
}

void PassBuilder::write(ImageId image, Access access) {
    SKYHOOK_CHECK(isWrite(access) && !isBufferAccess(access),
                  "write() of an image with a reading or buffer access");
    m_uses.push_back({image, access});
}

void PassBuilder::read(BufferId buffer, Access access) {
    SKYHOOK_CHECK(!isWrite(access) && isBufferAccess(access),
                  "read() of a buffer with a writing or image access");
    m_uses.push_back({ImageId{buffer.index}, access});
}

void PassBuilder::write(BufferId buffer, Access access) {
    SKYHOOK_CHECK(isWrite(access) && isBufferAccess(access),
                  "write() of a buffer with a reading or image access");
    m_uses.push_back({ImageId{buffer.index}, access});
}

ImageId RenderGraph::createImage(const gpu::ImageDesc& desc) {
    m_images.push_back({.desc = desc});
    return ImageId{static_cast<uint32_t>(m_images.size() - 1)};
}

ImageId RenderGraph::importImage(const std::string& name, const gpu::ImageDesc& desc, VkImage image,
                                 VkImageView view, ImageState initial, std::optional<ImageState> final,
                                 bool output) {
    ImageDecl d{.desc = desc,
                .imported = true,
                .output = output,
                .image = image,
                .view = view,
                .initial = initial,
                .final = final};
    d.desc.debugName = name;
    m_images.push_back(std::move(d));
    return ImageId{static_cast<uint32_t>(m_images.size() - 1)};
}

BufferId RenderGraph::importBuffer(const std::string& name, VkBuffer buffer, VkDeviceSize size,
                                   ImageState initial, bool output) {
    ImageDecl d{.buffer = true,
                .vkBuffer = buffer,
                .size = size,
                .imported = true,
                .output = output,
                .initial = initial};
    d.desc.debugName = name;
    m_images.push_back(std::move(d));
    return BufferId{static_cast<uint32_t>(m_images.size() - 1)};
}

void RenderGraph::addPass(const std::string& name, const std::function<RecordFn(PassBuilder&)>& setup) {
    PassDecl p{.name = name};
    p.record = setup(p.builder);
    m_passes.push_back(std::move(p));
}

Result<CompiledGraph> RenderGraph::compile() const {
    const uint32_t nPasses = static_cast<uint32_t>(m_passes.size());
    const uint32_t nImages = static_cast<uint32_t>(m_images.size());
    for (uint32_t p = 0; p < nPasses; ++p)
        for (const auto& u : m_passes[p].builder.m_uses)
            if (u.image.index >= nImages)
                return Error::make("render graph: pass '{}' uses an image that was never declared",
                                   m_passes[p].name);
            else if (m_images[u.image.index].buffer != isBufferAccess(u.access))
                return Error::make("render graph: pass '{}' uses '{}' with an access of the other kind",
                                   m_passes[p].name, m_images[u.image.index].desc.debugName);

    // Culling: walk backwards from outputs and side effects; a pass is needed if it writes something needed.
    std::vector<bool> neededImage(nImages, false), neededPass(nPasses, false);
    for (uint32_t i = 0; i < nImages; ++i) neededImage[i] = m_images[i].output;
    for (uint32_t p = nPasses; p-- > 0;) {
        const auto& b = m_passes[p].builder;
        bool needed = b.m_sideEffect;
        for (const auto& u : b.m_uses)
            if (isWrite(u.access) && neededImage[u.image.index]) needed = true;
        if (!needed) continue;
        neededPass[p] = true;
        // Everything it touches must exist before it: reads, and images it writes partially (loads).
        for (const auto& u : b.m_uses)
            if (!isWrite(u.access)) neededImage[u.image.index] = true;
    }

    CompiledGraph out;
    // Validate: a transient image must be written before it is read.
    std::vector<bool> written(nImages, false);
    std::vector<int32_t> first(nImages, -1), last(nImages, -1);
    uint32_t order = 0;
    for (uint32_t p = 0; p < nPasses; ++p) {
        if (!neededPass[p]) {
            ++out.culledPasses;
            continue;
        }
        for (const auto& u : m_passes[p].builder.m_uses) {
            const ImageDecl& img = m_images[u.image.index];
            if (!isWrite(u.access) && !img.imported && !written[u.image.index])
                return Error::make("render graph: pass '{}' reads image '{}' before any pass writes it",
                                   m_passes[p].name, img.desc.debugName);
            if (isWrite(u.access)) written[u.image.index] = true;
            if (first[u.image.index] < 0) first[u.image.index] = static_cast<int32_t>(order);
            last[u.image.index] = static_cast<int32_t>(order);
        }
        out.passes.push_back({.pass = p});
        ++order;
    }

    // Aliasing: greedy assignment of transients to physical slots with identical descriptions whose
    // previous occupant's lifetime ended before this one starts.
    out.physicalOf.assign(nImages, UINT32_MAX);
    std::vector<int32_t> slotBusyUntil;
    std::vector<uint32_t> byFirstUse;
    for (uint32_t i = 0; i < nImages; ++i)
        if (!m_images[i].imported && !m_images[i].buffer && first[i] >= 0) byFirstUse.push_back(i);
    std::sort(byFirstUse.begin(), byFirstUse.end(),
              [&](uint32_t a, uint32_t b) { return first[a] < first[b]; });
    for (uint32_t i : byFirstUse) {
        uint32_t slot = UINT32_MAX;
        for (uint32_t s = 0; s < out.physicalDescs.size(); ++s) {
            if (gpu::sameShape(out.physicalDescs[s], m_images[i].desc) && slotBusyUntil[s] < first[i]) {
                slot = s;
                break;
            }
        }
        if (slot == UINT32_MAX) {
            slot = static_cast<uint32_t>(out.physicalDescs.size());
            out.physicalDescs.push_back(m_images[i].desc);
            slotBusyUntil.push_back(-1);
        }
        slotBusyUntil[slot] = last[i];
        out.physicalOf[i] = slot;
    }

    // Barriers: track each image's state through the passes.
    std::vector<ImageState> state(nImages);
    // The last write of each image (stages and accesses), kept while reads follow it: a read in a stage the
    // previous barrier did not reach needs its own dependency on that write.
    std::vector<ImageState> lastWrite(nImages);
    std::vector<bool> touched(nImages, false);
    for (uint32_t i = 0; i < nImages; ++i) {
        state[i] = m_images[i].imported ? m_images[i].initial : ImageState{};
        if (state[i].access & kWriteAccess) lastWrite[i] = state[i];
    }
    for (CompiledPass& cp : out.passes) {
        for (const auto& u : m_passes[cp.pass].builder.m_uses) {
            uint32_t i = u.image.index;
            const bool buffer = m_images[i].buffer;
            ImageState want = stateFor(u.access, !buffer && isDepth(m_images[i].desc.format));
            ImageState& have = state[i];
            bool firstUseOfTransient = !m_images[i].imported && !touched[i];
            if (firstUseOfTransient) {
                // Contents are undefined; wait for whatever used this memory before (an aliased image or the
                // previous frame's use of the same physical image).
                cp.barriers.push_back({u.image,
                                       {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                                        VK_ACCESS_2_MEMORY_WRITE_BIT},
                                       want});
            } else if (have.layout != want.layout || (have.access & kWriteAccess) || isWrite(u.access)) {
                // A buffer never used before in this graph whose contents the host wrote needs no barrier.
                if (!(buffer && have.stages == VK_PIPELINE_STAGE_2_NONE))
                    cp.barriers.push_back({u.image, have, want, buffer});
            } else if ((lastWrite[i].access & kWriteAccess) &&
                       ((want.stages & ~have.stages) || (want.access & ~have.access))) {
                // Read after read in the same layout, but in a new stage (fragment then compute, depth test
                // then sampling): the earlier barrier's second scope does not include it. Chain from the
                // earlier readers' stages and make the last write visible here.
                cp.barriers.push_back({u.image,
                                       {have.layout, have.stages | lastWrite[i].stages, lastWrite[i].access},
                                       want,
                                       buffer});
                want.stages |= have.stages;
                want.access |= have.access;
            } else {
                // Read after read in the same layout: widen the tracked stages so a later write waits for
                // both.
                want.stages |= have.stages;
                want.access |= have.access;
            }
            touched[i] = true;
            if (isWrite(u.access)) lastWrite[i] = want;
            have = want;
        }
    }
    for (uint32_t i = 0; i < nImages; ++i)
        if (m_images[i].imported && !m_images[i].buffer && m_images[i].final) {
            const ImageState& fin = *m_images[i].final;
            if (fin.layout != state[i].layout || (state[i].access & kWriteAccess))
                out.finalBarriers.push_back({ImageId{i}, state[i], fin});
        }
    return out;
}

namespace {

void emitBarriers(VkCommandBuffer cmd, const std::vector<Barrier>& barriers, const PassContext& ctx) {
    if (barriers.empty()) return;
    std::vector<VkImageMemoryBarrier2> images;
    std::vector<VkBufferMemoryBarrier2> buffers;
    for (const Barrier& b : barriers) {
        if (b.buffer) {
            buffers.push_back({.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER_2,
                               .srcStageMask = b.from.stages,
                               .srcAccessMask = b.from.access & kWriteAccess,
                               .dstStageMask = b.to.stages,
                               .dstAccessMask = b.to.access,
                               .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                               .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                               .buffer = ctx.buffer(BufferId{b.image.index}),
                               .offset = 0,
                               .size = VK_WHOLE_SIZE});
            continue;
        }
        images.push_back({.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2,
                          .srcStageMask = b.from.stages,
                          .srcAccessMask = b.from.access & kWriteAccess,
                          .dstStageMask = b.to.stages,
                          .dstAccessMask = b.to.access,
                          .oldLayout = b.from.layout,
                          .newLayout = b.to.layout,
                          .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                          .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
                          .image = ctx.image(b.image),
                          .subresourceRange = {gpu::aspectOf(ctx.desc(b.image).format), 0,
                                               VK_REMAINING_MIP_LEVELS, 0, VK_REMAINING_ARRAY_LAYERS}});
    }
    VkDependencyInfo dep{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO,
                         .bufferMemoryBarrierCount = static_cast<uint32_t>(buffers.size()),
                         .pBufferMemoryBarriers = buffers.data(),
                         .imageMemoryBarrierCount = static_cast<uint32_t>(images.size()),
                         .pImageMemoryBarriers = images.data()};
    vkCmdPipelineBarrier2(cmd, &dep);
}

}  // namespace

void RenderGraph::execute(VkCommandBuffer cmd, const CompiledGraph& compiled,
                          std::vector<PhysicalImage> physical, const Timer& begin,
                          const TimerEnd& end) const {
    PassContext ctx;
    ctx.cmd = cmd;
    ctx.m_graph = this;
    ctx.m_compiled = &compiled;
    ctx.m_physical = &physical;
    for (const CompiledPass& cp : compiled.passes) {
        const PassDecl& p = m_passes[cp.pass];
        uint32_t token = begin ? begin(cmd, p.name) : UINT32_MAX;
        emitBarriers(cmd, cp.barriers, ctx);
        if (p.record) p.record(ctx);
        if (end) end(cmd, token);
    }
    emitBarriers(cmd, compiled.finalBarriers, ctx);
}

VkImage PassContext::image(ImageId id) const {
    const auto& decl = m_graph->m_images[id.index];
    if (decl.imported) return decl.image;
    return (*m_physical)[m_compiled->physicalOf[id.index]].image;
}

VkBuffer PassContext::buffer(BufferId id) const {
    const auto& decl = m_graph->m_images[id.index];
    SKYHOOK_CHECK(decl.buffer, "'{}' is not a buffer", decl.desc.debugName);
    return decl.vkBuffer;
}

VkImageView PassContext::view(ImageId id) const {
    const auto& decl = m_graph->m_images[id.index];
    if (decl.imported) return decl.view;
    return (*m_physical)[m_compiled->physicalOf[id.index]].view;
}

VkImageView PassContext::subView(ImageId id, uint32_t mip, uint32_t layer) const {
    const auto& decl = m_graph->m_images[id.index];
    SKYHOOK_CHECK(!decl.imported, "subView of imported image '{}'", decl.desc.debugName);
    gpu::Image* owner = (*m_physical)[m_compiled->physicalOf[id.index]].owner;
    SKYHOOK_CHECK(owner != nullptr, "subView without an owning image");
    return owner->subView(mip, layer);
}

const gpu::ImageDesc& PassContext::desc(ImageId id) const {
    return m_graph->m_images[id.index].desc;
}

Result<std::vector<RenderGraph::PhysicalImage>> TransientPool::acquire(const RenderGraph&,
                                                                       const CompiledGraph& compiled) {
    ++m_tick;
    for (Entry& e : m_entries) e.taken = false;
    std::vector<RenderGraph::PhysicalImage> out;
    for (const gpu::ImageDesc& want : compiled.physicalDescs) {
        Entry* found = nullptr;
        for (Entry& e : m_entries) {
            if (!e.taken && gpu::sameShape(e.image.desc(), want)) {
                found = &e;
                break;
            }
        }
        if (!found) {
            auto img = gpu::Image::create(m_device, want);
            if (!img) return img.error();
            m_entries.push_back({std::move(*img)});
            found = &m_entries.back();
        }
        found->taken = true;
        found->lastUsed = m_tick;
        out.push_back({found->image.vk(), found->image.view(), &found->image});
    }
    return out;
}

void TransientPool::trim(uint32_t frames) {
    std::erase_if(m_entries, [&](const Entry& e) { return e.lastUsed + frames < m_tick; });
}

}  // namespace skyhook::render
