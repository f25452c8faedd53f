#include "tools/gen_parts/mesh_builder.hpp"

#include <cmath>
#include <numbers>

namespace skyhook::tools::parts {
namespace {

constexpr float kTwoPi = 2.0f * std::numbers::pi_v<float>;

glm::vec3 around(const Frame& f, float angle) {
    return f.x * std::cos(angle) + f.z * std::sin(angle);
}

}  // namespace

Frame Frame::yawed(glm::vec3 origin, float radians) {
    const float c = std::cos(radians), s = std::sin(radians);
    return Frame{.origin = origin, .x = {c, 0.0f, -s}, .y = {0.0f, 1.0f, 0.0f}, .z = {s, 0.0f, c}};
}

Frame Frame::alongAxis(glm::vec3 origin, glm::vec3 axis) {
    const glm::vec3 y = glm::normalize(axis);
    const glm::vec3 helper = std::abs(y.y) < 0.9f ? glm::vec3(0.0f, 1.0f, 0.0f) : glm::vec3(1.0f, 0.0f, 0.0f);
    const glm::vec3 x = glm::normalize(glm::cross(helper, y));
    return Frame{.origin = origin, .x = x, .y = y, .z = glm::cross(x, y)};
}

uint32_t MeshBuilder::addVertex(glm::vec3 position, glm::vec3 normal, glm::vec2 uv) {
    m_positions.push_back(position);
    // The validator rejects normals that are not unit length to ~1e-3; normalise here once for everyone.
    m_normals.push_back(glm::normalize(normal));
    m_uvs.push_back(uv);
    return static_cast<uint32_t>(m_positions.size() - 1);
}

void MeshBuilder::addTriangle(uint32_t a, uint32_t b, uint32_t c) {
    // Helpers build rings in whatever order is convenient; the winding follows the vertex normals, so a
    // primitive can never come out inside-out (glTF culls clockwise faces).
    const glm::vec3 geometric = glm::cross(m_positions[b] - m_positions[a], m_positions[c] - m_positions[a]);
    const glm::vec3 shading = m_normals[a] + m_normals[b] + m_normals[c];
    if (glm::dot(geometric, shading) < 0.0f) std::swap(b, c);
    m_indices.insert(m_indices.end(), {a, b, c});
}

void MeshBuilder::addQuad(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    addTriangle(a, b, c);
    addTriangle(a, c, d);
}

void MeshBuilder::flatQuad(glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
    const glm::vec3 n = glm::normalize(glm::cross(b - a, c - a));
    // Planar projection onto the face's own axes: textures keep their scale and line up between tiled parts.
    const glm::vec3 t = glm::normalize(b - a), bt = glm::cross(n, t);
    auto uv = [&](glm::vec3 p) { return glm::vec2(glm::dot(p, t), glm::dot(p, bt)) / uvMetres; };
    const uint32_t ia = addVertex(a, n, uv(a)), ib = addVertex(b, n, uv(b));
    const uint32_t ic = addVertex(c, n, uv(c)), id = addVertex(d, n, uv(d));
    addQuad(ia, ib, ic, id);
}

void MeshBuilder::panel(glm::vec3 center, glm::vec3 normal, float halfWidth, float halfHeight, glm::vec3 up) {
    const glm::vec3 n = glm::normalize(normal);
    const glm::vec3 right = glm::normalize(glm::cross(up, n));
    const glm::vec3 u = glm::cross(n, right) * halfHeight, r = right * halfWidth;
    flatQuad(center - r - u, center + r - u, center + r + u, center - r + u);
}

void MeshBuilder::box(const Frame& f, glm::vec3 h) {
    const glm::vec3 axes[3] = {f.x * h.x, f.y * h.y, f.z * h.z};
    for (int k = 0; k < 3; ++k)
        for (float sign : {1.0f, -1.0f}) {
            const glm::vec3 n = axes[k] * sign;
            glm::vec3 t = axes[(k + 1) % 3], b = axes[(k + 2) % 3];
            if (sign < 0.0f) std::swap(t, b);  // keeps t × b along n, so the quad faces outwards
            const glm::vec3 c = f.origin + n;
            flatQuad(c - t - b, c + t - b, c + t + b, c - t + b);
        }
}

void MeshBuilder::beam(glm::vec3 a, glm::vec3 b, float halfWidth, float halfDepth) {
    const glm::vec3 d = b - a;
    box(Frame::alongAxis((a + b) * 0.5f, d), {halfWidth, glm::length(d) * 0.5f, halfDepth});
}

void MeshBuilder::tube(glm::vec3 a, glm::vec3 b, float radius, int segments, bool caps, int lengthSegments) {
    frustum(a, b, radius, radius, segments, caps, lengthSegments);
}

void MeshBuilder::frustum(glm::vec3 a, glm::vec3 b, float ra, float rb, int segments, bool caps,
                          int lengthSegments) {
    // A lathe about the a→b axis: the side rings share vertices along the length (no internal borders), so
    // the cooker's simplifier can collapse them; caps are separate runs (creases) with flat normals.
    const float length = glm::length(b - a);
    std::vector<glm::vec2> profile;
    if (caps && ra > 0.0f) profile.insert(profile.end(), {{0.0f, 0.0f}, {ra, 0.0f}});
    for (int i = 0; i <= lengthSegments; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(lengthSegments);
        profile.emplace_back(ra + (rb - ra) * t, length * t);
    }
    if (caps && rb > 0.0f) profile.insert(profile.end(), {{rb, length}, {0.0f, length}});
    lathe(Frame::alongAxis(a, b - a), profile, segments);
}

void MeshBuilder::lathe(const Frame& f, const std::vector<glm::vec2>& profile, int segments) {
    // Split the profile into smooth runs at repeated points (creases).
    std::vector<std::vector<glm::vec2>> runs(1);
    for (size_t i = 0; i < profile.size(); ++i) {
        if (i > 0 && profile[i] == profile[i - 1]) {
            runs.push_back({profile[i]});
            continue;
        }
        runs.back().push_back(profile[i]);
    }
    float vAlong = 0.0f;
    const uint32_t row = static_cast<uint32_t>(segments + 1);
    for (const auto& run : runs) {
        if (run.size() < 2) continue;
        // 2D outward normal of each profile segment: the tangent (dr, dh) turned clockwise.
        std::vector<glm::vec2> segNormals;
        for (size_t i = 0; i + 1 < run.size(); ++i) {
            const glm::vec2 t = run[i + 1] - run[i];
            segNormals.push_back(glm::normalize(glm::vec2(t.y, -t.x)));
        }
        std::vector<uint32_t> ringStart;
        for (size_t i = 0; i < run.size(); ++i) {
            glm::vec2 n2 = i == 0                ? segNormals.front()
                           : i + 1 == run.size() ? segNormals.back()
                                                 : segNormals[i - 1] + segNormals[i];
            if (glm::length(n2) < 1e-6f) n2 = segNormals[std::min(i, segNormals.size() - 1)];
            if (i > 0) vAlong += glm::length(run[i] - run[i - 1]);
            ringStart.push_back(vertexCount());
            for (int s = 0; s <= segments; ++s) {
                const float angle = kTwoPi * static_cast<float>(s) / static_cast<float>(segments);
                const glm::vec3 dir = around(f, angle);
                addVertex(f.origin + dir * run[i].x + f.y * run[i].y, dir * n2.x + f.y * n2.y,
                          glm::vec2(angle * run[i].x, vAlong) / uvMetres);
            }
        }
        for (size_t i = 0; i + 1 < run.size(); ++i) {
            const uint32_t lo = ringStart[i], hi = ringStart[i + 1];
            const bool poleLo = run[i].x <= 0.0f, poleHi = run[i + 1].x <= 0.0f;
            if (poleLo && poleHi) continue;
            for (uint32_t s = 0; s < row - 1; ++s) {
                if (poleLo)
                    addTriangle(lo + s, hi + s + 1, hi + s);
                else if (poleHi)
                    addTriangle(lo + s, lo + s + 1, hi + s);
                else
                    addQuad(lo + s, lo + s + 1, hi + s + 1, hi + s);
            }
        }
    }
}

void MeshBuilder::torus(const Frame& f, float majorRadius, float minorRadius, int majorSegments,
                        int minorSegments) {
    const uint32_t base = vertexCount();
    const uint32_t row = static_cast<uint32_t>(minorSegments + 1);
    for (int i = 0; i <= majorSegments; ++i) {
        const float theta = kTwoPi * static_cast<float>(i) / static_cast<float>(majorSegments);
        const glm::vec3 d = around(f, theta);
        for (int j = 0; j <= minorSegments; ++j) {
            const float phi = kTwoPi * static_cast<float>(j) / static_cast<float>(minorSegments);
            const glm::vec3 n = d * std::cos(phi) + f.y * std::sin(phi);
            addVertex(f.origin + d * majorRadius + n * minorRadius, n,
                      glm::vec2(theta * majorRadius, phi * minorRadius) / uvMetres);
        }
    }
    for (uint32_t i = 0; i < static_cast<uint32_t>(majorSegments); ++i)
        for (uint32_t j = 0; j < row - 1; ++j) {
            const uint32_t a = base + i * row + j, b = base + (i + 1) * row + j;
            addQuad(a, b, b + 1, a + 1);
        }
}

void MeshBuilder::ring(const Frame& f, float innerRadius, float outerRadius, int segments, bool twoSided) {
    for (int side = 0; side < (twoSided ? 2 : 1); ++side) {
        const glm::vec3 n = side == 0 ? f.y : -f.y;
        // Offset the back face by a hair so the two sides never z-fight or count as duplicate geometry.
        const glm::vec3 lift = side == 0 ? glm::vec3(0.0f) : -f.y * (outerRadius * 1e-4f);
        auto uv = [&](glm::vec3 p) {
            return glm::vec2(glm::dot(p - f.origin, f.x), glm::dot(p - f.origin, f.z));
        };
        if (innerRadius <= 0.0f) {
            const uint32_t center = addVertex(f.origin + lift, n, glm::vec2(0.0f));
            const uint32_t first = vertexCount();
            for (int s = 0; s < segments; ++s) {
                const glm::vec3 p = f.origin + lift + around(f, kTwoPi * s / segments) * outerRadius;
                addVertex(p, n, uv(p) / uvMetres);
            }
            for (uint32_t s = 0; s < static_cast<uint32_t>(segments); ++s)
                addTriangle(center, first + s, first + (s + 1) % static_cast<uint32_t>(segments));
            continue;
        }
        const uint32_t first = vertexCount();
        for (int s = 0; s < segments; ++s) {
            const glm::vec3 d = around(f, kTwoPi * s / segments);
            const glm::vec3 pi = f.origin + lift + d * innerRadius, po = f.origin + lift + d * outerRadius;
            addVertex(pi, n, uv(pi) / uvMetres);
            addVertex(po, n, uv(po) / uvMetres);
        }
        for (uint32_t s = 0; s < static_cast<uint32_t>(segments); ++s) {
            const uint32_t a = first + 2 * s, b = first + 2 * ((s + 1) % static_cast<uint32_t>(segments));
            addQuad(a, a + 1, b + 1, b);
        }
    }
}

void MeshBuilder::sphere(glm::vec3 center, float radius, int segments, int rings) {
    std::vector<glm::vec2> profile;
    for (int r = 0; r <= rings; ++r) {
        const float phi = std::numbers::pi_v<float> * (static_cast<float>(r) / rings - 0.5f);
        profile.emplace_back(r == 0 || r == rings ? 0.0f : std::cos(phi) * radius, std::sin(phi) * radius);
    }
    lathe(Frame::at(center), profile, segments);
}

}  // namespace skyhook::tools::parts
