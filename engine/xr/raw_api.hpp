#pragma once
// The raw calls of the frame loop, the event queue, haptics and time conversion as a substitutable table
// (Godot's openxr_api seam): the Instance holds one and every per-frame call and xrPollEvent goes through it.
// By default each entry is the loader's function; tests wrap them to inject what a real runtime cannot be
// made to do on demand (XR_ERROR_SESSION_LOST, XR_ERROR_INSTANCE_LOST, a state change to VISIBLE) while the
// rest still reaches the runtime. Threading: the render thread.
#include <functional>

#include "engine/xr/openxr.hpp"

namespace skyhook::xr {

struct RawApi {
    std::function<XrResult(XrSession, const XrFrameWaitInfo*, XrFrameState*)> waitFrame = xrWaitFrame;
    std::function<XrResult(XrSession, const XrFrameBeginInfo*)> beginFrame = xrBeginFrame;
    std::function<XrResult(XrSession, const XrFrameEndInfo*)> endFrame = xrEndFrame;
    std::function<XrResult(XrSession, const XrViewLocateInfo*, XrViewState*, uint32_t, uint32_t*, XrView*)>
        locateViews = xrLocateViews;
    std::function<XrResult(XrInstance, XrEventDataBuffer*)> pollEvent = xrPollEvent;
    std::function<XrResult(XrSession, const XrHapticActionInfo*, const XrHapticBaseHeader*)>
        applyHapticFeedback = xrApplyHapticFeedback;
    std::function<XrResult(XrSession, const XrHapticActionInfo*)> stopHapticFeedback = xrStopHapticFeedback;
    // XR_KHR_convert_timespec_time's xrConvertTimeToTimespecTimeKHR; empty: the runtime's, when it offers
    // the extension (display_clock.hpp).
    std::function<XrResult(XrInstance, XrTime, timespec*)> convertTimeToTimespec;
};

}  // namespace skyhook::xr
