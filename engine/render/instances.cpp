#include "engine/render/instances.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <glm/gtc/packing.hpp>
#include <glm/gtc/quaternion.hpp>

namespace skyhook::render {

using gpu_layout::GpuInstance;
using gpu_layout::GpuShape;

namespace {

// The same as GLSL's unpackSnorm2x16 + normalize + quaternion-to-matrix in shaders/instance.glsl.
glm::mat3 rotationOf(const GpuInstance& in) {
    glm::vec2 xy = glm::unpackSnorm2x16(in.rotation0), zw = glm::unpackSnorm2x16(in.rotation1);
    glm::vec4 q = glm::normalize(glm::vec4(xy, zw));
    float x2 = q.x + q.x, y2 = q.y + q.y, z2 = q.z + q.z;
    float xx = q.x * x2, yy = q.y * y2, zz = q.z * z2;
    float xy2 = q.x * y2, xz = q.x * z2, yz = q.y * z2;
    float wx = q.w * x2, wy = q.w * y2, wz = q.w * z2;
    return glm::mat3(glm::vec3(1.0f - (yy + zz), xy2 + wz, xz - wy),
                     glm::vec3(xy2 - wz, 1.0f - (xx + zz), yz + wx),
                     glm::vec3(xz + wy, yz - wx, 1.0f - (xx + yy)));
}

}  // namespace

uint32_t CellTable::cellOf(const glm::dvec3& pos) {
    std::array<int64_t, 3> key{};
    for (int a = 0; a < 3; ++a) key[a] = static_cast<int64_t>(std::floor(pos[a] / m_size + 0.5));
    auto [it, added] = m_index.try_emplace(key, static_cast<uint32_t>(m_origins.size()));
    if (added) m_origins.push_back(glm::dvec3(key[0], key[1], key[2]) * m_size);
    return it->second;
}

PackedInstances packInstances(std::span<const PlacedDraw> draws, CellTable& cells) {
    PackedInstances out;
    out.instances.reserve(draws.size());
    std::map<std::tuple<uint32_t, uint32_t, uint32_t, float, float, float>, uint32_t> shapeIndex;
    for (const PlacedDraw& d : draws) {
        // Cell: the cube the instance's origin falls in.
        const glm::dvec3 pos(d.world[3]);
        const uint32_t cell = cells.cellOf(pos);

        // Rotation and per-axis scale from the 3×3 part; a mirror is kept as a negative x scale.
        glm::dvec3 axes[3] = {glm::dvec3(d.world[0]), glm::dvec3(d.world[1]), glm::dvec3(d.world[2])};
        glm::dvec3 scale(glm::length(axes[0]), glm::length(axes[1]), glm::length(axes[2]));
        for (int a = 0; a < 3; ++a)
            axes[a] = scale[a] > 0.0 ? axes[a] / scale[a] : glm::dvec3(a == 0, a == 1, a == 2);
        if (std::abs(glm::dot(axes[0], axes[1])) > 1e-4 || std::abs(glm::dot(axes[0], axes[2])) > 1e-4 ||
            std::abs(glm::dot(axes[1], axes[2])) > 1e-4)
            ++out.sheared;
        axes[1] = glm::normalize(axes[1] - axes[0] * glm::dot(axes[0], axes[1]));
        glm::dvec3 z = glm::cross(axes[0], axes[1]);
        if (glm::dot(z, axes[2]) < 0.0) scale.x = -scale.x, axes[0] = -axes[0], z = -z;
        glm::dquat q = glm::quat_cast(glm::dmat3(axes[0], axes[1], z));
        if (q.w < 0.0) q = -q;

        // Uniform part in the instance (largest magnitude), the rest in the shape.
        double uniform = std::max({std::abs(scale.x), std::abs(scale.y), std::abs(scale.z)});
        if (uniform <= 0.0) uniform = 1.0;
        glm::vec3 shapeScale = glm::vec3(scale / uniform);
        auto [shape, newShape] = shapeIndex.try_emplace(
            std::make_tuple(d.mesh, d.material, d.variant, shapeScale.x, shapeScale.y, shapeScale.z),
            static_cast<uint32_t>(out.shapes.size()));
        if (newShape) out.shapes.push_back({d.mesh, d.material, d.variant, 0u, glm::vec4(shapeScale, 0.0f)});

        GpuInstance in{};
        in.position = glm::vec3(pos - cells.origins()[cell]);
        in.cell = cell;
        in.rotation0 = glm::packSnorm2x16(glm::vec2(float(q.x), float(q.y)));
        in.rotation1 = glm::packSnorm2x16(glm::vec2(float(q.z), float(q.w)));
        in.scale = static_cast<float>(uniform);
        in.shape = shape->second;
        out.instances.push_back(in);
    }
    return out;
}

glm::mat4 unpackModel(const GpuInstance& instance, const GpuShape& shape) {
    glm::mat3 r = rotationOf(instance);
    glm::vec3 s = instance.scale * glm::vec3(shape.scale);
    glm::mat4 m(1.0f);
    for (int a = 0; a < 3; ++a) m[a] = glm::vec4(r[a] * s[a], 0.0f);
    m[3] = glm::vec4(instance.position, 1.0f);
    return m;
}

}  // namespace skyhook::render
