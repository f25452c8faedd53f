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

#include "engine/app/session.hpp"
#include "engine/core/image_io.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/render/overlay_lines.hpp"
#include "engine/xr/guardian.hpp"
#include "engine/xr/headset.hpp"
#include "engine/xr/venue.hpp"

namespace skyhook::app {

struct XrVisitorOptions {
    std::string scene;
    std::string camera;  // where the visitor stands (see placeOrigin); empty: the scene's first camera
    bool validation = false;
    std::string device;  // --device is only a check: the runtime picks the GPU that drives the headset
    render::RenderSettings settings;
    float resolutionScale = 1.0f;    // of the runtime's recommended per-eye size
    std::string venueFile;           // empty: no venue (placed by the camera, no guardian)
    std::string actionMapFile;       // empty: the built-in scenes/xr/actions.json
    std::optional<xr::Venue> venue;  // instead of venueFile (tests)
};

// A narrow hook for what rides along each frame (the shared show of skyhook xr --master): the show time to
// render, and per frame the tracked input with the visitor's origin, to publish poses and add overlay lines
// (avatars). Unset: show time follows the runtime's display clock, no extra lines.
struct XrFrameHook {
    std::function<double()> showTime;
    std::function<void(const xr::InputState&, const xr::Origin&, std::vector<render::OverlayLine>&)> frame;
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
    // (waiting for READY, or finished), returns at once: the caller waits a little before the next step.
    Result<Step> step();
    Result<void> requestExit() { return m_headset->requestExit(); }
    // Destroys the finished (or abandoned) session.
    void endSession() { m_headset->endSession(); }

    // Tests: the next rendered frame's layers are read back (RGBA8, sRGB-encoded, as the compositor gets
    // them).
    void captureNextFrame() { m_captureNext = true; }
    std::vector<Rgba8Image> takeCapture();

    xr::Headset& headset() { return *m_headset; }
    Session& session() { return *m_session; }
    const xr::Origin& origin() const { return m_origin; }
    // Vulkan validation messages plus OpenXR debug-utils (core validation layer) messages.
    uint64_t validationMessages() const;
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

private:
    XrVisitor() = default;
    Result<void> render(const render::ViewSet& views, XrTime displayTime);
    // The origin from the venue, or from the camera without one.
    Result<void> placeVisitor();

    std::unique_ptr<xr::Headset> m_headset;
    std::unique_ptr<Session> m_session;  // device, renderer, frame ring, scene
    scene::Camera m_camera;
    xr::Origin m_origin;
    std::optional<xr::Venue> m_venue;
    std::unique_ptr<render::OverlayLines> m_overlayLines;
    std::vector<render::OverlayLine> m_lines;
    uint32_t m_guardianLines = 0;
    XrFrameHook m_hook;
    XrTime m_firstDisplayTime = 0;
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
