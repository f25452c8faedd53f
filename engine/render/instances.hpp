#pragma once
// Packing placed draws into 32-byte GPU instances: position relative to a cell (double origin), quaternion in
// snorm16, uniform scale, and a shared shape (mesh, material, pipeline, per-axis scale). unpackModel() is the
// CPU mirror of what the shaders compute (tests and the culling reference use it).
#include <cstdint>
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

struct PackedInstances {
    std::vector<gpu_layout::GpuInstance> instances;  // one per draw, in the order given
    std::vector<gpu_layout::GpuShape> shapes;
    std::vector<glm::dvec3> cells;  // cell origins (world)
    uint32_t sheared = 0;           // transforms with shear, which instances cannot hold (orthonormalized)
};

// Cells are cubes of `cellSize` metres; float precision inside one is cellSize × 2^-24.
PackedInstances packInstances(std::span<const PlacedDraw> draws, double cellSize);

// The instance's model matrix relative to its cell origin, exactly as the GPU rebuilds it.
glm::mat4 unpackModel(const gpu_layout::GpuInstance& instance, const gpu_layout::GpuShape& shape);

}  // namespace skyhook::render
