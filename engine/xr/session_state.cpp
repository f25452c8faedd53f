#include "engine/xr/session_state.hpp"

#include "engine/core/log.hpp"
#include "engine/xr/openxr.hpp"

namespace skyhook::xr {

const char* sessionStateName(SessionState state) {
    switch (state) {
        case SessionState::None:
            return "none";
        case SessionState::Idle:
            return "IDLE";
        case SessionState::Ready:
            return "READY";
        case SessionState::Synchronized:
            return "SYNCHRONIZED";
        case SessionState::Visible:
            return "VISIBLE";
        case SessionState::Focused:
            return "FOCUSED";
        case SessionState::Stopping:
            return "STOPPING";
        case SessionState::LossPending:
            return "LOSS_PENDING";
        case SessionState::Exiting:
            return "EXITING";
    }
    return "?";
}

SessionState sessionStateFromXr(int32_t xrState) {
    switch (xrState) {
        case XR_SESSION_STATE_IDLE:
            return SessionState::Idle;
        case XR_SESSION_STATE_READY:
            return SessionState::Ready;
        case XR_SESSION_STATE_SYNCHRONIZED:
            return SessionState::Synchronized;
        case XR_SESSION_STATE_VISIBLE:
            return SessionState::Visible;
        case XR_SESSION_STATE_FOCUSED:
            return SessionState::Focused;
        case XR_SESSION_STATE_STOPPING:
            return SessionState::Stopping;
        case XR_SESSION_STATE_LOSS_PENDING:
            return SessionState::LossPending;
        case XR_SESSION_STATE_EXITING:
            return SessionState::Exiting;
        default:
            return SessionState::None;
    }
}

namespace {

// The transitions of the OpenXR session lifecycle (spec 9.3, "Session Lifecycle"); LOSS_PENDING may come from
// any state.
bool allowed(SessionState from, SessionState to) {
    using S = SessionState;
    if (to == S::LossPending) return true;
    switch (from) {
        case S::None:
            return to == S::Idle;
        case S::Idle:
            return to == S::Ready || to == S::Exiting;
        case S::Ready:
            return to == S::Synchronized;
        case S::Synchronized:
            return to == S::Visible || to == S::Stopping;
        case S::Visible:
            return to == S::Focused || to == S::Synchronized;
        case S::Focused:
            return to == S::Visible;
        case S::Stopping:
            return to == S::Idle;
        case S::LossPending:
        case S::Exiting:
            return false;
    }
    return false;
}

}  // namespace

SessionAction SessionStateMachine::onStateChanged(SessionState next) {
    if (next == m_state) return SessionAction::None;
    if (!allowed(m_state, next)) {
        ++m_unexpected;
        log::warn("xr", "unexpected session state change {} -> {}", sessionStateName(m_state),
                  sessionStateName(next));
    }
    log::debug("xr", "session state {} -> {}", sessionStateName(m_state), sessionStateName(next));
    m_state = next;
    m_history.push_back(next);
    switch (next) {
        case SessionState::Ready:
            return m_running ? SessionAction::None : SessionAction::Begin;
        case SessionState::Stopping:
            return m_running ? SessionAction::End : SessionAction::None;
        case SessionState::Exiting:
            return SessionAction::Destroy;
        case SessionState::LossPending:
            // A lost session is not ended: its calls would fail. It is destroyed as it is.
            m_running = false;
            return SessionAction::DestroyAndRetry;
        default:
            return SessionAction::None;
    }
}

}  // namespace skyhook::xr
