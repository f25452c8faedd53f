#pragma once
// The scene's point and spot lights as the GPU sees them: a static GpuLight table written once per scene, and
// what tracks change each frame. Intensity tracks on a scene light or a light rule make it an intensity group
// whose scale (its intensity now) is one float per frame; position tracks on scene lights and path-offset
// tracks on light rules move lights, which are placed on the CPU each frame relative to the frame origin in
// the dynamic cell. A frame's CPU work is O(groups + moving lights): nothing per static light. CPU only
// (unit-tested without a device); the renderer uploads what it builds.
#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

#include "engine/render/instances.hpp"
#include "engine/scene/scene.hpp"
#include "shaders/shared/layout.h"

namespace skyhook::render {

// Lights of light rules kept in the static table (64 bytes each).
inline constexpr uint64_t kMaxRuleLights = 1u << 20;
// Lights placed per frame at most (64 bytes each, per frame in flight); further moving lights are not drawn
// (logged once per scene).
inline constexpr uint32_t kMaxMovingLights = 65'536;

class SceneLights {
public:
    // Builds the static table from `scene` as loaded (tracks not applied). Cells come from `cells` (shared
    // with the instances). Lights without a `range` get one from `exposure` (render/README.md): from their
    // intensity, or with an intensity track from the highest intensity the track reaches, so an animated
    // light is never clipped and its scale only multiplies its light.
    void build(const scene::Scene& scene, CellTable& cells, float exposure);

    // The static table (at least one entry: an empty scene gets one unused zero light) and its live count.
    const std::vector<gpu_layout::GpuLight>& staticTable() const { return m_static; }
    uint32_t staticCount() const { return m_staticCount; }
    // Whether frames have any light work besides the constant scale of group 0.
    bool animated() const { return !m_groups.empty() || !m_moving.empty(); }
    // Moving lights a frame may place (the per-frame region's size) and how many intensity groups there are.
    uint32_t movingCapacity() const { return m_movingCapacity; }
    uint32_t groupCount() const { return static_cast<uint32_t>(m_groups.size()); }

    // One frame: `scene` is the scene build() saw with the tracks applied at the frame's time. Writes the
    // group scales and places the moving lights relative to `origin` in cell `dynamicCell`; a light at
    // intensity 0 is left out.
    void update(const scene::Scene& scene, const glm::dvec3& origin, uint32_t dynamicCell);
    // This frame's scale per intensity group (GpuLight::group; [0] = 1 for every light without a track).
    const std::vector<float>& scales() const { return m_scales; }
    // This frame's moving lights (light ids staticCount() and up).
    const std::vector<gpu_layout::GpuLight>& moving() const { return m_frameMoving; }
    // Bytes a frame uploads for lights: the scales and the moving lights.
    size_t frameBytes() const {
        return m_scales.size() * sizeof(float) + m_frameMoving.size() * sizeof(gpu_layout::GpuLight);
    }

private:
    enum class Kind : uint8_t { Light, Rule };
    struct Group {  // a scene light or light rule with an intensity track
        Kind kind = Kind::Light;
        uint32_t index = 0;
        float peak = 0.0f;  // the highest intensity its tracks reach (candela)
    };
    struct Moving {  // a scene light with a position track, or a light rule with a path-offset track
        Kind kind = Kind::Light;
        uint32_t index = 0;
        float range = 0.0f;
        float peak = -1.0f;  // with an intensity track: the intensity the range was sized for (else < 0)
    };
    std::vector<gpu_layout::GpuLight> m_static;
    uint32_t m_staticCount = 0;
    std::vector<Group> m_groups;
    std::vector<Moving> m_moving;
    uint32_t m_movingCapacity = 0;
    std::vector<glm::dmat4> m_cellFrames;  // the scene's cell matrices (cells do not animate)
    std::vector<float> m_scales{1.0f};
    std::vector<gpu_layout::GpuLight> m_frameMoving;
};

}  // namespace skyhook::render
