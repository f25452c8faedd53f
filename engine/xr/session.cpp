#include "engine/xr/session.hpp"

#include <algorithm>

#include "engine/core/log.hpp"

namespace skyhook::xr {

Result<std::unique_ptr<Session>> Session::create(Instance& instance, const SessionDesc& desc) {
    std::unique_ptr<Session> session(new Session(instance));
    SKYHOOK_TRY(session->init(desc));
    return session;
}

Result<void> Session::init(const SessionDesc& desc) {
    const void* next = nullptr;
    for (ExtensionModule* m : m_instance.modules()) next = m->chainSessionCreateInfo(next);
    XrSessionCreateInfo info{
        .type = XR_TYPE_SESSION_CREATE_INFO, .next = next, .systemId = m_instance.system()};
    SKYHOOK_TRY(m_instance.check(xrCreateSession(m_instance.handle(), &info, &m_session), "xrCreateSession"));

    uint32_t n = 0;
    SKYHOOK_TRY(check(xrEnumerateReferenceSpaces(m_session, 0, &n, nullptr), "xrEnumerateReferenceSpaces"));
    std::vector<XrReferenceSpaceType> spaces(n);
    SKYHOOK_TRY(
        check(xrEnumerateReferenceSpaces(m_session, n, &n, spaces.data()), "xrEnumerateReferenceSpaces"));
    const bool stage = std::find(spaces.begin(), spaces.end(), XR_REFERENCE_SPACE_TYPE_STAGE) != spaces.end();
    m_spaceType = desc.preferStage && stage ? XR_REFERENCE_SPACE_TYPE_STAGE : XR_REFERENCE_SPACE_TYPE_LOCAL;
    XrReferenceSpaceCreateInfo spaceInfo{.type = XR_TYPE_REFERENCE_SPACE_CREATE_INFO,
                                         .referenceSpaceType = m_spaceType,
                                         .poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}}};
    SKYHOOK_TRY(check(xrCreateReferenceSpace(m_session, &spaceInfo, &m_space), "xrCreateReferenceSpace"));
    spaceInfo.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
    SKYHOOK_TRY(check(xrCreateReferenceSpace(m_session, &spaceInfo, &m_viewSpace), "xrCreateReferenceSpace"));

    for (ExtensionModule* m : m_instance.modules()) SKYHOOK_TRY(m->onSessionCreated(*this));
    log::info("xr", "session created, reference space {}",
              m_spaceType == XR_REFERENCE_SPACE_TYPE_STAGE ? "STAGE" : "LOCAL");
    return {};
}

Session::~Session() {
    if (!m_session) return;
    for (ExtensionModule* m : m_instance.modules()) m->onSessionDestroying(*this);
    if (m_viewSpace) xrDestroySpace(m_viewSpace);
    if (m_space) xrDestroySpace(m_space);
    xrDestroySession(m_session);
}

Result<void> Session::check(XrResult result, const char* function) {
    Result<void> r = m_instance.check(result, function);
    if (classify(result) == Failure::SessionLost && !m_machine.finished()) (void)apply(m_machine.onLost());
    return r;
}

Result<void> Session::onStateChanged(SessionState state) {
    return apply(m_machine.onStateChanged(state));
}

Result<void> Session::apply(SessionAction action) {
    switch (action) {
        case SessionAction::Begin: {
            XrSessionBeginInfo info{.type = XR_TYPE_SESSION_BEGIN_INFO,
                                    .primaryViewConfigurationType = m_instance.viewConfiguration()};
            SKYHOOK_TRY(check(xrBeginSession(m_session, &info), "xrBeginSession"));
            m_machine.onBegun();
            log::info("xr", "session begun");
            return {};
        }
        case SessionAction::End:
            // No more frames whatever xrEndSession says: a failure is returned, the session stops anyway.
            m_machine.onEnded();
            SKYHOOK_TRY(check(xrEndSession(m_session), "xrEndSession"));
            log::info("xr", "session ended");
            return {};
        case SessionAction::Destroy:
            log::info("xr", "session exiting");
            return {};
        case SessionAction::DestroyAndRetry:
            log::warn("xr", "session lost: it will be destroyed (a new one may be created)");
            return {};
        case SessionAction::None:
            return {};
    }
    return {};
}

Result<void> Session::requestExit() {
    m_exitRequested = true;
    if (!running()) return {};  // nothing to stop: the owner ends it
    return check(xrRequestExitSession(m_session), "xrRequestExitSession");
}

}  // namespace skyhook::xr
