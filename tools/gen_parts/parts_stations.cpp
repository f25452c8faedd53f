// The stations along the tether: the equatorial ground station and the station at geostationary altitude.
// Anchors and sizes are documented in README.md and checked by tests/content.
#include <cmath>
#include <numbers>

#include "tools/gen_parts/gen_parts.hpp"

namespace skyhook::tools::parts {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

glm::vec3 radial(float angle, float radius, float y) {
    return {std::cos(angle) * radius, y, std::sin(angle) * radius};
}

// A square lattice tower: four corner legs from y0 to y1 at half-width w, X-bracing on every face per bay.
void latticeTower(MeshBuilder& m, glm::vec3 base, float w, float y0, float y1, int bays, float legR,
                  float braceR) {
    const glm::vec3 corners[4] = {{-w, 0.0f, -w}, {w, 0.0f, -w}, {w, 0.0f, w}, {-w, 0.0f, w}};
    for (const glm::vec3& c : corners)
        m.tube(base + c + glm::vec3(0.0f, y0, 0.0f), base + c + glm::vec3(0.0f, y1, 0.0f), legR, 12, true,
               bays);
    const float bay = (y1 - y0) / static_cast<float>(bays);
    for (int b = 0; b < bays; ++b)
        for (int f = 0; f < 4; ++f) {
            const glm::vec3 c0 = base + corners[f], c1 = base + corners[(f + 1) % 4];
            const glm::vec3 lo(0.0f, y0 + b * bay, 0.0f), hi(0.0f, y0 + (b + 1) * bay, 0.0f);
            m.tube(c0 + lo, c1 + hi, braceR, 6, false);
            m.tube(c1 + lo, c0 + hi, braceR, 6, false);
            m.tube(c0 + hi, c1 + hi, braceR, 6, false);
        }
}

// A box building on the ground at `center` (its footprint centre), turned by `yaw`, with lit window strips
// on its two long facades.
void building(Part& part, glm::vec3 center, float yaw, glm::vec3 size, int floors) {
    const Frame f = Frame::yawed(center + glm::vec3(0.0f, 0.5f * size.y, 0.0f), yaw);
    part.mesh(palette::whitePaint()).box(f, 0.5f * size);
    MeshBuilder& windows = part.mesh(palette::glassLit());
    for (int floor = 0; floor < floors; ++floor) {
        const float y = -0.5f * size.y + (floor + 0.5f) * size.y / floors;
        for (float side : {-1.0f, 1.0f}) {
            windows.panel(f.point({0.0f, y, side * (0.5f * size.z + 0.05f)}), f.z * side, 0.42f * size.x,
                          0.18f * size.y / floors);
        }
    }
}

}  // namespace

// Origin: the tether axis at ground level (the bottom of the base slab). The tether leaves the anchor
// socket at y = kGroundStationTetherY. About 600 m across and 225 m tall (the mast tops).
Part buildGroundStation() {
    Part part("ground_station");
    part.defaultUvMetres = 4.0f;
    MeshBuilder& ground = part.mesh(palette::concrete());
    MeshBuilder& structure = part.mesh(palette::steel());
    MeshBuilder& machinery = part.mesh(palette::darkSteel());
    MeshBuilder& lights = part.mesh(palette::navLight());
    MeshBuilder& beacons = part.mesh(palette::warningLight());

    // Base slab and the raised inner terrace, with chamfered edges.
    ground.lathe(Frame{},
                 {{0.0f, 0.0f},
                  {300.0f, 0.0f},
                  {300.0f, 0.0f},
                  {300.0f, 6.0f},
                  {300.0f, 6.0f},
                  {296.0f, 8.0f},
                  {296.0f, 8.0f},
                  {0.0f, 8.0f}},
                 96);
    ground.lathe(
        Frame{},
        {{170.0f, 8.0f}, {170.0f, 18.0f}, {170.0f, 18.0f}, {166.0f, 20.0f}, {166.0f, 20.0f}, {0.0f, 20.0f}},
        96);

    // The anchor: a tapering concrete cone with steel collars, topped by the socket the tether leaves from.
    const float socketTop = kGroundStationTetherY;
    ground.frustum({0.0f, 20.0f, 0.0f}, {0.0f, 140.0f, 0.0f}, 45.0f, 14.0f, 64, true, 6);
    for (float y : {40.0f, 70.0f, 100.0f, 130.0f}) {
        const float r = 45.0f + (14.0f - 45.0f) * (y - 20.0f) / 120.0f;
        machinery.torus(Frame::at({0.0f, y, 0.0f}), r + 0.8f, 1.2f, 64, 8);
    }
    machinery.tube({0.0f, 140.0f, 0.0f}, {0.0f, socketTop, 0.0f}, 5.0f, 32, true, 2);
    lights.torus(Frame::at({0.0f, socketTop - 2.0f, 0.0f}), 5.3f, 0.4f, 32, 6);

    // Four lattice towers around the anchor, cable-stayed to the socket, with beacons on top.
    for (int i = 0; i < 4; ++i) {
        const float a = kPi * 0.25f + i * kPi * 0.5f;
        const glm::vec3 base = radial(a, 110.0f, 0.0f);
        latticeTower(structure, base, 6.0f, 20.0f, 220.0f, 10, 1.2f, 0.4f);
        machinery.boxMinMax(base + glm::vec3(-8.0f, 20.0f, -8.0f), base + glm::vec3(8.0f, 24.0f, 8.0f));
        structure.tube(base + glm::vec3(0.0f, 215.0f, 0.0f), {0.0f, socketTop - 5.0f, 0.0f}, 0.35f, 6, false);
        beacons.sphere(base + glm::vec3(0.0f, 222.0f, 0.0f), 1.5f, 12, 6);
    }

    // Six landing pads on the outer slab: raised discs with a lit rim and an H marking.
    MeshBuilder& paint = part.mesh(palette::whitePaint());
    for (int i = 0; i < 6; ++i) {
        const float a = i * kPi / 3.0f;
        const glm::vec3 c = radial(a, 235.0f, 8.0f);
        ground.frustum(c, c + glm::vec3(0.0f, 1.0f, 0.0f), 30.0f, 28.0f, 48, true);
        lights.ring(Frame::at(c + glm::vec3(0.0f, 1.02f, 0.0f)), 25.0f, 26.0f, 48);
        const Frame h = Frame::yawed(c + glm::vec3(0.0f, 1.05f, 0.0f), -a);
        paint.box(Frame{.origin = h.point({-6.0f, 0.0f, 0.0f}), .x = h.x, .y = h.y, .z = h.z},
                  {1.2f, 0.05f, 9.0f});
        paint.box(Frame{.origin = h.point({6.0f, 0.0f, 0.0f}), .x = h.x, .y = h.y, .z = h.z},
                  {1.2f, 0.05f, 9.0f});
        paint.box(h, {6.0f, 0.05f, 1.2f});
    }

    // Operations buildings between the pads, facing the anchor.
    for (int i = 0; i < 6; ++i) {
        const float a = (i + 0.5f) * kPi / 3.0f;
        building(part, radial(a, 215.0f, 8.0f), -a + 0.5f * kPi, {40.0f, 18.0f, 16.0f}, 4);
        building(part, radial(a, 140.0f, 20.0f), -a + 0.5f * kPi, {24.0f, 10.0f, 12.0f}, 2);
    }

    // Flood-light masts round the rim.
    for (int i = 0; i < 12; ++i) {
        const float a = (i + 0.25f) * kPi / 6.0f;
        const glm::vec3 base = radial(a, 285.0f, 8.0f);
        structure.tube(base, base + glm::vec3(0.0f, 30.0f, 0.0f), 0.6f, 12, true, 2);
        lights.sphere(base + glm::vec3(0.0f, 31.0f, 0.0f), 1.2f, 12, 6);
    }
    return part;
}

// Origin: the tether axis at the centre of the hub (the station is symmetric about y = 0). The tether passes
// through the hub's 3 m shaft. Habitat ring 2×172 m across; solar booms reach 300 m from the axis.
Part buildGeoStation() {
    Part part("geo_station");
    part.defaultUvMetres = 2.0f;
    MeshBuilder& hull = part.mesh(palette::whitePaint());
    MeshBuilder& structure = part.mesh(palette::steel());
    MeshBuilder& machinery = part.mesh(palette::darkSteel());
    MeshBuilder& windows = part.mesh(palette::glassLit());
    MeshBuilder& solar = part.mesh(palette::solarPanel());
    MeshBuilder& lights = part.mesh(palette::navLight());
    MeshBuilder& beacons = part.mesh(palette::warningLight());

    // Hub: an annular drum round the tether shaft (closed profile: bottom, outer wall, top, shaft wall).
    const float shaft = 3.0f, hubR = 30.0f, hubH = 50.0f;
    hull.lathe(Frame{},
               {{shaft, -hubH},
                {hubR - 5.0f, -hubH},
                {hubR - 5.0f, -hubH},
                {hubR, -hubH + 5.0f},
                {hubR, -hubH + 5.0f},
                {hubR, hubH - 5.0f},
                {hubR, hubH - 5.0f},
                {hubR - 5.0f, hubH},
                {hubR - 5.0f, hubH},
                {shaft, hubH},
                {shaft, hubH},
                {shaft, -hubH}},
               64);
    for (float y : {-30.0f, 0.0f, 30.0f})
        machinery.torus(Frame::at({0.0f, y, 0.0f}), hubR + 0.5f, 1.0f, 64, 8);
    // Docking collars on both ends with lit rims.
    for (float sign : {-1.0f, 1.0f}) {
        const float y = sign * hubH;
        machinery.ring(Frame::alongAxis({0.0f, y + sign * 0.05f, 0.0f}, {0.0f, sign, 0.0f}), shaft + 1.0f,
                       hubR - 6.0f, 64);
        lights.torus(Frame::at({0.0f, y, 0.0f}), hubR - 6.0f, 0.5f, 48, 6);
    }

    // Habitat ring with a lit window band facing outwards and pods on top, on six spokes.
    const float ringR = 160.0f, tubeR = 12.0f;
    hull.torus(Frame{}, ringR, tubeR, 128, 16);
    const int panes = 96;
    for (int i = 0; i < panes; ++i) {
        const float a = 2.0f * kPi * (i + 0.5f) / panes;
        const Frame f = Frame::yawed({0.0f, 0.0f, 0.0f}, a);
        windows.panel(f.point({ringR + tubeR + 0.05f, 0.0f, 0.0f}), f.x, 3.5f, 1.5f);
    }
    for (int i = 0; i < 6; ++i) {
        const float a = i * kPi / 3.0f;
        structure.tube(radial(a, hubR - 1.0f, 0.0f), radial(a, ringR - tubeR + 1.0f, 0.0f), 3.0f, 16, false,
                       4);
        // A module pod straddling the ring between spokes.
        const float am = a + kPi / 6.0f;
        const glm::vec3 c = radial(am, ringR, tubeR + 5.0f);
        const glm::vec3 tangent(-std::sin(am), 0.0f, std::cos(am));
        hull.tube(c - tangent * 18.0f, c + tangent * 18.0f, 6.0f, 24, true, 3);
        beacons.sphere(c + glm::vec3(0.0f, 6.5f, 0.0f), 0.8f, 12, 6);
    }

    // Two solar booms beyond the ring (between spokes, off the tether), each with six pairs of wings.
    for (float boom : {kPi / 6.0f + kPi / 3.0f, kPi / 6.0f + kPi / 3.0f + kPi}) {
        const glm::vec3 dir(std::cos(boom), 0.0f, std::sin(boom));
        const glm::vec3 side(-dir.z, 0.0f, dir.x);
        structure.tube(dir * (ringR + tubeR - 1.0f), dir * 300.0f, 2.0f, 12, true, 6);
        for (int w = 0; w < 6; ++w) {
            const glm::vec3 c = dir * (195.0f + w * 20.0f);
            for (float s : {-1.0f, 1.0f}) {
                const Frame f{.origin = c + side * (s * 25.0f), .x = dir, .y = {0.0f, 1.0f, 0.0f}, .z = side};
                solar.box(f, {8.5f, 0.15f, 21.0f});
                machinery.tube(c + side * (s * 2.0f), c + side * (s * 46.0f), 0.4f, 6, false);
            }
        }
        lights.sphere(dir * 302.0f, 1.5f, 12, 6);
    }
    return part;
}

}  // namespace skyhook::tools::parts
