#pragma once
// The render graph. Passes declare which images and buffers they read and write; compile() drops passes whose
// results nobody uses, checks the declarations, derives every synchronization2 barrier (layouts, stages,
// accesses) and assigns transient images to physical ones, aliasing images whose lifetimes do not overlap.
// Buffers are imported (per-frame buffers the renderer owns); the graph orders and synchronizes their uses.
// compile() needs no device (it is tested on the CPU); execute() records the barriers and the passes.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <deque>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/resources.hpp"

namespace skyhook::render {

enum class Access : uint8_t {
    ColorAttachment,      // written as a colour attachment (or resolve target)
    DepthAttachment,      // depth test and write
    DepthRead,            // depth test, no write
    DepthResolve,         // written as a depth resolve target (a multisampled depth attachment's sample 0)
    SampledFragment,      // sampled in a fragment shader
    SampledCompute,       // sampled in a compute shader
    SampledTask,          // sampled in a task shader (the mesh path, on VK_EXT_mesh_shader devices only)
    StorageWriteCompute,  // written as a storage image in compute
    TransferSrc,
    TransferDst,
    Present,
    // Buffers
    BufferIndirect,       // indirect draw arguments and counts
    BufferReadCompute,    // storage buffer read in compute
    BufferWriteCompute,   // storage buffer written (and read) in compute
    BufferReadGraphics,   // storage buffer read in vertex or fragment shaders
    BufferTransferWrite,  // vkCmdFillBuffer / copies into it
    // Storage buffers read in task or mesh shaders, and written (atomics) in task shaders: the mesh path, on
    // VK_EXT_mesh_shader devices only.
    BufferReadMeshShading,
    BufferWriteMeshShading,
};

struct ImageState {
    VkImageLayout layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkPipelineStageFlags2 stages = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 access = VK_ACCESS_2_NONE;
};

ImageState stateFor(Access access, bool depthFormat);
bool isWrite(Access access);

struct ImageId {
    uint32_t index = UINT32_MAX;  // into the graph's resources
    bool valid() const { return index != UINT32_MAX; }
    friend bool operator==(ImageId, ImageId) = default;
};

struct BufferId {
    uint32_t index = UINT32_MAX;  // into the graph's resources
    bool valid() const { return index != UINT32_MAX; }
    friend bool operator==(BufferId, BufferId) = default;
};

bool isBufferAccess(Access access);

class PassContext;
using RecordFn = std::function<void(PassContext&)>;

class PassBuilder {
public:
    void read(ImageId image, Access access);
    void write(ImageId image, Access access);
    void read(BufferId buffer, Access access);
    void write(BufferId buffer, Access access);
    // Keeps the pass even if nothing reads its results (e.g. it writes a buffer read back on the CPU).
    void sideEffect() { m_sideEffect = true; }

private:
    friend class RenderGraph;
    struct Use {
        ImageId image;  // the resource (an image or a buffer)
        Access access;
    };
    std::vector<Use> m_uses;
    bool m_sideEffect = false;
};

struct Barrier {
    ImageId image;  // the resource; a buffer when `buffer` is set (layouts are then unused)
    ImageState from;
    ImageState to;
    bool buffer = false;
};

struct CompiledPass {
    uint32_t pass = 0;  // index into the declared passes
    std::vector<Barrier> barriers;
};

struct CompiledGraph {
    std::vector<CompiledPass> passes;           // in execution order, culled
    std::vector<uint32_t> physicalOf;           // per image: physical slot (transients) or UINT32_MAX
    std::vector<gpu::ImageDesc> physicalDescs;  // per physical slot
    std::vector<Barrier> finalBarriers;         // imported images to their final states
    uint32_t culledPasses = 0;
};

class RenderGraph {
public:
    // Forgets every declaration but keeps the storage: a renderer reuses one graph frame after frame.
    void clear() {
        m_images.clear();
        m_passes.clear();
    }
    // A transient image: lives for this graph only, content undefined at its first use.
    ImageId createImage(const gpu::ImageDesc& desc);
    // An image owned elsewhere (swapchain image, offscreen target, persistent history). `initial` is its
    // state now; when `final` is given it is transitioned there at the end. Outputs are kept alive by
    // culling.
    ImageId importImage(const std::string& name, const gpu::ImageDesc& desc, VkImage image, VkImageView view,
                        ImageState initial, std::optional<ImageState> final = std::nullopt,
                        bool output = false);
    // A buffer owned elsewhere. `initial` is the state of its last use before this graph (none when the host
    // wrote it for this frame). Outputs keep the passes writing them alive (e.g. counts read back by a test).
    BufferId importBuffer(const std::string& name, VkBuffer buffer, VkDeviceSize size,
                          ImageState initial = {}, bool output = false);
    // setup declares reads and writes and returns the pass's record function.
    void addPass(const std::string& name, const std::function<RecordFn(PassBuilder&)>& setup);

    Result<CompiledGraph> compile() const;

    // Records the compiled graph. `physical` provides an image for every physical slot (TransientPool does).
    struct PhysicalImage {
        VkImage image = VK_NULL_HANDLE;
        VkImageView view = VK_NULL_HANDLE;
        gpu::Image* owner = nullptr;  // for sub-views (mips, layers); null for imported images
    };
    using Timer = std::function<uint32_t(VkCommandBuffer, const std::string&)>;
    using TimerEnd = std::function<void(VkCommandBuffer, uint32_t)>;
    void execute(VkCommandBuffer cmd, const CompiledGraph& compiled, std::vector<PhysicalImage> physical,
                 const Timer& begin = {}, const TimerEnd& end = {}) const;

    const std::string& passName(uint32_t pass) const { return m_passes[pass].name; }
    size_t passCount() const { return m_passes.size(); }
    const gpu::ImageDesc& imageDesc(ImageId id) const { return m_images[id.index].desc; }

private:
    friend class PassContext;
    struct ImageDecl {  // an image or (buffer = true) a buffer
        gpu::ImageDesc desc;
        bool buffer = false;
        VkBuffer vkBuffer = VK_NULL_HANDLE;
        VkDeviceSize size = 0;
        bool imported = false;
        bool output = false;
        VkImage image = VK_NULL_HANDLE;
        VkImageView view = VK_NULL_HANDLE;
        ImageState initial;
        std::optional<ImageState> final;
    };
    struct PassDecl {
        std::string name;
        PassBuilder builder;
        RecordFn record;
    };
    std::vector<ImageDecl> m_images;
    std::vector<PassDecl> m_passes;
};

// What a pass's record function sees: the command buffer and its images resolved to Vulkan handles.
class PassContext {
public:
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkImage image(ImageId id) const;
    VkBuffer buffer(BufferId id) const;
    VkImageView view(ImageId id) const;
    // A view of one mip and layer (transient images only).
    VkImageView subView(ImageId id, uint32_t mip, uint32_t layer) const;
    const gpu::ImageDesc& desc(ImageId id) const;

private:
    friend class RenderGraph;
    const RenderGraph* m_graph = nullptr;
    const CompiledGraph* m_compiled = nullptr;
    const std::vector<RenderGraph::PhysicalImage>* m_physical = nullptr;
};

// Keeps physical images for transient slots across frames, reusing one when the description matches.
class TransientPool {
public:
    explicit TransientPool(gpu::Device& device) : m_device(device) {}
    Result<std::vector<RenderGraph::PhysicalImage>> acquire(const RenderGraph& graph,
                                                            const CompiledGraph& compiled);
    // Frees images unused for `frames` acquisitions (after a resize, say).
    void trim(uint32_t frames = 4);
    size_t imageCount() const { return m_entries.size(); }

private:
    struct Entry {
        gpu::Image image;
        uint64_t lastUsed = 0;
        bool taken = false;
    };
    gpu::Device& m_device;
    std::deque<Entry> m_entries;  // stable addresses: passes hold pointers to the images
    uint64_t m_tick = 0;
};

}  // namespace skyhook::render
