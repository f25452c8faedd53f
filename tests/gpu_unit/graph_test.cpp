// The render graph on a real command buffer: transient images from TransientPool (aliased), transfer and
// dynamic-rendering passes, an imported output left in TRANSFER_SRC, read back and compared, with
// synchronization validation watching every barrier the graph derived.
#include <array>

#include "engine/gpu/frame.hpp"
#include "engine/gpu/readback.hpp"
#include "engine/render/graph.hpp"
#include "tests/gpu_unit/gpu_test.hpp"

namespace skyhook::gpu::test {
namespace {

using render::Access;
using render::ImageId;
using render::PassBuilder;
using render::PassContext;
using render::RecordFn;

using Rgba = std::array<uint8_t, 4>;

VkClearColorValue clearOf(Rgba c) {
    return {.float32 = {c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f, c[3] / 255.0f}};
}

constexpr VkExtent2D kTile{8, 8};
constexpr VkExtent2D kTarget{32, 8};  // four 8x8 tiles side by side

// One frame: clear the target (D), copy a cleared transient into tile 0 (A) and another into tile 1 (B),
// clear tile 2 inside a dynamic-rendering pass (C); tile 3 keeps D. The two transients have disjoint
// lifetimes and the same shape: they share one physical image.
struct Frame {
    Rgba a, b, c, d;
};

TEST_F(GpuTest, RenderGraphRecordsTransfersAndRenderingWithValidBarriers) {
    auto target =
        Image::create(*device, {.debugName = "test.target",
                                .format = VK_FORMAT_R8G8B8A8_UNORM,
                                .extent = kTarget,
                                .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                                         VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
    ASSERT_TRUE(target.ok());
    render::TransientPool pool(*device);
    const gpu::ImageDesc tileDesc{.format = VK_FORMAT_R8G8B8A8_UNORM,
                                  .extent = kTile,
                                  .usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT};
    const Frame frames[] = {{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {10, 20, 30, 255}},
                            {{1, 2, 3, 4}, {50, 60, 70, 80}, {200, 100, 50, 255}, {0, 0, 0, 0}}};
    render::ImageState targetState{};  // undefined before the first frame
    for (const Frame& fr : frames) {
        render::RenderGraph graph;
        ImageId out = graph.importImage("target", target->desc(), target->vk(), target->view(), targetState,
                                        render::stateFor(Access::TransferSrc, false), true);
        gpu::ImageDesc da = tileDesc, db = tileDesc;
        da.debugName = "tile_a";
        db.debugName = "tile_b";
        ImageId ta = graph.createImage(da), tb = graph.createImage(db);

        auto clearPass = [&graph](const std::string& name, ImageId image, Rgba colour) {
            graph.addPass(name, [image, colour](PassBuilder& b) -> RecordFn {
                b.write(image, Access::TransferDst);
                return [image, colour](PassContext& ctx) {
                    VkClearColorValue v = clearOf(colour);
                    VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
                    vkCmdClearColorImage(ctx.cmd, ctx.image(image), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &v,
                                         1, &range);
                };
            });
        };
        auto copyPass = [&graph, out](const std::string& name, ImageId tile, int32_t x) {
            graph.addPass(name, [tile, out, x](PassBuilder& b) -> RecordFn {
                b.read(tile, Access::TransferSrc);
                b.write(out, Access::TransferDst);
                return [tile, out, x](PassContext& ctx) {
                    VkImageCopy region{.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                                       .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                                       .dstOffset = {x, 0, 0},
                                       .extent = {kTile.width, kTile.height, 1}};
                    vkCmdCopyImage(ctx.cmd, ctx.image(tile), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                   ctx.image(out), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
                };
            });
        };
        clearPass("clear_target", out, fr.d);
        clearPass("clear_a", ta, fr.a);
        copyPass("copy_a", ta, 0);
        clearPass("clear_b", tb, fr.b);
        copyPass("copy_b", tb, 8);
        graph.addPass("render", [&, out](PassBuilder& b) -> RecordFn {
            b.write(out, Access::ColorAttachment);
            return [out, c = fr.c](PassContext& ctx) {
                VkRenderingAttachmentInfo att{.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
                                              .imageView = ctx.view(out),
                                              .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                              .loadOp = VK_ATTACHMENT_LOAD_OP_LOAD,
                                              .storeOp = VK_ATTACHMENT_STORE_OP_STORE};
                VkRenderingInfo info{.sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
                                     .renderArea = {{0, 0}, kTarget},
                                     .layerCount = 1,
                                     .colorAttachmentCount = 1,
                                     .pColorAttachments = &att};
                vkCmdBeginRendering(ctx.cmd, &info);
                VkClearAttachment clear{.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT,
                                        .colorAttachment = 0,
                                        .clearValue = {.color = clearOf(c)}};
                VkClearRect rect{.rect = {{16, 0}, kTile}, .baseArrayLayer = 0, .layerCount = 1};
                vkCmdClearAttachments(ctx.cmd, 1, &clear, 1, &rect);
                vkCmdEndRendering(ctx.cmd);
            };
        });
        // Declared but never needed: must be culled (it would otherwise clobber tile a's memory).
        clearPass("unused", graph.createImage(da), {9, 9, 9, 9});

        auto compiled = graph.compile();
        ASSERT_TRUE(compiled.ok()) << compiled.error().message;
        EXPECT_EQ(compiled->culledPasses, 1u);
        ASSERT_EQ(compiled->physicalDescs.size(), 1u) << "tile_a and tile_b should alias";
        EXPECT_EQ(compiled->physicalOf[ta.index], compiled->physicalOf[tb.index]);
        auto physical = pool.acquire(graph, *compiled);
        ASSERT_TRUE(physical.ok()) << physical.error().message;
        EXPECT_EQ(pool.imageCount(), 1u);

        FrameSlot slot;
        ASSERT_TRUE(slot.timer.init(*device, "test.graph.timer").ok());
        OneShot cmd(*device);
        std::vector<std::string> timed;
        graph.execute(
            cmd.cmd(), *compiled, std::move(*physical),
            [&](VkCommandBuffer c, const std::string& name) {
                timed.push_back(name);
                return slot.timer.begin(c, name);
            },
            [&](VkCommandBuffer c, uint32_t token) { slot.timer.end(c, token); });
        EXPECT_EQ(timed, (std::vector<std::string>{"clear_target", "clear_a", "copy_a", "clear_b", "copy_b",
                                                   "render"}));
        auto rb = Readback::record(*device, cmd.cmd(), *target);
        ASSERT_TRUE(rb.ok());
        auto v = cmd.submit();
        ASSERT_TRUE(v.ok());
        ASSERT_TRUE(device->waitFor(*v).ok());
        EXPECT_EQ(slot.timer.read(*device).size(), 6u);
        slot.timer.destroy(*device);

        std::vector<uint8_t> px = rb->pixels();
        ASSERT_EQ(px.size(), size_t(kTarget.width) * kTarget.height * 4);
        const Rgba expected[4] = {fr.a, fr.b, fr.c, fr.d};
        int wrong = 0;
        for (uint32_t y = 0; y < kTarget.height; ++y)
            for (uint32_t x = 0; x < kTarget.width; ++x) {
                const uint8_t* p = &px[(y * kTarget.width + x) * 4];
                const Rgba& e = expected[x / 8];
                if (p[0] != e[0] || p[1] != e[1] || p[2] != e[2] || p[3] != e[3]) {
                    if (++wrong <= 4)
                        ADD_FAILURE() << "pixel " << x << "," << y << " is " << int(p[0]) << "," << int(p[1])
                                      << "," << int(p[2]) << "," << int(p[3]) << ", expected " << int(e[0])
                                      << "," << int(e[1]) << "," << int(e[2]) << "," << int(e[3]);
                }
            }
        EXPECT_EQ(wrong, 0);
        targetState = render::stateFor(Access::TransferSrc, false);
        device->collect();
    }
}

}  // namespace
}  // namespace skyhook::gpu::test
