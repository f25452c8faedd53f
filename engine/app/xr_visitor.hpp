#pragma once
// One VR visitor: a headset (engine/xr) and the renderer drawing the scene for its eyes. Opening it makes the
// OpenXR instance first, then the Vulkan device through the runtime (XR_KHR_vulkan_enable2), the renderer and
// the scene, then the session. `skyhook xr` and the XR tests drive it: step() handles the runtime's events
// and, while the session runs, renders one frame (xrWaitFrame paces it).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/app/avatars.hpp"
#include "engine/app/session.hpp"
#include "engine/app/xr_mirror.hpp"
#include "engine/core/image_io.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/render/overlay_lines.hpp"
#include "engine/xr/guardian.hpp"
#include "engine/xr/haptics.hpp"
#include "engine/xr/headset.hpp"
#include "engine/xr/recovery.hpp"
#include "engine/xr/venue.hpp"

namespace skyhook::app {

struct XrVisitorOptions {
    std::string scene;
    std::string camera;  // where the visitor stands (see placeOrigin); empty: the scene's first camera
    bool validation = false;
    std::string device;  // --device is only a check: the runtime picks the GPU that drives the headset
    render::RenderSettings settings;
    float resolutionScale = 1.0f;     // of the runtime's recommended per-eye size
    std::string venueFile;            // empty: no venue (placed by the camera, no guardian)
    std::string actionMapFile;        // empty: the built-in scenes/xr/actions.json
    std::optional<xr::Venue> venue;   // instead of venueFile (tests)
    xr::BackoffPolicy backoff;        // between attempts to recover a lost session or instance
    double waitRuntimeSeconds = 0.0;  // at start: retry this long while no runtime or headset is there
    bool mirror = false;              // a desktop window showing the left eye (xr_mirror.hpp)
    bool avatars = false;             // slots for other visitors' avatars in the scene (a shared show)
    xr::RawApi raw;                   // tests wrap the raw calls to inject faults
};

// What a frame hook adds to a frame: overlay lines (always on top) and the other visitors' avatars (scene
// geometry, posed through the visitor's origin; drawn with XrVisitorOptions::avatars).
struct XrFrameDraw {
    std::vector<render::OverlayLine>& lines;
    std::vector<AvatarPose>& avatars;
};

// A narrow hook for what rides along each frame (the shared show of skyhook xr --master, xr_shared.hpp): the
// show time at the instant the frame is displayed (its predictedDisplayTime on CLOCK_MONOTONIC, ns), and per
// frame the tracked input with the visitor's origin, to publish poses and add lines and avatars. Unset: show
// time runs from the first frame's display time, nothing is added.
struct XrFrameHook {
    std::function<double(int64_t displayNs)> showTimeAt;
    std::function<void(const xr::InputState&, const xr::Origin&, XrFrameDraw&)> frame;
};

// When the last frame is displayed and the show time it was rendered at.
struct XrFrameTiming {
    XrTime displayTime = 0;  // predictedDisplayTime (the runtime's clock)
    int64_t displayNs = 0;   // the same instant on CLOCK_MONOTONIC
    bool exact = false;      // converted by XR_KHR_convert_timespec_time (else estimated)
    double showTime = 0.0;   // the scene time the frame was rendered at
};

// A failure while opening, with the exit code it maps to.
struct XrOpenFailure {
    int exitCode = 0;
    std::string message;
};

// The scene camera marks the visitor's eyes. STAGE puts the reference space's origin on the hall's floor, so
// the origin goes a standing eye height below the camera; LOCAL starts at the head, so it sits at the camera.
// Only the camera's heading is kept: a tilted camera would tilt the floor. (A venue file will calibrate
// this.)
inline constexpr double kStandingEyeHeight = 1.6;
xr::Origin placeOrigin(const scene::Camera& camera, XrReferenceSpaceType space);
// With a venue file the hall's calibration places the STAGE origin instead (the camera is not used).
xr::Origin placeOrigin(const xr::Venue& venue);
// The action map skyhook xr uses without --actions (scenes/xr/actions.json, embedded at build time).
Result<xr::ActionMap> defaultActionMap();

class XrVisitor {
public:
    static std::variant<std::unique_ptr<XrVisitor>, XrOpenFailure> open(const XrVisitorOptions& options);
    ~XrVisitor();

    // A new session (the first, or after the last one finished).
    Result<void> startSession();

    struct Step {
        bool framed = false;  // the session was running and one frame went through the frame loop
        xr::FrameResult frame;
    };
    // Events first (they begin and end the session), then one frame if the session runs. When it does not
    // (waiting for READY, finished, or recovering), returns at once: the caller waits a little before the
    // next step. A lost session or instance is not an error: it is destroyed and made again with back-off
    // (xr::Recovery) while the renderer, scene and device stay up; errors are what recovery cannot help.
    Result<Step> step();
    Result<void> requestExit() { return m_headset ? m_headset->requestExit() : Result<void>(); }
    // Destroys the finished (or abandoned) session.
    void endSession() {
        if (m_headset) m_headset->endSession();
    }
    // Between a loss and the first frame submitted again.
    bool recovering() const { return m_recovery.recovering(); }
    const xr::Recovery& recovery() const { return m_recovery; }
    // The desktop mirror while its window is open (absent without --mirror, without a display, or closed).
    const XrMirror* mirror() const { return m_mirror.get(); }
    uint64_t mirrorFramesPresented() const {
        return m_mirrorPresented + (m_mirror ? m_mirror->presented() : 0);
    }
    // Frame counters of every session and instance so far.
    xr::FrameStats stats() const;

    // Tests: the next rendered frame's layers are read back (RGBA8, sRGB-encoded, as the compositor gets
    // them).
    void captureNextFrame() { m_captureNext = true; }
    std::vector<Rgba8Image> takeCapture();

    // The current headset: absent only between an instance loss and the new instance (recovering()).
    bool hasHeadset() const { return m_headset != nullptr; }
    xr::Headset& headset() { return *m_headset; }
    Session& session() { return *m_session; }
    const xr::Origin& origin() const { return m_origin; }
    // Vulkan validation messages plus OpenXR debug-utils (core validation layer) messages.
    uint64_t validationMessages() const;
    uint64_t framesSubmitted() const { return stats().framesSubmitted; }
    // Milliseconds since process start when the first projection layer went to the runtime (0 before).
    double firstFrameMs() const { return m_firstFrameMs; }
    // Render-thread CPU time (CLOCK_THREAD_CPUTIME_ID) of the frames so far: the OpenXR calls, the renderer's
    // recording and submission; not the time blocked in xrWaitFrame or on the GPU.
    double frameCpuMs() const { return m_frameCpuMs; }
    uint64_t framesStepped() const { return m_frames; }
    const std::optional<xr::Venue>& venue() const { return m_venue; }
    // Replaces the venue (none: placed by the camera again, no guardian) from the next frame on.
    Result<void> setVenue(std::optional<xr::Venue> venue);
    void setFrameHook(XrFrameHook hook) { m_hook = std::move(hook); }
    // Guardian lines drawn into the last rendered frame (0: the grid was invisible).
    uint32_t guardianLines() const { return m_guardianLines; }
    // The avatar slots (with XrVisitorOptions::avatars).
    const Avatars* avatars() const { return m_avatars ? &*m_avatars : nullptr; }
    // The last frame's display and show times.
    const XrFrameTiming& frameTiming() const { return m_timing; }
    // A show cue's buzz: `pulse` on `hands` with the first frame whose show time (at its display time)
    // reaches `showTime`; a time already past fires with the next frame.
    void cueHaptic(double showTime, xr::HapticPulse pulse, xr::HapticHands hands = xr::HapticHands::Both) {
        m_cues.add({showTime, pulse, hands});
    }
    size_t hapticCuesPending() const { return m_cues.pending(); }
    // The show's own haptic cues (scene::Scene::haptics), felt as show time passes them.
    size_t sceneHapticCues() const { return m_sceneCues.size(); }

private:
    XrVisitor() = default;
    Result<void> render(const render::ViewSet& views, XrTime displayTime);
    // The show time of the frame displayed at `displayTime` (computed once per frame, kept in m_timing).
    double frameShowTime(XrTime displayTime);
    // The guardian's and the show's pulses for this frame (haptics.hpp).
    Result<void> sendHaptics(const xr::FrameResult& frame);
    // The origin from the venue, or from the camera without one.
    Result<void> placeVisitor();
    // A loss seen after a failed call or an event: drops what is lost and schedules the next attempt.
    void onLoss(const std::string& reason);
    // The attempt whose time has come, if any.
    Result<void> recover();
    double now() const;

    xr::HeadsetDesc m_headsetDesc;  // to make the headset again after an instance loss
    xr::Recovery m_recovery;
    xr::FrameStats m_lostStats;     // of headsets lost to an instance loss
    uint64_t m_lostValidation = 0;  // their OpenXR debug-utils messages
    std::unique_ptr<xr::Headset> m_headset;
    std::unique_ptr<XrMirror> m_mirror;  // its window outlives the device; its swapchain does not
    uint64_t m_mirrorPresented = 0;      // by a mirror since closed
    std::unique_ptr<Session> m_session;  // device, renderer, frame ring, scene
    scene::Camera m_camera;
    xr::Origin m_origin;
    std::optional<xr::Venue> m_venue;
    std::unique_ptr<render::OverlayLines> m_overlayLines;
    std::vector<render::OverlayLine> m_lines;
    uint32_t m_guardianLines = 0;
    XrFrameHook m_hook;
    std::optional<Avatars> m_avatars;
    std::vector<AvatarPose> m_avatarPoses;
    std::vector<render::NodePose> m_nodePoses;
    bool m_avatarsWarned = false;
    xr::GuardianHaptics m_guardianHaptics;
    xr::HapticCues m_cues;
    xr::HapticTimeline m_sceneCues;
    bool m_hapticsWarned = false;
    XrFrameTiming m_timing;
    int64_t m_firstDisplayNs = 0;
    double m_firstFrameMs = 0.0;
    double m_frameCpuMs = 0.0;
    uint64_t m_frames = 0;
    bool m_captureNext = false;
    struct Capture {
        gpu::Buffer buffer;
        uint64_t timelineValue = 0;
        VkExtent2D extent{};
        uint32_t layers = 0;
        VkFormat format = VK_FORMAT_UNDEFINED;
    };
    std::optional<Capture> m_capture;
};

}  // namespace skyhook::app
