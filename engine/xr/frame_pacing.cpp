#include "engine/xr/frame_pacing.hpp"

namespace skyhook::xr {

FrameStats& FrameStats::operator+=(const FrameStats& o) {
    framesEnded += o.framesEnded;
    framesSubmitted += o.framesSubmitted;
    skippedLate += o.skippedLate;
    skippedNotVisible += o.skippedNotVisible;
    skippedNoTracking += o.skippedNoTracking;
    lateLatched += o.lateLatched;
    cpuMsTotal += o.cpuMsTotal;
    renderMsEstimate = o.renderMsEstimate;
    return *this;
}

bool LatePolicy::wouldBeLate(double elapsedMs, double periodMs) const {
    if (periodMs <= 0.0) return false;  // the runtime gave no period: nothing to measure against
    return elapsedMs + m_estimateMs > periodMs * kMargin;
}

void LatePolicy::onRendered(double ms) {
    m_estimateMs = m_measured ? (1.0 - kSmoothing) * m_estimateMs + kSmoothing * ms : ms;
    m_measured = true;
}

void LatePolicy::onSkipped() {
    m_estimateMs *= kDecay;
}

}  // namespace skyhook::xr
