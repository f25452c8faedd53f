#pragma once
// An action map (action_map.hpp) loaded into a session: paths through xrStringToPath, the action sets and
// actions (subaction paths /user/hand/left and /user/hand/right), xrSuggestInteractionProfileBindings per
// profile (a profile the runtime rejects is logged and skipped, not fatal), xrAttachSessionActionSets, and an
// action space per pose action and hand. Each frame, sync() reads the InputState: the head from the VIEW
// space and — only while FOCUSED, when xrSyncActions may run — the hands' poses located at the predicted
// display time and their values. Created per session (sets are attached once per session) and destroyed
// with it. Threading: the render thread.
#include <memory>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/xr/action_map.hpp"
#include "engine/xr/haptics.hpp"
#include "engine/xr/input_state.hpp"
#include "engine/xr/session.hpp"

namespace skyhook::xr {

class Actions {
public:
    static Result<std::unique_ptr<Actions>> create(Session& session, const ActionMap& map);
    ~Actions();
    Actions(const Actions&) = delete;
    Actions& operator=(const Actions&) = delete;

    // The InputState for `displayTime`; `focused`: the session is FOCUSED (actions are synced only then).
    Result<void> sync(XrTime displayTime, bool focused);
    // XrEventDataInteractionProfileChanged: reads each hand's current profile.
    Result<void> onInteractionProfileChanged();
    // A pulse on `hand` through the map's haptic action (xrApplyHapticFeedback with the hand's subaction
    // path, through the instance's RawApi): false when the map has no haptic action for that hand. Not
    // FOCUSED (XR_SESSION_NOT_FOCUSED) counts as sent: the runtime drops it.
    Result<bool> applyHaptic(Hand hand, const HapticPulse& pulse);
    // Stops a pulse still running on `hand` (xrStopHapticFeedback).
    Result<bool> stopHaptic(Hand hand);
    // The haptic action (XR_NULL_HANDLE without one) and the hands' subaction paths, for tests.
    XrAction hapticAction() const { return m_haptic.action; }
    XrPath subactionPath(Hand hand) const { return m_hands[uint32_t(hand)]; }
    uint64_t hapticPulses() const { return m_hapticPulses; }  // applied so far

    const InputState& input() const { return m_input; }
    uint32_t profilesSuggested() const { return m_suggested; }  // accepted by the runtime
    uint32_t profilesRejected() const { return m_rejected; }
    uint64_t syncs() const { return m_syncs; }

private:
    explicit Actions(Session& session) : m_session(session) {}
    Result<void> init(const ActionMap& map);
    Result<XrPath> path(const std::string& text);
    Result<void> locate(XrSpace space, XrTime time, TrackedPose& out);

    Session& m_session;
    XrPath m_hands[kHandCount] = {XR_NULL_PATH, XR_NULL_PATH};
    std::vector<XrActionSet> m_sets;
    std::vector<XrAction> m_actions;
    struct Bound {
        XrAction action = XR_NULL_HANDLE;
        ActionRole role = ActionRole::None;
        XrSpace spaces[kHandCount] = {XR_NULL_HANDLE, XR_NULL_HANDLE};  // pose actions
        bool hands[kHandCount] = {false, false};
    };
    std::vector<Bound> m_roles;  // the actions with a role
    Bound m_haptic;              // the action with the haptic role, if any
    uint64_t m_hapticPulses = 0;
    InputState m_input;
    uint32_t m_suggested = 0;
    uint32_t m_rejected = 0;
    uint64_t m_syncs = 0;
};

}  // namespace skyhook::xr
