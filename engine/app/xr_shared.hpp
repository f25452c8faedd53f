#pragma once
// A shared show (shared_show.hpp) riding along an XR visitor (skyhook xr --master): the XrFrameHook that
// evaluates the master's show time at each frame's display time, publishes this visitor's head and grips
// and hands the other visitors to XrVisitor as avatars (scene geometry, avatars.hpp).
#include <cstdint>

#include "engine/app/shared_show.hpp"
#include "engine/app/xr_visitor.hpp"
#include "engine/net/clock_sync.hpp"

namespace skyhook::app {

// The show time a follower displays at a given local instant (a frame's display time, CLOCK_MONOTONIC ns):
// a net::ShowFollower of its own, fed the link's clock (offset, master state) and evaluated at that instant,
// so it slews and never steps back exactly as the link's follower does — only at display times.
class DisplayShowTime {
public:
    // `clockSkewNs`: the link's test skew (SharedShowOptions::clockSkewNs).
    explicit DisplayShowTime(int64_t clockSkewNs = 0) : m_skewNs(clockSkewNs) {}
    double at(int64_t displayNs, const net::ClockReport& clock);
    double lastError() const { return m_follower.lastError(); }

private:
    int64_t m_skewNs = 0;
    net::ShowFollower m_follower;
};

// The hook for XrVisitor::setFrameHook; `show` (and the hook's state) must outlive its use.
XrFrameHook sharedShowHook(SharedShow& show, int64_t clockSkewNs = 0);

}  // namespace skyhook::app
