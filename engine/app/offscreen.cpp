#include "engine/app/offscreen.hpp"

#include "engine/app/exit_codes.hpp"

namespace skyhook::app {

Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::create(Session& session, VkExtent2D size) {
    std::unique_ptr<OffscreenRenderer> r(new OffscreenRenderer(session));
    auto img = gpu::Image::create(
        *session.device, {.debugName = "offscreen_target",
                          .format = VK_FORMAT_R8G8B8A8_UNORM,
                          .extent = size,
                          .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
    if (!img) return img.error();
    r->m_target = std::move(*img);
    return r;
}

Result<void> OffscreenRenderer::renderFrame(std::vector<render::View> views, double timeSeconds,
                                            bool readback, const ImageFn& onImage, bool bare) {
    auto slot = m_session.ring->begin();
    if (!slot) return slot.error();
    render::ImageState transferSrc = render::stateFor(render::Access::TransferSrc, false);
    render::ViewSet set{.views = std::move(views),
                        .target = {.image = m_target.vk(),
                                   .view = m_target.view(),
                                   .format = m_target.format(),
                                   .extent = m_target.extent(),
                                   .initial = m_initialized ? transferSrc : render::ImageState{},
                                   .final = transferSrc}};
    std::unique_ptr<gpu::Readback> rb;
    Result<void> recordResult;
    auto overlay = [&](render::RenderGraph& graph, render::ImageId target) {
        if (!readback) return;
        graph.addPass("readback", [&, target](render::PassBuilder& b) -> render::RecordFn {
            b.read(target, render::Access::TransferSrc);
            b.sideEffect();
            return [&](render::PassContext& ctx) {
                auto r = gpu::Readback::record(*m_session.device, ctx.cmd, m_target);
                if (!r) {
                    recordResult = r.error();
                    return;
                }
                rb = std::make_unique<gpu::Readback>(std::move(*r));
            };
        });
    };
    if (bare) {
        SKYHOOK_CHECK(!readback, "the bare baseline is never read back");
        SKYHOOK_TRY(m_session.renderer->renderBare(**slot, m_session.ring->frameNumber(), set));
    } else {
        SKYHOOK_TRY(
            m_session.renderer->render(**slot, m_session.ring->frameNumber(), set, timeSeconds, overlay));
    }
    SKYHOOK_TRY(recordResult);
    m_initialized = true;
    auto value = m_session.submitFrame();
    if (!value) return value.error();
    if (rb) m_pending.push_back({m_frames, *value, std::move(rb)});
    ++m_frames;
    return deliverCompleted(onImage, false);
}

Result<void> OffscreenRenderer::deliverCompleted(const ImageFn& onImage, bool wait) {
    while (!m_pending.empty()) {
        Pending& p = m_pending.front();
        if (wait) SKYHOOK_TRY(m_session.device->waitFor(p.timelineValue));
        if (m_session.device->completedValue() < p.timelineValue) break;
        Rgba8Image img{p.readback->extent().width, p.readback->extent().height, p.readback->pixels()};
        uint64_t index = p.frameIndex;
        m_pending.pop_front();
        if (onImage) SKYHOOK_TRY(onImage(index, std::move(img)));
    }
    return {};
}

Result<void> OffscreenRenderer::finish(const ImageFn& onImage) {
    return deliverCompleted(onImage, true);
}

std::variant<Headless, HeadlessError> openHeadless(const std::string& scenePath, const std::string& sizeText,
                                                   const std::string& cameraName, const std::string& pose,
                                                   bool validation, const std::string& device,
                                                   const render::RenderSettings& settings,
                                                   bool streamModels) {
    auto size = parseSize(sizeText);
    if (!size) return HeadlessError{kExitUsage, size.error().message};
    auto scene = loadScene(scenePath);
    if (!scene) return HeadlessError{kExitInput, scene.error().message};
    auto camera = CameraPath::choose(*scene, cameraName, pose);
    if (!camera) return HeadlessError{kExitUsage, camera.error().message};
    auto session = openSession({.scenePath = scenePath,
                                .validation = validation,
                                .device = device,
                                .settings = settings,
                                .streamModels = streamModels},
                               std::move(*scene));
    if (!session) return HeadlessError{kExitGpu, session.error().message};
    auto offscreen = OffscreenRenderer::create(**session, *size);
    if (!offscreen) return HeadlessError{kExitGpu, offscreen.error().message};
    return Headless{std::move(*session), std::move(*offscreen), camera->viewAt(0.0), std::move(*camera)};
}

}  // namespace skyhook::app
