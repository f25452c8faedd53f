#pragma once
// An OpenXR session: created with the modules' chains (the Vulkan graphics binding among them), its reference
// space (STAGE when the runtime offers it, else LOCAL) and the VIEW space, driven by the state machine in
// session_state.hpp. State changes arrive through onStateChanged (the Headset polls the instance's events):
// READY begins the session, STOPPING ends it, EXITING and LOSS_PENDING finish it. A lost session (the event,
// or XR_ERROR_SESSION_LOST from any call) is a state, not an error the engine dies of: the owner destroys the
// session and may create a new one.
// Threading: the render thread.
#include <memory>
#include <span>

#include "engine/core/result.hpp"
#include "engine/xr/instance.hpp"
#include "engine/xr/session_state.hpp"

namespace skyhook::xr {

struct SessionDesc {
    bool preferStage = true;  // STAGE (floor-level, the hall's origin) when offered; LOCAL otherwise
};

class Session {
public:
    static Result<std::unique_ptr<Session>> create(Instance& instance, const SessionDesc& desc);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    XrSession handle() const { return m_session; }
    Instance& instance() const { return m_instance; }
    XrSpace space() const { return m_space; }  // the reference space views are located in
    XrReferenceSpaceType spaceType() const { return m_spaceType; }
    XrSpace viewSpace() const { return m_viewSpace; }  // the head

    // A state reported by XrEventDataSessionStateChanged: begins or ends the session as the state machine
    // says.
    Result<void> onStateChanged(SessionState state);
    // Asks the runtime to end the session (xrRequestExitSession): it goes through STOPPING to EXITING.
    Result<void> requestExit();
    bool exitRequested() const { return m_exitRequested; }

    const SessionStateMachine& machine() const { return m_machine; }
    SessionState state() const { return m_machine.state(); }
    bool running() const { return m_machine.running(); }
    bool finished() const { return m_machine.finished(); }
    bool lost() const { return m_machine.state() == SessionState::LossPending; }

    // Wraps an XrResult of a call on this session: XR_ERROR_SESSION_LOST makes the session lost.
    Result<void> check(XrResult result, const char* function);

private:
    explicit Session(Instance& instance) : m_instance(instance) {}
    Result<void> init(const SessionDesc& desc);
    Result<void> apply(SessionAction action);

    Instance& m_instance;
    XrSession m_session = XR_NULL_HANDLE;
    XrSpace m_space = XR_NULL_HANDLE;
    XrSpace m_viewSpace = XR_NULL_HANDLE;
    XrReferenceSpaceType m_spaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    SessionStateMachine m_machine;
    bool m_exitRequested = false;
};

}  // namespace skyhook::xr
