// Packing placed draws into 32-byte instances: real-scale positions keep sub-millimetre precision, rotations
// and per-axis scales (mirrors included) survive, shapes are shared, shear is reported.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include <glm/gtc/quaternion.hpp>

#include "engine/render/instances.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::render {
namespace {

glm::dmat4 compose(glm::dvec3 t, glm::dquat r, glm::dvec3 s) {
    glm::dmat4 m = glm::mat4_cast(r);
    for (int a = 0; a < 3; ++a) m[a] *= s[a];
    m[3] = glm::dvec4(t, 1.0);
    return m;
}

TEST(Instances, AreThirtyTwoBytes) {
    EXPECT_EQ(sizeof(gpu_layout::GpuInstance), 32u);
}

TEST(Instances, RoundTripKeepsRealScalePrecisionRotationAndScale) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    std::vector<PlacedDraw> draws;
    for (int i = 0; i < 2000; ++i) {
        glm::dvec3 t(unit(rng) * 9e7, unit(rng) * 9e7, unit(rng) * 1e4);
        glm::dquat r = glm::normalize(glm::dquat(unit(rng), unit(rng), unit(rng), unit(rng)));
        glm::dvec3 s(0.5 + std::abs(unit(rng)) * 20.0, 0.5 + std::abs(unit(rng)) * 20.0,
                     0.5 + std::abs(unit(rng)) * 20.0);
        if (i % 7 == 0) s.y = -s.y;  // mirrored
        draws.push_back({compose(t, r, s), uint32_t(i % 3), 0, 0});
    }
    CellTable cells(2048.0);
    PackedInstances p = packInstances(draws, cells);
    ASSERT_EQ(p.instances.size(), draws.size());
    EXPECT_EQ(p.sheared, 0u);
    for (size_t i = 0; i < draws.size(); ++i) {
        const auto& in = p.instances[i];
        glm::mat4 m = unpackModel(in, p.shapes[in.shape]);
        // Position: cell origin (double) + float offset within the cell.
        glm::dvec3 pos = cells.origins()[in.cell] + glm::dvec3(m[3]);
        EXPECT_LT(glm::length(pos - glm::dvec3(draws[i].world[3])), 1e-4) << i;
        // A point one metre out along each axis lands where the original transform puts it (to 0.1 %).
        for (int a = 0; a < 3; ++a) {
            glm::dvec3 want = glm::dmat3(draws[i].world) * glm::dvec3(a == 0, a == 1, a == 2);
            glm::dvec3 got = glm::dvec3(glm::mat3(m) * glm::vec3(a == 0, a == 1, a == 2));
            EXPECT_LT(glm::length(got - want), 1e-3 * glm::length(want) + 1e-6) << i << " axis " << a;
        }
    }
}

TEST(Instances, ShapesAreSharedAndCellsAreFew) {
    std::vector<PlacedDraw> draws;
    for (int i = 0; i < 1000; ++i)
        draws.push_back({compose({i * 3.0, 0, 0}, glm::dquat(1, 0, 0, 0), {2, 2, 2}), 5, 1, 0});
    draws.push_back({compose({0, 0, 0}, glm::dquat(1, 0, 0, 0), {6, 1, 6}), 5, 1, 0});
    CellTable cells(2048.0);
    PackedInstances p = packInstances(draws, cells);
    EXPECT_EQ(p.shapes.size(), 2u) << "uniform scales share one shape; the non-uniform one gets its own";
    EXPECT_EQ(cells.origins().size(), 2u) << "3 km of instances fall in two 2,048 m cells";
    EXPECT_FLOAT_EQ(p.instances[0].scale, 2.0f);
}

TEST(Instances, ShearIsReported) {
    glm::dmat4 shear(1.0);
    shear[1][0] = 0.5;  // y axis leans towards x
    CellTable cells(2048.0);
    PackedInstances p = packInstances(std::vector<PlacedDraw>{{shear, 0, 0, 0}}, cells);
    EXPECT_EQ(p.sheared, 1u);
}

}  // namespace
}  // namespace skyhook::render

namespace skyhook::render {
namespace {

// A path rule as the GPU expands it: every enabled instance, once, in order, where instanceTransform puts
// it — on a bent path, with twist, a base transform with a non-uniform scale, a negative offset, in a cell
// turned and 9×10^7 m out.
struct SpanCase {
    const char* name;
    double offset;
    bool wrap;
    uint64_t count;
};

class Spans : public ::testing::TestWithParam<SpanCase> {};

TEST_P(Spans, ReproduceEveryEnabledInstance) {
    const SpanCase& c = GetParam();
    scene::InstanceRule rule;
    rule.generator.kind = scene::GeneratorKind::Path;
    scene::PathGenerator& path = rule.generator.path;
    path.points = {{0, 0, 0}, {0, 2500, 0}, {1800, 4100, 300}, {1800, 4100, 2900}};
    path.spacing = 0.7;
    path.offset = c.offset;
    path.wrap = c.wrap;
    path.align = true;
    path.twistPerMetre = glm::radians(3.0);
    ASSERT_TRUE(scene::preparePath(path, c.count));
    rule.base.translation = {0.4, 0.35, -0.2};
    rule.base.rotation = glm::angleAxis(0.3, glm::normalize(glm::dvec3(1, 2, 3)));
    rule.base.scale = {0.5, 0.7, 0.5};
    const glm::dmat4 part = compose({0.1, 0.0, 0.05}, glm::dquat(1, 0, 0, 0), {1, 1, 1});
    glm::dmat4 cellFrame = glm::mat4_cast(glm::angleAxis(0.7, glm::normalize(glm::dvec3(0, 1, 1))));
    cellFrame[3] = glm::dvec4(9e7, 1.5e6, -3e5, 1.0);

    CellTable cells(2048.0);
    InstancePacker packer(cells);
    std::vector<gpu_layout::GpuInstanceSpan> spans;
    packer.addPathSpans(rule, cellFrame, rule.base.matrix() * part, 3, 1, 0, spans);
    ASSERT_FALSE(spans.empty());
    EXPECT_EQ(packer.shapes().size(), 1u);

    std::vector<uint64_t> enabled;
    for (uint64_t i = 0; i < scene::instanceCount(rule); ++i)
        if (scene::instanceEnabled(rule, i)) enabled.push_back(i);
    uint64_t total = 0;
    for (const auto& s : spans) {
        EXPECT_GE(s.count, 1u);
        EXPECT_LE(s.count, SKYHOOK_SPAN_MAX_INSTANCES);
        total += s.count;
    }
    ASSERT_EQ(total, enabled.size()) << "every enabled instance in exactly one span";

    size_t next = 0;
    double worst = 0.0;
    for (const auto& s : spans) {
        for (uint32_t k = 0; k < s.count; ++k, ++next) {
            const glm::dmat4 want = cellFrame * scene::instanceTransform(rule, enabled[next]) * part;
            const glm::mat4 got = modelMatrix(spanInstance(s, k), packer.shapes()[s.shape]);
            const glm::dvec3 position = cells.origins()[s.cell] + glm::dvec3(got[3]);
            worst = std::max(worst, glm::length(position - glm::dvec3(want[3])));
            for (int a = 0; a < 3; ++a) {
                const glm::dvec3 axisWant = glm::dmat3(want) * glm::dvec3(a == 0, a == 1, a == 2);
                const glm::dvec3 axisGot = glm::dvec3(glm::mat3(got) * glm::vec3(a == 0, a == 1, a == 2));
                ASSERT_LT(glm::length(axisGot - axisWant), 2e-3 * glm::length(axisWant))
                    << c.name << ": instance " << enabled[next] << " axis " << a;
            }
        }
    }
    EXPECT_LT(worst, 2e-3) << c.name << ": worst position error (m), 9×10^7 m from the origin";
}

INSTANTIATE_TEST_SUITE_P(Paths, Spans,
                         ::testing::Values(SpanCase{"from_the_start", 0.0, false, 0},
                                           SpanCase{"negative_offset", -13.3, false, 0},
                                           SpanCase{"pushed_past_the_end", 900.25, false, 0},
                                           SpanCase{"wrapping", 4321.5, true, 0},
                                           SpanCase{"by_count", 0.0, false, 777}),
                         [](const auto& info) { return std::string(info.param.name); });

// The tether: 9×10^7 instances in about one span per 2 km cell, and nothing per instance.
TEST(SpansAtScale, TetherIsAFewTensOfThousandsOfSpans) {
    scene::InstanceRule rule;
    rule.generator.kind = scene::GeneratorKind::Path;
    rule.generator.path.points = {{0, 6371000, 0}, {0, 6371000 + 9e7, 0}};
    rule.generator.path.spacing = 1.0;
    rule.generator.path.align = true;
    ASSERT_TRUE(scene::preparePath(rule.generator.path, 0));
    CellTable cells(2048.0);
    InstancePacker packer(cells);
    std::vector<gpu_layout::GpuInstanceSpan> spans;
    packer.addPathSpans(rule, glm::dmat4(1.0), glm::dmat4(1.0), 0, 0, 0, spans);
    uint64_t total = 0;
    for (const auto& s : spans) total += s.count;
    EXPECT_EQ(total, 90'000'000u) << "one per metre, each tiling [s, s + 1)";
    EXPECT_LT(spans.size(), 45'000u);
    EXPECT_LT(spans.size() * sizeof(spans[0]), 4u << 20) << "under 4 MiB for 9×10^7 instances";
    // The last instance covers the last metre below the top, to the millimetre.
    const auto& last = spans.back();
    glm::dvec3 top = cells.origins()[last.cell] + glm::dvec3(spanInstance(last, last.count - 1).position);
    EXPECT_NEAR(top.y, 6371000 + 9e7 - 1.0, 1e-3);
}

}  // namespace
}  // namespace skyhook::render

namespace skyhook::render {
namespace {

// The elevator's precision camera, 1 m from a tether part 90,000 km up: positions the GPU reconstructs
// (cell origin minus camera from their double-float pairs, then float within the cell) land within a tenth of
// a millimetre of the truth, and moving the camera by 0.3 mm moves every reconstructed point by 0.3 mm — no
// quantisation steps, so no jitter.
TEST(SpansAtScale, CameraRelativePositionsAt90000KmAreSubMillimetre) {
    auto scene =
        scene::loadSceneFile(std::filesystem::path(SKYHOOK_SOURCE_DIR) / "scenes" / "space_elevator.json");
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    const scene::Camera* camera = scene->findCamera("precision");
    ASSERT_NE(camera, nullptr);
    const scene::InstanceRule* tether = nullptr;
    for (const auto& r : scene->instanceRules)
        if (r.name == "tether") tether = &r;
    ASSERT_NE(tether, nullptr);
    const glm::dmat4 cellFrame = scene->cellMatrices()[tether->cell];

    CellTable cells(2048.0);
    InstancePacker packer(cells);
    std::vector<gpu_layout::GpuInstanceSpan> spans;
    packer.addPathSpans(*tether, cellFrame, tether->base.matrix(), 0, 0, 0, spans);
    // The part nearest the camera: its instance index from its height above the tether's start.
    const glm::dvec3 start = glm::dvec3(cellFrame * glm::dvec4(tether->generator.path.points[0], 1.0));
    const uint64_t index = uint64_t(std::floor(camera->position.y - start.y));
    uint64_t first = 0;
    const gpu_layout::GpuInstanceSpan* span = nullptr;
    for (const auto& s : spans) {
        if (index < first + s.count) {
            span = &s;
            break;
        }
        first += s.count;
    }
    ASSERT_NE(span, nullptr);
    const uint32_t k = uint32_t(index - first);
    const glm::dmat4 truth = cellFrame * scene::instanceTransform(*tether, index);
    EXPECT_GT(truth[3][1], 9.6e7) << "90,000 km above the ground";

    // Corners of a 3 × 1 × 0.8 m part, reconstructed as the shaders do.
    const glm::mat4 model = modelMatrix(spanInstance(*span, k), packer.shapes()[span->shape]);
    auto reconstruct = [&](const glm::dvec3& eye, const glm::vec3& p) {
        // The cell's origin and the eye as double-float pairs, differenced in float.
        const gpu_layout::GpuCellOrigin e = splitOrigin(eye);
        const glm::vec3 cellOffset = gpu_layout::cellOriginOffset(
            splitOrigin(cells.origins()[span->cell]), glm::vec4(e.hi, 0.0f), glm::vec4(e.lo, 0.0f));
        return glm::vec3(model * glm::vec4(p, 1.0f)) + cellOffset;
    };
    const glm::dvec3 eye = camera->position, moved = eye + glm::dvec3(3e-4, -2e-4, 1e-4);
    double worst = 0.0, worstShift = 0.0;
    for (float x : {-1.5f, 1.5f})
        for (float y : {0.0f, 1.0f})
            for (float z : {-0.4f, 0.4f}) {
                const glm::vec3 p(x, y, z);
                const glm::dvec3 want = glm::dvec3(truth * glm::dvec4(p, 1.0)) - eye;
                const glm::dvec3 got(reconstruct(eye, p));
                worst = std::max(worst, glm::length(got - want));
                EXPECT_LT(glm::length(want), 3.0) << "the camera is a metre or two from the part";
                const glm::dvec3 shift = glm::dvec3(reconstruct(moved, p)) - got;
                worstShift = std::max(worstShift, glm::length(shift - (eye - moved)));
            }
    EXPECT_LT(worst, 1e-4) << "metres: camera-relative reconstruction error at 90,000 km";
    EXPECT_LT(worstShift, 2e-5) << "metres: a 0.37 mm camera move moves the part by exactly that";
}

// The shaders offset each cell from the frame origin with both as double-float pairs (cellOriginOffset):
// the result is the double difference rounded to float — what the CPU used to write per cell per frame —
// to within the pairs' own error: equal in nearly every case (all 600,000 components here with libstdc++'s
// distributions), never more than one float step away, and as close to the exact difference as float
// allows. Cells on the 2,048 m grid and anywhere, cameras from the
// origin to 10^8 m, near their cell and across the scene.
TEST(CellOrigins, OffsetsFromDoubleFloatPairsAreTheDoubleDifferenceInFloat) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    uint64_t components = 0, different = 0;
    double worstSteps = 0.0, worstExcess = 0.0;
    for (int i = 0; i < 200000; ++i) {
        const double scale = std::pow(10.0, 8.0 * std::abs(unit(rng)));  // 1 m .. 10^8 m
        const glm::dvec3 eye = glm::dvec3(unit(rng), unit(rng), unit(rng)) * scale;
        glm::dvec3 cell;
        if (i % 4 == 3)
            cell = glm::dvec3(unit(rng), unit(rng), unit(rng)) * 1e8;  // across the scene, off the grid
        else  // a grid cell within a few cells of the eye, or anywhere
            for (int a = 0; a < 3; ++a)
                cell[a] = 2048.0 * std::round((i % 2 ? eye[a] : unit(rng) * 1e8) / 2048.0 + 4.0 * unit(rng));
        const gpu_layout::GpuCellOrigin e = splitOrigin(eye);
        const glm::vec3 got =
            gpu_layout::cellOriginOffset(splitOrigin(cell), glm::vec4(e.hi, 0.0f), glm::vec4(e.lo, 0.0f));
        const glm::dvec3 exact = cell - eye;
        const glm::vec3 before(exact);  // the per-frame CPU offset this replaces
        for (int a = 0; a < 3; ++a) {
            ++components;
            const double step = std::max(
                double(std::nextafter(std::abs(before[a]), INFINITY)) - std::abs(double(before[a])), 1e-30);
            different += got[a] != before[a];
            worstSteps = std::max(worstSteps, std::abs(double(got[a]) - double(before[a])) / step);
            // Rounding to float costs half a step; the pairs add at most ~2^-47 of the magnitudes.
            const double allowed = 0.5 * step + std::max(std::abs(cell[a]), std::abs(eye[a])) * 0x1p-47;
            worstExcess = std::max(worstExcess, std::abs(double(got[a]) - exact[a]) - allowed);
        }
    }
    EXPECT_LE(worstSteps, 1.0);
    EXPECT_LT(double(different) / double(components), 1e-4) << different << " of " << components;
    EXPECT_LE(worstExcess, 0.0);
}

}  // namespace
}  // namespace skyhook::render
