#include "engine/app/avatars.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/app/shared_show.hpp"
#include "engine/core/log.hpp"
#include "engine/render/formats.hpp"

namespace skyhook::app {

namespace {

// Fraction of the display's white the avatars glow with by themselves (before tone mapping).
constexpr float kSelfLit = 0.25f;

float srgbToLinear(float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

int32_t primitiveModel(scene::Scene& scene, const char* name) {
    for (size_t i = 0; i < scene.models.size(); ++i)
        if (scene.models[i].kind == scene::ModelRef::Kind::Primitive && scene.models[i].primitive == name)
            return int32_t(i);
    scene.models.push_back({.kind = scene::ModelRef::Kind::Primitive, .primitive = name});
    return int32_t(scene.models.size() - 1);
}

int32_t addNode(scene::Scene& scene, scene::Node node) {
    scene.nodes.push_back(std::move(node));
    return int32_t(scene.nodes.size() - 1);
}

glm::dmat4 wireMatrix(const net::WirePose& p) {
    const glm::dquat q(p.orientation[3], p.orientation[0], p.orientation[1], p.orientation[2]);
    return glm::translate(glm::dmat4(1.0), glm::dvec3(p.position[0], p.position[1], p.position[2])) *
           glm::mat4_cast(glm::normalize(q));
}

}  // namespace

std::vector<glm::vec4> avatarPalette() {
    // avatarColor hashes ids onto its palette: the first few thousand ids reach every colour.
    std::vector<glm::vec4> palette;
    for (uint32_t id = 0; id < 4096; ++id) {
        const glm::vec4 c = avatarColor(id);
        if (std::find(palette.begin(), palette.end(), c) == palette.end()) palette.push_back(c);
    }
    return palette;
}

Avatars Avatars::addTo(scene::Scene& scene) {
    Avatars a;
    const int32_t sphere = primitiveModel(scene, "sphere");
    const int32_t cube = primitiveModel(scene, "cube");
    const float glow = kSelfLit / render::exposureFromEv100(scene.environment.exposureEv100);
    scene::Material visor{.name = "avatar_visor",
                          .baseColorFactor = {0.02f, 0.02f, 0.025f, 1.0f},
                          .metallicFactor = 0.0f,
                          .roughnessFactor = 0.25f};
    auto part = [&](int32_t parent, int32_t model, glm::vec3 center, glm::vec3 size,
                    const scene::Material& material, const std::string& name) {
        addNode(scene, {.name = name,
                        .parent = parent,
                        .local = {.translation = glm::dvec3(center), .scale = glm::dvec3(size)},
                        .model = model,
                        .material = material});
    };
    uint32_t index = 0;
    for (const glm::vec4& color : avatarPalette()) {
        const glm::vec3 linear(srgbToLinear(color.r), srgbToLinear(color.g), srgbToLinear(color.b));
        const scene::Material shell{.name = "avatar_shell",
                                    .baseColorFactor = glm::vec4(linear, 1.0f),
                                    .emissiveFactor = linear,
                                    .emissiveStrength = glow,
                                    .metallicFactor = 0.0f,
                                    .roughnessFactor = 0.55f};
        for (uint32_t k = 0; k < kAvatarSlotsPerColor; ++k, ++index) {
            Slot slot{.color = color};
            const std::string name = "avatar" + std::to_string(index);
            slot.head = addNode(scene, {.name = name + ".head", .posed = true});
            part(slot.head, sphere, kHeadCenter, kHeadSize, shell, name + ".shell");
            part(slot.head, cube, kVisorCenter, kVisorSize, visor, name + ".visor");
            for (int h = 0; h < 2; ++h) {
                slot.hands[h] = addNode(scene, {.name = name + (h ? ".right" : ".left"), .posed = true});
                part(slot.hands[h], cube, glm::vec3(0.0f), kHandSize, shell, name + ".hand");
            }
            a.m_slots.push_back(slot);
        }
    }
    return a;
}

void Avatars::pose(std::span<const AvatarPose> avatars, const xr::Origin& origin,
                   std::vector<render::NodePose>& out) {
    const glm::dmat4 hallToScene =
        glm::translate(glm::dmat4(1.0), origin.position) * glm::mat4_cast(origin.orientation);
    std::vector<bool> taken(m_slots.size(), false);
    std::vector<const AvatarPose*> waiting;
    auto place = [&](size_t s, const AvatarPose& a) {
        taken[s] = true;
        ++m_shown;
        if (a.pose.head.valid) out.push_back({m_slots[s].head, hallToScene * wireMatrix(a.pose.head)});
        for (int h = 0; h < 2; ++h)
            if (a.pose.hands[h].valid)
                out.push_back({m_slots[s].hands[h], hallToScene * wireMatrix(a.pose.hands[h])});
    };
    m_shown = 0;
    for (const AvatarPose& a : avatars) {
        const glm::vec4 color = avatarColor(a.visitor);
        size_t s = 0;
        while (s < m_slots.size() && (taken[s] || m_slots[s].color != color)) ++s;
        if (s < m_slots.size())
            place(s, a);
        else
            waiting.push_back(&a);
    }
    // More visitors of one colour than its slots: another colour rather than no avatar.
    for (const AvatarPose* a : waiting) {
        const auto free = std::find(taken.begin(), taken.end(), false);
        if (free == taken.end()) {
            ++m_notDrawn;
            continue;
        }
        if (!m_borrowLogged)
            log::warn("xr", "more than {} visitors share avatar colour; some are drawn in another colour",
                      kAvatarSlotsPerColor);
        m_borrowLogged = true;
        place(size_t(free - taken.begin()), *a);
    }
}

}  // namespace skyhook::app
