#include "engine/xr/display_clock.hpp"

#include <algorithm>
#include <chrono>

#include "engine/core/log.hpp"
#include "engine/xr/instance.hpp"

namespace skyhook::xr {

int64_t monotonicNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void DisplayTimeEstimate::add(XrTime displayTime, XrDuration period, int64_t wokeNs) {
    if (displayTime <= 0 || period <= 0) return;
    m_samples.push_back(displayTime - period - wokeNs);
    if (m_samples.size() > kWindow) m_samples.pop_front();
}

int64_t DisplayTimeEstimate::offset() const {
    return m_samples.empty() ? 0 : *std::max_element(m_samples.begin(), m_samples.end());
}

Result<void> DisplayClock::onInstanceCreated(Instance& instance) {
    m_estimate = {};
    m_failed = false;
    m_convert = nullptr;
    m_owner = &instance;
    m_instance = instance.handle();
    m_raw = bool(instance.raw().convertTimeToTimespec);
    if (!enabled(XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME)) {
        log::info("xr",
                  "XR_KHR_convert_timespec_time is not offered: display times are estimated from "
                  "the frame loop");
        m_raw = false;
        return {};
    }
    if (m_raw) return {};
    auto fn = loadFunction<PFN_xrConvertTimeToTimespecTimeKHR>(m_instance, "xrConvertTimeToTimespecTimeKHR");
    if (!fn) return fn.error();
    m_convert = *fn;
    return {};
}

void DisplayClock::onInstanceDestroying(Instance&) {
    m_instance = XR_NULL_HANDLE;
    m_owner = nullptr;
    m_convert = nullptr;
    m_raw = false;
}

int64_t DisplayClock::toMonotonicNs(XrTime time) {
    if (exact()) {
        timespec ts{};
        const XrResult r = m_raw ? m_owner->raw().convertTimeToTimespec(m_instance, time, &ts)
                                 : m_convert(m_instance, time, &ts);
        if (XR_SUCCEEDED(r)) return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
        log::warn("xr", "xrConvertTimeToTimespecTimeKHR failed: {}: display times are estimated from now on",
                  resultName(m_instance, r));
        m_failed = true;
    }
    return time - m_estimate.offset();
}

}  // namespace skyhook::xr
