// Action maps (engine/xr/action_map.hpp): the committed scenes/xr/actions.json, every kind of mistake a
// bindings file can make with a message naming the file, the JSON path and the reason, and fuzzing.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include <fmt/format.h>

#include "engine/core/file.hpp"
#include "engine/xr/action_map.hpp"
#include "tests/unit/mutate.hpp"
#include "tests/unit/scene/test_util.hpp"

namespace skyhook::xr {
namespace {

const std::string kActions = SKYHOOK_SOURCE_DIR "/scenes/xr/actions.json";

// A valid map with one set and the given actions and profiles (JSON fragments).
std::string mapWith(const std::string& actions, const std::string& profiles) {
    return R"({"version": 1, "action_sets": [{"name": "visitor", "localized_name": "Visitor", "actions": [)" +
           actions + R"(]}], "profiles": {)" + profiles + "}}";
}
const std::string kGrip = R"({"name": "grip_pose", "type": "pose", "role": "grip_pose"})";
const std::string kTrigger = R"({"name": "trigger", "type": "float", "role": "trigger"})";
const std::string kSimple = R"("/interaction_profiles/khr/simple_controller")";
const std::string kHaptic = R"({"name": "haptic", "type": "vibration", "role": "haptic"})";

std::string error(const std::string& json) {
    auto r = parseActionMap(json, "bad_actions.json");
    if (r.ok()) {
        ADD_FAILURE() << "expected an error for " << json;
        return {};
    }
    return r.error().message;
}

TEST(ActionMap, TheCommittedMapHasEveryRoleAndTheFourProfiles) {
    auto map = loadActionMapFile(kActions);
    ASSERT_TRUE(map.ok()) << map.error().message;
    for (ActionRole role : {ActionRole::GripPose, ActionRole::AimPose, ActionRole::Trigger, ActionRole::Grip,
                            ActionRole::Thumbstick, ActionRole::Menu, ActionRole::Haptic})
        EXPECT_TRUE(map->find(role).has_value()) << actionRoleName(role);
    ASSERT_EQ(map->profiles.size(), 4u);
    std::vector<std::string> profiles;
    for (const ProfileBindings& p : map->profiles) profiles.push_back(p.profile);
    for (std::string_view known : knownProfiles())
        EXPECT_NE(std::find(profiles.begin(), profiles.end(), known), profiles.end()) << known;
    // Every profile binds both hands' grip poses.
    for (const ProfileBindings& p : map->profiles) {
        const auto grip = *map->find(ActionRole::GripPose);
        int poses = 0;
        for (const BindingDef& b : p.bindings)
            if (b.set == grip.first && b.action == grip.second) ++poses;
        EXPECT_EQ(poses, 2) << p.profile;
    }
    // Every profile sends haptics to both hands' output/haptic, through one vibration action.
    const auto haptic = *map->find(ActionRole::Haptic);
    EXPECT_EQ(map->sets[haptic.first].actions[haptic.second].type, ActionType::Vibration);
    for (const ProfileBindings& p : map->profiles) {
        std::vector<std::string> paths;
        for (const BindingDef& b : p.bindings)
            if (b.set == haptic.first && b.action == haptic.second) paths.push_back(b.path);
        EXPECT_EQ(paths, (std::vector<std::string>{"/user/hand/left/output/haptic",
                                                   "/user/hand/right/output/haptic"}))
            << p.profile;
    }
    const ActionDef& stick = map->sets[0].actions[map->find(ActionRole::Thumbstick)->second];
    EXPECT_EQ(stick.type, ActionType::Vector2);
    EXPECT_EQ(stick.hands.size(), 2u);
}

TEST(ActionMap, ErrorsNameTheFileThePathAndTheReason) {
    struct Case {
        std::string json;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {mapWith(
             kGrip,
             R"("/interaction_profiles/acme/wand": {"visitor/grip_pose": ["/user/hand/left/input/grip/pose"]})"),
         "bad_actions.json: /profiles/~1interaction_profiles~1acme~1wand: unknown interaction profile "
         "\"/interaction_profiles/acme/wand\""},
        {mapWith(kGrip, kSimple + R"(: {"visitor/grip_pose": ["/user/hand/left/input/grip/pos"]})"),
         "/profiles/~1interaction_profiles~1khr~1simple_controller/visitor~1grip_pose/0: "
         "/interaction_profiles/khr/simple_controller has no input \"/user/hand/left/input/grip/pos\""},
        {mapWith(kTrigger, kSimple + R"(: {"visitor/trigger": ["/user/hand/left/input/grip/pose"]})"),
         "is a pose: a float action (\"visitor/trigger\") cannot bind to it"},
        {mapWith(R"({"name": "x", "type": "quaternion"})", ""), "/action_sets/0/actions/0/type"},
        {mapWith(kGrip + "," + kGrip, ""),
         "/action_sets/0/actions/1/name: a second action named \"grip_pose\" in set \"visitor\""},
        {mapWith(kGrip + R"(, {"name": "grip2", "type": "pose", "role": "grip_pose"})", ""),
         "/action_sets/0/actions/1/role: role \"grip_pose\" is already \"visitor/grip_pose\"'s"},
        {mapWith(R"({"name": "trigger", "type": "boolean", "role": "trigger"})", ""),
         "role \"trigger\" needs an action of type \"float\", this one is \"boolean\""},
        {mapWith(R"({"name": "Grip Pose", "type": "pose"})", ""),
         "/action_sets/0/actions/0/name: \"Grip Pose\" is not an OpenXR name"},
        {mapWith(R"({"name": "grip_pose", "type": 3})", ""), "/action_sets/0/actions/0/type"},
        {mapWith(kGrip, kSimple + R"(: {"visitor/aim": ["/user/hand/left/input/aim/pose"]})"),
         "action set \"visitor\" has no action \"aim\""},
        {mapWith(R"({"name": "grip_pose", "type": "pose", "hands": ["left"]})",
                 kSimple + R"(: {"visitor/grip_pose": ["/user/hand/right/input/grip/pose"]})"),
         "action \"visitor/grip_pose\" is not for the right hand"},
        {mapWith(kGrip, kSimple + R"(: {"visitor/grip_pose": ["/user/hand/left/input/grip/pose", )"
                                  R"("/user/hand/left/input/grip/pose"]})"),
         "is bound to \"/user/hand/left/input/grip/pose\" twice"},
        {mapWith(kGrip, kSimple + R"(: {"visitor/grip_pose": "/user/hand/left/input/grip/pose"})"),
         "expected a non-empty array of input paths, got a string"},
        {mapWith(kGrip, R"("/interaction_profiles/oculus/touch_controller": )"
                        R"({"visitor/grip_pose": ["/user/hand/left/input/a/click"]})"),
         "has no input \"/user/hand/left/input/a/click\""},  // A is on the right Touch controller
        {mapWith(kGrip, ""), "/profiles: no bindings"},
        // Haptics: a vibration action binds only to an output, and only outputs that exist.
        {mapWith(kHaptic, kSimple + R"(: {"visitor/haptic": ["/user/hand/left/input/select/click"]})"),
         "\"/user/hand/left/input/select/click\" is a click: a vibration action (\"visitor/haptic\") cannot "
         "bind "
         "to it"},
        {mapWith(kTrigger, kSimple + R"(: {"visitor/trigger": ["/user/hand/left/output/haptic"]})"),
         "\"/user/hand/left/output/haptic\" is a haptic output: a float action (\"visitor/trigger\") cannot "
         "bind "
         "to it"},
        {mapWith(kHaptic, kSimple + R"(: {"visitor/haptic": ["/user/hand/left/output/haptics"]})"),
         "/interaction_profiles/khr/simple_controller has no output \"/user/hand/left/output/haptics\""},
        {mapWith(kHaptic, kSimple + R"(: {"visitor/haptic": ["/user/head/output/haptic"]})"),
         "\"/user/head/output/haptic\" is not under /user/hand/left/ or /user/hand/right/"},
        {mapWith(R"({"name": "haptic", "type": "float", "role": "haptic"})", ""),
         "role \"haptic\" needs an action of type \"vibration\", this one is \"float\""},
        {mapWith(kHaptic + R"(, {"name": "buzz", "type": "vibration", "role": "haptic"})", ""),
         "/action_sets/0/actions/1/role: role \"haptic\" is already \"visitor/haptic\"'s"},
        {R"({"version": 1, "action_sets": [], "profiles": {}})",
         "/action_sets: an action map needs at least one"},
        {R"({"version": 1, "action_sets": [)", "bad_actions.json:1:"},
    };
    for (const Case& c : cases) {
        const std::string message = error(c.json);
        EXPECT_TRUE(message.starts_with("bad_actions.json")) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos)
            << "expected \"" << c.expected << "\" in\n  " << message;
    }
}

TEST(ActionMap, AValidSmallMapParses) {
    auto r =
        parseActionMap(mapWith(kGrip + "," + kTrigger,
                               kSimple + R"(: {"visitor/grip_pose": ["/user/hand/left/input/grip/pose"],)"
                                         R"("visitor/trigger": ["/user/hand/right/input/select/click"]})"),
                       "ok.json");
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->profiles.size(), 1u);
    EXPECT_EQ(r->profiles[0].bindings.size(), 2u);
    EXPECT_EQ(r->sets[0].actions[1].localizedName, "trigger");  // defaults to the name
}

TEST(ActionMap, HapticOutputsParseForEveryProfileAndHand) {
    for (std::string_view profile : knownProfiles()) {
        auto r = parseActionMap(mapWith(kHaptic, fmt::format(R"("{}": {{"visitor/haptic": )"
                                                             R"(["/user/hand/left/output/haptic", )"
                                                             R"("/user/hand/right/output/haptic"]}})",
                                                             profile)),
                                "haptic.json");
        ASSERT_TRUE(r.ok()) << profile << ": " << r.error().message;
        ASSERT_EQ(r->profiles[0].bindings.size(), 2u);
        EXPECT_EQ(r->sets[0].actions[0].type, ActionType::Vibration);
        EXPECT_EQ(r->sets[0].actions[0].role, ActionRole::Haptic);
        EXPECT_EQ(r->sets[0].actions[0].hands.size(), 2u);
    }
}

TEST(ActionMap, FuzzMutatedMapsNeverCrash) {
    constexpr int kMutations = 20000;
    scene::test::WarningCapture capture;
    auto text = readFileText(kActions);
    ASSERT_TRUE(text.ok());
    std::mt19937 rng(0xAC7105);
    int ok = 0, failed = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kMutations; ++i) {
        const std::string mutated = skyhook::test::mutate(*text, rng);
        auto r = parseActionMap(mutated, "actions.json");
        if (r.ok()) {
            ++ok;
            ASSERT_FALSE(r->sets.empty());
            ASSERT_FALSE(r->profiles.empty());
            for (const ProfileBindings& p : r->profiles)
                for (const BindingDef& b : p.bindings) {
                    ASSERT_LT(b.set, r->sets.size());
                    ASSERT_LT(b.action, r->sets[b.set].actions.size());
                }
        } else {
            ++failed;
            ASSERT_TRUE(r.error().message.starts_with("actions.json")) << r.error().message;
        }
    }
    // A strict format: most mutations are rejected, but both outcomes must occur.
    EXPECT_GT(ok, kMutations / 200);
    EXPECT_GT(failed, kMutations / 50);
    std::printf("  actions.json: %d parsed, %d rejected in %.2f s\n", ok, failed,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace
}  // namespace skyhook::xr
