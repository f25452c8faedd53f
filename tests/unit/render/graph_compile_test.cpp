// Render-graph compile tests: culling, validation, barrier derivation and transient aliasing. No device:
// compile() only looks at descriptions and declared accesses.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/render/graph.hpp"

namespace skyhook::render {
namespace {

gpu::ImageDesc color(const std::string& name, uint32_t size = 64) {
    return {.debugName = name,
            .format = VK_FORMAT_R8G8B8A8_UNORM,
            .extent = {size, size},
            .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT};
}

gpu::ImageDesc depth(const std::string& name) {
    return {.debugName = name,
            .format = VK_FORMAT_D32_SFLOAT,
            .extent = {64, 64},
            .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT};
}

// An imported output (kept alive by culling), e.g. the frame's target.
ImageId importOutput(RenderGraph& g, const std::string& name) {
    return g.importImage(name, color(name), VK_NULL_HANDLE, VK_NULL_HANDLE, ImageState{}, std::nullopt, true);
}

struct Use {
    ImageId image;
    Access access;
};

// Declares a pass from a list of reads and writes (the access decides which).
void pass(RenderGraph& g, const std::string& name, std::vector<Use> uses, bool sideEffect = false) {
    g.addPass(name, [uses, sideEffect](PassBuilder& b) -> RecordFn {
        for (const Use& u : uses) {
            if (isWrite(u.access))
                b.write(u.image, u.access);
            else
                b.read(u.image, u.access);
        }
        if (sideEffect) b.sideEffect();
        return {};
    });
}

std::vector<std::string> passNames(const RenderGraph& g, const CompiledGraph& c) {
    std::vector<std::string> out;
    for (const CompiledPass& p : c.passes) out.push_back(g.passName(p.pass));
    return out;
}

const CompiledPass& compiledPass(const RenderGraph& g, const CompiledGraph& c, const std::string& name) {
    for (const CompiledPass& p : c.passes)
        if (g.passName(p.pass) == name) return p;
    ADD_FAILURE() << "pass '" << name << "' is not in the compiled graph";
    static CompiledPass none;
    return none;
}

std::vector<Barrier> barriersOf(const CompiledPass& p, ImageId image) {
    std::vector<Barrier> out;
    for (const Barrier& b : p.barriers)
        if (b.image == image) out.push_back(b);
    return out;
}

CompiledGraph compileOk(const RenderGraph& g) {
    auto c = g.compile();
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    if (!c.ok()) return {};
    return *c;
}

TEST(RenderGraphCompile, CullsPassWhoseResultNobodyReadsAndThePassesFeedingOnlyIt) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId a = g.createImage(color("a"));
    ImageId unused = g.createImage(color("unused"));
    ImageId shared = g.createImage(color("shared"));
    pass(g, "feeds_only_dead", {{a, Access::ColorAttachment}});
    pass(g, "dead", {{a, Access::SampledFragment}, {unused, Access::ColorAttachment}});
    pass(g, "feeds_both", {{shared, Access::ColorAttachment}});
    pass(g, "dead_too", {{shared, Access::SampledFragment}, {unused, Access::ColorAttachment}});
    pass(g, "final", {{shared, Access::SampledFragment}, {out, Access::ColorAttachment}});

    CompiledGraph c = compileOk(g);
    EXPECT_EQ(c.culledPasses, 3u);
    EXPECT_EQ(passNames(g, c), (std::vector<std::string>{"feeds_both", "final"}));
    // Images only culled passes touch get no physical image.
    EXPECT_EQ(c.physicalOf[a.index], UINT32_MAX);
    EXPECT_EQ(c.physicalOf[unused.index], UINT32_MAX);
    EXPECT_NE(c.physicalOf[shared.index], UINT32_MAX);
}

TEST(RenderGraphCompile, WithoutOutputsEverythingIsCulled) {
    RenderGraph g;
    ImageId a = g.createImage(color("a"));
    ImageId b = g.createImage(color("b"));
    pass(g, "one", {{a, Access::ColorAttachment}});
    pass(g, "two", {{a, Access::SampledFragment}, {b, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    EXPECT_EQ(c.culledPasses, 2u);
    EXPECT_TRUE(c.passes.empty());
    EXPECT_TRUE(c.physicalDescs.empty());
}

TEST(RenderGraphCompile, SideEffectKeepsPassAndItsInputs) {
    RenderGraph g;
    ImageId a = g.createImage(color("a"));
    ImageId b = g.createImage(color("b"));
    pass(g, "producer", {{a, Access::ColorAttachment}});
    pass(g, "readback", {{a, Access::TransferSrc}}, /*sideEffect=*/true);
    pass(g, "ignored", {{b, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    EXPECT_EQ(c.culledPasses, 1u);
    EXPECT_EQ(passNames(g, c), (std::vector<std::string>{"producer", "readback"}));
}

TEST(RenderGraphCompile, ReadingTransientBeforeAnyWriteIsAnErrorNamingPassAndImage) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId gbuffer = g.createImage(color("gbuffer"));
    // The writer is declared after the reader: declaration order is execution order, so this is a read of
    // undefined contents.
    pass(g, "lighting", {{gbuffer, Access::SampledFragment}, {out, Access::ColorAttachment}});
    pass(g, "geometry", {{gbuffer, Access::ColorAttachment}, {out, Access::ColorAttachment}});
    auto c = g.compile();
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("'lighting'"), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("'gbuffer'"), std::string::npos) << c.error().message;
}

TEST(RenderGraphCompile, ReadingImportedImageWithoutWriterIsFine) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId history = g.importImage("history", color("history"), VK_NULL_HANDLE, VK_NULL_HANDLE,
                                    stateFor(Access::SampledFragment, false));
    pass(g, "resolve", {{history, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    ASSERT_EQ(c.passes.size(), 1u);
    // Already in the sampled state and nobody wrote it: nothing to wait for.
    EXPECT_TRUE(barriersOf(c.passes[0], history).empty());
}

TEST(RenderGraphCompile, UndeclaredImageIsAnError) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    pass(g, "broken", {{ImageId{42}, Access::SampledFragment}, {out, Access::ColorAttachment}});
    auto c = g.compile();
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("'broken'"), std::string::npos) << c.error().message;
}

TEST(RenderGraphCompile, ColorWriteThenSampledReadGivesOneBarrier) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId hdr = g.createImage(color("hdr"));
    pass(g, "forward", {{hdr, Access::ColorAttachment}});
    pass(g, "tonemap", {{hdr, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    auto bs = barriersOf(compiledPass(g, c, "tonemap"), hdr);
    ASSERT_EQ(bs.size(), 1u);
    const Barrier& b = bs[0];
    EXPECT_EQ(b.from.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
    EXPECT_EQ(b.to.layout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    EXPECT_EQ(b.from.stages, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT);
    EXPECT_EQ(b.to.stages, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT);
    EXPECT_TRUE(b.from.access & VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    EXPECT_EQ(b.to.access, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

TEST(RenderGraphCompile, ReadAfterReadInSameLayoutHasNoBarrierAndLaterWriteWaitsForBothReaders) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId out2 = importOutput(g, "target2");
    ImageId t = g.createImage(color("t"));
    pass(g, "write", {{t, Access::ColorAttachment}});
    pass(g, "read_fragment", {{t, Access::SampledFragment}, {out, Access::ColorAttachment}});
    pass(g, "read_fragment_again", {{t, Access::SampledFragment}, {out2, Access::ColorAttachment}});
    pass(g, "read_compute", {{t, Access::SampledCompute}}, /*sideEffect=*/true);
    pass(g, "overwrite", {{t, Access::StorageWriteCompute}}, /*sideEffect=*/true);
    CompiledGraph c = compileOk(g);
    ASSERT_EQ(c.passes.size(), 5u);

    EXPECT_TRUE(barriersOf(compiledPass(g, c, "read_fragment_again"), t).empty());

    auto w = barriersOf(compiledPass(g, c, "overwrite"), t);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].from.layout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    EXPECT_EQ(w[0].to.layout, VK_IMAGE_LAYOUT_GENERAL);
    // The write-after-read hazard: the write must wait for the fragment and the compute readers.
    EXPECT_EQ(w[0].from.stages & VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
              VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT);
    EXPECT_EQ(w[0].from.stages & VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
              VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT);
    EXPECT_EQ(w[0].to.stages, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT);
}

TEST(RenderGraphCompile, ReadInNewStageAfterWriteStillWaitsForTheWrite) {
    // write → fragment read (barrier: colour output → fragment) → compute read in the same layout. The first
    // barrier's second scope holds only the fragment stage, so the compute read needs its own dependency on
    // the write, or it may see stale data (a read-after-write hazard for synchronization validation).
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId t = g.createImage(color("t"));
    pass(g, "write", {{t, Access::ColorAttachment}});
    pass(g, "read_fragment", {{t, Access::SampledFragment}, {out, Access::ColorAttachment}});
    pass(g, "read_compute", {{t, Access::SampledCompute}}, /*sideEffect=*/true);
    CompiledGraph c = compileOk(g);
    auto bs = barriersOf(compiledPass(g, c, "read_compute"), t);
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_EQ(bs[0].from.layout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    EXPECT_EQ(bs[0].to.layout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    EXPECT_TRUE(bs[0].from.stages & VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT);
    EXPECT_TRUE(bs[0].from.access & VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    EXPECT_EQ(bs[0].to.stages, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT);
    EXPECT_EQ(bs[0].to.access, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

TEST(RenderGraphCompile, DepthWriteThenDepthTestThenSampledWaitsForDepthWriteEachTime) {
    // Depth read-only attachment and depth sampling share DEPTH_READ_ONLY_OPTIMAL but not their stages.
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId d = g.createImage(depth("depth"));
    pass(g, "prepass", {{d, Access::DepthAttachment}});
    pass(g, "forward", {{d, Access::DepthRead}, {out, Access::ColorAttachment}});
    pass(g, "fog", {{d, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    auto fwd = barriersOf(compiledPass(g, c, "forward"), d);
    ASSERT_EQ(fwd.size(), 1u);
    EXPECT_EQ(fwd[0].from.layout, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL);
    EXPECT_EQ(fwd[0].to.layout, VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL);
    auto fog = barriersOf(compiledPass(g, c, "fog"), d);
    ASSERT_EQ(fog.size(), 1u);
    EXPECT_TRUE(fog[0].from.access & VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);
    EXPECT_EQ(fog[0].to.stages, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT);
}

TEST(RenderGraphCompile, SampledDepthUsesDepthReadOnlyLayout) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId d = g.createImage(depth("depth"));
    pass(g, "depth", {{d, Access::DepthAttachment}});
    pass(g, "ssao", {{d, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    auto bs = barriersOf(compiledPass(g, c, "ssao"), d);
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_EQ(bs[0].from.layout, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL);
    EXPECT_EQ(bs[0].to.layout, VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL);
    EXPECT_TRUE(bs[0].from.stages & VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT);
    EXPECT_EQ(stateFor(Access::SampledCompute, true).layout, VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL);
    EXPECT_EQ(stateFor(Access::SampledFragment, false).layout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
}

TEST(RenderGraphCompile, ImportedImageGetsInitialAndFinalBarriers) {
    RenderGraph g;
    ImageState present = stateFor(Access::Present, false);
    ImageId swap = g.importImage("swapchain", color("swapchain"), VK_NULL_HANDLE, VK_NULL_HANDLE,
                                 ImageState{}, present, true);
    pass(g, "draw", {{swap, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    ASSERT_EQ(c.passes.size(), 1u);
    auto first = barriersOf(c.passes[0], swap);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].from.layout, VK_IMAGE_LAYOUT_UNDEFINED);
    EXPECT_EQ(first[0].to.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);

    ASSERT_EQ(c.finalBarriers.size(), 1u);
    const Barrier& fin = c.finalBarriers[0];
    EXPECT_EQ(fin.image, swap);
    EXPECT_EQ(fin.from.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
    EXPECT_EQ(fin.to.layout, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR);
    EXPECT_EQ(fin.from.stages, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT);
    EXPECT_TRUE(fin.from.access & VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    // Imported images are never given a transient slot.
    EXPECT_EQ(c.physicalOf[swap.index], UINT32_MAX);
}

TEST(RenderGraphCompile, ImportedImageAlreadyInFinalStateNeedsNoFinalBarrier) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageState sampled = stateFor(Access::SampledFragment, false);
    ImageId lut = g.importImage("lut", color("lut"), VK_NULL_HANDLE, VK_NULL_HANDLE, sampled, sampled);
    pass(g, "grade", {{lut, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    EXPECT_TRUE(c.finalBarriers.empty());
    // An imported image no pass touches still reaches its final state.
    RenderGraph g2;
    ImageId idle =
        g2.importImage("idle", color("idle"), VK_NULL_HANDLE, VK_NULL_HANDLE, ImageState{}, sampled);
    CompiledGraph c2 = compileOk(g2);
    ASSERT_EQ(c2.finalBarriers.size(), 1u);
    EXPECT_EQ(c2.finalBarriers[0].image, idle);
    EXPECT_EQ(c2.finalBarriers[0].to.layout, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
}

TEST(RenderGraphCompile, FirstUseOfTransientStartsFromUndefined) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId t = g.createImage(color("t"));
    pass(g, "clear", {{t, Access::TransferDst}});
    pass(g, "draw", {{t, Access::ColorAttachment}});
    pass(g, "copy", {{t, Access::TransferSrc}, {out, Access::TransferDst}});
    CompiledGraph c = compileOk(g);
    auto first = barriersOf(compiledPass(g, c, "clear"), t);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].from.layout, VK_IMAGE_LAYOUT_UNDEFINED);
    EXPECT_EQ(first[0].to.layout, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
    // Later uses start from the tracked state, never from UNDEFINED (that would discard the contents).
    auto second = barriersOf(compiledPass(g, c, "draw"), t);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].from.layout, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
    EXPECT_EQ(second[0].to.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
    auto third = barriersOf(compiledPass(g, c, "copy"), t);
    ASSERT_EQ(third.size(), 1u);
    EXPECT_EQ(third[0].from.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
    EXPECT_EQ(third[0].to.layout, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
}

TEST(RenderGraphCompile, TransientsWithDisjointLifetimesShareOneSlot) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId a = g.createImage(color("a"));
    ImageId b = g.createImage(color("b"));
    pass(g, "write_a", {{a, Access::ColorAttachment}});
    pass(g, "read_a", {{a, Access::SampledFragment}, {out, Access::ColorAttachment}});
    pass(g, "write_b", {{b, Access::ColorAttachment}});
    pass(g, "read_b", {{b, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    ASSERT_NE(c.physicalOf[a.index], UINT32_MAX);
    EXPECT_EQ(c.physicalOf[a.index], c.physicalOf[b.index]);
    EXPECT_EQ(c.physicalDescs.size(), 1u);
    // b's first use waits for whatever used the memory before (a's reader) and discards the contents.
    auto bs = barriersOf(compiledPass(g, c, "write_b"), b);
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_EQ(bs[0].from.layout, VK_IMAGE_LAYOUT_UNDEFINED);
    EXPECT_TRUE(bs[0].from.stages &
                (VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT));
}

TEST(RenderGraphCompile, TransientsWithOverlappingLifetimesDoNotShare) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId a = g.createImage(color("a"));
    ImageId b = g.createImage(color("b"));
    pass(g, "write_a", {{a, Access::ColorAttachment}});
    // b is born in the pass where a is last read: they live at the same time.
    pass(g, "a_to_b", {{a, Access::SampledFragment}, {b, Access::ColorAttachment}});
    pass(g, "read_b", {{b, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph c = compileOk(g);
    EXPECT_NE(c.physicalOf[a.index], c.physicalOf[b.index]);
    EXPECT_EQ(c.physicalDescs.size(), 2u);
}

TEST(RenderGraphCompile, TransientsOfDifferentShapesNeverShare) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId a = g.createImage(color("a", 64));
    ImageId b = g.createImage(color("b", 32));  // other extent
    gpu::ImageDesc otherFormat = color("c", 64);
    otherFormat.format = VK_FORMAT_R16G16B16A16_SFLOAT;
    ImageId cImg = g.createImage(otherFormat);
    gpu::ImageDesc otherUsage = color("d", 64);
    otherUsage.usage |= VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    ImageId d = g.createImage(otherUsage);
    ImageId e = g.createImage(color("e", 64));  // same shape as a: may share with it
    const ImageId all[] = {a, b, cImg, d, e};
    for (ImageId i : all) {
        std::string n = g.imageDesc(i).debugName;
        pass(g, "write_" + n, {{i, Access::ColorAttachment}});
        pass(g, "read_" + n, {{i, Access::SampledFragment}, {out, Access::ColorAttachment}});
    }
    CompiledGraph c = compileOk(g);
    EXPECT_EQ(c.physicalDescs.size(), 4u);
    EXPECT_EQ(c.physicalOf[a.index], c.physicalOf[e.index]);
    std::vector<uint32_t> slots = {c.physicalOf[a.index], c.physicalOf[b.index], c.physicalOf[cImg.index],
                                   c.physicalOf[d.index]};
    std::sort(slots.begin(), slots.end());
    EXPECT_EQ(std::unique(slots.begin(), slots.end()), slots.end()) << "different shapes share a slot";
    for (ImageId i : all) {
        uint32_t slot = c.physicalOf[i.index];
        ASSERT_LT(slot, c.physicalDescs.size());
        EXPECT_TRUE(gpu::sameShape(c.physicalDescs[slot], g.imageDesc(i))) << g.imageDesc(i).debugName;
    }
}

TEST(RenderGraphCompile, PassOrderIsDeclarationOrder) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    std::vector<std::string> declared;
    // Independent passes (no edges between them) must still run in the order they were declared.
    for (int i = 9; i >= 0; --i) {
        ImageId t = g.createImage(color("t" + std::to_string(i)));
        std::string w = "write" + std::to_string(i), r = "read" + std::to_string(i);
        pass(g, w, {{t, Access::ColorAttachment}});
        pass(g, r, {{t, Access::SampledFragment}, {out, Access::ColorAttachment}});
        declared.push_back(w);
        declared.push_back(r);
    }
    CompiledGraph c = compileOk(g);
    EXPECT_EQ(passNames(g, c), declared);
    for (size_t i = 1; i < c.passes.size(); ++i) EXPECT_LT(c.passes[i - 1].pass, c.passes[i].pass);
}

TEST(RenderGraphCompile, CompileIsRepeatable) {
    RenderGraph g;
    ImageId out = importOutput(g, "target");
    ImageId t = g.createImage(color("t"));
    pass(g, "write", {{t, Access::ColorAttachment}});
    pass(g, "read", {{t, Access::SampledFragment}, {out, Access::ColorAttachment}});
    CompiledGraph a = compileOk(g), b = compileOk(g);
    ASSERT_EQ(a.passes.size(), b.passes.size());
    for (size_t i = 0; i < a.passes.size(); ++i) {
        ASSERT_EQ(a.passes[i].barriers.size(), b.passes[i].barriers.size());
        for (size_t k = 0; k < a.passes[i].barriers.size(); ++k)
            EXPECT_EQ(a.passes[i].barriers[k].from.layout, b.passes[i].barriers[k].from.layout);
    }
    EXPECT_EQ(a.physicalOf, b.physicalOf);
}

}  // namespace
}  // namespace skyhook::render

namespace skyhook::render {
namespace {

// Buffers: a compute pass fills a buffer that a later pass draws from; the graph orders and synchronizes
// them.
TEST(GraphBuffers, ComputeWriteThenIndirectReadGetsOneBufferBarrier) {
    RenderGraph g;
    ImageId out = g.importImage("target", {.format = VK_FORMAT_R8G8B8A8_UNORM}, VK_NULL_HANDLE,
                                VK_NULL_HANDLE, {}, std::nullopt, true);
    BufferId args = g.importBuffer("args", VK_NULL_HANDLE, 64);
    g.addPass("reset", [&](PassBuilder& b) -> RecordFn {
        b.write(args, Access::BufferTransferWrite);
        return {};
    });
    g.addPass("cull", [&](PassBuilder& b) -> RecordFn {
        b.write(args, Access::BufferWriteCompute);
        return {};
    });
    g.addPass("draw", [&](PassBuilder& b) -> RecordFn {
        b.read(args, Access::BufferIndirect);
        b.write(out, Access::ColorAttachment);
        return {};
    });
    auto c = g.compile();
    ASSERT_TRUE(c.ok()) << c.error().message;
    ASSERT_EQ(c->passes.size(), 3u);
    EXPECT_TRUE(c->passes[0].barriers.empty()) << "host-written buffer: nothing on the GPU to wait for";
    ASSERT_EQ(c->passes[1].barriers.size(), 1u);
    const Barrier& fillToCompute = c->passes[1].barriers[0];
    EXPECT_TRUE(fillToCompute.buffer);
    EXPECT_EQ(fillToCompute.from.access & VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    EXPECT_EQ(fillToCompute.to.stages, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT);
    Barrier computeToIndirect{};
    for (const Barrier& b : c->passes[2].barriers)
        if (b.buffer) computeToIndirect = b;
    EXPECT_TRUE(computeToIndirect.buffer);
    EXPECT_EQ(computeToIndirect.from.stages, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT);
    EXPECT_EQ(computeToIndirect.to.stages, VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT);
    EXPECT_EQ(computeToIndirect.to.access, VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT);
}

// The mesh path: the draw pass reads the culled commands as indirect arguments and, through their address,
// in task shaders, and its task shaders add to the counts it also reads as the draw count. The graph must
// make the culling pass's writes visible to both stages.
TEST(GraphBuffers, MeshShadingReadsAndWritesWaitForTheCullingPass) {
    RenderGraph g;
    ImageId out = g.importImage("target", {.format = VK_FORMAT_R8G8B8A8_UNORM}, VK_NULL_HANDLE,
                                VK_NULL_HANDLE, {}, std::nullopt, true);
    BufferId commands = g.importBuffer("commands", VK_NULL_HANDLE, 64);
    BufferId counts = g.importBuffer("counts", VK_NULL_HANDLE, 32);
    g.addPass("cull", [&](PassBuilder& b) -> RecordFn {
        b.write(commands, Access::BufferWriteCompute);
        b.write(counts, Access::BufferWriteCompute);
        return {};
    });
    g.addPass("draw", [&](PassBuilder& b) -> RecordFn {
        b.read(commands, Access::BufferIndirect);
        b.read(counts, Access::BufferIndirect);
        b.read(commands, Access::BufferReadMeshShading);
        b.write(counts, Access::BufferWriteMeshShading);
        b.write(out, Access::ColorAttachment);
        return {};
    });
    auto c = g.compile();
    ASSERT_TRUE(c.ok()) << c.error().message;
    ASSERT_EQ(c->passes.size(), 2u);
    VkPipelineStageFlags2 commandStages = 0, countStages = 0;
    for (const Barrier& b : c->passes[1].barriers) {
        if (!b.buffer) continue;
        if (b.image.index == commands.index && (b.from.access & VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT))
            commandStages |= b.to.stages;
        if (b.image.index == counts.index) countStages |= b.to.stages;
    }
    EXPECT_TRUE(commandStages & VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT);
    EXPECT_TRUE(commandStages & VK_PIPELINE_STAGE_2_TASK_SHADER_BIT_EXT);
    EXPECT_TRUE(countStages & VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT);
    EXPECT_TRUE(countStages & VK_PIPELINE_STAGE_2_TASK_SHADER_BIT_EXT);
}

TEST(GraphBuffers, PassWritingAnUnreadBufferIsCulledUnlessTheBufferIsAnOutput) {
    RenderGraph g;
    BufferId scratch = g.importBuffer("scratch", VK_NULL_HANDLE, 16);
    BufferId counts = g.importBuffer("counts", VK_NULL_HANDLE, 16, {}, true);
    g.addPass("unused", [&](PassBuilder& b) -> RecordFn {
        b.write(scratch, Access::BufferWriteCompute);
        return {};
    });
    g.addPass("counted", [&](PassBuilder& b) -> RecordFn {
        b.write(counts, Access::BufferWriteCompute);
        return {};
    });
    auto c = g.compile();
    ASSERT_TRUE(c.ok());
    ASSERT_EQ(c->passes.size(), 1u);
    EXPECT_EQ(g.passName(c->passes[0].pass), "counted");
    EXPECT_EQ(c->culledPasses, 1u);
}

TEST(GraphBuffersDeathTest, ImageAccessOnABufferIsABug) {
    RenderGraph g;
    BufferId buf = g.importBuffer("b", VK_NULL_HANDLE, 16);
    EXPECT_DEATH(g.addPass("bad",
                           [&](PassBuilder& b) -> RecordFn {
                               b.write(buf, Access::ColorAttachment);
                               return {};
                           }),
                 "buffer");
}

}  // namespace
}  // namespace skyhook::render
