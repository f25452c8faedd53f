#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/scene/meshlets.hpp"
#include "engine/scene/primitives.hpp"

namespace skyhook::scene {
namespace {

struct NamedMesh {
    std::string label;
    Mesh mesh;
};

std::vector<NamedMesh> allMeshes() {
    return {{"sphere 48x24", makeSphere(48, 24, 0.5f)},
            {"sphere 3x2", makeSphere(3, 2, 2.0f)},
            {"cube", makeCube(0.5f)},
            {"plane 1", makePlane(3.0f, 1)},
            {"plane 7", makePlane(0.5f, 7)}};
}

TEST(Primitives, IndicesInRangeAndOneLodCoveringThem) {
    for (const auto& [label, m] : allMeshes()) {
        SCOPED_TRACE(label);
        ASSERT_FALSE(m.indices.empty());
        EXPECT_EQ(m.indices.size() % 3, 0u);
        for (uint32_t i : m.indices) ASSERT_LT(i, m.vertices.size());
        ASSERT_EQ(m.lods.size(), 1u);
        EXPECT_EQ(m.lods[0].indexOffset, 0u);
        EXPECT_EQ(m.lods[0].indexCount, m.indices.size());
        EXPECT_EQ(m.lods[0].error, 0.0f);
        // Primitives are drawn uncooked: they carry their LOD's meshlets for the mesh-shader path.
        EXPECT_TRUE(hasMeshletsForEveryLod(m)) << meshletError(m);
        EXPECT_EQ(m.material, 0u);
    }
}

TEST(Primitives, BoundsEncloseEveryVertexTightly) {
    for (const auto& [label, m] : allMeshes()) {
        SCOPED_TRACE(label);
        glm::vec3 lo(1e30f), hi(-1e30f);
        for (const Vertex& v : m.vertices) lo = glm::min(lo, v.position), hi = glm::max(hi, v.position);
        for (int a = 0; a < 3; ++a) {
            EXPECT_NEAR(lo[a], m.boundsMin[a], 1e-5f);
            EXPECT_NEAR(hi[a], m.boundsMax[a], 1e-5f);
        }
    }
}

TEST(Primitives, NormalsAreUnitAndOutward) {
    for (const auto& [label, m] : allMeshes()) {
        SCOPED_TRACE(label);
        for (const Vertex& v : m.vertices) {
            ASSERT_NEAR(glm::length(v.normal), 1.0f, 1e-5f);
            if (label.starts_with("sphere")) {
                // Outward: along the position from the centre.
                EXPECT_GT(glm::dot(v.normal, glm::normalize(v.position)), 0.999f);
            } else if (label == "cube") {
                // The normal's axis is the one where the vertex lies on the face, on the same side.
                float along = glm::dot(v.normal, v.position);
                EXPECT_NEAR(along, 0.5f, 1e-6f);
            } else {
                EXPECT_EQ(v.normal, glm::vec3(0, 1, 0));
            }
        }
    }
}

TEST(Primitives, TrianglesWindCounterClockwiseSeenFromOutside) {
    for (const auto& [label, m] : allMeshes()) {
        SCOPED_TRACE(label);
        size_t degenerate = 0;
        for (size_t t = 0; t < m.indices.size(); t += 3) {
            const Vertex& a = m.vertices[m.indices[t]];
            const Vertex& b = m.vertices[m.indices[t + 1]];
            const Vertex& c = m.vertices[m.indices[t + 2]];
            // Right-handed: (b - a) × (c - a) points towards a viewer who sees a, b, c counter-clockwise.
            glm::vec3 faceNormal = glm::cross(b.position - a.position, c.position - a.position);
            if (glm::length(faceNormal) < 1e-9f) {
                ++degenerate;
                continue;
            }
            glm::vec3 averageNormal = a.normal + b.normal + c.normal;
            EXPECT_GT(glm::dot(faceNormal, averageNormal), 0.0f) << "triangle " << t / 3;
        }
        EXPECT_EQ(degenerate, 0u);
    }
}

TEST(Primitives, TangentsFollowUvsAndAreOrthogonalToNormals) {
    for (const auto& [label, m] : allMeshes()) {
        SCOPED_TRACE(label);
        for (const Vertex& v : m.vertices) {
            ASSERT_NEAR(glm::length(glm::vec3(v.tangent)), 1.0f, 1e-5f);
            ASSERT_NEAR(glm::dot(glm::vec3(v.tangent), v.normal), 0.0f, 1e-5f);
            ASSERT_TRUE(v.tangent.w == 1.0f || v.tangent.w == -1.0f);
        }
        // Per triangle, the UV-space derivatives: the tangent points along +u, and the glTF bitangent
        // cross(n, t) * w along -v (towards the top of the image).
        for (size_t t = 0; t < m.indices.size(); t += 3) {
            const Vertex& a = m.vertices[m.indices[t]];
            const Vertex& b = m.vertices[m.indices[t + 1]];
            const Vertex& c = m.vertices[m.indices[t + 2]];
            glm::vec3 e1 = b.position - a.position, e2 = c.position - a.position;
            float du1 = b.u - a.u, dv1 = b.v - a.v, du2 = c.u - a.u, dv2 = c.v - a.v;
            float det = du1 * dv2 - du2 * dv1;
            ASSERT_GT(std::abs(det), 1e-12f) << "degenerate UVs in triangle " << t / 3;
            glm::vec3 dPdu = (e1 * dv2 - e2 * dv1) / det;
            glm::vec3 dPdv = (e2 * du1 - e1 * du2) / det;
            for (const Vertex* v : {&a, &b, &c}) {
                glm::vec3 tangent(v->tangent);
                glm::vec3 bitangent = glm::cross(v->normal, tangent) * v->tangent.w;
                // Smooth vertex tangents differ from the flat triangle's by up to half a segment (60° on the
                // three-segment sphere), so the check is for the same side, with a margin.
                EXPECT_GT(glm::dot(tangent, glm::normalize(dPdu)), 0.25f) << "triangle " << t / 3;
                EXPECT_LT(glm::dot(bitangent, glm::normalize(dPdv)), -0.25f) << "triangle " << t / 3;
            }
        }
    }
}

TEST(Primitives, SphereSizesAndRadius) {
    Mesh s = makeSphere(16, 8, 2.0f);
    EXPECT_EQ(s.vertices.size(), 17u * 9u);
    EXPECT_EQ(s.indices.size(), 2u * 16u * 7u * 3u);
    for (const Vertex& v : s.vertices) EXPECT_NEAR(glm::length(v.position), 2.0f, 1e-5f);
    Mesh c = makeCube(1.0f);
    EXPECT_EQ(c.vertices.size(), 24u);
    EXPECT_EQ(c.indices.size(), 36u);
    Mesh p = makePlane(1.0f, 4);
    EXPECT_EQ(p.vertices.size(), 25u);
    EXPECT_EQ(p.indices.size(), 16u * 6u);
}

TEST(Primitives, ModelsByName) {
    for (std::string_view name : primitiveNames()) {
        auto model = makePrimitiveModel(name);
        ASSERT_TRUE(model.ok()) << model.error().message;
        EXPECT_EQ(model->name, "primitive:" + std::string(name));
        ASSERT_EQ(model->meshes.size(), 1u);
        ASSERT_EQ(model->materials.size(), 1u);
        ASSERT_EQ(model->instances.size(), 1u);
        EXPECT_EQ(model->instances[0].mesh, 0u);
        EXPECT_EQ(model->instances[0].transform, glm::mat4(1.0f));
        // One metre across, so a node's scale is its size in metres.
        const Mesh& m = model->meshes[0];
        EXPECT_NEAR(m.boundsMax.x - m.boundsMin.x, 1.0f, 1e-5f);
    }
}

TEST(Primitives, UnknownNameListsKnownOnes) {
    auto model = makePrimitiveModel("torus");
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.error().message, "unknown primitive \"torus\" (known primitives: sphere, cube, plane)");
}

TEST(PrimitivesDeathTest, BadArgumentsAreBugs) {
    EXPECT_DEATH(makeSphere(2, 8, 1.0f), "check failed");
    EXPECT_DEATH(makeCube(0.0f), "check failed");
    EXPECT_DEATH(makePlane(1.0f, 0), "check failed");
}

}  // namespace
}  // namespace skyhook::scene
