#include "engine/xr/actions.hpp"

#include <algorithm>
#include <cstring>

#include "engine/core/log.hpp"

namespace skyhook::xr {

namespace {

XrActionType xrType(ActionType type) {
    switch (type) {
        case ActionType::Boolean:
            return XR_ACTION_TYPE_BOOLEAN_INPUT;
        case ActionType::Float:
            return XR_ACTION_TYPE_FLOAT_INPUT;
        case ActionType::Vector2:
            return XR_ACTION_TYPE_VECTOR2F_INPUT;
        case ActionType::Pose:
            return XR_ACTION_TYPE_POSE_INPUT;
        case ActionType::Vibration:
            return XR_ACTION_TYPE_VIBRATION_OUTPUT;
    }
    return XR_ACTION_TYPE_BOOLEAN_INPUT;
}

template <size_t N>
void copyName(char (&out)[N], const std::string& name) {
    // The parser keeps names within the OpenXR limits.
    std::strncpy(out, name.c_str(), N - 1);
    out[N - 1] = '\0';
}

}  // namespace

Result<std::unique_ptr<Actions>> Actions::create(Session& session, const ActionMap& map) {
    std::unique_ptr<Actions> a(new Actions(session));
    SKYHOOK_TRY(a->init(map));
    return a;
}

Actions::~Actions() {
    for (Bound& b : m_roles)
        for (XrSpace s : b.spaces)
            if (s != XR_NULL_HANDLE) xrDestroySpace(s);
    // Destroying a set destroys its actions, but the core validation layer (1.0.20) only forgets an action's
    // handle through xrDestroyAction: the runtime reuses handle values in the next session.
    for (XrAction a : m_actions) xrDestroyAction(a);
    for (XrActionSet s : m_sets) xrDestroyActionSet(s);
}

Result<XrPath> Actions::path(const std::string& text) {
    XrPath p = XR_NULL_PATH;
    SKYHOOK_TRY(m_session.instance().check(xrStringToPath(m_session.instance().handle(), text.c_str(), &p),
                                           "xrStringToPath"));
    return p;
}

Result<void> Actions::init(const ActionMap& map) {
    Instance& instance = m_session.instance();
    for (Hand h : {Hand::Left, Hand::Right}) {
        auto p = path(handPath(h));
        if (!p) return p.error();
        m_hands[uint32_t(h)] = *p;
    }
    std::vector<std::vector<XrAction>> actions(map.sets.size());
    for (size_t s = 0; s < map.sets.size(); ++s) {
        const ActionSetDef& def = map.sets[s];
        XrActionSetCreateInfo info{.type = XR_TYPE_ACTION_SET_CREATE_INFO, .priority = def.priority};
        copyName(info.actionSetName, def.name);
        copyName(info.localizedActionSetName, def.localizedName);
        XrActionSet set = XR_NULL_HANDLE;
        SKYHOOK_TRY(instance.check(xrCreateActionSet(instance.handle(), &info, &set), "xrCreateActionSet"));
        m_sets.push_back(set);
        for (const ActionDef& a : def.actions) {
            std::vector<XrPath> subactions;
            for (Hand h : a.hands) subactions.push_back(m_hands[uint32_t(h)]);
            XrActionCreateInfo ai{.type = XR_TYPE_ACTION_CREATE_INFO,
                                  .actionType = xrType(a.type),
                                  .countSubactionPaths = uint32_t(subactions.size()),
                                  .subactionPaths = subactions.data()};
            copyName(ai.actionName, a.name);
            copyName(ai.localizedActionName, a.localizedName);
            XrAction action = XR_NULL_HANDLE;
            SKYHOOK_TRY(instance.check(xrCreateAction(set, &ai, &action), "xrCreateAction"));
            actions[s].push_back(action);
            m_actions.push_back(action);
            if (a.role == ActionRole::None) continue;
            Bound b{.action = action, .role = a.role};
            for (Hand h : a.hands) b.hands[uint32_t(h)] = true;
            if (a.type == ActionType::Pose)
                for (Hand h : a.hands) {
                    XrActionSpaceCreateInfo si{.type = XR_TYPE_ACTION_SPACE_CREATE_INFO,
                                               .action = action,
                                               .subactionPath = m_hands[uint32_t(h)],
                                               .poseInActionSpace = {{0, 0, 0, 1}, {0, 0, 0}}};
                    SKYHOOK_TRY(
                        m_session.check(xrCreateActionSpace(m_session.handle(), &si, &b.spaces[uint32_t(h)]),
                                        "xrCreateActionSpace"));
                }
            if (a.role == ActionRole::Haptic)
                m_haptic = b;  // an output: never read by sync()
            else
                m_roles.push_back(b);
        }
    }

    for (const ProfileBindings& profile : map.profiles) {
        std::vector<XrActionSuggestedBinding> suggested;
        for (const BindingDef& binding : profile.bindings) {
            auto p = path(binding.path);
            if (!p) return p.error();
            suggested.push_back({actions[binding.set][binding.action], *p});
        }
        auto profilePath = path(profile.profile);
        if (!profilePath) return profilePath.error();
        XrInteractionProfileSuggestedBinding info{.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                                  .interactionProfile = *profilePath,
                                                  .countSuggestedBindings = uint32_t(suggested.size()),
                                                  .suggestedBindings = suggested.data()};
        const XrResult r = xrSuggestInteractionProfileBindings(instance.handle(), &info);
        if (XR_SUCCEEDED(r)) {
            ++m_suggested;
            continue;
        }
        if (r == XR_ERROR_INSTANCE_LOST || r == XR_ERROR_RUNTIME_FAILURE)
            return instance.check(r, "xrSuggestInteractionProfileBindings");
        // A runtime that does not know a profile (or one of its paths) is not a reason to stop the show.
        ++m_rejected;
        log::warn("xr", "the runtime rejected the bindings for {}: {}", profile.profile,
                  resultName(instance.handle(), r));
    }
    if (m_suggested == 0 && !map.profiles.empty())
        log::warn("xr", "the runtime accepted no interaction profile of the action map: no controller input");

    if (m_sets.empty()) return {};
    XrSessionActionSetsAttachInfo attach{.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO,
                                         .countActionSets = uint32_t(m_sets.size()),
                                         .actionSets = m_sets.data()};
    SKYHOOK_TRY(
        m_session.check(xrAttachSessionActionSets(m_session.handle(), &attach), "xrAttachSessionActionSets"));
    log::info("xr", "action map \"{}\": {} set(s), {} role(s), {} profile(s) suggested, {} rejected",
              map.name, m_sets.size(), m_roles.size(), m_suggested, m_rejected);
    return {};
}

Result<void> Actions::locate(XrSpace space, XrTime time, TrackedPose& out) {
    out = {};
    XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
    SKYHOOK_TRY(m_session.check(xrLocateSpace(space, m_session.space(), time, &loc), "xrLocateSpace"));
    out.positionValid = (loc.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT) != 0;
    out.orientationValid = (loc.locationFlags & XR_SPACE_LOCATION_ORIENTATION_VALID_BIT) != 0;
    if (out.positionValid) out.position = {loc.pose.position.x, loc.pose.position.y, loc.pose.position.z};
    if (out.orientationValid)
        out.orientation = glm::quat(loc.pose.orientation.w, loc.pose.orientation.x, loc.pose.orientation.y,
                                    loc.pose.orientation.z);
    return {};
}

Result<void> Actions::sync(XrTime displayTime, bool focused) {
    const uint64_t changes = m_input.profileChanges;
    std::array<std::string, kHandCount> profiles{m_input.hands[0].profile, m_input.hands[1].profile};
    m_input = {};
    m_input.profileChanges = changes;
    for (uint32_t h = 0; h < kHandCount; ++h) m_input.hands[h].profile = profiles[h];
    m_input.time = displayTime;
    SKYHOOK_TRY(locate(m_session.viewSpace(), displayTime, m_input.head));
    if (!focused || m_sets.empty()) return {};

    std::vector<XrActiveActionSet> active;
    for (XrActionSet s : m_sets) active.push_back({s, XR_NULL_PATH});
    XrActionsSyncInfo info{.type = XR_TYPE_ACTIONS_SYNC_INFO,
                           .countActiveActionSets = uint32_t(active.size()),
                           .activeActionSets = active.data()};
    const XrResult r = xrSyncActions(m_session.handle(), &info);
    // XR_SESSION_NOT_FOCUSED: focus went between the state event and this call; nothing to read.
    if (r == XR_SESSION_NOT_FOCUSED) return {};
    SKYHOOK_TRY(m_session.check(r, "xrSyncActions"));
    m_input.synced = true;
    ++m_syncs;

    for (const Bound& b : m_roles) {
        for (uint32_t h = 0; h < kHandCount; ++h) {
            if (!b.hands[h]) continue;
            HandInput& hand = m_input.hands[h];
            const XrActionStateGetInfo get{
                .type = XR_TYPE_ACTION_STATE_GET_INFO, .action = b.action, .subactionPath = m_hands[h]};
            switch (b.role) {
                case ActionRole::GripPose:
                case ActionRole::AimPose: {
                    XrActionStatePose state{XR_TYPE_ACTION_STATE_POSE};
                    SKYHOOK_TRY(m_session.check(xrGetActionStatePose(m_session.handle(), &get, &state),
                                                "xrGetActionStatePose"));
                    TrackedPose& pose = b.role == ActionRole::GripPose ? hand.grip : hand.aim;
                    if (state.isActive) SKYHOOK_TRY(locate(b.spaces[h], displayTime, pose));
                    break;
                }
                case ActionRole::Trigger:
                case ActionRole::Grip: {
                    XrActionStateFloat state{XR_TYPE_ACTION_STATE_FLOAT};
                    SKYHOOK_TRY(m_session.check(xrGetActionStateFloat(m_session.handle(), &get, &state),
                                                "xrGetActionStateFloat"));
                    if (state.isActive)
                        (b.role == ActionRole::Trigger ? hand.trigger : hand.squeeze) = state.currentState;
                    break;
                }
                case ActionRole::Thumbstick: {
                    XrActionStateVector2f state{XR_TYPE_ACTION_STATE_VECTOR2F};
                    SKYHOOK_TRY(m_session.check(xrGetActionStateVector2f(m_session.handle(), &get, &state),
                                                "xrGetActionStateVector2f"));
                    if (state.isActive) hand.thumbstick = {state.currentState.x, state.currentState.y};
                    break;
                }
                case ActionRole::Menu: {
                    XrActionStateBoolean state{XR_TYPE_ACTION_STATE_BOOLEAN};
                    SKYHOOK_TRY(m_session.check(xrGetActionStateBoolean(m_session.handle(), &get, &state),
                                                "xrGetActionStateBoolean"));
                    hand.menu = state.isActive && state.currentState;
                    break;
                }
                case ActionRole::None:
                case ActionRole::Haptic:
                    break;
            }
        }
    }
    return {};
}

Result<bool> Actions::applyHaptic(Hand hand, const HapticPulse& pulse) {
    const uint32_t h = uint32_t(hand);
    if (m_haptic.action == XR_NULL_HANDLE || !m_haptic.hands[h]) return false;
    const XrHapticActionInfo info{
        .type = XR_TYPE_HAPTIC_ACTION_INFO, .action = m_haptic.action, .subactionPath = m_hands[h]};
    const XrHapticVibration vibration{
        .type = XR_TYPE_HAPTIC_VIBRATION,
        .duration = pulse.seconds > 0.0 ? XrDuration(pulse.seconds * 1e9) : XR_MIN_HAPTIC_DURATION,
        .frequency = pulse.frequency > 0.0f ? pulse.frequency : XR_FREQUENCY_UNSPECIFIED,
        .amplitude = std::clamp(pulse.amplitude, 0.0f, 1.0f)};
    SKYHOOK_TRY(m_session.check(
        m_session.instance().raw().applyHapticFeedback(
            m_session.handle(), &info, reinterpret_cast<const XrHapticBaseHeader*>(&vibration)),
        "xrApplyHapticFeedback"));
    ++m_hapticPulses;
    return true;
}

Result<bool> Actions::stopHaptic(Hand hand) {
    const uint32_t h = uint32_t(hand);
    if (m_haptic.action == XR_NULL_HANDLE || !m_haptic.hands[h]) return false;
    const XrHapticActionInfo info{
        .type = XR_TYPE_HAPTIC_ACTION_INFO, .action = m_haptic.action, .subactionPath = m_hands[h]};
    SKYHOOK_TRY(m_session.check(m_session.instance().raw().stopHapticFeedback(m_session.handle(), &info),
                                "xrStopHapticFeedback"));
    return true;
}

Result<void> Actions::onInteractionProfileChanged() {
    ++m_input.profileChanges;
    for (uint32_t h = 0; h < kHandCount; ++h) {
        XrInteractionProfileState state{XR_TYPE_INTERACTION_PROFILE_STATE};
        SKYHOOK_TRY(m_session.check(xrGetCurrentInteractionProfile(m_session.handle(), m_hands[h], &state),
                                    "xrGetCurrentInteractionProfile"));
        std::string name;
        if (state.interactionProfile != XR_NULL_PATH) {
            char buffer[XR_MAX_PATH_LENGTH] = {};
            uint32_t n = 0;
            SKYHOOK_TRY(m_session.instance().check(
                xrPathToString(m_session.instance().handle(), state.interactionProfile, sizeof buffer, &n,
                               buffer),
                "xrPathToString"));
            name = buffer;
        }
        if (name != m_input.hands[h].profile)
            log::info("xr", "{}: interaction profile {}", handPath(Hand(h)), name.empty() ? "none" : name);
        m_input.hands[h].profile = name;
    }
    return {};
}

}  // namespace skyhook::xr
