#include "engine/app/offscreen.hpp"

#include <cmath>
#include <cstring>

#include "engine/app/exit_codes.hpp"
#include "engine/xr/stereo_views.hpp"

namespace skyhook::app {

Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::create(Session& session, VkExtent2D size,
                                                                     uint32_t layers) {
    std::unique_ptr<OffscreenRenderer> r(new OffscreenRenderer(session));
    auto img = gpu::Image::create(
        *session.device, {.debugName = "offscreen_target",
                          .format = VK_FORMAT_R8G8B8A8_UNORM,
                          .extent = size,
                          .layers = layers,
                          .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
    if (!img) return img.error();
    r->m_target = std::move(*img);
    if (layers > 1)
        for (uint32_t l = 0; l < layers; ++l) r->m_layerViews.push_back(r->m_target.subView(0, l));
    return r;
}

Result<void> OffscreenRenderer::renderFrame(std::vector<render::View> views, double timeSeconds,
                                            bool readback, const ImageFn& onImage, bool bare) {
    auto slot = m_session.ring->begin();
    if (!slot) return slot.error();
    render::ImageState transferSrc = render::stateFor(render::Access::TransferSrc, false);
    render::ViewSet set{.views = std::move(views),
                        .target = {.image = m_target.vk(),
                                   .view = m_layerViews.empty() ? m_target.view() : m_layerViews[0],
                                   .layerViews = m_layerViews,
                                   .arrayView = m_layerViews.empty() ? VK_NULL_HANDLE : m_target.view(),
                                   .format = m_target.format(),
                                   .extent = m_target.extent(),
                                   .initial = m_initialized ? transferSrc : render::ImageState{},
                                   .final = transferSrc}};
    std::vector<gpu::Readback> rb;
    Result<void> recordResult;
    auto overlay = [&](render::RenderGraph& graph, render::ImageId target) {
        if (!readback) return;
        graph.addPass("readback", [&, target](render::PassBuilder& b) -> render::RecordFn {
            b.read(target, render::Access::TransferSrc);
            b.sideEffect();
            return [&](render::PassContext& ctx) {
                for (uint32_t l = 0; l < layers(); ++l) {
                    auto r = gpu::Readback::record(*m_session.device, ctx.cmd, m_target, l);
                    if (!r) {
                        recordResult = r.error();
                        return;
                    }
                    rb.push_back(std::move(*r));
                }
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
    if (!rb.empty()) m_pending.push_back({m_frames, *value, std::move(rb)});
    ++m_frames;
    return deliverCompleted(onImage, false);
}

Result<void> OffscreenRenderer::deliverCompleted(const ImageFn& onImage, bool wait) {
    while (!m_pending.empty()) {
        Pending& p = m_pending.front();
        if (wait) SKYHOOK_TRY(m_session.device->waitFor(p.timelineValue));
        if (m_session.device->completedValue() < p.timelineValue) break;
        const VkExtent2D e = p.readbacks[0].extent();
        Rgba8Image img{e.width, e.height, p.readbacks[0].pixels()};
        if (p.readbacks.size() > 1) {
            // The layers side by side: row y of layer l at x = l × width.
            const size_t n = p.readbacks.size(), row = size_t(e.width) * 4;
            img.width = uint32_t(e.width * n);
            img.pixels.assign(row * n * e.height, 0);
            for (size_t l = 0; l < n; ++l) {
                const std::vector<uint8_t> px = p.readbacks[l].pixels();
                for (uint32_t y = 0; y < e.height; ++y)
                    std::memcpy(&img.pixels[y * row * n + l * row], &px[y * row], row);
            }
        }
        uint64_t index = p.frameIndex;
        m_pending.pop_front();
        if (onImage) SKYHOOK_TRY(onImage(index, std::move(img)));
    }
    return {};
}

Result<void> OffscreenRenderer::finish(const ImageFn& onImage) {
    return deliverCompleted(onImage, true);
}

std::vector<render::View> stereoEyeViews(const render::View& mono, VkExtent2D eye, double ipd) {
    // The mono view's frustum as tangents: symmetric from its vertical field of view and the eye's aspect.
    const render::Projection& p = mono.projection;
    float tanLeft = p.tanLeft, tanRight = p.tanRight, tanDown = p.tanDown, tanUp = p.tanUp;
    if (p.kind == render::Projection::Kind::Symmetric) {
        tanUp = std::tan(p.verticalFov * 0.5f);
        tanDown = -tanUp;
        tanRight = tanUp * float(eye.width) / float(eye.height);
        tanLeft = -tanRight;
    }
    SKYHOOK_CHECK(p.kind != render::Projection::Kind::Matrix, "stereo eyes need a frustum, not a matrix");
    // The mono view stands where the head is: its pose is the "reference space" of the two eye poses.
    const xr::Origin head{mono.position, mono.orientation};
    std::vector<render::View> eyes;
    for (uint32_t i = 0; i < 2; ++i) {
        XrView v{XR_TYPE_VIEW};
        v.pose.orientation = {0.0f, 0.0f, 0.0f, 1.0f};
        v.pose.position = {float((i == 0 ? -0.5 : 0.5) * ipd), 0.0f, 0.0f};
        v.fov = {std::atan(tanLeft), std::atan(tanRight), std::atan(tanUp), std::atan(tanDown)};
        eyes.push_back(xr::viewFromXr(v, i, head, p.nearPlane));
    }
    return eyes;
}

std::variant<Headless, HeadlessError> openHeadless(const std::string& scenePath, const std::string& sizeText,
                                                   const std::string& cameraName, const std::string& pose,
                                                   bool validation, const std::string& device,
                                                   const render::RenderSettings& settings, bool streamModels,
                                                   bool stereo) {
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
                                .stereo = stereo,
                                .streamModels = streamModels},
                               std::move(*scene));
    if (!session) return HeadlessError{kExitGpu, session.error().message};
    auto offscreen = OffscreenRenderer::create(**session, *size);
    if (!offscreen) return HeadlessError{kExitGpu, offscreen.error().message};
    return Headless{std::move(*session), std::move(*offscreen), camera->viewAt(0.0), std::move(*camera)};
}

}  // namespace skyhook::app
