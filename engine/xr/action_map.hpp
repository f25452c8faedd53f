#pragma once
// Action maps as data (Godot's action_map/): the action sets, their actions and the suggested bindings per
// interaction profile, read from a JSON file in scenes/ (format: engine/xr/README.md#action-maps). Parsing is
// pure (no OpenXR calls) and checks what the runtime would reject later with a less helpful message: names,
// duplicates, unknown profiles and input paths, and action types that cannot take a binding's input.
// Errors name the file, the JSON path and what is wrong. actions.hpp loads a parsed map into a session.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"

namespace skyhook::xr {

enum class ActionType : uint8_t { Boolean, Float, Vector2, Pose, Vibration };
const char* actionTypeName(ActionType type);

// What an action means to the engine: where its value lands in InputState (input_state.hpp), or for the
// haptic role, the output the engine's pulses go to (haptics.hpp). Actions without a role are created and
// bound but not used.
enum class ActionRole : uint8_t { None, GripPose, AimPose, Trigger, Grip, Thumbstick, Menu, Haptic };
const char* actionRoleName(ActionRole role);

enum class Hand : uint8_t { Left, Right };
inline constexpr uint32_t kHandCount = 2;
const char* handPath(Hand hand);  // "/user/hand/left", "/user/hand/right"

struct ActionDef {
    std::string name;           // OpenXR action name: lower-case letters, digits, '-', '_', '.'
    std::string localizedName;  // shown by the runtime's binding UI
    ActionType type = ActionType::Boolean;
    ActionRole role = ActionRole::None;
    std::vector<Hand> hands{Hand::Left, Hand::Right};  // its subaction paths
};

struct ActionSetDef {
    std::string name;
    std::string localizedName;
    uint32_t priority = 0;
    std::vector<ActionDef> actions;
};

struct BindingDef {
    uint32_t set = 0;     // index into ActionMap::sets
    uint32_t action = 0;  // index into that set's actions
    std::string path;     // "/user/hand/left/input/trigger/value", "/user/hand/right/output/haptic"
};

struct ProfileBindings {
    std::string profile;  // "/interaction_profiles/oculus/touch_controller"
    std::vector<BindingDef> bindings;
};

struct ActionMap {
    std::string name;
    std::vector<ActionSetDef> sets;
    std::vector<ProfileBindings> profiles;

    // The action with `role` as (set, action) indices, if any.
    std::optional<std::pair<uint32_t, uint32_t>> find(ActionRole role) const;
};

// The interaction profiles this parser knows (the Khronos simple controller, Oculus Touch, Valve Index, HTC
// Vive): their paths, for messages and tests.
std::vector<std::string_view> knownProfiles();

// Parses action-map text; `nameForErrors` starts every message ("actions.json: /profiles/...: ...").
Result<ActionMap> parseActionMap(std::string_view json, std::string_view nameForErrors);
Result<ActionMap> loadActionMapFile(const std::filesystem::path& path);

}  // namespace skyhook::xr
