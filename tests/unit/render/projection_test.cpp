// View/projection agreement across projection kinds, and the sun's shadow cascades: coverage of the view
// frustum, reversed depth, split order and texel-stable snapping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <glm/gtc/quaternion.hpp>

#include "engine/render/culling.hpp"
#include "engine/render/projection.hpp"

namespace skyhook::render {
namespace {

glm::vec4 transform(const glm::mat4& m, const glm::vec3& p) {
    return m * glm::vec4(p, 1.0f);
}
glm::vec3 project(const glm::mat4& m, const glm::vec3& p) {
    glm::vec4 c = transform(m, p);
    return glm::vec3(c) / c.w;
}

View viewLookingAt(const glm::dvec3& position, const glm::dvec3& forward) {
    View v;
    v.position = position;
    // Rotation taking -Z to `forward` with +Y as close to up as possible.
    glm::dvec3 f = glm::normalize(forward);
    glm::dvec3 r =
        glm::normalize(glm::cross(f, std::abs(f.y) > 0.99 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0)));
    glm::dvec3 u = glm::cross(r, f);
    v.orientation = glm::quat_cast(glm::dmat3(r, u, -f));
    return v;
}

// Corners of the view-frustum slice [nearD, farD] in camera-relative world space.
std::vector<glm::vec3> sliceCorners(const View& view, float aspect, float nearD, float farD) {
    glm::vec4 t = frustumTangents(view.projection, aspect);
    glm::mat3 toWorld = glm::mat3_cast(glm::quat(view.orientation));
    std::vector<glm::vec3> out;
    for (float d : {nearD, farD})
        for (float sx : {t.x, t.y})
            for (float sy : {t.z, t.w}) out.push_back(toWorld * glm::vec3(sx * d, sy * d, -d));
    return out;
}

TEST(Projection, SymmetricAndOffAxisWithTheSameTangentsAgree) {
    const float aspect = 16.0f / 9.0f;
    Projection sym{.kind = Projection::Kind::Symmetric, .verticalFov = 1.0f, .nearPlane = 0.1f};
    glm::vec4 t = frustumTangents(sym, aspect);
    EXPECT_NEAR(t.w, std::tan(0.5f), 1e-6f);
    EXPECT_NEAR(t.y, std::tan(0.5f) * aspect, 1e-6f);
    EXPECT_FLOAT_EQ(t.x, -t.y);
    EXPECT_FLOAT_EQ(t.z, -t.w);

    Projection off{.kind = Projection::Kind::OffAxis, .nearPlane = 0.1f};
    off.tanLeft = t.x;
    off.tanRight = t.y;
    off.tanDown = t.z;
    off.tanUp = t.w;
    glm::mat4 a = projectionMatrix(sym, aspect), b = projectionMatrix(off, aspect);
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) EXPECT_NEAR(a[c][r], b[c][r], 1e-5f) << "column " << c << " row " << r;
}

TEST(Projection, FrustumSidesMapToClipEdgesForEveryKind) {
    const float aspect = 1.5f;
    Projection off{.kind = Projection::Kind::OffAxis, .nearPlane = 0.05f};
    off.tanLeft = -0.7f;
    off.tanRight = 0.3f;
    off.tanDown = -0.2f;
    off.tanUp = 0.9f;
    Projection sym{.kind = Projection::Kind::Symmetric, .verticalFov = 0.9f, .nearPlane = 0.05f};
    Projection mat{.kind = Projection::Kind::Matrix, .nearPlane = 0.05f};
    mat.matrix = projectionMatrix(off, aspect);
    for (const Projection& p : {off, sym, mat}) {
        glm::mat4 m = projectionMatrix(p, aspect);
        glm::vec4 t = frustumTangents(p, aspect);
        for (float d : {0.05f, 1.0f, 250.0f}) {
            // Y is flipped: view-space up (tanUp) is NDC -1.
            glm::vec3 ru = project(m, {t.y * d, t.w * d, -d});
            glm::vec3 ld = project(m, {t.x * d, t.z * d, -d});
            EXPECT_NEAR(ru.x, 1.0f, 1e-4f);
            EXPECT_NEAR(ru.y, -1.0f, 1e-4f);
            EXPECT_NEAR(ld.x, -1.0f, 1e-4f);
            EXPECT_NEAR(ld.y, 1.0f, 1e-4f);
        }
        // Reversed-Z, infinite far: depth 1 on the near plane, towards 0 far away.
        EXPECT_NEAR(project(m, {0, 0, -p.nearPlane}).z, 1.0f, 1e-5f);
        EXPECT_LT(project(m, {0, 0, -1e6f}).z, 1e-6f);
        EXPECT_GT(project(m, {0, 0, -1.0f}).z, project(m, {0, 0, -2.0f}).z);
    }
}

TEST(Projection, MatrixKindRecoversTheOffAxisTangents) {
    Projection off{.kind = Projection::Kind::OffAxis, .nearPlane = 0.02f};
    off.tanLeft = -1.1f;
    off.tanRight = 0.4f;
    off.tanDown = -0.6f;
    off.tanUp = 0.8f;
    Projection mat{.kind = Projection::Kind::Matrix, .nearPlane = 0.02f};
    mat.matrix = projectionMatrix(off, 2.0f);
    glm::vec4 a = frustumTangents(off, 2.0f), b = frustumTangents(mat, 2.0f);
    EXPECT_NEAR(b.x, -1.1f, 1e-5f);
    EXPECT_NEAR(b.y, 0.4f, 1e-5f);
    EXPECT_NEAR(b.z, -0.6f, 1e-5f);
    EXPECT_NEAR(b.w, 0.8f, 1e-5f);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(a[i], b[i], 1e-5f);
    // The matrix is used as given.
    EXPECT_EQ(projectionMatrix(mat, 0.5f), mat.matrix);
}

TEST(Projection, ViewMatrixIsCameraRelative) {
    const glm::dvec3 origin(4.0e7, 12.0, -3.0e7);
    View v = viewLookingAt(origin + glm::dvec3(0.25, 0.0, -0.5), glm::dvec3(1.0, -0.3, 0.2));
    glm::mat4 m = viewMatrix(v, origin);
    // The eye maps to the view-space origin.
    glm::vec3 eye = glm::vec3(v.position - origin);
    EXPECT_LT(glm::length(glm::vec3(transform(m, eye))), 1e-5f);
    // A point 10 m ahead maps to (0, 0, -10); a point above the eye maps to +Y.
    glm::vec3 forward = glm::normalize(glm::vec3(1.0f, -0.3f, 0.2f));
    glm::vec3 ahead = glm::vec3(transform(m, eye + forward * 10.0f));
    EXPECT_NEAR(ahead.x, 0.0f, 1e-4f);
    EXPECT_NEAR(ahead.y, 0.0f, 1e-4f);
    EXPECT_NEAR(ahead.z, -10.0f, 1e-4f);
    glm::mat3 toWorld = glm::mat3_cast(glm::quat(v.orientation));
    glm::vec3 above = glm::vec3(transform(m, eye + toWorld * glm::vec3(0, 1, 0)));
    EXPECT_NEAR(above.y, 1.0f, 1e-5f);
}

struct CascadeCase {
    glm::dvec3 forward;
    glm::vec3 sun;
    Projection projection;
};

std::vector<CascadeCase> cascadeCases() {
    Projection wide{.kind = Projection::Kind::Symmetric, .verticalFov = 1.2f, .nearPlane = 0.1f};
    Projection narrow{.kind = Projection::Kind::Symmetric, .verticalFov = 0.3f, .nearPlane = 0.5f};
    Projection off{.kind = Projection::Kind::OffAxis, .nearPlane = 0.05f};
    off.tanLeft = -1.2f;
    off.tanRight = 0.2f;
    off.tanDown = -0.5f;
    off.tanUp = 0.7f;
    return {
        {{0, 0, -1}, {0.3f, -1.0f, 0.2f}, wide},    {{1, -0.2, 0.3}, {-0.5f, -0.8f, -0.1f}, wide},
        {{0, 0, -1}, {0.0f, -1.0f, 0.0f}, narrow},  // sun straight down (the up-vector special case)
        {{-0.4, 0.1, 1}, {0.9f, -0.2f, 0.4f}, off}, {{0.2, -0.9, -0.1}, {0.1f, -0.6f, 0.8f}, wide},
    };
}

TEST(Cascades, SplitsIncreaseAndEndAtTheShadowDistance) {
    View v = viewLookingAt({0, 2, 0}, {0, 0, -1});
    CascadeSet s = computeCascades(v, {1920, 1080}, {0.3f, -1.0f, 0.2f}, 4, 120.0f, 2048);
    float previous = v.projection.nearPlane;
    for (int c = 0; c < 4; ++c) {
        EXPECT_GT(s.splits[c], previous) << "cascade " << c;
        previous = s.splits[c];
    }
    EXPECT_NEAR(s.splits[3], 120.0f, 1e-3f);
    // Fewer cascades leave the rest zero; more than the maximum are clamped.
    CascadeSet two = computeCascades(v, {1920, 1080}, {0.3f, -1.0f, 0.2f}, 2, 120.0f, 2048);
    EXPECT_NEAR(two.splits[1], 120.0f, 1e-3f);
    EXPECT_EQ(two.splits[2], 0.0f);
    EXPECT_EQ(two.viewProj[2], glm::mat4(0.0f));
    CascadeSet none = computeCascades(v, {1920, 1080}, {0.3f, -1.0f, 0.2f}, 0, 120.0f, 2048);
    EXPECT_EQ(none.splits, glm::vec4(0.0f));
}

TEST(Cascades, EachCascadeCoversItsFrustumSlice) {
    const VkExtent2D extent{1600, 900};
    const float aspect = 1600.0f / 900.0f;
    const uint32_t count = 4, mapSize = 1024;
    const float distance = 80.0f;
    for (const CascadeCase& k : cascadeCases()) {
        View v = viewLookingAt({1.0e6, 30.0, -2.5e6}, k.forward);
        v.projection = k.projection;
        CascadeSet s = computeCascades(v, extent, k.sun, count, distance, mapSize);
        float previous = std::max(v.projection.nearPlane, 0.01f);
        for (uint32_t c = 0; c < count; ++c) {
            SCOPED_TRACE(testing::Message() << "forward " << k.forward.x << "," << k.forward.y << ","
                                            << k.forward.z << " cascade " << c);
            EXPECT_EQ(s.viewProj[c][3][3], 1.0f);  // orthographic: w stays 1
            for (const glm::vec3& p : sliceCorners(v, aspect, previous, s.splits[c])) {
                glm::vec4 q = transform(s.viewProj[c], p);
                EXPECT_GE(q.x, -1.0f);
                EXPECT_LE(q.x, 1.0f);
                EXPECT_GE(q.y, -1.0f);
                EXPECT_LE(q.y, 1.0f);
                EXPECT_GE(q.z, 0.0f);
                EXPECT_LE(q.z, 1.0f);
                // Reversed depth: a caster between the point and the sun is nearer the sun and deeper.
                glm::vec4 towardSun = transform(s.viewProj[c], p - glm::normalize(k.sun) * 0.5f);
                EXPECT_GT(towardSun.z, q.z);
            }
            previous = s.splits[c];
        }
    }
}

TEST(Cascades, RandomViewsStayInsideTheirCascades) {
    // Texel snapping moves each cascade's centre by up to a texel; the map must still hold the whole slice,
    // whatever the orientation. A seeded sweep finds the rare orientations where a slice corner lies on the
    // bounding sphere along the light's right or up axis.
    std::mt19937 rng(20240611);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    const VkExtent2D extent{1280, 720};
    const float aspect = 1280.0f / 720.0f;
    int outside = 0;
    float worst = 0.0f;
    for (int i = 0; i < 5000; ++i) {
        View v;
        v.position = glm::dvec3(u(rng) * 5000.0f, u(rng) * 50.0f, u(rng) * 5000.0f);
        v.orientation = glm::dquat(glm::normalize(glm::quat(u(rng), u(rng), u(rng), u(rng))));
        v.projection.verticalFov = 0.9f + 0.6f * u(rng);
        glm::vec3 sun = glm::normalize(glm::vec3(u(rng), -1.0f, u(rng)));
        const float distance = 120.0f + 80.0f * u(rng);
        CascadeSet s = computeCascades(v, extent, sun, 4, distance, 1024);
        float previous = std::max(v.projection.nearPlane, 0.01f);
        for (int c = 0; c < 4; ++c) {
            for (const glm::vec3& p : sliceCorners(v, aspect, previous, s.splits[c])) {
                glm::vec4 q = transform(s.viewProj[c], p);
                float m = std::max(std::abs(q.x), std::abs(q.y));
                worst = std::max(worst, m);
                if (m > 1.0f || q.z < 0.0f || q.z > 1.0f) ++outside;
            }
            previous = s.splits[c];
        }
    }
    EXPECT_EQ(outside, 0) << "slice corners outside their cascade; worst |xy| " << worst;
}

TEST(Cascades, CascadesGrowWithDistance) {
    View v = viewLookingAt({0, 0, 0}, {0, 0, -1});
    CascadeSet s = computeCascades(v, {1280, 720}, {0.2f, -1.0f, 0.1f}, 4, 200.0f, 2048);
    // World units per NDC unit = 1 / |row 0|: the sphere radius of each slice.
    float previousRadius = 0.0f;
    for (int c = 0; c < 4; ++c) {
        float radius =
            1.0f / glm::length(glm::vec3(s.viewProj[c][0][0], s.viewProj[c][1][0], s.viewProj[c][2][0]));
        EXPECT_GT(radius, previousRadius) << "cascade " << c;
        previousRadius = radius;
    }
}

// Shadow-map texel coordinate (x) of a world point through cascade `c` of a view at `camera`.
double texelX(const View& view, const glm::vec3& sun, uint32_t mapSize, int c, const glm::dvec3& worldPoint) {
    CascadeSet s = computeCascades(view, {1280, 720}, sun, 4, 100.0f, mapSize);
    glm::vec3 relative = glm::vec3(worldPoint - view.position);
    glm::vec4 q = transform(s.viewProj[c], relative);
    return (double(q.x) * 0.5 + 0.5) * mapSize;
}

TEST(Cascades, MovingLessThanATexelKeepsFixedPointsOnTheSameTexelGrid) {
    const glm::vec3 sun = glm::normalize(glm::vec3(0.4f, -1.0f, 0.3f));
    const uint32_t mapSize = 1024;
    // The light's right axis as computeCascades builds it.
    glm::vec3 right = glm::normalize(glm::cross(sun, glm::vec3(0, 1, 0)));
    for (const glm::dvec3 start : {glm::dvec3(0.0, 1.7, 0.0), glm::dvec3(1234.25, 1.7, -873.5)}) {
        View a = viewLookingAt(start, {0.3, -0.1, -1.0});
        for (int c = 0; c < 4; ++c) {
            CascadeSet s = computeCascades(a, {1280, 720}, sun, 4, 100.0f, mapSize);
            float radius =
                1.0f / glm::length(glm::vec3(s.viewProj[c][0][0], s.viewProj[c][1][0], s.viewProj[c][2][0]));
            double texel = 2.0 * radius / mapSize;
            const glm::dvec3 point = start + glm::dvec3(2.0, -1.0, -0.5 - 8.0 * c);
            double u0 = texelX(a, sun, mapSize, c, point);
            for (double fraction : {0.1, 0.37, 0.5, 0.93}) {
                View b = a;
                b.position = start + glm::dvec3(right) * (fraction * texel);
                double u1 = texelX(b, sun, mapSize, c, point);
                // The grid may shift by whole texels as the snapped centre moves, never by a fraction: a
                // fraction would make the shadow edges crawl (shimmer) as the camera moves.
                double shift = u1 - u0;
                EXPECT_NEAR(shift, std::round(shift), 2e-3)
                    << "cascade " << c << " moved " << fraction << " texel: grid shifted by " << shift;
            }
        }
    }
}

}  // namespace
}  // namespace skyhook::render

namespace skyhook::render {
namespace {

TEST(Lod, CoarserWithDistanceAndNeverPastTheChain) {
    const std::vector<float> errors = {0.0f, 0.002f, 0.01f, 0.05f};
    const float radius = 1.0f, pixelsPerUnit = 1000.0f;
    uint32_t previous = 0;
    for (float d : {0.5f, 2.0f, 5.0f, 20.0f, 100.0f, 1000.0f}) {
        uint32_t lod = selectLod(errors, radius, d, pixelsPerUnit, 1.0f);
        EXPECT_GE(lod, previous) << "distance " << d;
        EXPECT_LT(lod, errors.size());
        // The chosen LOD's error projects under a pixel; the next coarser one (if any) does not.
        EXPECT_LE(errors[lod] * radius / d * pixelsPerUnit, 1.0f);
        if (lod + 1 < errors.size()) {
            EXPECT_GT(errors[lod + 1] * radius / d * pixelsPerUnit, 1.0f);
        }
        previous = lod;
    }
    EXPECT_EQ(selectLod(errors, radius, 0.5f, pixelsPerUnit, 1.0f), 0u);
    EXPECT_EQ(selectLod(errors, radius, 1e6f, pixelsPerUnit, 1.0f), 3u);
    EXPECT_EQ(selectLod(std::vector<float>{0.0f}, radius, 1e6f, pixelsPerUnit, 1.0f), 0u);
}

// The mono far field of two eyes (farFieldView): where an eye pixel's direction lands in the far field's
// image, and where a point beyond the split really is in it, differ by at most the allowed parallax.
View eye(const glm::dvec3& position, double yawDegrees, glm::vec4 tangents) {
    View v;
    v.position = position;
    v.orientation = glm::angleAxis(glm::radians(yawDegrees), glm::dvec3(0, 1, 0));
    v.projection = {.kind = Projection::Kind::OffAxis,
                    .nearPlane = 0.05f,
                    .tanLeft = tangents.x,
                    .tanRight = tangents.y,
                    .tanDown = tangents.z,
                    .tanUp = tangents.w};
    return v;
}

// A camera-relative direction or point (w = 0 or 1) in a view's pixels (x right, y down).
glm::dvec2 pixelOf(const View& v, VkExtent2D extent, const glm::dvec3& origin, const glm::dvec4& p) {
    const glm::mat4 vp =
        projectionMatrix(v.projection, float(extent.width) / float(extent.height)) * viewMatrix(v, origin);
    const glm::dvec4 c = glm::dmat4(vp) * p;
    return {(c.x / c.w * 0.5 + 0.5) * extent.width, (c.y / c.w * 0.5 + 0.5) * extent.height};
}

TEST(FarField, SplitWhereTheEyesSeeHalfAPixelOfParallax) {
    const VkExtent2D size{1280, 1440};
    const glm::vec4 t{-1.0f, 1.0f, -1.125f, 1.125f};  // 2/1280 = 2.25/1440 tangent units per pixel
    const View left = eye({-0.032, 1.6, 0}, 0, t), right = eye({0.032, 1.6, 0}, 0, t);
    const std::optional<FarField> far = farFieldView(left, right, size, 0.5f);
    ASSERT_TRUE(far);
    EXPECT_NEAR(far->split, 0.032 / (0.5 * 2.0 / 1280.0), 1e-3);  // 40.96 m
    EXPECT_FLOAT_EQ(far->clearDepth, 0.05f / far->split);
    EXPECT_NEAR(far->view.position.x, 0.0, 1e-12);
    // Two whole pixels of margin on each side: the eyes' pixels land on its pixel centres.
    EXPECT_EQ(far->extent.width, 1284u);
    EXPECT_EQ(far->extent.height, 1444u);
    const glm::dvec3 origin = left.position;
    for (const glm::dvec2 p : {glm::dvec2(0.5, 0.5), glm::dvec2(640.5, 720.5), glm::dvec2(1279.5, 1439.5)}) {
        const double x = p.x / size.width * 2.0 - 1.0, y = p.y / size.height * 2.0 - 1.0;
        const glm::dvec3 dir = left.orientation * glm::dvec3(x * 1.0, -y * 1.125, -1.0);
        const glm::dvec2 q = pixelOf(far->view, far->extent, origin, glm::dvec4(dir, 0.0));
        EXPECT_NEAR(q.x, p.x + 2.0, 1e-3);
        EXPECT_NEAR(q.y, p.y + 2.0, 1e-3);
    }
    // A point straight ahead at the split is half a pixel off for the eye; twice as far, a quarter.
    for (const double k : {1.0, 2.0}) {
        const glm::dvec3 point(0.0, 1.6, -k * far->split);
        const glm::dvec2 seen = pixelOf(left, size, origin, glm::dvec4(point - origin, 1.0));
        const glm::dvec2 there = pixelOf(far->view, far->extent, origin, glm::dvec4(point - origin, 1.0));
        EXPECT_NEAR(seen.x - (there.x - 2.0), 0.5 / k, 1e-3);  // the left eye sees it further right
    }
    // Nothing to share: one eye, no far field wanted, a projection that is not reversed-Z infinite.
    EXPECT_FALSE(farFieldView(left, left, size, 0.5f));
    EXPECT_FALSE(farFieldView(left, right, size, 0.0f));
    View finite = right;
    finite.projection = {.kind = Projection::Kind::Matrix, .matrix = glm::mat4(1.0f)};
    EXPECT_FALSE(farFieldView(left, finite, size, 0.5f));
}

// Asymmetric, mirrored and slightly canted eyes (as real headsets have): every point beyond the split in
// either eye's view is inside the far field's image (bilinear taps included), and the eye pixel that sees it
// takes the far image within half a pixel of where the point is drawn there.
TEST(FarField, CoversBothEyesAndStaysWithinTheAllowedParallax) {
    const VkExtent2D size{1440, 1600};
    const View left = eye({-0.0315, 1.7, 0.01}, 4.0, {-1.19f, 0.85f, -1.11f, 0.97f});
    const View right = eye({0.0315, 1.7, 0.01}, -4.0, {-0.85f, 1.19f, -1.11f, 0.97f});
    const std::optional<FarField> far = farFieldView(left, right, size, 0.5f);
    ASSERT_TRUE(far);
    const glm::dvec3 origin = left.position;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double worst = 0.0;
    for (const View* e : {&left, &right})
        for (int i = 0; i < 2000; ++i) {
            const glm::vec4 t = frustumTangents(e->projection, 1.0f);
            const double tx = t.x + (t.y - t.x) * u(rng), ty = t.z + (t.w - t.z) * u(rng);
            const double depth = far->split * (1.0 + 20.0 * u(rng) * u(rng));
            const glm::dvec3 point = e->position + e->orientation * (depth * glm::dvec3(tx, ty, -1.0));
            const glm::dvec2 seen = pixelOf(*e, size, origin, glm::dvec4(point - origin, 1.0));
            const glm::dvec3 dir = e->orientation * glm::dvec3(tx, ty, -1.0);
            const glm::dvec2 taken = pixelOf(far->view, far->extent, origin, glm::dvec4(dir, 0.0));
            const glm::dvec2 there = pixelOf(far->view, far->extent, origin, glm::dvec4(point - origin, 1.0));
            ASSERT_GE(taken.x, 0.5) << "eye pixel " << seen.x << ", " << seen.y;
            ASSERT_GE(taken.y, 0.5);
            ASSERT_LE(taken.x, far->extent.width - 0.5);
            ASSERT_LE(taken.y, far->extent.height - 0.5);
            worst = std::max(worst, glm::length(taken - there));
        }
    EXPECT_LE(worst, 0.5 * 1.02);
    EXPECT_GT(worst, 0.2) << "points at the split should come close to the bound";
}

// Whatever poses and projections a runtime hands over — NaN, infinite, eyes apart by metres or turned away —
// the far field is either a sane view (finite, its near plane at the split, at most 4 times an eye's size) or
// none.
TEST(FarField, AnyEyesGiveASaneViewOrNone) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    const double specials[] = {0.0, std::nan(""), INFINITY, -INFINITY, 1e30, -1e-30};
    auto value = [&](double scale) {
        return rng() % 16 == 0 ? specials[rng() % std::size(specials)] : scale * u(rng);
    };
    uint32_t made = 0;
    for (int i = 0; i < 20000; ++i) {
        View eyes[2];
        for (View& e : eyes) {
            e.position = {value(0.1), 1.6 + value(0.01), value(0.01)};
            e.orientation = glm::normalize(glm::dquat(1.0 + value(0.1), value(0.1), value(0.3), value(0.05)));
            e.projection = {.kind = Projection::Kind::OffAxis,
                            .nearPlane = float(0.05 + std::abs(value(0.04))),
                            .tanLeft = float(-0.2 - std::abs(value(2.0))),
                            .tanRight = float(0.2 + std::abs(value(2.0))),
                            .tanDown = float(-0.2 - std::abs(value(2.0))),
                            .tanUp = float(0.2 + std::abs(value(2.0)))};
        }
        const VkExtent2D size{uint32_t(64 + rng() % 2000), uint32_t(64 + rng() % 2000)};
        const std::optional<FarField> far =
            farFieldView(eyes[0], eyes[1], size, float(0.1 + std::abs(value(1.0))));
        if (!far) continue;
        ++made;
        ASSERT_TRUE(std::isfinite(far->split) && far->split > 0.0f);
        ASSERT_TRUE(std::isfinite(far->clearDepth) && far->clearDepth > 0.0f && far->clearDepth < 1.0f);
        ASSERT_GT(far->extent.width, 0u);
        ASSERT_GT(far->extent.height, 0u);
        ASSERT_LE(far->extent.width, 4 * size.width);
        ASSERT_LE(far->extent.height, 4 * size.height);
        const Projection& p = far->view.projection;
        ASSERT_TRUE(p.tanLeft < p.tanRight && p.tanDown < p.tanUp);
        ASSERT_EQ(p.nearPlane, far->split);
        ASSERT_TRUE(std::isfinite(far->view.position.x) && std::isfinite(far->view.orientation.w));
    }
    EXPECT_GT(made, 1000u) << "ordinary eyes must get a far field";
}

}  // namespace
}  // namespace skyhook::render
