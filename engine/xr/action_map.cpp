#include "engine/xr/action_map.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/core/file.hpp"
#include "engine/core/json_fields.hpp"

namespace skyhook::xr {

namespace {

using json::Json;
using json::ObjectReader;
using json::ParseContext;

constexpr uint64_t kFormatVersion = 1;
// XR_MAX_ACTION_SET_NAME_SIZE / XR_MAX_ACTION_NAME_SIZE and the localized sizes, without the terminator.
constexpr size_t kMaxName = 63;
constexpr size_t kMaxLocalizedName = 127;

// What an input component gives, which decides the action types that may bind to it.
enum class Input : uint8_t { Pose, Vector2, Scalar, Click, Touch, Haptic };

struct Component {
    std::string_view path;  // under /user/hand/<hand>/
    Input input;
    bool left = true;
    bool right = true;
};

struct Profile {
    std::string_view path;
    std::vector<Component> components;
};

// The OpenXR 1.0 specification's component paths of the four profiles (§6.4 "Interaction Profile Paths").
// This is the vocabulary the file is checked against, not a binding: bindings only come from the file.
const std::vector<Profile>& profiles() {
    static const std::vector<Profile> table = {
        {"/interaction_profiles/khr/simple_controller",
         {{"input/select/click", Input::Click},
          {"input/menu/click", Input::Click},
          {"input/grip/pose", Input::Pose},
          {"input/aim/pose", Input::Pose},
          {"output/haptic", Input::Haptic}}},
        {"/interaction_profiles/oculus/touch_controller",
         {{"input/x/click", Input::Click, true, false},
          {"input/x/touch", Input::Touch, true, false},
          {"input/y/click", Input::Click, true, false},
          {"input/y/touch", Input::Touch, true, false},
          {"input/menu/click", Input::Click, true, false},
          {"input/a/click", Input::Click, false, true},
          {"input/a/touch", Input::Touch, false, true},
          {"input/b/click", Input::Click, false, true},
          {"input/b/touch", Input::Touch, false, true},
          {"input/system/click", Input::Click, false, true},
          {"input/squeeze/value", Input::Scalar},
          {"input/trigger/value", Input::Scalar},
          {"input/trigger/touch", Input::Touch},
          {"input/thumbstick", Input::Vector2},
          {"input/thumbstick/x", Input::Scalar},
          {"input/thumbstick/y", Input::Scalar},
          {"input/thumbstick/click", Input::Click},
          {"input/thumbstick/touch", Input::Touch},
          {"input/thumbrest/touch", Input::Touch},
          {"input/grip/pose", Input::Pose},
          {"input/aim/pose", Input::Pose},
          {"output/haptic", Input::Haptic}}},
        {"/interaction_profiles/valve/index_controller",
         {{"input/system/click", Input::Click},     {"input/system/touch", Input::Touch},
          {"input/a/click", Input::Click},          {"input/a/touch", Input::Touch},
          {"input/b/click", Input::Click},          {"input/b/touch", Input::Touch},
          {"input/squeeze/value", Input::Scalar},   {"input/squeeze/force", Input::Scalar},
          {"input/trigger/click", Input::Click},    {"input/trigger/value", Input::Scalar},
          {"input/trigger/touch", Input::Touch},    {"input/thumbstick", Input::Vector2},
          {"input/thumbstick/x", Input::Scalar},    {"input/thumbstick/y", Input::Scalar},
          {"input/thumbstick/click", Input::Click}, {"input/thumbstick/touch", Input::Touch},
          {"input/trackpad", Input::Vector2},       {"input/trackpad/x", Input::Scalar},
          {"input/trackpad/y", Input::Scalar},      {"input/trackpad/force", Input::Scalar},
          {"input/trackpad/touch", Input::Touch},   {"input/grip/pose", Input::Pose},
          {"input/aim/pose", Input::Pose},          {"output/haptic", Input::Haptic}}},
        {"/interaction_profiles/htc/vive_controller",
         {{"input/system/click", Input::Click},
          {"input/squeeze/click", Input::Click},
          {"input/menu/click", Input::Click},
          {"input/trigger/click", Input::Click},
          {"input/trigger/value", Input::Scalar},
          {"input/trackpad", Input::Vector2},
          {"input/trackpad/x", Input::Scalar},
          {"input/trackpad/y", Input::Scalar},
          {"input/trackpad/click", Input::Click},
          {"input/trackpad/touch", Input::Touch},
          {"input/grip/pose", Input::Pose},
          {"input/aim/pose", Input::Pose},
          {"output/haptic", Input::Haptic}}},
    };
    return table;
}

bool accepts(ActionType type, Input input) {
    switch (type) {
        case ActionType::Pose:
            return input == Input::Pose;
        case ActionType::Vibration:
            return input == Input::Haptic;
        case ActionType::Vector2:
            return input == Input::Vector2;
        // The runtime converts a click to 0/1 and a value to a boolean with hysteresis.
        case ActionType::Float:
            return input == Input::Scalar || input == Input::Click;
        case ActionType::Boolean:
            return input == Input::Scalar || input == Input::Click || input == Input::Touch;
    }
    return false;
}

const char* inputName(Input input) {
    switch (input) {
        case Input::Pose:
            return "a pose";
        case Input::Vector2:
            return "a 2D axis";
        case Input::Scalar:
            return "a value";
        case Input::Click:
            return "a click";
        case Input::Touch:
            return "a touch";
        case Input::Haptic:
            return "a haptic output";
    }
    return "?";
}

// OpenXR's well-formed path name characters (§6.1).
bool validName(std::string_view name) {
    if (name.empty() || name.size() > kMaxName) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

std::string readName(ObjectReader& r, std::string_view key) {
    std::string name = r.string(key, "");
    if (!r.ctx().failed() && !validName(name))
        r.ctx().fail(
            r.childPath(key),
            fmt::format("\"{}\" is not an OpenXR name: 1 to {} characters of a-z, 0-9, '-', '_', '.'", name,
                        kMaxName));
    return name;
}

std::string readLocalized(ObjectReader& r, const std::string& name) {
    std::string localized = r.string("localized_name", name);
    if (!r.ctx().failed() && (localized.empty() || localized.size() > kMaxLocalizedName))
        r.ctx().fail(r.childPath("localized_name"),
                     fmt::format("must be 1 to {} bytes long", kMaxLocalizedName));
    return localized;
}

const std::map<std::string, ActionType, std::less<>> kTypes = {{"boolean", ActionType::Boolean},
                                                               {"float", ActionType::Float},
                                                               {"vector2", ActionType::Vector2},
                                                               {"pose", ActionType::Pose},
                                                               {"vibration", ActionType::Vibration}};
const std::map<std::string, ActionRole, std::less<>> kRoles = {
    {"grip_pose", ActionRole::GripPose},    {"aim_pose", ActionRole::AimPose},
    {"trigger", ActionRole::Trigger},       {"grip", ActionRole::Grip},
    {"thumbstick", ActionRole::Thumbstick}, {"menu", ActionRole::Menu},
    {"haptic", ActionRole::Haptic}};

// The type each role needs.
ActionType roleType(ActionRole role) {
    switch (role) {
        case ActionRole::GripPose:
        case ActionRole::AimPose:
            return ActionType::Pose;
        case ActionRole::Trigger:
        case ActionRole::Grip:
            return ActionType::Float;
        case ActionRole::Thumbstick:
            return ActionType::Vector2;
        case ActionRole::Haptic:
            return ActionType::Vibration;
        case ActionRole::Menu:
        case ActionRole::None:
            return ActionType::Boolean;
    }
    return ActionType::Boolean;
}

ActionDef parseAction(ObjectReader& r) {
    ActionDef a;
    a.name = readName(r, "name");
    a.localizedName = readLocalized(r, a.name);
    const std::string type = r.choice("type", "", {"boolean", "float", "vector2", "pose", "vibration"});
    if (auto it = kTypes.find(type); it != kTypes.end()) a.type = it->second;
    if (r.has("role")) {
        const std::string role = r.choice(
            "role", "", {"grip_pose", "aim_pose", "trigger", "grip", "thumbstick", "menu", "haptic"});
        if (auto it = kRoles.find(role); it != kRoles.end()) a.role = it->second;
        if (!r.ctx().failed() && roleType(a.role) != a.type)
            r.ctx().fail(r.childPath("role"),
                         fmt::format("role \"{}\" needs an action of type \"{}\", this one is \"{}\"", role,
                                     actionTypeName(roleType(a.role)), type));
    }
    if (const Json* hands = r.array("hands")) {
        a.hands.clear();
        for (size_t i = 0; i < hands->size() && !r.ctx().failed(); ++i) {
            const std::string path = fmt::format("{}/{}", r.childPath("hands"), i);
            const Json& h = (*hands)[i];
            if (!h.is_string() || (h != "left" && h != "right")) {
                r.ctx().fail(path, fmt::format("expected \"left\" or \"right\", got {}", json::describe(h)));
                break;
            }
            const Hand hand = h == "left" ? Hand::Left : Hand::Right;
            if (std::find(a.hands.begin(), a.hands.end(), hand) != a.hands.end())
                r.ctx().fail(path, fmt::format("hand \"{}\" is listed twice", h.get<std::string>()));
            a.hands.push_back(hand);
        }
        if (!r.ctx().failed() && a.hands.empty())
            r.ctx().fail(r.childPath("hands"), "an action needs at least one hand (or leave \"hands\" out)");
    }
    r.warnUnknownKeys();
    return a;
}

ActionSetDef parseSet(ParseContext& ctx, ObjectReader& r) {
    ActionSetDef set;
    set.name = readName(r, "name");
    set.localizedName = readLocalized(r, set.name);
    set.priority = uint32_t(r.integer("priority", 0, 0, 1'000'000));
    const Json* actions = r.array("actions");
    if (!ctx.failed() && (!actions || actions->empty()))
        ctx.fail(r.childPath("actions"), "an action set needs at least one action");
    std::set<std::string> names, localized;
    for (size_t i = 0; actions && i < actions->size() && !ctx.failed(); ++i) {
        const std::string path = fmt::format("{}/{}", r.childPath("actions"), i);
        ObjectReader ar(ctx, (*actions)[i], path);
        ActionDef a = parseAction(ar);
        if (ctx.failed()) break;
        if (!names.insert(a.name).second)
            ctx.fail(path + "/name",
                     fmt::format("a second action named \"{}\" in set \"{}\"", a.name, set.name));
        else if (!localized.insert(a.localizedName).second)
            ctx.fail(path + "/localized_name",
                     fmt::format("a second action with the localized name \"{}\"", a.localizedName));
        set.actions.push_back(std::move(a));
    }
    r.warnUnknownKeys();
    return set;
}

// "set/action" → indices, or an error at `path`.
std::optional<std::pair<uint32_t, uint32_t>> findAction(ParseContext& ctx, const ActionMap& map,
                                                        const std::string& ref, const std::string& path) {
    const size_t slash = ref.find('/');
    if (slash == std::string::npos) {
        ctx.fail(path, fmt::format("\"{}\" does not name an action as \"set/action\"", ref));
        return std::nullopt;
    }
    const std::string_view setName = std::string_view(ref).substr(0, slash);
    const std::string_view actionName = std::string_view(ref).substr(slash + 1);
    for (uint32_t s = 0; s < map.sets.size(); ++s) {
        if (map.sets[s].name != setName) continue;
        for (uint32_t a = 0; a < map.sets[s].actions.size(); ++a)
            if (map.sets[s].actions[a].name == actionName) return std::pair{s, a};
        ctx.fail(path, fmt::format("action set \"{}\" has no action \"{}\"", setName, actionName));
        return std::nullopt;
    }
    ctx.fail(path, fmt::format("no action set \"{}\" (in \"{}\")", setName, ref));
    return std::nullopt;
}

void parseBindings(ParseContext& ctx, const Json& bindings, const std::string& path, const Profile& profile,
                   ActionMap& map, ProfileBindings& out) {
    if (!bindings.is_object()) {
        ctx.fail(path, fmt::format("expected an object of \"set/action\": [input paths], got {}",
                                   json::describe(bindings)));
        return;
    }
    std::set<std::string> seen;
    for (const auto& [ref, paths] : bindings.items()) {
        if (ctx.failed()) return;
        const std::string refPath = path + "/" + json::pointerToken(ref);
        auto found = findAction(ctx, map, ref, refPath);
        if (!found) return;
        const ActionDef& action = map.sets[found->first].actions[found->second];
        if (!paths.is_array() || paths.empty()) {
            ctx.fail(refPath,
                     fmt::format("expected a non-empty array of input paths, got {}", json::describe(paths)));
            return;
        }
        for (size_t i = 0; i < paths.size(); ++i) {
            const std::string p = fmt::format("{}/{}", refPath, i);
            if (!paths[i].is_string()) {
                ctx.fail(p, fmt::format("expected an input path, got {}", json::describe(paths[i])));
                return;
            }
            const std::string input = paths[i].get<std::string>();
            std::optional<Hand> hand;
            for (Hand h : {Hand::Left, Hand::Right})
                if (input.starts_with(std::string(handPath(h)) + "/")) hand = h;
            if (!hand) {
                ctx.fail(p, fmt::format("\"{}\" is not under /user/hand/left/ or /user/hand/right/", input));
                return;
            }
            const std::string_view component =
                std::string_view(input).substr(std::string_view(handPath(*hand)).size() + 1);
            auto c = std::find_if(profile.components.begin(), profile.components.end(),
                                  [&](const Component& k) { return k.path == component; });
            if (c == profile.components.end() || !(*hand == Hand::Left ? c->left : c->right)) {
                ctx.fail(p, fmt::format("{} has no {} \"{}\"", profile.path,
                                        component.starts_with("output/") ? "output" : "input", input));
                return;
            }
            if (!accepts(action.type, c->input)) {
                ctx.fail(p, fmt::format("\"{}\" is {}: a {} action (\"{}\") cannot bind to it", input,
                                        inputName(c->input), actionTypeName(action.type), ref));
                return;
            }
            if (std::find(action.hands.begin(), action.hands.end(), *hand) == action.hands.end()) {
                ctx.fail(p, fmt::format("action \"{}\" is not for the {} hand (its \"hands\")", ref,
                                        *hand == Hand::Left ? "left" : "right"));
                return;
            }
            if (!seen.insert(ref + " " + input).second) {
                ctx.fail(p, fmt::format("\"{}\" is bound to \"{}\" twice", ref, input));
                return;
            }
            out.bindings.push_back({found->first, found->second, input});
        }
    }
}

}  // namespace

const char* actionTypeName(ActionType type) {
    switch (type) {
        case ActionType::Boolean:
            return "boolean";
        case ActionType::Float:
            return "float";
        case ActionType::Vector2:
            return "vector2";
        case ActionType::Pose:
            return "pose";
        case ActionType::Vibration:
            return "vibration";
    }
    return "?";
}

const char* actionRoleName(ActionRole role) {
    switch (role) {
        case ActionRole::None:
            return "none";
        case ActionRole::GripPose:
            return "grip_pose";
        case ActionRole::AimPose:
            return "aim_pose";
        case ActionRole::Trigger:
            return "trigger";
        case ActionRole::Grip:
            return "grip";
        case ActionRole::Thumbstick:
            return "thumbstick";
        case ActionRole::Menu:
            return "menu";
        case ActionRole::Haptic:
            return "haptic";
    }
    return "?";
}

const char* handPath(Hand hand) {
    return hand == Hand::Left ? "/user/hand/left" : "/user/hand/right";
}

std::optional<std::pair<uint32_t, uint32_t>> ActionMap::find(ActionRole role) const {
    for (uint32_t s = 0; s < sets.size(); ++s)
        for (uint32_t a = 0; a < sets[s].actions.size(); ++a)
            if (sets[s].actions[a].role == role) return std::pair{s, a};
    return std::nullopt;
}

std::vector<std::string_view> knownProfiles() {
    std::vector<std::string_view> out;
    for (const Profile& p : profiles()) out.push_back(p.path);
    return out;
}

Result<ActionMap> parseActionMap(std::string_view json, std::string_view nameForErrors) {
    ParseContext ctx(nameForErrors);
    auto root = json::readDocument(json, ctx, nameForErrors);
    if (!root) return root.error();
    ObjectReader top(ctx, *root, "");
    ActionMap map;
    map.name = json::readVersionAndName(top, kFormatVersion, nameForErrors);

    const Json* sets = top.array("action_sets");
    if (!ctx.failed() && (!sets || sets->empty()))
        ctx.fail(top.childPath("action_sets"), "an action map needs at least one action set");
    std::set<std::string> setNames, setLocalized;
    for (size_t i = 0; sets && i < sets->size() && !ctx.failed(); ++i) {
        const std::string path = fmt::format("{}/{}", top.childPath("action_sets"), i);
        ObjectReader r(ctx, (*sets)[i], path);
        ActionSetDef set = parseSet(ctx, r);
        if (ctx.failed()) break;
        if (!setNames.insert(set.name).second)
            ctx.fail(path + "/name", fmt::format("a second action set named \"{}\"", set.name));
        else if (!setLocalized.insert(set.localizedName).second)
            ctx.fail(path + "/localized_name",
                     fmt::format("a second action set with the localized name \"{}\"", set.localizedName));
        map.sets.push_back(std::move(set));
    }
    // A role is read from one action only.
    std::map<ActionRole, std::string> roles;
    for (size_t s = 0; s < map.sets.size() && !ctx.failed(); ++s)
        for (size_t a = 0; a < map.sets[s].actions.size() && !ctx.failed(); ++a) {
            const ActionDef& action = map.sets[s].actions[a];
            if (action.role == ActionRole::None) continue;
            const std::string ref = map.sets[s].name + "/" + action.name;
            auto [it, inserted] = roles.emplace(action.role, ref);
            if (!inserted)
                ctx.fail(
                    fmt::format("{}/{}/actions/{}/role", top.childPath("action_sets"), s, a),
                    fmt::format("role \"{}\" is already \"{}\"'s", actionRoleName(action.role), it->second));
        }

    if (const Json* profs = top.object("profiles"); profs && !ctx.failed()) {
        for (const auto& [profilePath, bindings] : profs->items()) {
            if (ctx.failed()) break;
            const std::string path = top.childPath("profiles") + "/" + json::pointerToken(profilePath);
            auto profile = std::find_if(profiles().begin(), profiles().end(),
                                        [&](const Profile& p) { return p.path == profilePath; });
            if (profile == profiles().end()) {
                ctx.fail(path, fmt::format("unknown interaction profile \"{}\" (known: {})", profilePath,
                                           fmt::join(knownProfiles(), ", ")));
                break;
            }
            ProfileBindings pb{.profile = profilePath};
            parseBindings(ctx, bindings, path, *profile, map, pb);
            if (!ctx.failed() && pb.bindings.empty()) ctx.fail(path, "a profile needs at least one binding");
            map.profiles.push_back(std::move(pb));
        }
    }
    if (!ctx.failed() && map.profiles.empty())
        ctx.fail(top.childPath("profiles"), "no bindings: suggest them for at least one interaction profile");
    if (ctx.failed()) return ctx.error();
    top.warnUnknownKeys();
    return map;
}

Result<ActionMap> loadActionMapFile(const std::filesystem::path& path) {
    auto text = readFileText(path);
    if (!text) return text.error();
    return parseActionMap(*text, path.string());
}

}  // namespace skyhook::xr
