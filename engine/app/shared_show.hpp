#pragma once
// A visitor's part in a shared show (skyhook xr --master, skyhook visitor): follows the master's show time,
// publishes this visitor's head and grip poses (hall coordinates, the reference space) and turns the other
// visitors' poses into avatars — a head sphere and two hand boxes, tinted per visitor — drawn as overlay
// lines through the visitor's own origin (every headset of a hall shares the venue's calibration, so hall
// coordinates mean the same place for all). XrVisitor only sees it through XrFrameHook. Its health goes to
// the master with the link's heartbeat: the frame loop hands its counters to reportFrames() (skyhook xr
// from the XR frame counters, see frameCounters(); skyhook visitor from its own loop).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/net/visitor_link.hpp"
#include "engine/render/overlay_lines.hpp"
#include "engine/xr/input_state.hpp"
#include "engine/xr/session_state.hpp"
#include "engine/xr/stereo_views.hpp"

namespace skyhook::app {

class XrVisitor;

struct SharedShowOptions {
    std::string master;   // host:port
    std::string keyFile;  // empty: SKYHOOK_VENUE_KEY
    double peerTimeout = 1.5;
    int64_t clockSkewNs = 0;  // tests
};

// The XR session's state as the master's table shows it (recovering wins over the state).
net::VisitorSession visitorSession(xr::SessionState state, bool recovering);
// An XR visitor's counters for its health report: session state, frames submitted, frames skipped as late,
// recoveries.
net::FrameCounters frameCounters(XrVisitor& visitor);

// What a visitor publishes: the head and both grips, with validity.
net::Pose poseFromInput(const xr::InputState& input);
// One visitor's tint (sRGB, opaque), stable for its id.
glm::vec4 avatarColor(uint32_t visitor);
// Head sphere (3 rings, 0.12 m radius) and hand boxes (0.08 m) of `pose`, in scene coordinates.
void appendAvatarLines(const net::Pose& pose, glm::vec4 color, const xr::Origin& origin,
                       std::vector<render::OverlayLine>& lines);

class SharedShow {
public:
    static Result<std::unique_ptr<SharedShow>> connect(const SharedShowOptions& options);
    // The show time to render now (0 until the master's first state arrives).
    double showTime() { return m_link->showTime(); }
    // Per frame: publishes `input`'s poses and appends the other visitors' avatars.
    void frame(const xr::InputState& input, const xr::Origin& origin,
               std::vector<render::OverlayLine>& lines);
    // The frame loop's counters, sent with the next health report (any thread, cheap: once a frame).
    void reportFrames(const net::FrameCounters& counters) { m_link->publishFrames(counters); }
    net::VisitorLink& link() { return *m_link; }
    // "offset … ms, round trip … ms, show-time error … ms, N visitors" for the log.
    std::string summary() const;

private:
    std::unique_ptr<net::VisitorLink> m_link;
};

}  // namespace skyhook::app
