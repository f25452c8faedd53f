#pragma once
// The other visitors of a shared show as scene geometry: a bounded set of avatar slots added to the scene as
// posed nodes (scene::Node::posed) before it reaches the renderer, posed each frame from the visitors' hall
// poses through this visitor's origin (render::Renderer::setNodePoses). They are lit, depth-tested and cast
// shadows like the rest of the scene; a slot nobody uses is hidden and costs nothing. Each avatar is a head
// (a rounded shell with a dark visor on its front, so facing reads at a glance) and two hands (boxes along
// the grip), in the visitor's colour (avatarColor, the same for every viewer of the hall).
#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "engine/net/message.hpp"
#include "engine/render/renderer.hpp"
#include "engine/scene/scene.hpp"
#include "engine/xr/stereo_views.hpp"

namespace skyhook::app {

// Avatar slots per colour of the palette (7 colours: 28 avatars; a hall group is 6–8 visitors).
inline constexpr uint32_t kAvatarSlotsPerColor = 4;

// The distinct colours avatarColor gives (sRGB, opaque), in the order visitor ids first reach them.
std::vector<glm::vec4> avatarPalette();

// One other visitor this frame: its id and its head and grip poses in hall coordinates.
struct AvatarPose {
    uint32_t visitor = 0;
    net::Pose pose;
};

class Avatars {
public:
    // Adds the slots' nodes (hidden until posed) and the materials they need to `scene`; call before the
    // scene goes to the renderer. The avatars glow at a fixed fraction of the scene's display white on top of
    // being lit, so they stay readable in a dark hall scene and in daylight.
    static Avatars addTo(scene::Scene& scene);

    // The node poses of this frame's avatars, placed through `origin`, for Renderer::setNodePoses. A visitor
    // takes a slot of its colour; when those are full, a free slot of another colour (logged once); beyond
    // every slot it is not drawn (counted). Invalid heads or hands are not drawn.
    void pose(std::span<const AvatarPose> avatars, const xr::Origin& origin,
              std::vector<render::NodePose>& out);

    uint32_t capacity() const { return uint32_t(m_slots.size()); }
    uint32_t shown() const { return m_shown; }        // avatars posed by the last pose()
    uint64_t notDrawn() const { return m_notDrawn; }  // avatars that found no slot, over all frames

    // The avatar's shapes in its head and grip frames (metres; -z forward, +y up), for tests.
    static constexpr glm::vec3 kHeadSize{0.20f, 0.25f, 0.22f};  // the shell's diameters (a sphere scaled)
    static constexpr glm::vec3 kHeadCenter{0.0f, 0.02f, 0.03f};
    static constexpr glm::vec3 kVisorSize{0.17f, 0.065f, 0.04f};  // a box on the shell's front
    static constexpr glm::vec3 kVisorCenter{0.0f, 0.0f, -0.085f};
    static constexpr glm::vec3 kHandSize{0.06f, 0.045f, 0.11f};  // a box along the grip

private:
    struct Slot {
        glm::vec4 color{1.0f};
        int32_t head = -1;  // posed nodes: head frame, left and right grip frames
        int32_t hands[2] = {-1, -1};
    };
    std::vector<Slot> m_slots;
    uint32_t m_shown = 0;
    uint64_t m_notDrawn = 0;
    bool m_borrowLogged = false;
};

}  // namespace skyhook::app
