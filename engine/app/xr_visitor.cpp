#include "engine/app/xr_visitor.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <thread>
#include <filesystem>

#include "engine/app/exit_codes.hpp"
#include "engine/core/log.hpp"
#include "engine/gpu/barrier.hpp"
#include "engine/render/graph.hpp"

namespace skyhook::app {

namespace {

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

}  // namespace

xr::Origin placeOrigin(const scene::Camera& camera, XrReferenceSpaceType space) {
    // The heading: the camera's forward direction projected on the ground.
    const glm::dvec3 forward = camera.orientation * glm::dvec3(0.0, 0.0, -1.0);
    const double yaw = std::atan2(-forward.x, -forward.z);
    xr::Origin origin{.position = camera.position,
                      .orientation = glm::angleAxis(yaw, glm::dvec3(0.0, 1.0, 0.0))};
    if (space == XR_REFERENCE_SPACE_TYPE_STAGE) origin.position.y -= kStandingEyeHeight;
    return origin;
}

extern const std::string_view kDefaultActionMap;

xr::Origin placeOrigin(const xr::Venue& venue) {
    return venue.origin();
}

Result<xr::ActionMap> defaultActionMap() {
    return xr::parseActionMap(kDefaultActionMap, "scenes/xr/actions.json (built in)");
}

std::variant<std::unique_ptr<XrVisitor>, XrOpenFailure> XrVisitor::open(const XrVisitorOptions& options) {
    auto scene = loadScene(options.scene);
    if (!scene) return XrOpenFailure{kExitInput, scene.error().message};
    auto actionMap =
        options.actionMapFile.empty() ? defaultActionMap() : xr::loadActionMapFile(options.actionMapFile);
    if (!actionMap) return XrOpenFailure{kExitInput, actionMap.error().message};
    std::optional<xr::Venue> venue = options.venue;
    if (!options.venueFile.empty()) {
        auto loaded = xr::loadVenueFile(options.venueFile);
        if (!loaded) return XrOpenFailure{kExitInput, loaded.error().message};
        venue = std::move(*loaded);
    }
    auto camera = chooseCamera(*scene, options.camera, "");
    if (!camera) return XrOpenFailure{kExitUsage, camera.error().message};

    std::unique_ptr<XrVisitor> v(new XrVisitor());
    if (options.avatars) v->m_avatars = Avatars::addTo(*scene);
    v->m_camera = *camera;
    v->m_venue = std::move(venue);
    v->m_headsetDesc = {.appName = "skyhook",
                        .resolutionScale = options.resolutionScale,
                        .actionMap = std::move(*actionMap),
                        .raw = options.raw};
    v->m_recovery = xr::Recovery(options.backoff, uint32_t(getpid()));
    xr::Failure failure = xr::Failure::None;
    auto headset = xr::Headset::create(v->m_headsetDesc, &failure);
    // A runtime restarting or a headset not plugged in yet: wait for it with back-off when asked to.
    const double giveUpAt = v->now() + options.waitRuntimeSeconds;
    while (!headset && (failure == xr::Failure::NoRuntime || failure == xr::Failure::NoHeadset) &&
           v->now() < giveUpAt) {
        const double delay = std::min(v->m_recovery.onAttemptFailed(v->now()), giveUpAt - v->now());
        log::warn("xr", "{}: retrying (attempt {}) in {:.2f} s", headset.error().message,
                  v->m_recovery.attempt(), delay);
        std::this_thread::sleep_for(std::chrono::duration<double>(std::max(delay, 0.0)));
        failure = xr::Failure::None;
        headset = xr::Headset::create(v->m_headsetDesc, &failure);
    }
    v->m_recovery.onRecovered();
    if (!headset) {
        const bool none = failure == xr::Failure::NoRuntime || failure == xr::Failure::NoHeadset;
        return XrOpenFailure{none ? kExitNoXr : kExitXr, headset.error().message};
    }
    v->m_headset = std::move(*headset);
    if (options.mirror) {
        // The headset matters more than the mirror: without a display the visitor runs without it.
        auto mirror = XrMirror::create("skyhook xr — left eye");
        if (mirror)
            v->m_mirror = std::move(*mirror);
        else
            log::warn("xr", "no mirror window: {}", mirror.error().message);
    }
    auto session = openSession(
        {.scenePath = options.scene,
         .validation = options.validation,
         .device = options.device,
         .instanceExtensions = v->m_mirror ? v->m_mirror->instanceExtensions() : std::vector<std::string>{},
         .swapchain = v->m_mirror != nullptr,
         .settings = options.settings,
         .stereo = true,
         .hooks = &v->m_headset->deviceHooks(),
         .beforeShow = [&v](Session& s) -> Result<void> {
             auto lines = render::OverlayLines::create(*s.device, s.renderer->pipelines());
             if (!lines) return lines.error();
             v->m_overlayLines = std::move(*lines);
             return {};
         }},
        std::move(*scene));
    if (!session) return XrOpenFailure{kExitGpu, session.error().message};
    v->m_session = std::move(*session);
    if (v->m_mirror) {
        if (auto attached = v->m_mirror->attach(*v->m_session->device); !attached) {
            log::warn("xr", "no mirror window: {}", attached.error().message);
            v->m_mirror.reset();
        }
    }
    // The show's haptic cues: every visitor feels them at the same show time.
    std::vector<xr::HapticCues::Cue> cues;
    for (const scene::HapticCue& c : v->m_session->scene.haptics)
        cues.push_back({c.time,
                        {.amplitude = c.amplitude, .seconds = c.duration, .frequency = c.frequency},
                        c.hands == scene::HapticCue::Hands::Left    ? xr::HapticHands::Left
                        : c.hands == scene::HapticCue::Hands::Right ? xr::HapticHands::Right
                                                                    : xr::HapticHands::Both});
    v->m_sceneCues = xr::HapticTimeline(std::move(cues));
    if (auto r = v->startSession(); !r) return XrOpenFailure{kExitXr, r.error().message};
    return v;
}

XrVisitor::~XrVisitor() {
    // The runtime's objects on our device go first, then the device, then the runtime itself.
    if (m_headset) m_headset->endSession();
    m_capture.reset();
    m_mirror.reset();
    m_overlayLines.reset();
    m_session.reset();
    m_headset.reset();
}

Result<void> XrVisitor::setVenue(std::optional<xr::Venue> venue) {
    m_venue = std::move(venue);
    return placeVisitor();
}

Result<void> XrVisitor::startSession() {
    SKYHOOK_TRY(m_headset->startSession(*m_session->device));
    return placeVisitor();
}

Result<void> XrVisitor::placeVisitor() {
    if (!m_venue) {
        m_origin = placeOrigin(m_camera, m_headset->session()->spaceType());
        return {};
    }
    m_origin = placeOrigin(*m_venue);
    if (m_headset->session()->spaceType() != XR_REFERENCE_SPACE_TYPE_STAGE)
        log::warn("xr", "venue {}: the runtime offers no STAGE space; its calibration assumes one",
                  m_venue->name);
    auto rect = m_headset->stageBoundsRect();
    if (!rect) return rect.error();
    if (!*rect) {
        log::info("xr", "venue {}: the runtime reports no play-area bounds; the venue's are used",
                  m_venue->name);
    } else if (std::string d = xr::compareBoundsRect(*m_venue, (*rect)->width, (*rect)->height); !d.empty()) {
        log::warn("xr", "venue {}: {}", m_venue->name, d);
    }
    return {};
}

double XrVisitor::now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void XrVisitor::onLoss(const std::string& reason) {
    const bool instance = !m_headset || m_headset->instanceLost();
    if (m_headset) m_headset->endSession();
    if (instance && m_headset) {
        // Nothing of the old instance is usable; the runtime may be restarting. The device stays.
        m_lostStats += m_headset->stats();
        m_lostValidation += m_headset->validationMessages();
        m_headset.reset();
    }
    const double delay = instance ? m_recovery.onInstanceLost(now()) : m_recovery.onSessionLost(now());
    log::warn("xr", "{}: {} (attempt {}) in {:.2f} s", reason,
              instance ? "new instance and session" : "new session", m_recovery.attempt(), delay);
}

Result<void> XrVisitor::recover() {
    const xr::RecoveryAction action = m_recovery.due(now());
    if (action == xr::RecoveryAction::None) return {};
    auto retry = [&](const std::string& reason) -> Result<void> {
        if (m_headset) m_headset->endSession();
        if (m_headset && m_headset->instanceLost()) {
            onLoss(reason);
            return {};
        }
        const double delay = m_recovery.onAttemptFailed(now());
        log::warn("xr", "{}: retrying (attempt {}) in {:.2f} s", reason, m_recovery.attempt(), delay);
        return {};
    };
    if (action == xr::RecoveryAction::CreateInstance) {
        log::info("xr", "recovery: creating a new OpenXR instance (attempt {})", m_recovery.attempt());
        auto headset = xr::Headset::create(m_headsetDesc);
        if (!headset) return retry("recovery: " + headset.error().message);
        if (auto adopted = (*headset)->adoptDevice(*m_session->device); !adopted)
            return retry("recovery: " + adopted.error().message);
        m_headset = std::move(*headset);
        m_recovery.onInstanceCreated();
    }
    log::info("xr", "recovery: starting a new session (attempt {})", m_recovery.attempt());
    if (auto started = startSession(); !started) return retry("recovery: " + started.error().message);
    return {};
}

xr::FrameStats XrVisitor::stats() const {
    xr::FrameStats s = m_lostStats;
    if (m_headset) s += m_headset->stats();
    return s;
}

Result<XrVisitor::Step> XrVisitor::step() {
    Step step;
    if (m_mirror && !m_mirror->poll()) {
        log::info("xr", "mirror window closed after {} frame(s); the headset goes on", m_mirror->presented());
        m_mirrorPresented += m_mirror->presented();
        m_mirror.reset();
    }
    SKYHOOK_TRY(recover());
    if (!m_headset || !m_headset->hasSession()) return step;
    if (auto polled = m_headset->pollEvents(); !polled) {
        if (!m_headset->instanceLost() && !m_headset->sessionLost()) return polled.error();
        onLoss(polled.error().message);
        return step;
    }
    if (m_headset->instanceLost()) {
        onLoss("the OpenXR runtime is going away (instance loss pending)");
        return step;
    }
    if (m_headset->sessionLost()) {
        onLoss("the OpenXR runtime lost the session (LOSS_PENDING)");
        return step;
    }
    if (!m_headset->running() || m_headset->sessionFinished()) return step;
    const double cpuStart = threadCpuMs();
    auto frame = m_headset->frame(m_origin, [this](const render::ViewSet& views, XrTime displayTime) {
        return render(views, displayTime);
    });
    m_frameCpuMs += threadCpuMs() - cpuStart;
    ++m_frames;
    if (!frame) {
        if (!m_headset->instanceLost() && !m_headset->sessionLost()) return frame.error();
        onLoss(frame.error().message);
        return step;
    }
    step.framed = true;
    step.frame = std::move(*frame);
    // Haptics never stop the show: a failure that is not a loss is logged once.
    if (auto sent = sendHaptics(step.frame); !sent) {
        if (m_headset->instanceLost() || m_headset->sessionLost()) {
            onLoss(sent.error().message);
            return step;
        }
        if (!m_hapticsWarned) log::warn("xr", "haptics: {}", sent.error().message);
        m_hapticsWarned = true;
    }
    if (step.frame.rendered && m_firstFrameMs == 0.0) {
        m_firstFrameMs = msSinceProcessStart();
        log::info("xr", "first frame submitted after {:.0f} ms since start", m_firstFrameMs);
    }
    if (step.frame.rendered && m_recovery.recovering()) {
        log::info("xr", "recovered: frames are submitted again after {} attempt(s)", m_recovery.attempt());
        m_recovery.onRecovered();
    }
    return step;
}

double XrVisitor::frameShowTime(XrTime displayTime) {
    if (displayTime == m_timing.displayTime) return m_timing.showTime;
    xr::DisplayClock& clock = m_headset->displayClock();
    m_timing.displayTime = displayTime;
    m_timing.displayNs = clock.toMonotonicNs(displayTime);
    m_timing.exact = clock.exact();
    // The show as it is when these photons reach the eyes, not when rendering starts: every visitor of a
    // hall shows the same moment. On CLOCK_MONOTONIC, so a new instance (a new XrTime base) keeps it going.
    if (m_firstDisplayNs == 0) m_firstDisplayNs = m_timing.displayNs;
    m_timing.showTime = m_hook.showTimeAt ? m_hook.showTimeAt(m_timing.displayNs)
                                          : double(m_timing.displayNs - m_firstDisplayNs) * 1e-9;
    return m_timing.showTime;
}

Result<void> XrVisitor::sendHaptics(const xr::FrameResult& frame) {
    xr::Actions* actions = m_headset->actions();
    if (!actions) return {};
    std::array<std::optional<xr::HapticPulse>, xr::kHandCount> pulses{};
    const xr::InputState& input = m_headset->input();
    if (m_venue) {
        std::array<std::optional<glm::vec3>, xr::kHandCount> hands{};
        for (uint32_t h = 0; h < xr::kHandCount; ++h)
            if (input.hands[h].grip.positionValid) hands[h] = input.hands[h].grip.position;
        pulses = m_guardianHaptics.update(*m_venue, hands, double(frame.wokeNs) * 1e-9);
    }
    // A show's cue wins over the guardian's pulse of the same frame.
    const double showTime = frameShowTime(frame.displayTime);
    std::vector<xr::HapticCues::Cue> due = m_sceneCues.due(showTime);
    for (const xr::HapticCues::Cue& cue : m_cues.due(showTime)) due.push_back(cue);
    for (const xr::HapticCues::Cue& cue : due)
        for (uint32_t h = 0; h < xr::kHandCount; ++h)
            if (xr::includes(cue.hands, xr::Hand(h))) pulses[h] = cue.pulse;
    for (uint32_t h = 0; h < xr::kHandCount; ++h)
        if (pulses[h]) SKYHOOK_TRY(actions->applyHaptic(xr::Hand(h), *pulses[h]));
    return {};
}

Result<void> XrVisitor::render(const render::ViewSet& views, XrTime displayTime) {
    const double showTime = frameShowTime(displayTime);
    auto slot = m_session->ring->begin();
    if (!slot) return slot.error();

    std::optional<Capture> capture;
    if (m_captureNext) {
        const VkExtent2D e = views.target.extent;
        const uint32_t layers = uint32_t(views.target.layerViews.size());
        auto buffer =
            gpu::Buffer::create(*m_session->device, {.debugName = "xr_capture",
                                                     .size = VkDeviceSize(e.width) * e.height * 4 * layers,
                                                     .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                     .memory = gpu::MemoryUsage::Readback});
        if (!buffer) return buffer.error();
        capture = Capture{std::move(*buffer), 0, e, layers, views.target.format};
    }
    m_guardianLines = 0;
    m_lines.clear();
    m_avatarPoses.clear();
    if (m_venue && m_overlayLines) {
        // The head and both hands, where tracked, in hall coordinates.
        const xr::InputState& input = m_headset->input();
        std::vector<glm::vec3> tracked;
        if (input.head.positionValid) tracked.push_back(input.head.position);
        for (const xr::HandInput& hand : input.hands)
            if (hand.grip.positionValid) tracked.push_back(hand.grip.position);
        const std::vector<float> opacity = xr::wallOpacities(*m_venue, tracked);
        xr::guardianLines(*m_venue, opacity, m_origin, m_lines);
    }
    XrFrameDraw draw{m_lines, m_avatarPoses};
    if (m_hook.frame) m_hook.frame(m_headset->input(), m_origin, draw);
    m_nodePoses.clear();
    if (m_avatars) {
        m_avatars->pose(m_avatarPoses, m_origin, m_nodePoses);
    } else if (!m_avatarPoses.empty() && !m_avatarsWarned) {
        log::warn("xr",
                  "avatars of other visitors are not drawn: the visitor was opened without avatar slots");
        m_avatarsWarned = true;
    }
    m_session->renderer->setNodePoses(m_nodePoses);
    bool mirrored = false;
    if (m_mirror) {
        auto acquired = m_mirror->acquire();
        if (!acquired) return acquired.error();
        mirrored = *acquired;
    }
    Result<void> overlayResult;
    auto overlay = [&](render::RenderGraph& graph, render::ImageId target) {
        if (!m_lines.empty()) {
            overlayResult =
                m_overlayLines->addPass(graph, target, views, m_lines, m_session->ring->frameNumber());
            m_guardianLines = m_overlayLines->linesDrawn();
        }
        if (mirrored) m_mirror->addPasses(graph, target, views.target.extent);
        if (!capture) return;
        graph.addPass("xr.capture", [&, target](render::PassBuilder& b) -> render::RecordFn {
            b.read(target, render::Access::TransferSrc);
            b.sideEffect();
            return [&, target](render::PassContext& ctx) {
                const VkDeviceSize layerBytes =
                    VkDeviceSize(capture->extent.width) * capture->extent.height * 4;
                for (uint32_t layer = 0; layer < capture->layers; ++layer) {
                    VkBufferImageCopy region{
                        .bufferOffset = layer * layerBytes,
                        .imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, layer, 1},
                        .imageExtent = {capture->extent.width, capture->extent.height, 1}};
                    vkCmdCopyImageToBuffer(ctx.cmd, ctx.image(target), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                           capture->buffer.vk(), 1, &region);
                }
                gpu::transferToHost(ctx.cmd);
            };
        });
    };
    SKYHOOK_TRY(
        m_session->renderer->render(**slot, m_session->ring->frameNumber(), views, showTime, overlay));
    SKYHOOK_TRY(overlayResult);
    auto value =
        mirrored ? m_session->submitFrame(m_mirror->waits(), m_mirror->signals()) : m_session->submitFrame();
    if (!value) return value.error();
    if (mirrored) SKYHOOK_TRY(m_mirror->present());
    if (capture) {
        capture->timelineValue = *value;
        m_capture = std::move(capture);
        m_captureNext = false;
    }
    return {};
}

std::vector<Rgba8Image> XrVisitor::takeCapture() {
    std::vector<Rgba8Image> images;
    if (!m_capture) return images;
    Capture c = std::move(*m_capture);
    m_capture.reset();
    if (auto r = m_session->device->waitFor(c.timelineValue); !r) {
        log::error("xr", "{}", r.error().message);
        return images;
    }
    c.buffer.invalidate();
    const auto* bytes = static_cast<const uint8_t*>(c.buffer.mapped());
    const size_t layerBytes = size_t(c.extent.width) * c.extent.height * 4;
    for (uint32_t layer = 0; layer < c.layers; ++layer) {
        Rgba8Image img{c.extent.width, c.extent.height,
                       std::vector<uint8_t>(bytes + layer * layerBytes, bytes + (layer + 1) * layerBytes)};
        if (c.format == VK_FORMAT_B8G8R8A8_UNORM)
            for (size_t i = 0; i + 3 < img.pixels.size(); i += 4) std::swap(img.pixels[i], img.pixels[i + 2]);
        images.push_back(std::move(img));
    }
    return images;
}

uint64_t XrVisitor::validationMessages() const {
    return m_session->device->validationMessages() + m_lostValidation +
           (m_headset ? m_headset->validationMessages() : 0);
}

}  // namespace skyhook::app
