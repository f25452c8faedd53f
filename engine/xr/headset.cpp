#include "engine/xr/headset.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/log.hpp"

namespace skyhook::xr {

Result<std::unique_ptr<Headset>> Headset::create(const HeadsetDesc& desc, Failure* failure) {
    std::unique_ptr<Headset> h(new Headset());
    h->m_desc = desc;
    auto instance = Instance::create({.appName = desc.appName,
                                      .modules = {&h->m_vulkan, &h->m_debugUtils, &h->m_visibilityMask,
                                                  &h->m_depthLayer, &h->m_displayClock},
                                      .raw = desc.raw},
                                     failure);
    if (!instance) return instance.error();
    h->m_instance = std::move(*instance);
    log::info("xr", "modules: depth layer {}, visibility mask {}, debug utils {}, timespec conversion {}",
              h->m_depthLayer.active() ? "on" : "not offered",
              h->m_visibilityMask.active() ? "on" : "not offered",
              h->m_debugUtils.active() ? "on" : "not offered",
              h->m_displayClock.active() ? "on" : "not offered (estimated)");
    return h;
}

Headset::~Headset() {
    endSession();
}

Result<void> Headset::startSession(gpu::Device& device) {
    SKYHOOK_CHECK(!m_session, "one session at a time: endSession() first");
    if (m_instance->lost()) return Error::make("the OpenXR instance was lost: create a new Headset");
    m_exitBeforeRunning = false;
    m_vulkan.setGraphicsBinding(device);
    auto session = Session::create(*m_instance, {.preferStage = m_desc.preferStage});
    if (!session) return session.error();
    m_session = std::move(*session);
    auto actions = Actions::create(*m_session, m_desc.actionMap);
    if (!actions) return actions.error();
    m_actions = std::move(*actions);

    uint32_t n = 0;
    SKYHOOK_TRY(m_session->check(xrEnumerateSwapchainFormats(m_session->handle(), 0, &n, nullptr),
                                 "xrEnumerateSwapchainFormats"));
    std::vector<int64_t> formats(n);
    SKYHOOK_TRY(m_session->check(xrEnumerateSwapchainFormats(m_session->handle(), n, &n, formats.data()),
                                 "xrEnumerateSwapchainFormats"));
    auto format = chooseColorFormat(formats);
    if (!format) return Error::make("the OpenXR runtime offers no 8-bit RGBA/BGRA swapchain format");

    const XrViewConfigurationView& view = m_instance->views()[0];
    auto scaled = [&](uint32_t recommended, uint32_t max) {
        const auto size = uint32_t(std::lround(double(recommended) * m_desc.resolutionScale));
        return std::clamp<uint32_t>(size, 16u, std::max(16u, max));
    };
    auto swapchain =
        Swapchain::create(*m_session, device,
                          {.debugName = "xr_color",
                           .width = scaled(view.recommendedImageRectWidth, view.maxImageRectWidth),
                           .height = scaled(view.recommendedImageRectHeight, view.maxImageRectHeight),
                           .layers = uint32_t(m_instance->views().size()),
                           .format = *format});
    if (!swapchain) return swapchain.error();
    m_swapchain = std::move(*swapchain);
    // Depth for the compositor's reprojection: where the runtime takes it in the renderer's depth format.
    if (m_depthLayer.active()) {
        if (std::find(formats.begin(), formats.end(), int64_t(VK_FORMAT_D32_SFLOAT)) != formats.end()) {
            auto depth = Swapchain::create(*m_session, device,
                                           {.debugName = "xr_depth",
                                            .width = m_swapchain->extent().width,
                                            .height = m_swapchain->extent().height,
                                            .layers = m_swapchain->layers(),
                                            .format = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D32_SFLOAT, false},
                                            .depth = true});
            // Depth only helps the compositor: without it the eyes still go out.
            if (depth)
                m_depthSwapchain = std::move(*depth);
            else
                log::warn("xr", "no depth submitted: {}", depth.error().message);
        } else {
            log::warn(
                "xr",
                "the runtime takes depth layers but offers no D32_SFLOAT swapchain: no depth submitted");
        }
    }
    m_loop = std::make_unique<FrameLoop>(*m_session, *m_swapchain, m_desc.nearPlane);
    m_loop->setDepthSwapchain(m_depthSwapchain.get());
    m_loop->setHiddenAreas(&m_visibilityMask.hiddenAreas());
    ++m_sessionsStarted;
    return {};
}

Result<void> Headset::adoptDevice(const gpu::Device& device) {
    auto physical = m_vulkan.choosePhysicalDevice(device.instance());
    if (!physical) return physical.error();
    if (*physical != device.physical())
        return Error::make(
            "the new OpenXR instance drives the headset from another Vulkan device than the one "
            "the engine renders with: restart skyhook xr");
    return {};
}

FrameStats Headset::stats() const {
    FrameStats s = m_endedStats;
    if (m_loop) s += m_loop->stats();
    return s;
}

Result<void> Headset::pollEvents() {
    XrEventDataBuffer event{};
    while (true) {
        auto got = m_instance->pollEvent(event);
        if (!got) return got.error();
        if (!*got) return {};
        switch (event.type) {
            case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED: {
                const auto& changed = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
                if (!m_session || changed.session != m_session->handle()) break;
                const SessionState state = sessionStateFromXr(changed.state);
                m_history.push_back(state);
                SKYHOOK_TRY(m_session->onStateChanged(state));
                break;
            }
            case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
                log::warn("xr", "the OpenXR runtime is going away (instance loss pending)");
                m_instance->markLost();
                break;
            case XR_TYPE_EVENT_DATA_EVENTS_LOST:
                log::warn("xr", "{} OpenXR events were lost",
                          reinterpret_cast<const XrEventDataEventsLost&>(event).lostEventCount);
                break;
            case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED: {
                const auto& changed = reinterpret_cast<const XrEventDataInteractionProfileChanged&>(event);
                if (m_actions && m_session && changed.session == m_session->handle())
                    SKYHOOK_TRY(m_actions->onInteractionProfileChanged());
                break;
            }
            case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
                log::info("xr", "the reference space is about to change (recentring or new bounds)");
                break;
            default:
                break;
        }
        for (ExtensionModule* m : m_instance->modules()) {
            auto handled = m->onEvent(m_session.get(), event);
            if (!handled) return handled.error();
            if (*handled) break;
        }
    }
}

Result<FrameResult> Headset::frame(const Origin& origin, const RenderFn& render) {
    SKYHOOK_CHECK(running(), "frame() while the session is not running");
    return m_loop->frame(origin, render, [this](XrTime displayTime, XrDuration period, int64_t wokeNs) {
        m_displayClock.onFrameWaited(displayTime, period, wokeNs);
        return m_actions->sync(displayTime, m_session->state() == SessionState::Focused);
    });
}

const InputState& Headset::input() const {
    static const InputState kNone;
    return m_actions ? m_actions->input() : kNone;
}

Result<std::optional<XrExtent2Df>> Headset::stageBoundsRect() {
    SKYHOOK_CHECK(m_session, "stageBoundsRect() without a session");
    XrExtent2Df bounds{};
    const XrResult r =
        xrGetReferenceSpaceBoundsRect(m_session->handle(), XR_REFERENCE_SPACE_TYPE_STAGE, &bounds);
    if (r == XR_SPACE_BOUNDS_UNAVAILABLE) return std::optional<XrExtent2Df>();
    SKYHOOK_TRY(m_session->check(r, "xrGetReferenceSpaceBoundsRect"));
    if (bounds.width <= 0.0f || bounds.height <= 0.0f) return std::optional<XrExtent2Df>();
    return std::optional<XrExtent2Df>(bounds);
}

Result<void> Headset::requestExit() {
    if (!m_session) return {};
    if (!m_session->running() && m_session->state() != SessionState::Stopping) m_exitBeforeRunning = true;
    return m_session->requestExit();
}

bool Headset::sessionFinished() const {
    return m_session && (m_session->finished() || m_exitBeforeRunning);
}

void Headset::endSession() {
    if (!m_session) return;
    if (m_loop) m_endedStats += m_loop->stats();
    // xrEndSession is only valid in STOPPING: a session destroyed while running (shutdown without the
    // runtime's consent, a loss) is simply destroyed, which OpenXR allows in any state.
    if (m_session->running()) log::info("xr", "destroying a running session");
    m_loop.reset();
    m_depthSwapchain.reset();
    m_swapchain.reset();
    m_actions.reset();
    m_session.reset();
    m_history.push_back(SessionState::None);
}

}  // namespace skyhook::xr
