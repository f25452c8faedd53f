#pragma once
// Packing placed draws into 32-byte GPU instances (position relative to a cell with a double origin,
// quaternion in snorm16, uniform scale, and a shared shape: mesh, material, pipeline, per-axis scale), and
// path rules into GpuInstanceSpans the GPU expands itself. The unpack functions are the CPU mirror of what
// shaders/instance.glsl computes (tests and the culling reference use them).
#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <tuple>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/scene/rules.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

struct PlacedDraw {
    glm::dmat4 world{1.0};
    uint32_t mesh = 0;
    uint32_t material = 0;
    uint32_t variant = 0;
};

// Cubes of `cellSize` metres with double-precision origins; float precision inside one is cellSize × 2^-24.
class CellTable {
public:
    explicit CellTable(double cellSize) : m_size(cellSize) {}
    // The cell a world position falls in (created on first use).
    uint32_t cellOf(const glm::dvec3& position);
    const std::vector<glm::dvec3>& origins() const { return m_origins; }
    double size() const { return m_size; }

private:
    double m_size;
    std::map<std::array<int64_t, 3>, uint32_t> m_index;
    std::vector<glm::dvec3> m_origins;
};

// A 3×3 transform as instances hold it: rotation (a mirror becomes a negative x scale), the largest axis
// scale as the uniform part and the rest per axis (relative to it).
struct Decomposed {
    glm::dquat rotation{1.0, 0.0, 0.0, 0.0};
    double uniformScale = 1.0;
    glm::vec3 shapeScale{1.0f};
    bool sheared = false;  // shear cannot be held: the axes were orthonormalized
};
Decomposed decompose(const glm::dmat3& m);

// Packs instances and spans, sharing one shape table and one cell table.
class InstancePacker {
public:
    explicit InstancePacker(CellTable& cells) : m_cells(cells) {}

    // An instance in the cell its origin falls in.
    gpu_layout::GpuInstance pack(const PlacedDraw& draw);
    // The GpuInstance of a draw placed relative to `origin`, in cell `cell`, with a given shape (dynamic
    // instances: their shape is fixed when the scene loads, their pose changes every frame).
    static gpu_layout::GpuInstance packAt(const glm::dmat4& world, const glm::dvec3& origin, uint32_t cell,
                                          uint32_t shape);
    uint32_t shapeOf(uint32_t mesh, uint32_t material, uint32_t variant, glm::vec3 shapeScale);

    // The spans of one part of a path rule: `cellFrame` is the rule's cell-to-world matrix, `partLocal` the
    // base transform times the part's transform in its model. Enabled instances only; a span stays on one
    // straight piece of the path, within about one cell, and holds at most `maxPerSpan` instances.
    void addPathSpans(const scene::InstanceRule& rule, const glm::dmat4& cellFrame,
                      const glm::dmat4& partLocal, uint32_t mesh, uint32_t material, uint32_t variant,
                      std::vector<gpu_layout::GpuInstanceSpan>& out);

    const std::vector<gpu_layout::GpuShape>& shapes() const { return m_shapes; }
    uint32_t sheared() const { return m_sheared; }

private:
    CellTable& m_cells;
    std::vector<gpu_layout::GpuShape> m_shapes;
    std::map<std::tuple<uint32_t, uint32_t, uint32_t, float, float, float>, uint32_t> m_shapeIndex;
    uint32_t m_sheared = 0;
};

// A position as a double-float pair (hi: rounded to float, lo: the rest rounded to float), as the shaders
// take cell origins and the frame origin (cellOriginOffset in shaders/shared/layout.h).
gpu_layout::GpuCellOrigin splitOrigin(const glm::dvec3& position);

struct PackedInstances {
    std::vector<gpu_layout::GpuInstance> instances;  // one per draw, in the order given
    std::vector<gpu_layout::GpuShape> shapes;
    uint32_t sheared = 0;  // transforms with shear, which instances cannot hold (orthonormalized)
};

PackedInstances packInstances(std::span<const PlacedDraw> draws, CellTable& cells);

// An instance as the shaders see it (InstanceData in shaders/instance.glsl).
struct UnpackedInstance {
    glm::vec3 position{0.0f};  // relative to its cell's origin
    uint32_t cell = 0;
    glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
    float scale = 1.0f;
    uint32_t shape = 0;
};
UnpackedInstance unpackInstance(const gpu_layout::GpuInstance& instance);
// Instance k of a span, computed as the GPU does.
UnpackedInstance spanInstance(const gpu_layout::GpuInstanceSpan& span, uint32_t k);
// The instance's model matrix relative to its cell origin, exactly as the GPU rebuilds it.
glm::mat4 modelMatrix(const UnpackedInstance& instance, const gpu_layout::GpuShape& shape);
glm::mat4 unpackModel(const gpu_layout::GpuInstance& instance, const gpu_layout::GpuShape& shape);

}  // namespace skyhook::render
