#pragma once
// When a frame's photons reach the eyes, on the machine's CLOCK_MONOTONIC (the clock the shared show's
// clock runs on, net::steadyNowNs): the frame's predictedDisplayTime is an XrTime, the runtime's own clock.
// XR_KHR_convert_timespec_time (optional) converts exactly. Without it (or when a conversion fails) the
// offset is estimated from the frame loop: xrWaitFrame returns about one display period before the frame it
// paces is shown, and a thread only ever wakes late, so the frame that woke earliest relative to its display
// time gives the offset (DisplayTimeEstimate; accurate to the runtime's real lead, typically within a
// period). Threading: the render thread.
#include <cstdint>
#include <deque>

#include "engine/core/result.hpp"
#include "engine/xr/extension.hpp"
#include "engine/xr/openxr.hpp"

namespace skyhook::xr {

// CLOCK_MONOTONIC now, in nanoseconds (std::chrono::steady_clock, as net::steadyNowNs).
int64_t monotonicNowNs();

// The fallback: XrTime − CLOCK_MONOTONIC ns from frames seen. Pure (unit-tested).
class DisplayTimeEstimate {
public:
    static constexpr size_t kWindow = 64;  // frames: a few seconds; a runtime whose clock jumps recovers
    // One frame: xrWaitFrame returned at monotonic `wokeNs` for the frame displayed at `displayTime`, the
    // runtime predicting `period` between frames. Frames without a period or display time are ignored.
    void add(XrTime displayTime, XrDuration period, int64_t wokeNs);
    bool ready() const { return !m_samples.empty(); }
    // XrTime − monotonic ns: the largest of the window's (displayTime − period − wokeNs) (0 before any).
    int64_t offset() const;

private:
    std::deque<int64_t> m_samples;
};

class DisplayClock final : public ExtensionModule {
public:
    const char* moduleName() const override { return "convert_timespec_time"; }
    std::vector<ExtensionRequest> requests() const override {
        return {{XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME, false}};
    }
    Result<void> onInstanceCreated(Instance& instance) override;
    void onInstanceDestroying(Instance&) override;

    // Each frame, right after xrWaitFrame returned (feeds the estimate).
    void onFrameWaited(XrTime displayTime, XrDuration period, int64_t wokeNs) {
        m_estimate.add(displayTime, period, wokeNs);
    }
    // `time` on CLOCK_MONOTONIC (ns): exact through the extension, else estimated. A failed conversion is
    // logged once and the estimate is used from then on.
    int64_t toMonotonicNs(XrTime time);
    // Conversions are exact (the extension is on and has not failed).
    bool exact() const { return m_instance && (m_convert || m_raw) && !m_failed; }
    int64_t estimatedOffset() const { return m_estimate.offset(); }

private:
    XrInstance m_instance = XR_NULL_HANDLE;
    PFN_xrConvertTimeToTimespecTimeKHR m_convert = nullptr;
    bool m_raw = false;  // the instance's RawApi substitutes the conversion
    const Instance* m_owner = nullptr;
    DisplayTimeEstimate m_estimate;
    bool m_failed = false;
};

}  // namespace skyhook::xr
