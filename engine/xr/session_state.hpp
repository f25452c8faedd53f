#pragma once
// The session lifecycle as a pure state machine (no OpenXR calls, unit-tested): the runtime reports states
// through XrEventDataSessionStateChanged; each one tells the session what to do. hello_xr's handshake:
//   IDLE -> READY (xrBeginSession) -> SYNCHRONIZED -> VISIBLE -> FOCUSED -> ... -> STOPPING (xrEndSession)
//   -> IDLE -> EXITING (destroy the session; done) or LOSS_PENDING (destroy it; a new one may follow).
// The frame loop runs between a successful xrBeginSession and xrEndSession (running()); the runtime decides
// per frame whether it wants a picture (XrFrameState::shouldRender).
#include <cstdint>
#include <vector>

namespace skyhook::xr {

enum class SessionState : uint8_t {
    None,  // no session (before creation, or destroyed)
    Idle,
    Ready,
    Synchronized,
    Visible,
    Focused,
    Stopping,
    LossPending,
    Exiting,
};
const char* sessionStateName(SessionState state);
// From XrSessionState (the numeric values of XR_SESSION_STATE_*); unknown values give None.
SessionState sessionStateFromXr(int32_t xrState);

enum class SessionAction : uint8_t {
    None,
    Begin,            // call xrBeginSession, then onBegun()
    End,              // call xrEndSession, then onEnded()
    Destroy,          // the session is over (EXITING): destroy it
    DestroyAndRetry,  // the session was lost (LOSS_PENDING): destroy it; a new one may be created
};

class SessionStateMachine {
public:
    // A state the runtime reported. Returns what the session must do now.
    SessionAction onStateChanged(SessionState next);
    void onBegun() { m_running = true; }
    void onEnded() { m_running = false; }
    // A call returned XR_ERROR_SESSION_LOST: the same as LOSS_PENDING.
    SessionAction onLost() { return onStateChanged(SessionState::LossPending); }

    SessionState state() const { return m_state; }
    // Between xrBeginSession and xrEndSession: the frame loop (xrWaitFrame...) runs.
    bool running() const { return m_running; }
    // The session is over: destroy it (and maybe make a new one).
    bool finished() const { return m_state == SessionState::Exiting || m_state == SessionState::LossPending; }
    const std::vector<SessionState>& history() const { return m_history; }
    // Transitions the OpenXR lifecycle does not allow (logged; the machine still follows the runtime).
    uint32_t unexpectedTransitions() const { return m_unexpected; }

private:
    SessionState m_state = SessionState::None;
    bool m_running = false;
    std::vector<SessionState> m_history;
    uint32_t m_unexpected = 0;
};

}  // namespace skyhook::xr
