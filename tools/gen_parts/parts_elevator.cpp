// The parts that ride on or hang from the tether: the truss segment itself, the climber and the
// counterweight. Anchors and sizes are documented in README.md and checked by tests/content.
#include <cmath>
#include <numbers>

#include "tools/gen_parts/gen_parts.hpp"

namespace skyhook::tools::parts {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

// Tether cross-section: a ribbon truss 3 m wide (X) and 0.6 m deep (Z), four chord columns per face, with
// climber rails on both narrow sides. The climber and the stations are sized around these numbers.
constexpr float kChordX[4] = {-1.2f, -0.4f, 0.4f, 1.2f};
constexpr float kFaceZ = 0.3f;
constexpr float kChordRadius = 0.06f;
constexpr float kRailX = 1.5f;
constexpr float kPlate = 0.03f;  // node plate thickness at each end; two tiled segments make one 6 cm plate

}  // namespace

// Origin: the tether axis at the bottom of the segment. Everything lies in y ∈ [0, kTetherPitch] and the
// geometry at y = 0 and y = kTetherPitch is the same cross-section, so copies at k·pitch join without gaps.
Part buildTetherSegment() {
    Part part("tether_segment");
    part.defaultUvMetres = 0.5f;
    MeshBuilder& steel = part.mesh(palette::steel());
    MeshBuilder& plates = part.mesh(palette::darkSteel());
    const float top = kTetherPitch;

    // Chords: open tubes that run the full pitch (no caps: they continue into the next segment). Rings along
    // the length give the cooker's simplifier a surface to reduce gracefully for distant LODs.
    for (float x : kChordX)
        for (float z : {-kFaceZ, kFaceZ}) {
            steel.tube({x, 0.0f, z}, {x, top, z}, kChordRadius, 16, false, 4);
            // Node collar and bolts halfway up, where the diagonals cross the chord.
            Frame collar = Frame::at({x, 0.5f * top, z});
            steel.torus(collar, kChordRadius + 0.012f, 0.014f, 16, 6);
            for (int b = 0; b < 4; ++b) {
                const float a = kPi * 0.25f + b * kPi * 0.5f;
                const glm::vec3 d(std::cos(a), 0.0f, std::sin(a));
                const glm::vec3 p = glm::vec3(x, 0.5f * top + 0.035f, z) + d * (kChordRadius - 0.005f);
                steel.tube(p, p + d * 0.03f, 0.008f, 6);
            }
        }

    // X-bracing on both faces between neighbouring chord columns, ending inside the node plates.
    const float y0 = kPlate, y1 = top - kPlate;
    for (float z : {-kFaceZ, kFaceZ})
        for (int i = 0; i < 3; ++i) {
            steel.tube({kChordX[i], y0, z}, {kChordX[i + 1], y1, z}, 0.025f, 8, false, 2);
            steel.tube({kChordX[i + 1], y0, z}, {kChordX[i], y1, z}, 0.025f, 8, false, 2);
        }
    // Depth bracing on the outer columns and a mid-height tie between the faces of every column.
    for (float x : {kChordX[0], kChordX[3]}) {
        steel.tube({x, y0, -kFaceZ}, {x, y1, kFaceZ}, 0.02f, 8, false, 2);
        steel.tube({x, y0, kFaceZ}, {x, y1, -kFaceZ}, 0.02f, 8, false, 2);
    }
    for (float x : kChordX) steel.tube({x, 0.5f * top, -kFaceZ}, {x, 0.5f * top, kFaceZ}, 0.018f, 8, false);

    // Power conduits for the climbers down the middle of the ribbon.
    for (float z : {-0.12f, 0.12f}) steel.tube({0.0f, 0.0f, z}, {0.0f, top, z}, 0.035f, 12, false, 4);
    // Conduit brackets tie the conduits to the inner chords.
    for (float z : {-0.12f, 0.12f}) plates.beam({-0.4f, 0.5f * top, z}, {0.4f, 0.5f * top, z}, 0.01f, 0.03f);

    // Node plates: a frame of flat bars at each end joining every chord, with gussets at the chords.
    for (float yc : {0.5f * kPlate, top - 0.5f * kPlate}) {
        for (float z : {-kFaceZ, kFaceZ}) plates.box({0.0f, yc, z}, {kRailX, 0.5f * kPlate, 0.02f});
        for (float x : kChordX) plates.box({x, yc, 0.0f}, {0.02f, 0.5f * kPlate, kFaceZ});
    }
    // Gussets at every chord node, a little thicker than the bars inwards only (their outer faces stay on
    // y = 0 and y = pitch, so the segment's bounds are exactly one pitch).
    for (bool bottom : {true, false})
        for (float x : kChordX)
            for (float z : {-kFaceZ, kFaceZ}) {
                const float g = kPlate + 0.004f;
                const float ylo = bottom ? 0.0f : top - g, yhi = bottom ? g : top;
                plates.boxMinMax({x - 0.1f, ylo, z - 0.1f}, {x + 0.1f, yhi, z + 0.1f});
            }

    // Climber rails on the narrow sides: I-beams (web + two flanges) running the full pitch, so they are
    // continuous across segments; a bracket ties each rail to its outer chords at mid-height.
    for (float sign : {-1.0f, 1.0f}) {
        const float x = sign * kRailX;
        plates.boxMinMax({x - 0.015f, 0.0f, -0.08f}, {x + 0.015f, top, 0.08f});  // web
        plates.boxMinMax({x - 0.09f, 0.0f, -0.1f}, {x + 0.09f, top, -0.08f});    // flange
        plates.boxMinMax({x - 0.09f, 0.0f, 0.08f}, {x + 0.09f, top, 0.1f});      // flange
        for (float z : {-kFaceZ, kFaceZ})
            plates.beam({sign * 1.2f, 0.5f * top, z}, {x, 0.5f * top, z * 0.3f}, 0.02f, 0.04f);
    }
    return part;
}

// Origin: the tether axis at the climber's lowest point (the bottom wheels). The cabin is an annular hull
// the tether passes through (inner radius 2 m clears the truss and rails), 12 m across, 16 m tall.
Part buildClimber() {
    Part part("climber");
    part.defaultUvMetres = 1.0f;
    MeshBuilder& hull = part.mesh(palette::whitePaint());
    MeshBuilder& machinery = part.mesh(palette::darkSteel());
    MeshBuilder& windows = part.mesh(palette::glassLit());
    MeshBuilder& lights = part.mesh(palette::navLight());
    MeshBuilder& beacons = part.mesh(palette::warningLight());
    MeshBuilder& tyres = part.mesh(palette::rubber());

    // Hull: a closed profile swept around the tether: bottom face, chamfer, outer wall, chamfer, top face,
    // then the inner shaft wall back down. Repeated points are creases.
    const float yb = 3.0f, yt = 13.0f, rIn = 2.0f, rOut = 6.0f;
    hull.lathe(Frame{},
               {{rIn, yb},
                {rOut - 1.0f, yb},
                {rOut - 1.0f, yb},
                {rOut, yb + 1.0f},
                {rOut, yb + 1.0f},
                {rOut, yb + 4.5f},
                {rOut, yt - 1.2f},
                {rOut, yt - 1.2f},
                {rOut - 1.2f, yt},
                {rOut - 1.2f, yt},
                {rIn, yt},
                {rIn, yt},
                {rIn, yb}},
               48);
    // Deck bands between the window rows.
    hull.torus(Frame::at({0.0f, yb + 4.5f, 0.0f}), rOut, 0.12f, 48, 6);
    // Windows: two decks of panels standing just proud of the hull, facing outwards.
    const int panes = 24;
    for (int deck = 0; deck < 2; ++deck) {
        const float y = deck == 0 ? yb + 2.0f : yb + 6.5f;
        for (int i = 0; i < panes; ++i) {
            const float a = 2.0f * kPi * (i + 0.5f) / panes;
            const Frame f = Frame::yawed({0.0f, 0.0f, 0.0f}, a);
            windows.panel(f.point({rOut + 0.03f, y, 0.0f}), f.x, 0.55f, 0.7f);
        }
    }

    // Wheel trucks above and below the hull: on each rail, two tyres pinch the rail web from both sides,
    // carried by an arm from the hull; a clamp ring closes around the truss.
    for (float yc : {0.6f, yt + 2.4f}) {
        for (float sign : {-1.0f, 1.0f}) {
            const float x = sign * kRailX;
            for (float z : {-0.75f, 0.75f}) {
                // Tyre axis along X: a tyre rolls on the flange face in Z.
                const float r = 0.6f, w = 0.16f;
                tyres.tube({x - w, yc, z}, {x + w, yc, z}, r, 24, true);
                machinery.tube({x - w - 0.1f, yc, z}, {x + w + 0.1f, yc, z}, 0.18f, 12, true);
                machinery.beam({x + sign * (w + 0.1f), yc, z},
                               {sign * (rIn + 0.6f), yc + (yc < yb ? 1.8f : -1.8f), z}, 0.12f, 0.12f);
            }
        }
        Frame clampFrame = Frame::at({0.0f, yc, 0.0f});
        machinery.torus(clampFrame, rIn + 0.3f, 0.25f, 32, 8);
    }
    // Bottom plate the lower arms hang from: the hull's lowest point is the truck, not this plate.
    machinery.ring(Frame::at({0.0f, yb - 0.01f, 0.0f}), rIn, rOut - 1.2f, 48, true);

    // Lights: four floodlights under the hull aimed at the tether, white navigation lights round the roof
    // and two red beacons on top.
    for (int i = 0; i < 4; ++i) {
        const float a = kPi * 0.25f + i * kPi * 0.5f;
        const glm::vec3 d(std::cos(a), 0.0f, std::sin(a));
        const glm::vec3 p = d * (rIn + 1.6f) + glm::vec3(0.0f, yb - 0.05f, 0.0f);
        machinery.frustum(p, p - glm::vec3(0.0f, 0.5f, 0.0f), 0.25f, 0.35f, 16, false);
        lights.ring(Frame::alongAxis(p - glm::vec3(0.0f, 0.49f, 0.0f), {0.0f, -1.0f, 0.0f}), 0.0f, 0.33f, 16);
    }
    for (int i = 0; i < 8; ++i) {
        const float a = 2.0f * kPi * i / 8.0f;
        lights.sphere({std::cos(a) * (rOut - 0.6f), yt + 0.15f, std::sin(a) * (rOut - 0.6f)}, 0.15f, 12, 6);
    }
    for (float sign : {-1.0f, 1.0f}) {
        const glm::vec3 base(0.0f, yt, sign * (rIn + 1.0f));
        machinery.tube(base, base + glm::vec3(0.0f, 1.2f, 0.0f), 0.06f, 8);
        beacons.sphere(base + glm::vec3(0.0f, 1.4f, 0.0f), 0.2f, 12, 6);
    }
    return part;
}

// Origin: the tether axis where the tether meets the counterweight's underside. The counterweight is a
// stack of three ballast drums inside a braced frame, about 300 m across and 560 m tall above the origin.
Part buildCounterweight() {
    Part part("counterweight");
    part.defaultUvMetres = 4.0f;
    MeshBuilder& hull = part.mesh(palette::darkSteel());
    MeshBuilder& frame = part.mesh(palette::steel());
    MeshBuilder& radiators = part.mesh(palette::whitePaint());
    MeshBuilder& lights = part.mesh(palette::navLight());
    MeshBuilder& beacons = part.mesh(palette::warningLight());

    // Tether socket: a tapering collar that takes the tether into the bottom drum.
    hull.frustum({0.0f, 0.0f, 0.0f}, {0.0f, 60.0f, 0.0f}, 3.0f, 30.0f, 48, true);
    // Ballast drums with chamfered rims and a band at mid-height.
    const float drumR = 120.0f, drumH = 140.0f, gap = 20.0f;
    for (int i = 0; i < 3; ++i) {
        const float y = 60.0f + i * (drumH + gap);
        hull.lathe(Frame{},
                   {{0.0f, y},
                    {drumR - 8.0f, y},
                    {drumR - 8.0f, y},
                    {drumR, y + 8.0f},
                    {drumR, y + 8.0f},
                    {drumR, y + drumH - 8.0f},
                    {drumR, y + drumH - 8.0f},
                    {drumR - 8.0f, y + drumH},
                    {drumR - 8.0f, y + drumH},
                    {0.0f, y + drumH}},
                   64);
        frame.torus(Frame::at({0.0f, y + 0.5f * drumH, 0.0f}), drumR + 1.5f, 3.0f, 64, 8);
        if (i < 2) frame.tube({0.0f, y + drumH, 0.0f}, {0.0f, y + drumH + gap, 0.0f}, 60.0f, 48, false);
    }
    const float topY = 60.0f + 3 * drumH + 2 * gap;

    // The frame: eight columns outside the drums with X-bracing between neighbours, level by level.
    const int columns = 8;
    const float frameR = 140.0f;
    const float levels[] = {40.0f, 60.0f + drumH + 0.5f * gap, 60.0f + 2 * drumH + 1.5f * gap, topY + 20.0f};
    for (int c = 0; c < columns; ++c) {
        const float a0 = 2.0f * kPi * c / columns, a1 = 2.0f * kPi * (c + 1) / columns;
        const glm::vec3 d0(std::cos(a0), 0.0f, std::sin(a0)), d1(std::cos(a1), 0.0f, std::sin(a1));
        frame.tube(d0 * frameR + glm::vec3(0.0f, levels[0], 0.0f),
                   d0 * frameR + glm::vec3(0.0f, levels[3], 0.0f), 4.0f, 16, true, 4);
        for (int l = 0; l < 3; ++l) {
            const glm::vec3 lo(0.0f, levels[l], 0.0f), hi(0.0f, levels[l + 1], 0.0f);
            frame.tube(d0 * frameR + lo, d1 * frameR + hi, 1.8f, 10);
            frame.tube(d1 * frameR + lo, d0 * frameR + hi, 1.8f, 10);
            frame.tube(d0 * frameR + hi, d1 * frameR + hi, 2.2f, 10);
        }
        // Radial struts tie the columns to the drums at each level.
        for (float y : levels)
            frame.tube(d0 * (drumR - 4.0f) + glm::vec3(0.0f, y, 0.0f), d0 * frameR + glm::vec3(0.0f, y, 0.0f),
                       2.0f, 10);
        // Radiator fins between columns: thin panels standing out radially.
        const float am = 0.5f * (a0 + a1);
        const Frame fin = Frame::yawed({0.0f, 0.0f, 0.0f}, -am);
        radiators.box(
            Frame{.origin = fin.x * (frameR + 22.0f) + glm::vec3(0.0f, 0.5f * (levels[1] + levels[2]), 0.0f),
                  .x = fin.x,
                  .y = fin.y,
                  .z = fin.z},
            {18.0f, 120.0f, 0.6f});
        // A floodlight on every column top.
        lights.sphere(d0 * frameR + glm::vec3(0.0f, levels[3] + 6.0f, 0.0f), 2.5f, 12, 6);
    }
    // Roof: a docking mast with a beacon on the axis.
    frame.tube({0.0f, topY, 0.0f}, {0.0f, topY + 60.0f, 0.0f}, 5.0f, 16, true, 2);
    hull.torus(Frame::at({0.0f, topY + 40.0f, 0.0f}), 25.0f, 3.0f, 32, 8);
    beacons.sphere({0.0f, topY + 66.0f, 0.0f}, 5.0f, 16, 8);
    return part;
}

}  // namespace skyhook::tools::parts
