#include "engine/render/instances.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/packing.hpp>

namespace skyhook::render {

using gpu_layout::GpuInstance;
using gpu_layout::GpuInstanceSpan;
using gpu_layout::GpuShape;

namespace {

// GLSL's unpackSnorm2x16 pair + normalize, as shaders/instance.glsl's instanceQuat.
glm::quat unpackQuat(uint32_t packed0, uint32_t packed1) {
    glm::vec4 q = glm::normalize(glm::vec4(glm::unpackSnorm2x16(packed0), glm::unpackSnorm2x16(packed1)));
    return glm::quat(q.w, q.x, q.y, q.z);
}

void packQuat(const glm::dquat& q, uint32_t& packed0, uint32_t& packed1) {
    glm::dquat p = q.w < 0.0 ? -q : q;
    packed0 = glm::packSnorm2x16(glm::vec2(float(p.x), float(p.y)));
    packed1 = glm::packSnorm2x16(glm::vec2(float(p.z), float(p.w)));
}

// The same as shaders/instance.glsl's quatToMat3.
glm::mat3 quatToMat3(const glm::quat& q) {
    float x2 = q.x + q.x, y2 = q.y + q.y, z2 = q.z + q.z;
    float xx = q.x * x2, yy = q.y * y2, zz = q.z * z2;
    float xy = q.x * y2, xz = q.x * z2, yz = q.y * z2;
    float wx = q.w * x2, wy = q.w * y2, wz = q.w * z2;
    return glm::mat3(glm::vec3(1.0f - (yy + zz), xy + wz, xz - wy),
                     glm::vec3(xy - wz, 1.0f - (xx + zz), yz + wx),
                     glm::vec3(xz + wy, yz - wx, 1.0f - (xx + yy)));
}

}  // namespace

gpu_layout::GpuCellOrigin splitOrigin(const glm::dvec3& position) {
    // hi: the position rounded to 24 significant bits by Veltkamp's split, in double arithmetic only (a float
    // round trip, x − double(float(x)), is folded to 0 by GCC 12's vectorizer at -O2 and above).
    gpu_layout::GpuCellOrigin out{};
    for (int a = 0; a < 3; ++a) {
        const double scaled = position[a] * 536870913.0;  // 2^29 + 1: keeps 53 − 29 = 24 bits
        const double hi = scaled - (scaled - position[a]);
        out.hi[a] = float(hi);                // exact
        out.lo[a] = float(position[a] - hi);  // the rest (exact in double), rounded
    }
    return out;
}

uint32_t CellTable::cellOf(const glm::dvec3& pos) {
    std::array<int64_t, 3> key{};
    for (int a = 0; a < 3; ++a) key[a] = static_cast<int64_t>(std::floor(pos[a] / m_size + 0.5));
    auto [it, added] = m_index.try_emplace(key, static_cast<uint32_t>(m_origins.size()));
    if (added) m_origins.push_back(glm::dvec3(key[0], key[1], key[2]) * m_size);
    return it->second;
}

Decomposed decompose(const glm::dmat3& m) {
    Decomposed out;
    // Rotation and per-axis scale; a mirror is kept as a negative x scale.
    glm::dvec3 axes[3] = {m[0], m[1], m[2]};
    glm::dvec3 scale(glm::length(axes[0]), glm::length(axes[1]), glm::length(axes[2]));
    for (int a = 0; a < 3; ++a)
        axes[a] = scale[a] > 0.0 ? axes[a] / scale[a] : glm::dvec3(a == 0, a == 1, a == 2);
    out.sheared = std::abs(glm::dot(axes[0], axes[1])) > 1e-4 ||
                  std::abs(glm::dot(axes[0], axes[2])) > 1e-4 || std::abs(glm::dot(axes[1], axes[2])) > 1e-4;
    axes[1] = glm::normalize(axes[1] - axes[0] * glm::dot(axes[0], axes[1]));
    glm::dvec3 z = glm::cross(axes[0], axes[1]);
    if (glm::dot(z, axes[2]) < 0.0) scale.x = -scale.x, axes[0] = -axes[0], z = -z;
    out.rotation = glm::quat_cast(glm::dmat3(axes[0], axes[1], z));
    if (out.rotation.w < 0.0) out.rotation = -out.rotation;
    // Uniform part in the instance (largest magnitude), the rest in the shape.
    double uniform = std::max({std::abs(scale.x), std::abs(scale.y), std::abs(scale.z)});
    if (uniform <= 0.0) uniform = 1.0;
    out.uniformScale = uniform;
    out.shapeScale = glm::vec3(scale / uniform);
    return out;
}

uint32_t InstancePacker::shapeOf(uint32_t mesh, uint32_t material, uint32_t variant, glm::vec3 shapeScale) {
    auto [it, added] = m_shapeIndex.try_emplace(
        std::make_tuple(mesh, material, variant, shapeScale.x, shapeScale.y, shapeScale.z),
        static_cast<uint32_t>(m_shapes.size()));
    if (added) m_shapes.push_back({mesh, material, variant, 0u, glm::vec4(shapeScale, 0.0f)});
    return it->second;
}

GpuInstance InstancePacker::packAt(const glm::dmat4& world, const glm::dvec3& origin, uint32_t cell,
                                   uint32_t shape) {
    Decomposed d = decompose(glm::dmat3(world));
    GpuInstance in{};
    in.position = glm::vec3(glm::dvec3(world[3]) - origin);
    in.cell = cell;
    packQuat(d.rotation, in.rotation0, in.rotation1);
    in.scale = static_cast<float>(d.uniformScale);
    in.shape = shape;
    return in;
}

GpuInstance InstancePacker::pack(const PlacedDraw& draw) {
    const glm::dvec3 pos(draw.world[3]);
    const uint32_t cell = m_cells.cellOf(pos);
    Decomposed d = decompose(glm::dmat3(draw.world));
    if (d.sheared) ++m_sheared;
    return packAt(draw.world, m_cells.origins()[cell], cell,
                  shapeOf(draw.mesh, draw.material, draw.variant, d.shapeScale));
}

void InstancePacker::addPathSpans(const scene::InstanceRule& rule, const glm::dmat4& cellFrame,
                                  const glm::dmat4& partLocal, uint32_t mesh, uint32_t material,
                                  uint32_t variant, std::vector<GpuInstanceSpan>& out) {
    const scene::PathGenerator& path = rule.generator.path;
    const uint64_t n = path.count;
    const double length = scene::pathLength(path);
    if (n == 0 || path.points.size() < 2 || !(path.spacing > 0.0)) return;
    const Decomposed local = decompose(glm::dmat3(partLocal));
    const uint32_t shape = shapeOf(mesh, material, variant, local.shapeScale);
    const glm::dmat3 cellRotation(cellFrame);
    // About one cell of path per span, so cells stay the unit of culling.
    const uint64_t perSpan = std::clamp<uint64_t>(static_cast<uint64_t>(m_cells.size() / path.spacing), 1,
                                                  SKYHOOK_SPAN_MAX_INSTANCES);
    const auto arc = [&](uint64_t i) { return scene::pathArc(path, i); };

    uint64_t i = 0;
    if (!path.wrap && path.offset < 0.0) {
        // Instances pushed before the start are disabled: begin at the first one on the path.
        i = static_cast<uint64_t>(std::min(std::ceil(-path.offset / path.spacing), double(n)));
        while (i > 0 && arc(i - 1) >= 0.0) --i;
        while (i < n && arc(i) < 0.0) ++i;
    }
    while (i < n) {
        const double s = arc(i);
        if (!path.wrap && s > length) break;  // the rest are past the end
        const size_t segment = scene::pathSegment(path, s);
        // The instances from i on that stay on this straight piece, without wrapping around.
        const auto onPiece = [&](uint64_t j) {
            if (j >= n) return false;
            const double sj = arc(j);
            if (sj < s || (!path.wrap && sj > length)) return false;
            return scene::pathSegment(path, sj) == segment;
        };
        const double estimate = std::floor((path.cumulative[segment + 1] - s) / path.spacing);
        uint64_t end = i + 1 + static_cast<uint64_t>(std::clamp(estimate, 0.0, double(n - i - 1)));
        while (end > i + 1 && !onPiece(end - 1)) --end;
        while (onPiece(end)) ++end;

        const glm::dvec3 tangent =
            glm::normalize(path.points[segment + 1] - path.points[segment]) * path.spacing;
        for (uint64_t first = i; first < end; first += perSpan) {
            const glm::dmat4 placement = scene::generatorPlacement(rule.generator, first);
            const glm::dvec3 world = glm::dvec3(cellFrame * placement[3]);
            const uint32_t cell = m_cells.cellOf(world);
            GpuInstanceSpan span{};
            span.origin = glm::vec3(world - m_cells.origins()[cell]);
            span.cell = cell;
            span.step = glm::vec3(cellRotation * tangent);
            span.shape = shape;
            packQuat(glm::quat_cast(cellRotation * glm::dmat3(placement)), span.placement0, span.placement1);
            packQuat(local.rotation, span.base0, span.base1);
            span.baseOffset = glm::vec3(partLocal[3]);
            span.scale = static_cast<float>(local.uniformScale);
            span.twistStep = static_cast<float>(path.twistPerMetre * path.spacing);
            span.count = static_cast<uint32_t>(std::min(perSpan, end - first));
            out.push_back(span);
        }
        i = end;
    }
    if (local.sheared) ++m_sheared;
}

PackedInstances packInstances(std::span<const PlacedDraw> draws, CellTable& cells) {
    InstancePacker packer(cells);
    PackedInstances out;
    out.instances.reserve(draws.size());
    for (const PlacedDraw& d : draws) out.instances.push_back(packer.pack(d));
    out.shapes = packer.shapes();
    out.sheared = packer.sheared();
    return out;
}

UnpackedInstance unpackInstance(const GpuInstance& in) {
    return {in.position, in.cell, unpackQuat(in.rotation0, in.rotation1), in.scale, in.shape};
}

UnpackedInstance spanInstance(const GpuInstanceSpan& s, uint32_t k) {
    const float fk = static_cast<float>(k);
    glm::quat turn = unpackQuat(s.placement0, s.placement1);
    const float halfAngle = 0.5f * fk * s.twistStep;
    if (halfAngle != 0.0f) turn = turn * glm::quat(std::cos(halfAngle), 0.0f, std::sin(halfAngle), 0.0f);
    UnpackedInstance out;
    out.position = s.origin + fk * s.step + turn * s.baseOffset;
    out.cell = s.cell;
    out.rotation = turn * unpackQuat(s.base0, s.base1);
    out.scale = s.scale;
    out.shape = s.shape;
    return out;
}

glm::mat4 modelMatrix(const UnpackedInstance& instance, const GpuShape& shape) {
    glm::mat3 r = quatToMat3(instance.rotation);
    glm::vec3 s = instance.scale * glm::vec3(shape.scale);
    glm::mat4 m(1.0f);
    for (int a = 0; a < 3; ++a) m[a] = glm::vec4(r[a] * s[a], 0.0f);
    m[3] = glm::vec4(instance.position, 1.0f);
    return m;
}

glm::mat4 unpackModel(const GpuInstance& instance, const GpuShape& shape) {
    return modelMatrix(unpackInstance(instance), shape);
}

}  // namespace skyhook::render
