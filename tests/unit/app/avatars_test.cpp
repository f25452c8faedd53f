// Avatar slots (engine/app/avatars.hpp) without a device: the nodes they add to a scene, which slot a visitor
// takes (its colour's, another colour's when those are full, none beyond every slot), and the poses handed to
// the renderer — hall poses placed through the visitor's origin, invalid parts left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>

#include <glm/gtc/matrix_transform.hpp>

#include "engine/app/avatars.hpp"
#include "engine/app/shared_show.hpp"

namespace skyhook::app {
namespace {

net::WirePose wire(glm::vec3 p, glm::quat q = glm::quat(1, 0, 0, 0)) {
    return {.position = {p.x, p.y, p.z}, .orientation = {q.x, q.y, q.z, q.w}, .valid = true};
}

AvatarPose whole(uint32_t visitor, glm::vec3 head = glm::vec3(0.0f, 1.6f, 0.0f)) {
    AvatarPose a{.visitor = visitor};
    a.pose.head = wire(head);
    a.pose.hands[0] = wire(head + glm::vec3(-0.2f, -0.3f, -0.2f));
    a.pose.hands[1] = wire(head + glm::vec3(0.2f, -0.3f, -0.2f));
    return a;
}

// The node's model's material colour (the shell under a posed node).
glm::vec4 colorOf(const scene::Scene& scene, int32_t posed) {
    for (const scene::Node& n : scene.nodes)
        if (&n - scene.nodes.data() > posed && n.parent == posed && n.material && n.name.ends_with(".shell"))
            return n.material->baseColorFactor;
    return glm::vec4(-1.0f);
}

TEST(Avatars, TheSlotsAreHiddenPosedNodesOfEveryPaletteColour) {
    scene::Scene scene;
    scene.models.push_back({.kind = scene::ModelRef::Kind::Primitive, .primitive = "sphere"});
    const Avatars avatars = Avatars::addTo(scene);
    const std::vector<glm::vec4> palette = avatarPalette();
    EXPECT_EQ(palette.size(), 7u);
    EXPECT_EQ(avatars.capacity(), palette.size() * kAvatarSlotsPerColor);
    // One sphere model reused, one cube added.
    EXPECT_EQ(scene.models.size(), 2u);
    uint32_t posed = 0, parts = 0;
    for (const scene::Node& n : scene.nodes) {
        if (n.posed) {
            ++posed;
            EXPECT_EQ(n.model, -1);
            EXPECT_EQ(n.parent, -1);
        } else {
            ++parts;
            ASSERT_GE(n.parent, 0);
            EXPECT_TRUE(scene.nodes[n.parent].posed);
            ASSERT_TRUE(n.material.has_value());
            EXPECT_GT(n.material->emissiveStrength, 0.0f);
        }
    }
    EXPECT_EQ(posed, avatars.capacity() * 3);  // head and two grips
    EXPECT_EQ(parts, avatars.capacity() * 4);  // shell, visor, two hands
}

TEST(Avatars, PosesGoThroughTheOriginAndInvalidPartsAreLeftOut) {
    scene::Scene scene;
    Avatars avatars = Avatars::addTo(scene);
    const xr::Origin origin{.position = {1.0e7, 2.0, -3.0},
                            .orientation = glm::angleAxis(glm::radians(90.0), glm::dvec3(0, 1, 0))};
    AvatarPose a = whole(3, glm::vec3(1.0f, 1.6f, 0.0f));
    a.pose.hands[1].valid = false;
    std::vector<render::NodePose> poses;
    avatars.pose({&a, 1}, origin, poses);
    ASSERT_EQ(poses.size(), 2u);
    EXPECT_EQ(avatars.shown(), 1u);
    // Hall (1, 1.6, 0) turned 90° left about +y is (0, 1.6, -1); then offset.
    const glm::dvec3 head(poses[0].world[3]);
    EXPECT_NEAR(head.x, 1.0e7, 1e-6);
    EXPECT_NEAR(head.y, 3.6, 1e-6);
    EXPECT_NEAR(head.z, -4.0, 1e-6);
    EXPECT_TRUE(scene.nodes[poses[0].node].posed);
    EXPECT_EQ(colorOf(scene, poses[0].node).a, 1.0f);
    // The left hand went to its own node.
    EXPECT_NE(poses[1].node, poses[0].node);
    EXPECT_TRUE(scene.nodes[poses[1].node].name.ends_with(".left"));
}

TEST(Avatars, VisitorsTakeSlotsOfTheirColourThenBorrowThenAreCounted) {
    scene::Scene scene;
    Avatars avatars = Avatars::addTo(scene);
    // Visitors of one colour: more than its slots.
    const glm::vec4 color = avatarColor(0);
    std::vector<AvatarPose> same;
    for (uint32_t id = 0; same.size() < kAvatarSlotsPerColor + 2; ++id)
        if (avatarColor(id) == color) same.push_back(whole(id));
    std::vector<render::NodePose> poses;
    avatars.pose(same, xr::Origin{}, poses);
    EXPECT_EQ(avatars.shown(), same.size());
    EXPECT_EQ(poses.size(), same.size() * 3);
    std::vector<int32_t> heads;
    for (size_t i = 0; i < poses.size(); i += 3) heads.push_back(poses[i].node);
    std::sort(heads.begin(), heads.end());
    EXPECT_EQ(std::unique(heads.begin(), heads.end()), heads.end()) << "one slot per visitor";
    // The visitors' colour fills its slots; the two beyond borrow slots of other colours.
    std::map<std::array<float, 3>, uint32_t> byColor;
    for (int32_t h : heads) {
        const glm::vec4 c = colorOf(scene, h);
        ASSERT_GE(c.a, 0.0f);
        ++byColor[{c.r, c.g, c.b}];
    }
    EXPECT_GE(byColor.size(), 2u);
    uint32_t largest = 0;
    for (const auto& [c, n] : byColor) largest = std::max(largest, n);
    EXPECT_EQ(largest, kAvatarSlotsPerColor);
    // Beyond every slot: not drawn, counted.
    std::vector<AvatarPose> crowd;
    for (uint32_t id = 0; crowd.size() < avatars.capacity() + 3; ++id) crowd.push_back(whole(id));
    poses.clear();
    avatars.pose(crowd, xr::Origin{}, poses);
    EXPECT_EQ(avatars.shown(), avatars.capacity());
    EXPECT_EQ(avatars.notDrawn(), 3u);
    // Nobody: nothing posed.
    poses.clear();
    avatars.pose({}, xr::Origin{}, poses);
    EXPECT_TRUE(poses.empty());
    EXPECT_EQ(avatars.shown(), 0u);
}

}  // namespace
}  // namespace skyhook::app
