#include "engine/xr/frame_loop.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <optional>

#include "engine/core/log.hpp"
#include "engine/render/graph.hpp"
#include "engine/xr/display_clock.hpp"

namespace skyhook::xr {

namespace {

// How long to wait for the compositor to let go of a swapchain image before calling the runtime broken.
constexpr XrDuration kImageWaitNs = 1'000'000'000;

double wallMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

}  // namespace

Result<FrameResult> FrameLoop::frame(const Origin& origin, const RenderFn& render,
                                     const FrameTimeFn& onTime) {
    SKYHOOK_CHECK(m_session.running(), "the XR frame loop runs only while the session is running");
    const RawApi& raw = m_session.instance().raw();
    FrameResult result;
    XrFrameWaitInfo waitInfo{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState state{XR_TYPE_FRAME_STATE};
    SKYHOOK_TRY(m_session.check(raw.waitFrame(m_session.handle(), &waitInfo, &state), "xrWaitFrame"));
    const double waitedAt = wallMs();
    result.wokeNs = monotonicNowNs();
    const double cpuStart = threadCpuMs();
    result.displayTime = state.predictedDisplayTime;
    result.displayPeriod = state.predictedDisplayPeriod;
    result.shouldRender = state.shouldRender == XR_TRUE;
    XrFrameBeginInfo beginInfo{XR_TYPE_FRAME_BEGIN_INFO};
    SKYHOOK_TRY(m_session.check(raw.beginFrame(m_session.handle(), &beginInfo), "xrBeginFrame"));

    Result<void> timed = onTime
                             ? onTime(state.predictedDisplayTime, state.predictedDisplayPeriod, result.wokeNs)
                             : Result<void>();
    const bool visible = result.shouldRender && m_session.state() == SessionState::Focused;
    Result<FrameSkip> rendered = !timed    ? Result<FrameSkip>(timed.error())
                                 : visible ? renderViews(result, origin, render, waitedAt)
                                           : Result<FrameSkip>(FrameSkip::NotVisible);
    // The frame is ended whatever happened while rendering: the runtime expects every begun frame to end.
    XrCompositionLayerProjection projection{.type = XR_TYPE_COMPOSITION_LAYER_PROJECTION,
                                            .layerFlags = 0,
                                            .space = m_session.space(),
                                            .viewCount = uint32_t(m_layerViews.size()),
                                            .views = m_layerViews.data()};
    const XrCompositionLayerBaseHeader* layers[] = {
        reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection)};
    const bool submit = rendered.ok() && *rendered == FrameSkip::None;
    XrFrameEndInfo endInfo{.type = XR_TYPE_FRAME_END_INFO,
                           .displayTime = state.predictedDisplayTime,
                           .environmentBlendMode = m_session.instance().blendMode(),
                           .layerCount = submit ? 1u : 0u,
                           .layers = submit ? layers : nullptr};
    Result<void> ended = m_session.check(raw.endFrame(m_session.handle(), &endInfo), "xrEndFrame");
    m_stats.cpuMsTotal += threadCpuMs() - cpuStart;
    if (!rendered) return rendered.error();
    SKYHOOK_TRY(ended);
    ++m_stats.framesEnded;
    result.skipped = *rendered;
    switch (*rendered) {
        case FrameSkip::None:
            ++m_stats.framesSubmitted;
            break;
        case FrameSkip::NotVisible:
            ++m_stats.skippedNotVisible;
            break;
        case FrameSkip::NoTracking:
            ++m_stats.skippedNoTracking;
            break;
        case FrameSkip::Late:
            ++m_stats.skippedLate;
            break;
    }
    m_stats.renderMsEstimate = m_late.estimateMs();
    result.rendered = submit;
    return result;
}

Result<bool> FrameLoop::locate(XrTime displayTime, std::vector<XrView>& views) {
    const uint32_t count = uint32_t(m_session.instance().views().size());
    XrViewLocateInfo locateInfo{.type = XR_TYPE_VIEW_LOCATE_INFO,
                                .viewConfigurationType = m_session.instance().viewConfiguration(),
                                .displayTime = displayTime,
                                .space = m_session.space()};
    XrViewState viewState{XR_TYPE_VIEW_STATE};
    views.assign(count, {XR_TYPE_VIEW});
    uint32_t located = 0;
    SKYHOOK_TRY(
        m_session.check(m_session.instance().raw().locateViews(m_session.handle(), &locateInfo, &viewState,
                                                               count, &located, views.data()),
                        "xrLocateViews"));
    views.resize(located);
    const XrViewStateFlags needed = XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT;
    if ((viewState.viewStateFlags & needed) != needed || located != count) return false;
    // A view the runtime calls valid but whose numbers are not (NaN, infinity, an empty field of view) is
    // treated as lost tracking: no frame drawn from it.
    for (const XrView& v : views) {
        const XrPosef& p = v.pose;
        const XrFovf& f = v.fov;
        if (!std::isfinite(p.position.x + p.position.y + p.position.z + p.orientation.x + p.orientation.y +
                           p.orientation.z + p.orientation.w) ||
            !std::isfinite(f.angleLeft + f.angleRight + f.angleDown + f.angleUp) ||
            !(f.angleLeft < f.angleRight) || !(f.angleDown < f.angleUp))
            return false;
    }
    return true;
}

Result<FrameSkip> FrameLoop::renderViews(FrameResult& result, const Origin& origin, const RenderFn& render,
                                         double waitedAtMs) {
    // Tracking lost: no picture rather than one from a made-up pose (the runtime shows its own).
    auto tracked = locate(result.displayTime, result.early);
    if (!tracked) return tracked.error();
    if (!*tracked) return FrameSkip::NoTracking;
    const double periodMs = double(result.displayPeriod) * 1e-6;
    if (m_late.wouldBeLate(wallMs() - waitedAtMs, periodMs)) {
        m_late.onSkipped();
        return FrameSkip::Late;
    }
    const uint32_t count = uint32_t(result.early.size());
    SKYHOOK_CHECK(count <= m_swapchain.layers(), "{} views but {} swapchain layers", count,
                  m_swapchain.layers());

    const double renderStart = wallMs();
    auto acquire = [](Swapchain& swapchain) -> Result<uint32_t> {
        auto index = swapchain.acquire();
        if (!index) return index.error();
        auto waited = swapchain.wait(kImageWaitNs);
        if (!waited) return waited.error();
        if (!*waited)
            return Error::make("the XR compositor kept swapchain image {} for more than {} ms", *index,
                               kImageWaitNs / 1'000'000);
        return *index;
    };
    auto index = acquire(m_swapchain);
    if (!index) return index.error();
    std::optional<uint32_t> depthIndex;
    if (m_depth) {
        auto d = acquire(*m_depth);
        if (!d) {
            Result<void> released = m_swapchain.release();
            SKYHOOK_TRY(released);
            return d.error();
        }
        depthIndex = *d;
    }
    // Both images go back to the compositor whatever happens.
    auto releaseAll = [&]() -> Result<void> {
        Result<void> color = m_swapchain.release();
        if (m_depth) SKYHOOK_TRY(m_depth->release());
        return color;
    };

    // Late latching: the head moved while the image was acquired; these poses are the ones drawn and
    // submitted. A frame whose second location lost tracking still ends cleanly (image released, no layer).
    auto latched = locate(result.displayTime, result.located);
    if (!latched || !*latched) {
        Result<void> released = releaseAll();
        if (!latched) return latched.error();
        SKYHOOK_TRY(released);
        return FrameSkip::NoTracking;
    }
    ++m_stats.lateLatched;

    const Swapchain::Image& image = m_swapchain.image(*index);
    render::ViewSet set;
    for (uint32_t i = 0; i < count; ++i) {
        set.views.push_back(viewFromXr(result.located[i], i, origin, m_nearPlane));
        if (m_hiddenAreas && i < m_hiddenAreas->size())
            set.views.back().hiddenArea = (*m_hiddenAreas)[i].triangles;
    }
    set.target = {
        .image = image.image,
        .view = image.layers[0],
        .layerViews = image.layers,
        .arrayView = image.array,
        .format = m_swapchain.format().view,
        .extent = m_swapchain.extent(),
        // Every pixel of every layer is drawn: the old contents are not needed. The runtime's own
        // barrier (xrWaitSwapchainImage) comes first on the queue: chain after all of it.
        .initial = {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_NONE},
        // OpenXR's Vulkan bindings hand colour images back in COLOR_ATTACHMENT_OPTIMAL.
        .final = render::stateFor(render::Access::ColorAttachment, false)};
    if (m_depth) {
        // Overwritten whole; handed back in DEPTH_STENCIL_ATTACHMENT_OPTIMAL, as the Vulkan binding has it.
        set.target.depth = {
            .image = m_depth->image(*depthIndex).image,
            .view = m_depth->image(*depthIndex).array,
            .layers = m_depth->layers(),
            .initial = {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_NONE},
            .final = {
                VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
                VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT |
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT}};
    }
    Result<void> drawn = render(set, result.displayTime);
    // Released even when drawing failed, so the swapchain stays usable.
    Result<void> released = releaseAll();
    SKYHOOK_TRY(drawn);
    SKYHOOK_TRY(released);
    m_late.onRendered(wallMs() - renderStart);

    m_layerViews.assign(count, {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW});
    m_depthInfos.assign(m_depth ? count : 0, {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR});
    for (uint32_t i = 0; i < count; ++i) {
        m_layerViews[i].pose = result.located[i].pose;
        m_layerViews[i].fov = result.located[i].fov;
        m_layerViews[i].subImage = {
            .swapchain = m_swapchain.handle(),
            .imageRect = {{0, 0},
                          {int32_t(m_swapchain.extent().width), int32_t(m_swapchain.extent().height)}},
            .imageArrayIndex = i};
        if (m_depth) {
            // Reversed-Z with the far plane at infinity: depth 0 is infinitely far, 1 the near plane.
            XrCompositionLayerDepthInfoKHR& d = m_depthInfos[i];
            d.subImage = {.swapchain = m_depth->handle(),
                          .imageRect = m_layerViews[i].subImage.imageRect,
                          .imageArrayIndex = i};
            d.minDepth = 0.0f;
            d.maxDepth = 1.0f;
            d.nearZ = std::numeric_limits<float>::infinity();
            d.farZ = m_nearPlane;
            m_layerViews[i].next = &d;
        }
    }
    result.views = std::move(set.views);
    return FrameSkip::None;
}

}  // namespace skyhook::xr
