// The planetary engine tower: an 11 km fusion-engine stack with its nozzle at the top, buttresses and
// service structures at the base. The plasma jet itself is a volumetric effect drawn by the renderer; the
// tower only gives the nozzle throat an emissive blue surface for the jet to start from.
#include <cmath>
#include <numbers>

#include "tools/gen_parts/gen_parts.hpp"

namespace skyhook::tools::parts {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

// Shaft radius at height y (a straight taper between the base and the nozzle's root).
constexpr float kBaseTop = 300.0f;
constexpr float kShaftBottomR = 1400.0f;
constexpr float kNozzleRoot = 9500.0f;
constexpr float kShaftTopR = 700.0f;
constexpr float kLipR = 1100.0f;
constexpr float kThroatY = 9800.0f;
constexpr float kThroatR = 420.0f;

float shaftRadius(float y) {
    return kShaftBottomR + (kShaftTopR - kShaftBottomR) * (y - kBaseTop) / (kNozzleRoot - kBaseTop);
}

glm::vec3 radial(float angle, float radius, float y) {
    return {std::cos(angle) * radius, y, std::sin(angle) * radius};
}

}  // namespace

// Origin: the centre of the tower's footprint at ground level. The nozzle lip is at y = kEngineTowerHeight
// (11,000 m); the base platform is 4.8 km across.
Part buildEngineTower() {
    Part part("engine_tower");
    part.defaultUvMetres = 20.0f;
    MeshBuilder& ground = part.mesh(palette::concrete());
    MeshBuilder& shell = part.mesh(palette::darkSteel());
    MeshBuilder& structure = part.mesh(palette::steel());
    MeshBuilder& throat = part.mesh(palette::plasmaThroat());
    MeshBuilder& beacons = part.mesh(palette::warningLight());
    MeshBuilder& lights = part.mesh(palette::navLight());
    const float top = kEngineTowerHeight;

    // Base platform (stepped) the tower stands on.
    ground.lathe(Frame{},
                 {{0.0f, 0.0f},
                  {2400.0f, 0.0f},
                  {2400.0f, 0.0f},
                  {2400.0f, 120.0f},
                  {2400.0f, 120.0f},
                  {2000.0f, 120.0f},
                  {2000.0f, 120.0f},
                  {2000.0f, kBaseTop},
                  {2000.0f, kBaseTop},
                  {0.0f, kBaseTop}},
                 96);

    // Shaft and nozzle as one closed profile: up the tapered shaft with reinforcing bands (creased steps),
    // out along the bell to the lip, across the lip, and down the bell's inner wall to the throat. The inner
    // wall is the emissive throat, a separate lathe so it gets its own material.
    std::vector<glm::vec2> outer = {{kShaftBottomR, kBaseTop}};
    for (int band = 1; band <= 9; ++band) {
        const float y = kBaseTop + band * 1000.0f;
        if (y >= kNozzleRoot - 200.0f) break;
        const float r = shaftRadius(y);
        outer.insert(outer.end(), {{r, y - 40.0f},
                                   {r, y - 40.0f},
                                   {r + 25.0f, y - 40.0f},
                                   {r + 25.0f, y - 40.0f},
                                   {r + 25.0f, y + 40.0f},
                                   {r + 25.0f, y + 40.0f},
                                   {r, y + 40.0f},
                                   {r, y + 40.0f}});
    }
    outer.push_back({kShaftTopR, kNozzleRoot});
    // The bell flares smoothly (a few rings so the curve reads from the ground).
    for (int i = 1; i <= 6; ++i) {
        const float t = static_cast<float>(i) / 6.0f;
        outer.push_back({kShaftTopR + (kLipR - kShaftTopR) * t * t, kNozzleRoot + (top - kNozzleRoot) * t});
    }
    outer.insert(outer.end(), {{kLipR, top}, {kLipR - 60.0f, top}});
    shell.lathe(Frame{}, outer, 96);

    std::vector<glm::vec2> inner;
    for (int i = 0; i <= 8; ++i) {
        const float t = static_cast<float>(i) / 8.0f;  // lip (t = 0) down to the throat (t = 1)
        const float r = (kLipR - 60.0f) + (kThroatR - (kLipR - 60.0f)) * std::sqrt(t);
        inner.push_back({r, top + (kThroatY - top) * t});
    }
    inner.insert(inner.end(), {{kThroatR, kThroatY}, {0.0f, kThroatY}});
    throat.lathe(Frame{}, inner, 96);
    // Reaction-chamber ring glowing round the throat.
    throat.torus(Frame::at({0.0f, kThroatY + 30.0f, 0.0f}), kThroatR + 15.0f, 20.0f, 96, 8);

    // Eight buttresses from the platform's edge up the shaft, braced to their neighbours.
    const int buttresses = 8;
    for (int i = 0; i < buttresses; ++i) {
        const float a = 2.0f * kPi * i / buttresses;
        const glm::vec3 foot = radial(a, 1950.0f, kBaseTop), head = radial(a, shaftRadius(3300.0f), 3300.0f);
        const glm::vec3 d = glm::normalize(head - foot);
        const glm::vec3 side(-std::sin(a), 0.0f, std::cos(a));
        shell.box(Frame{.origin = 0.5f * (foot + head), .x = glm::cross(d, side), .y = d, .z = side},
                  {45.0f, 0.5f * glm::length(head - foot), 60.0f});
        const float a1 = 2.0f * kPi * (i + 1) / buttresses;
        structure.tube(radial(a, 1700.0f, 1100.0f), radial(a1, 1700.0f, 1100.0f), 12.0f, 12, true);
        structure.tube(radial(a, 1700.0f, 1100.0f), radial(a1, 1950.0f, kBaseTop + 10.0f), 8.0f, 12, true);
        // Aviation lights up the shaft on the buttress lines, every 2 km.
        for (float y = 1000.0f; y < kNozzleRoot; y += 2000.0f)
            beacons.sphere(radial(a, shaftRadius(y) + 30.0f, y), 12.0f, 8, 4);
    }
    // A lit ring round the lip marks the top.
    lights.torus(Frame::at({0.0f, top - 20.0f, 0.0f}), kLipR + 10.0f, 10.0f, 96, 6);

    // Service structures on the platform: coolant tanks, control blocks with lit windows, a launch-style
    // service gantry on one side of the shaft and lattice masts.
    for (int i = 0; i < 6; ++i) {
        const float a = (i + 0.5f) * kPi / 3.0f;
        const glm::vec3 c = radial(a, 2200.0f, 120.0f);
        shell.tube(c, c + glm::vec3(0.0f, 140.0f, 0.0f), 60.0f, 32, false, 2);
        shell.lathe(Frame::at(c + glm::vec3(0.0f, 140.0f, 0.0f)),
                    {{60.0f, 0.0f}, {42.0f, 40.0f}, {0.0f, 55.0f}}, 32);
        const glm::vec3 b = radial(a + 0.25f, 2250.0f, 120.0f);
        const Frame f = Frame::yawed(b + glm::vec3(0.0f, 40.0f, 0.0f), -a);
        ground.box(f, {60.0f, 40.0f, 30.0f});
        MeshBuilder& windows = part.mesh(palette::glassLit());
        for (int floor = 0; floor < 6; ++floor)
            windows.panel(f.point({60.5f, -30.0f + floor * 12.0f, 0.0f}), f.x, 25.0f, 3.0f);
    }
    // Service gantry: a tall lattice tower beside the shaft with walkways to it.
    const float gantryA = 0.375f * kPi;  // between two buttresses
    const glm::vec3 g = radial(gantryA, shaftRadius(1500.0f) + 120.0f + 60.0f, 0.0f);
    const float w = 30.0f;
    const glm::vec3 legs[4] = {{-w, 0.0f, -w}, {w, 0.0f, -w}, {w, 0.0f, w}, {-w, 0.0f, w}};
    for (const glm::vec3& l : legs)
        structure.tube(g + l + glm::vec3(0.0f, kBaseTop, 0.0f), g + l + glm::vec3(0.0f, 1500.0f, 0.0f), 4.0f,
                       12, true, 8);
    for (float y = kBaseTop; y < 1500.0f; y += 100.0f)
        for (int f = 0; f < 4; ++f) {
            const glm::vec3 lo(0.0f, y, 0.0f), hi(0.0f, y + 100.0f, 0.0f);
            structure.tube(g + legs[f] + lo, g + legs[(f + 1) % 4] + hi, 1.5f, 6, false);
            structure.tube(g + legs[(f + 1) % 4] + lo, g + legs[f] + hi, 1.5f, 6, false);
        }
    for (float y : {600.0f, 1000.0f, 1400.0f}) {
        const glm::vec3 from = g + glm::vec3(0.0f, y, 0.0f);
        const glm::vec3 to = radial(gantryA, shaftRadius(y) - 5.0f, y);
        structure.beam(from, to, 6.0f, 3.0f);
        lights.sphere(from + glm::vec3(0.0f, 8.0f, 0.0f), 4.0f, 12, 6);
    }
    beacons.sphere(g + glm::vec3(0.0f, 1515.0f, 0.0f), 10.0f, 12, 6);
    return part;
}

}  // namespace skyhook::tools::parts
