#include "engine/scene/primitives.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <string>

#include <fmt/format.h>

#include "engine/core/check.hpp"
#include "engine/scene/meshlets.hpp"

namespace skyhook::scene {
namespace {

constexpr std::array<std::string_view, 3> kPrimitiveNames = {"sphere", "cube", "plane"};

// Every primitive is drawn uncooked, so it carries the single LOD the renderer's draw path expects, and
// that LOD's meshlets (the mesh-shader path).
// Bounds come from the vertices so they are tight for coarse tessellations too (a 3-segment sphere does not
// reach its radius along X).
void finish(Mesh& mesh, std::string name) {
    mesh.name = std::move(name);
    mesh.lods = {MeshLod{0, static_cast<uint32_t>(mesh.indices.size()), 0.0f}};
    mesh.boundsMin = mesh.boundsMax = mesh.vertices.front().position;
    for (const Vertex& v : mesh.vertices) {
        mesh.boundsMin = glm::min(mesh.boundsMin, v.position);
        mesh.boundsMax = glm::max(mesh.boundsMax, v.position);
    }
    mesh.material = 0;
    buildMeshlets(mesh);
}

Vertex vertex(const glm::vec3& position, const glm::vec3& normal, const glm::vec3& tangent, float u,
              float v) {
    Vertex out;
    out.position = position;
    out.normal = normal;
    out.u = u;
    out.v = v;
    out.tangent = glm::vec4(tangent, 1.0f);
    return out;
}

}  // namespace

Mesh makeSphere(uint32_t segments, uint32_t rings, float radius) {
    SKYHOOK_CHECK(segments >= 3 && rings >= 2, "sphere needs >= 3 segments and >= 2 rings, got {} and {}",
                  segments, rings);
    SKYHOOK_CHECK(radius > 0.0f && std::isfinite(radius), "sphere radius {} must be positive", radius);
    constexpr float kPi = std::numbers::pi_v<float>;
    Mesh mesh;
    mesh.vertices.reserve(size_t(rings + 1) * (segments + 1));
    for (uint32_t ring = 0; ring <= rings; ++ring) {
        float v = float(ring) / float(rings);
        float theta = v * kPi;
        for (uint32_t seg = 0; seg <= segments; ++seg) {
            // Pole vertices sit at the middle of their segment so the pole triangles' UVs are not sheared.
            bool pole = ring == 0 || ring == rings;
            float u = (float(seg) + (pole ? 0.5f : 0.0f)) / float(segments);
            float phi = u * 2.0f * kPi;
            glm::vec3 normal(std::sin(theta) * std::sin(phi), std::cos(theta),
                             std::sin(theta) * std::cos(phi));
            if (ring == 0) normal = {0.0f, 1.0f, 0.0f};
            if (ring == rings) normal = {0.0f, -1.0f, 0.0f};
            // d(position)/du, well defined even at the poles where the position derivative vanishes.
            glm::vec3 tangent(std::cos(phi), 0.0f, -std::sin(phi));
            mesh.vertices.push_back(vertex(normal * radius, normal, tangent, u, v));
        }
    }
    const uint32_t stride = segments + 1;
    mesh.indices.reserve(size_t(segments) * (rings - 1) * 6);
    for (uint32_t ring = 0; ring < rings; ++ring) {
        for (uint32_t seg = 0; seg < segments; ++seg) {
            uint32_t topLeft = ring * stride + seg;
            uint32_t topRight = topLeft + 1;
            uint32_t bottomLeft = topLeft + stride;
            uint32_t bottomRight = bottomLeft + 1;
            // Seen from outside u grows to the right and v downwards, so these are counter-clockwise. Next to
            // a pole the quad is a single triangle, using the pole vertex of this segment (u at its middle).
            if (ring == 0) {
                mesh.indices.insert(mesh.indices.end(), {bottomLeft, bottomRight, topLeft});
            } else if (ring == rings - 1) {
                mesh.indices.insert(mesh.indices.end(), {bottomLeft, topRight, topLeft});
            } else {
                mesh.indices.insert(mesh.indices.end(),
                                    {bottomLeft, bottomRight, topRight, bottomLeft, topRight, topLeft});
            }
        }
    }
    finish(mesh, "sphere");
    return mesh;
}

Mesh makeCube(float halfExtent) {
    SKYHOOK_CHECK(halfExtent > 0.0f && std::isfinite(halfExtent), "cube half extent {} must be positive",
                  halfExtent);
    struct Face {
        glm::vec3 normal;
        glm::vec3 right;  // +u, seen from outside
        glm::vec3 up;     // -v; right × up = normal keeps the image unmirrored
    };
    const std::array<Face, 6> faces = {{
        {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}},
        {{-1, 0, 0}, {0, 0, 1}, {0, 1, 0}},
        {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}},
        {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}},
        {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},
        {{0, 0, -1}, {-1, 0, 0}, {0, 1, 0}},
    }};
    Mesh mesh;
    mesh.vertices.reserve(24);
    mesh.indices.reserve(36);
    for (const Face& f : faces) {
        uint32_t base = static_cast<uint32_t>(mesh.vertices.size());
        // Corners in the order top-left, top-right, bottom-left, bottom-right of the face's image.
        for (int corner = 0; corner < 4; ++corner) {
            float u = float(corner & 1);
            float v = float(corner >> 1);
            glm::vec3 p = (f.normal + f.right * (2.0f * u - 1.0f) - f.up * (2.0f * v - 1.0f)) * halfExtent;
            mesh.vertices.push_back(vertex(p, f.normal, f.right, u, v));
        }
        mesh.indices.insert(mesh.indices.end(), {base + 2, base + 3, base + 1, base + 2, base + 1, base + 0});
    }
    finish(mesh, "cube");
    return mesh;
}

Mesh makePlane(float halfExtent, uint32_t subdivisions) {
    SKYHOOK_CHECK(halfExtent > 0.0f && std::isfinite(halfExtent), "plane half extent {} must be positive",
                  halfExtent);
    SKYHOOK_CHECK(subdivisions >= 1 && subdivisions <= 4096, "plane subdivisions {} out of [1, 4096]",
                  subdivisions);
    Mesh mesh;
    const uint32_t n = subdivisions + 1;
    mesh.vertices.reserve(size_t(n) * n);
    for (uint32_t row = 0; row < n; ++row) {
        float v = float(row) / float(subdivisions);
        for (uint32_t col = 0; col < n; ++col) {
            float u = float(col) / float(subdivisions);
            glm::vec3 p((2.0f * u - 1.0f) * halfExtent, 0.0f, (2.0f * v - 1.0f) * halfExtent);
            mesh.vertices.push_back(vertex(p, {0, 1, 0}, {1, 0, 0}, u, v));
        }
    }
    mesh.indices.reserve(size_t(subdivisions) * subdivisions * 6);
    for (uint32_t row = 0; row < subdivisions; ++row) {
        for (uint32_t col = 0; col < subdivisions; ++col) {
            // Row r is further along +Z, i.e. nearer the viewer of a top-down view with -Z up: "bottom".
            uint32_t topLeft = row * n + col;
            uint32_t topRight = topLeft + 1;
            uint32_t bottomLeft = topLeft + n;
            uint32_t bottomRight = bottomLeft + 1;
            mesh.indices.insert(mesh.indices.end(),
                                {bottomLeft, bottomRight, topRight, bottomLeft, topRight, topLeft});
        }
    }
    finish(mesh, "plane");
    return mesh;
}

std::span<const std::string_view> primitiveNames() {
    return kPrimitiveNames;
}

Material defaultPrimitiveMaterial() {
    Material m;
    m.name = "default";
    m.baseColorFactor = glm::vec4(0.8f, 0.8f, 0.8f, 1.0f);
    m.metallicFactor = 0.0f;
    m.roughnessFactor = 0.5f;
    return m;
}

Result<Model> makePrimitiveModel(std::string_view name) {
    Mesh mesh;
    if (name == "sphere") {
        mesh = makeSphere(48, 24, 0.5f);
    } else if (name == "cube") {
        mesh = makeCube(0.5f);
    } else if (name == "plane") {
        // Subdivided so per-vertex effects (fog, large-scale lighting checks) have vertices to work with.
        mesh = makePlane(0.5f, 4);
    } else {
        return Error::make("unknown primitive \"{}\" (known primitives: {})", name,
                           fmt::join(kPrimitiveNames, ", "));
    }
    Model model;
    model.name = fmt::format("primitive:{}", name);
    model.meshes.push_back(std::move(mesh));
    model.materials.push_back(defaultPrimitiveMaterial());
    model.instances.push_back(MeshInstance{0, glm::mat4(1.0f)});
    return model;
}

}  // namespace skyhook::scene
