#pragma once
// Packing placed draws into 32-byte GPU instances: position relative to a cell (double origin), quaternion in
// snorm16, uniform scale, and a shared shape (mesh, material, pipeline, per-axis scale). unpackModel() is the
// CPU mirror of what the shaders compute (tests and the culling reference use it).
#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include <glm/glm.hpp>

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

private:
    double m_size;
    std::map<std::array<int64_t, 3>, uint32_t> m_index;
    std::vector<glm::dvec3> m_origins;
};

struct PackedInstances {
    std::vector<gpu_layout::GpuInstance> instances;  // one per draw, in the order given
    std::vector<gpu_layout::GpuShape> shapes;
    uint32_t sheared = 0;  // transforms with shear, which instances cannot hold (orthonormalized)
};

PackedInstances packInstances(std::span<const PlacedDraw> draws, CellTable& cells);

// The instance's model matrix relative to its cell origin, exactly as the GPU rebuilds it.
glm::mat4 unpackModel(const gpu_layout::GpuInstance& instance, const gpu_layout::GpuShape& shape);

}  // namespace skyhook::render
