#include "engine/app/show_console.hpp"

#include "engine/app/window_frames.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

namespace {

// Behind the panel's window (ImGui's dark style is slightly translucent).
constexpr VkClearColorValue kBackground{{0.06f, 0.06f, 0.07f, 1.0f}};

}  // namespace

Result<std::unique_ptr<ShowConsole>> ShowConsole::open(const ShowConsoleOptions& o) {
    std::unique_ptr<ShowConsole> c(new ShowConsole());
    auto window =
        platform::Window::create({.title = o.title, .width = o.size.width, .height = o.size.height});
    if (!window) return window.error();
    c->m_window = std::move(*window);
    auto device = gpu::Device::create({.appName = "skyhook master console",
                                       .validation = o.validation,
                                       .preferredDevice = o.device,
                                       .instanceExtensions = c->m_window->requiredInstanceExtensions(),
                                       .swapchain = true});
    if (!device) return device.error().context("the console's Vulkan device");
    c->m_device = std::move(*device);
    gpu::Device& d = *c->m_device;
    auto surface = c->m_window->createSurface(d.instance());
    if (!surface) return surface.error();
    c->m_surface = *surface;
    auto swapchain = gpu::Swapchain::create(d, {.surface = c->m_surface,
                                                .extent = c->m_window->framebufferSize(),
                                                .presentMode = nonBlockingPresentMode(d, c->m_surface)});
    if (!swapchain) return swapchain.error();
    c->m_swapchain = std::move(*swapchain);
    c->m_ring = std::make_unique<gpu::FrameRing>();
    SKYHOOK_TRY(c->m_ring->init(d));
    auto overlay = ui::Overlay::create({.device = &d,
                                        .window = c->m_window.get(),
                                        .format = c->m_swapchain->format(),
                                        .imageCount = c->m_swapchain->imageCount()});
    if (!overlay) return overlay.error();
    c->m_overlay = std::move(*overlay);
    log::info("master", "console window open ({} on {})", o.title, d.info().name);
    return c;
}

ShowConsole::~ShowConsole() {
    if (!m_device) return;
    // Shutdown only: the last frames may still be reading the panel's buffers.
    m_device->waitIdle();
    m_shot.reset();
    m_overlay.reset();
    m_ring.reset();
    m_swapchain.reset();
    m_staging.reset();
    m_device->drain();  // the swapchain's retired objects go before its surface
    if (m_surface) platform::Window::destroySurface(m_device->instance(), m_surface);
    m_device.reset();
}

bool ShowConsole::poll() {
    m_window->pollEvents();
    return !m_window->shouldClose();
}

Result<void> ShowConsole::recreate() {
    const VkExtent2D fb = m_window->framebufferSize();
    if (fb.width == 0 || fb.height == 0) return {};  // minimised: drawn again when it comes back
    SKYHOOK_TRY(m_swapchain->recreate(fb));
    m_overlay->onSwapchainRecreated(m_swapchain->imageCount());
    return {};
}

Result<std::vector<ui::ShowCommand>> ShowConsole::frame(const ui::ShowSnapshot& snapshot) {
    const VkExtent2D fb = m_window->framebufferSize();
    if (fb.width == 0 || fb.height == 0) return std::vector<ui::ShowCommand>{};
    if (m_window->takeResized() &&
        (fb.width != m_swapchain->extent().width || fb.height != m_swapchain->extent().height))
        SKYHOOK_TRY(recreate());
    auto acquired = m_swapchain->acquire(0);
    if (!acquired) return acquired.error();
    if (acquired->status != gpu::AcquireStatus::Ok) {
        if (acquired->status == gpu::AcquireStatus::OutOfDate) SKYHOOK_TRY(recreate());
        ++m_skipped;
        return std::vector<ui::ShowCommand>{};
    }

    std::vector<ui::ShowCommand> commands;
    m_overlay->buildFrame([&] { commands = m_panel.draw(snapshot, &m_overlay->log()); });

    auto slot = m_ring->begin();
    if (!slot) return slot.error();
    const VkExtent2D extent = m_swapchain->extent();
    const bool capture = m_captureNext;
    if (capture) SKYHOOK_TRY(prepareCaptureImage(*m_device, m_staging, m_swapchain->format(), extent));
    m_graph.clear();
    const render::ImageId target = m_graph.importImage(
        "console",
        {.debugName = "console",
         .format = m_swapchain->format(),
         .extent = extent,
         .usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT},
        acquired->image, acquired->view,
        {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_NONE},
        render::stateFor(render::Access::Present, false), true);
    m_graph.addPass("console.clear", [target](render::PassBuilder& b) -> render::RecordFn {
        b.write(target, render::Access::TransferDst);
        return [target](render::PassContext& ctx) {
            const VkImageSubresourceRange all{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
            vkCmdClearColorImage(ctx.cmd, ctx.image(target), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                 &kBackground, 1, &all);
        };
    });
    m_overlay->addPass(m_graph, target);
    std::unique_ptr<gpu::Readback> shot;
    Result<void> shotStatus;
    if (capture) addScreenshotPasses(m_graph, target, *m_device, m_staging, shot, shotStatus);
    auto compiled = m_graph.compile();
    if (!compiled) return compiled.error();
    m_graph.execute((*slot)->cmd, *compiled, {});
    if (!shotStatus) return shotStatus.error();

    const gpu::Device::Wait wait{.semaphore = acquired->acquired,
                                 .stages = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT};
    auto value = m_ring->submit({}, {&wait, 1}, {&acquired->rendered, 1});
    if (!value) return value.error();
    if (shot) {
        m_shot = std::move(shot);
        m_shotValue = *value;
        m_captureNext = false;
    }
    auto ok = m_swapchain->present(*acquired);
    if (!ok) return ok.error();
    ++m_presented;
    if (!*ok) SKYHOOK_TRY(recreate());
    return commands;
}

Result<Rgba8Image> ShowConsole::takeCapture() {
    if (!m_shot) return Error::make("the console has not captured a frame");
    SKYHOOK_TRY(m_device->waitFor(m_shotValue));
    Rgba8Image img{m_shot->extent().width, m_shot->extent().height, m_shot->pixels()};
    m_shot.reset();
    return img;
}

Result<void> ShowConsole::writeCapture(const std::filesystem::path& path) {
    if (!m_shot) return Error::make("the console has not captured a frame");
    SKYHOOK_TRY(app::writeCapture(*m_device, *m_shot, m_shotValue, path));
    m_shot.reset();
    return {};
}

}  // namespace skyhook::app
