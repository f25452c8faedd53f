#pragma once
// Never submitting a late frame (pure: no OpenXR calls; unit-tested). xrWaitFrame returns about one display
// period before the compositor needs the frame, so a frame whose rendering would not fit in the predicted
// display period from there would be shown late: it is not rendered at all and xrEndFrame goes with no layers
// (the runtime reprojects the last frame). The render time is estimated from the measured wall time of past
// renders (recording and submission, including the wait for a free frame slot) as a moving average; each
// skipped frame decays the estimate, so one slow frame cannot stop the eyes for good. FrameStats holds the
// counters the operator console and `skyhook xr` show.
#include <cstdint>

namespace skyhook::xr {

struct FrameStats {
    uint64_t framesEnded = 0;        // xrEndFrame calls
    uint64_t framesSubmitted = 0;    // with a projection layer
    uint64_t skippedLate = 0;        // would have missed the display time: ended with no layers
    uint64_t skippedNotVisible = 0;  // shouldRender false or the session not FOCUSED (headset off)
    uint64_t skippedNoTracking = 0;  // the head's pose was not valid
    uint64_t lateLatched = 0;        // frames whose views were located a second time just before recording
    double cpuMsTotal = 0.0;         // render-thread CPU time of the frames (not the time blocked in waits)
    double renderMsEstimate = 0.0;   // the pacer's current estimate
    double meanCpuMs() const { return framesEnded ? cpuMsTotal / double(framesEnded) : 0.0; }
    FrameStats& operator+=(const FrameStats& o);
};

class LatePolicy {
public:
    // A frame with `elapsedMs` already spent since xrWaitFrame returned and a display period of `periodMs`:
    // would rendering it now miss its display time?
    bool wouldBeLate(double elapsedMs, double periodMs) const;
    // A frame rendered in `ms` (wall clock): updates the estimate.
    void onRendered(double ms);
    // A frame skipped as late: the estimate decays towards trying again.
    void onSkipped();
    double estimateMs() const { return m_estimateMs; }

    static constexpr double kSmoothing = 0.25;  // weight of the newest measurement
    static constexpr double kDecay = 0.7;       // estimate kept per skipped frame
    static constexpr double kMargin = 0.9;  // of the period: the compositor needs the frame before display

private:
    double m_estimateMs = 0.0;
    bool m_measured = false;
};

}  // namespace skyhook::xr
