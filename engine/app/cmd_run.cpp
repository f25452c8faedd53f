// `skyhook run`: a scene in a window, flown with WASD + mouse, with the operator overlay (F1).
#include <atomic>
#include <chrono>
#include <csignal>
#include <optional>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/session.hpp"
#include "engine/app/window_frames.hpp"
#include "engine/core/log.hpp"
#include "engine/gpu/readback.hpp"
#include "engine/gpu/swapchain.hpp"
#include "engine/app/camera_follow.hpp"
#include "engine/platform/fly_camera.hpp"
#include "engine/platform/window.hpp"
#include "engine/ui/overlay.hpp"

namespace skyhook::app {

namespace {

// SIGINT / SIGTERM (Ctrl+C, a service manager stopping the show): finish the frame, then close cleanly.
std::atomic<bool> g_stopRequested{false};
extern "C" void requestStop(int) {
    g_stopRequested.store(true);
}

using Clock = std::chrono::steady_clock;

// The renderer writes 8-bit UNORM RGBA or BGRA targets (it encodes sRGB itself). A surface offering neither
// gets the frame through an RGBA image and a blit (which converts formats, where a copy would not).
constexpr VkFormat kRendererFormat = VK_FORMAT_R8G8B8A8_UNORM;

void addBlitPass(render::RenderGraph& graph, render::ImageId from, render::ImageId to) {
    graph.addPass("present.blit", [from, to](render::PassBuilder& b) -> render::RecordFn {
        b.read(from, render::Access::TransferSrc);
        b.write(to, render::Access::TransferDst);
        return [from, to](render::PassContext& ctx) {
            VkExtent2D e = ctx.desc(to).extent;
            VkImageBlit region{.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                               .srcOffsets = {{0, 0, 0}, {int32_t(e.width), int32_t(e.height), 1}},
                               .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                               .dstOffsets = {{0, 0, 0}, {int32_t(e.width), int32_t(e.height), 1}}};
            vkCmdBlitImage(ctx.cmd, ctx.image(from), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, ctx.image(to),
                           VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region, VK_FILTER_NEAREST);
        };
    });
}

Result<gpu::PresentMode> parsePresentMode(const std::string& s) {
    if (s == "fifo") return gpu::PresentMode::Fifo;
    if (s == "mailbox") return gpu::PresentMode::Mailbox;
    if (s == "immediate") return gpu::PresentMode::Immediate;
    return Error::make("--present '{}': expected fifo, mailbox or immediate", s);
}

// Everything the window loop owns, torn down in the one order Vulkan accepts: overlay and swapchain first,
// then (once the device is idle and their retirements ran) the surface, then the device, then the window.
struct WindowRun {
    std::unique_ptr<platform::Window> window;
    std::unique_ptr<Session> session;
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    std::unique_ptr<gpu::Swapchain> swapchain;
    std::unique_ptr<ui::Overlay> overlay;
    gpu::Image screenshotImage;
    gpu::Image frameImage;  // RGBA frame for BGRA swapchains (see kRendererFormat)

    // Releases the window-system objects; returns the validation messages seen up to here.
    bool down = false;

    uint64_t shutdown() {
        if (!session || down) return session ? session->device->validationMessages() : 0;
        down = true;
        session->device->waitIdle();  // shutdown
        overlay.reset();
        swapchain.reset();
        screenshotImage.reset();
        frameImage.reset();
        // The swapchain's retired objects must be gone before its surface.
        gpu::Device& device = *session->device;
        device.drain();
        platform::Window::destroySurface(device.instance(), surface);
        surface = VK_NULL_HANDLE;
        return device.validationMessages();
    }
    ~WindowRun() { shutdown(); }
};

}  // namespace

int runWindow(const CommonOptions& common, const RunOptions& o) {
    auto size = parseSize(o.size);
    if (!size) return fail(kExitUsage, size.error().message);
    auto presentMode = parsePresentMode(o.presentMode);
    if (!presentMode) return fail(kExitUsage, presentMode.error().message);
    auto scene = loadScene(o.scene);
    if (!scene) return fail(kExitInput, scene.error().message);
    auto cameraPath = CameraPath::choose(*scene, o.camera, "");
    if (!cameraPath) return fail(kExitUsage, cameraPath.error().message);

    WindowRun run;
    auto window = platform::Window::create(
        {.title = fmt::format("skyhook — {}", scene->name), .width = size->width, .height = size->height});
    if (!window) return fail(kExitGpu, window.error().message);
    run.window = std::move(*window);

    auto session = openSession({.scenePath = o.scene,
                                .validation = common.validation,
                                .device = common.device,
                                .instanceExtensions = run.window->requiredInstanceExtensions(),
                                .swapchain = true,
                                .settings = common.settings,
                                .streamModels = !o.waitModels},
                               std::move(*scene));
    if (!session) return fail(kExitGpu, session.error().message);
    run.session = std::move(*session);
    Session& s = *run.session;
    gpu::Device& device = *s.device;

    auto surface = run.window->createSurface(device.instance());
    if (!surface) return fail(kExitGpu, surface.error().message);
    run.surface = *surface;
    auto swapchain = gpu::Swapchain::create(
        device,
        {.surface = run.surface, .extent = run.window->framebufferSize(), .presentMode = *presentMode});
    if (!swapchain) return fail(kExitGpu, swapchain.error().message);
    run.swapchain = std::move(*swapchain);
    const bool direct = run.swapchain->format() == VK_FORMAT_R8G8B8A8_UNORM ||
                        run.swapchain->format() == VK_FORMAT_B8G8R8A8_UNORM;
    if (!direct)
        log::debug("run", "swapchain format {}: frames reach it through a blit",
                   int(run.swapchain->format()));
    if (!o.noUi) {
        auto overlay = ui::Overlay::create({.device = &device,
                                            .window = run.window.get(),
                                            .format = direct ? run.swapchain->format() : kRendererFormat,
                                            .imageCount = run.swapchain->imageCount()});
        if (!overlay) return fail(kExitGpu, overlay.error().message);
        run.overlay = std::move(*overlay);
    }

    // Rebuilds the swapchain at the window's size; false while the window is minimised.
    auto recreate = [&]() -> Result<bool> {
        VkExtent2D fb = run.window->framebufferSize();
        if (fb.width == 0 || fb.height == 0) return false;
        SKYHOOK_TRY(run.swapchain->recreate(fb));
        if (run.overlay) run.overlay->onSwapchainRecreated(run.swapchain->imageCount());
        return true;
    };

    // A camera with tracks plays its path until the operator flies; F2 follows it again.
    CameraFollow camera(std::move(*cameraPath));
    if (camera.following())
        log::info("run",
                  "camera '{}' follows its path ({:.0f} s of tracks): fly to take over, F2 to follow again",
                  camera.path().name(), camera.path().endTime());
    render::View view = camera.update({}, false, 0.0, 0.0);
    const bool wantShot = !o.screenshot.empty();
    std::unique_ptr<gpu::Readback> shot;
    uint64_t shotValue = 0;
    uint64_t presented = 0;
    double showTime = 0.0;
    Clock::time_point last = Clock::now(), fpsStart = last;
    uint64_t fpsFrames = 0;
    bool frameImageUsed = false;
    double frameMs = 0.0;
    bool allModelsLogged = false;

    g_stopRequested.store(false);
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    while (true) {
        if (g_stopRequested.load()) {
            log::info("run", "stop requested: closing the show");
            run.window->requestClose();
        }
        const bool closing = run.window->shouldClose();
        if (closing && (!wantShot || shot)) break;
        if (o.frames && presented >= o.frames) break;
        run.window->pollEvents();
        VkExtent2D fbSize = run.window->framebufferSize();
        if (fbSize.width == 0 || fbSize.height == 0) {
            run.window->waitEvents();  // minimised: sleep until something happens
            last = Clock::now();
            continue;
        }
        if (run.window->takeResized() && (fbSize.width != run.swapchain->extent().width ||
                                          fbSize.height != run.swapchain->extent().height)) {
            auto r = recreate();
            if (!r) return fail(kExitGpu, r.error().message);
        }

        Clock::time_point now = Clock::now();
        double dt = std::chrono::duration<double>(now - last).count();
        last = now;
        frameMs = dt * 1000.0;
        showTime += dt;
        if (++fpsFrames, now - fpsStart >= std::chrono::seconds(1)) {
            double secs = std::chrono::duration<double>(now - fpsStart).count();
            log::debug("run", "{:.1f} fps ({:.2f} ms/frame)", fpsFrames / secs, secs * 1000.0 / fpsFrames);
            fpsStart = now;
            fpsFrames = 0;
        }

        // Input: ImGui gets first claim on the mouse and keyboard.
        const platform::InputState& in = run.window->input();
        if (run.overlay && in.wasPressed(platform::Key::F1)) run.overlay->setVisible(!run.overlay->visible());
        bool uiMouse = run.overlay && run.overlay->wantsMouse() && !run.window->mouseCaptured();
        bool uiKeys = run.overlay && run.overlay->wantsKeyboard();
        run.window->setMouseCaptured(in.rightButton && !uiMouse);
        platform::FlyInput fi;
        if (!uiKeys) {
            auto axis = [&](platform::Key pos, platform::Key neg) {
                return (in.isDown(pos) ? 1.0 : 0.0) - (in.isDown(neg) ? 1.0 : 0.0);
            };
            fi.forward = axis(platform::Key::W, platform::Key::S);
            fi.right = axis(platform::Key::D, platform::Key::A);
            fi.up = axis(platform::Key::E, platform::Key::Q);
            fi.fast = in.isDown(platform::Key::Shift);
        }
        if (run.window->mouseCaptured()) {
            fi.lookDx = in.mouseDx;
            fi.lookDy = in.mouseDy;
        }
        if (!uiMouse) fi.scroll = in.scroll;
        view = camera.update(fi, !uiKeys && in.wasPressed(platform::Key::F2), dt, showTime);

        if (run.overlay)
            run.overlay->buildFrame(*s.renderer, s.scene,
                                    {.frameMs = frameMs,
                                     .cameraPosition = camera.fly().position(),
                                     .cameraSpeed = camera.fly().currentSpeed(),
                                     .extent = run.swapchain->extent(),
                                     .presentMode = presentModeName(*presentMode)});

        auto slot = s.ring->begin();
        if (!slot) return fail(kExitGpu, slot.error().message);
        auto acquired = run.swapchain->acquire();
        if (!acquired) return fail(kExitGpu, acquired.error().message);
        if (acquired->status == gpu::AcquireStatus::OutOfDate) {
            auto r = recreate();
            if (!r) return fail(kExitGpu, r.error().message);
            continue;  // skip this frame; the slot's command buffer is reset by the next begin()
        }

        const bool capture = wantShot && (closing || (o.frames && presented + 1 >= o.frames));
        if (capture) {
            auto r = prepareCaptureImage(device, run.screenshotImage, run.swapchain->format(),
                                         run.swapchain->extent());
            if (!r) return fail(kExitGpu, r.error().message);
        }
        const VkExtent2D extent = run.swapchain->extent();
        if (!direct && (!run.frameImage || run.frameImage.extent().width != extent.width ||
                        run.frameImage.extent().height != extent.height)) {
            auto img = gpu::Image::create(
                device, {.debugName = "frame",
                         .format = kRendererFormat,
                         .extent = extent,
                         .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
            if (!img) return fail(kExitGpu, img.error().message);
            run.frameImage = std::move(*img);
            frameImageUsed = false;
            if (run.overlay) run.overlay->onSwapchainRecreated(run.swapchain->imageCount());
        }
        // The acquire semaphore is waited at the stage of the image's first use; its first barrier chains
        // there.
        const VkPipelineStageFlags2 firstUse =
            direct ? VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT : VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT;
        const render::ImageState swapInitial{VK_IMAGE_LAYOUT_UNDEFINED, firstUse, VK_ACCESS_2_NONE};
        const render::ImageState presentState = render::stateFor(render::Access::Present, false);
        const render::ImageState transferSrc = render::stateFor(render::Access::TransferSrc, false);
        render::ViewSet set{.views = {view}};
        if (direct)
            set.target = {.image = acquired->image,
                          .view = acquired->view,
                          .format = run.swapchain->format(),
                          .extent = extent,
                          .initial = swapInitial,
                          .final = presentState};
        else
            set.target = {.image = run.frameImage.vk(),
                          .view = run.frameImage.view(),
                          .format = kRendererFormat,
                          .extent = extent,
                          .initial = frameImageUsed ? transferSrc : render::ImageState{},
                          .final = transferSrc};
        std::unique_ptr<gpu::Readback> frameShot;
        Result<void> shotStatus;
        auto overlayFn = [&](render::RenderGraph& graph, render::ImageId target) {
            if (run.overlay) run.overlay->addPass(graph, target);
            render::ImageId presented = target;
            if (!direct) {
                presented =
                    graph.importImage("swapchain",
                                      {.debugName = "swapchain",
                                       .format = run.swapchain->format(),
                                       .extent = extent,
                                       .usage = VK_IMAGE_USAGE_TRANSFER_DST_BIT},
                                      acquired->image, acquired->view, swapInitial, presentState, true);
                addBlitPass(graph, target, presented);
            }
            if (capture)
                addScreenshotPasses(graph, presented, device, run.screenshotImage, frameShot, shotStatus);
        };
        if (auto r = s.renderer->render(**slot, s.ring->frameNumber(), set, showTime, overlayFn); !r)
            return fail(kExitGpu, r.error().message);
        if (!shotStatus) return fail(kExitGpu, shotStatus.error().message);
        frameImageUsed = true;

        gpu::Device::Wait wait{.semaphore = acquired->acquired, .stages = firstUse};
        auto value = s.submitFrame({&wait, 1}, {&acquired->rendered, 1});
        if (!value) return fail(kExitGpu, value.error().message);
        if (frameShot) {
            shot = std::move(frameShot);
            shotValue = *value;
        }
        auto ok = run.swapchain->present(*acquired);
        if (!ok) return fail(kExitGpu, ok.error().message);
        ++presented;
        // How long the show made its audience wait: the first frame, and the whole scene on the GPU.
        const render::ModelCounts models = s.renderer->modelCounts();
        if (presented == 1)
            log::info("run", "first frame after {:.0f} ms since start ({} of {} models loaded, {} pending)",
                      msSinceProcessStart(), models.loaded, models.total, models.pending);
        if (models.pending == 0 && !allModelsLogged) {
            allModelsLogged = true;
            log::info("run", "scene complete after {:.0f} ms since start ({} models, {} failed)",
                      msSinceProcessStart(), models.total, models.failed);
        }
        if (!*ok) {
            auto r = recreate();
            if (!r) return fail(kExitGpu, r.error().message);
        }
    }

    if (wantShot) {
        if (!shot) return fail(kExitInternal, "no frame was captured for --screenshot");
        if (auto r = writeCapture(device, *shot, shotValue, o.screenshot); !r)
            return fail(kExitInput, r.error().message);
        shot.reset();
    }
    log::info("run", "{} frame(s) presented", presented);
    uint64_t messages = run.shutdown();
    return finishWithValidation(common, messages);
}

}  // namespace skyhook::app
