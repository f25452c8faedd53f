// Packing placed draws into 32-byte instances: real-scale positions keep sub-millimetre precision, rotations
// and per-axis scales (mirrors included) survive, shapes are shared, shear is reported.
#include <gtest/gtest.h>

#include <random>

#include <glm/gtc/quaternion.hpp>

#include "engine/render/instances.hpp"

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
