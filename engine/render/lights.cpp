#include "engine/render/lights.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/log.hpp"
#include "engine/scene/rules.hpp"
#include "engine/scene/tracks.hpp"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

// A point or spot light's GpuLight apart from its place: `direction` in world space, `colorScale` multiplies
// its colour (its intensity, or 1 for an intensity group, whose scale the frame supplies), `range` is its
// reach.
GpuLight gpuLight(const scene::Light& l, const glm::vec3& direction, float colorScale, float range) {
    GpuLight g{};
    g.color = l.color * colorScale;
    g.range = range;
    g.direction = glm::normalize(direction);
    g.type = l.type == scene::LightType::Spot ? SKYHOOK_LIGHT_SPOT : SKYHOOK_LIGHT_POINT;
    g.cosInner = std::cos(l.innerConeAngle);
    g.cosOuter = std::cos(l.outerConeAngle);
    return g;
}

}  // namespace

void SceneLights::build(const scene::Scene& scene, CellTable& cells, float exposure) {
    *this = SceneLights{};
    // Point and spot lights get a finite range: where their illuminance falls under what shows as 0.5 % of
    // display white at the scene's exposure (E · albedo/π · exposure = 0.005), unless the scene sets one.
    const double minIlluminance = 0.005 * 3.14159265358979 / std::max(exposure, 1e-12f);
    const auto rangeOf = [&](const scene::Light& l, float intensity) {
        const glm::vec3 color = l.color * intensity;
        const float peak = std::max({color.r, color.g, color.b});
        const float range =
            l.range > 0.0f ? l.range : static_cast<float>(std::sqrt(std::max(peak, 0.0f) / minIlluminance));
        return std::max(range, 1e-3f);
    };

    // What the tracks animate: the highest intensity per animated light and rule, and what moves.
    std::vector<float> lightPeak(scene.lights.size(), -1.0f), rulePeak(scene.lightRules.size(), -1.0f);
    std::vector<bool> lightMoves(scene.lights.size(), false), ruleMoves(scene.lightRules.size(), false);
    for (const scene::Track& t : scene.tracks) {
        const bool light = t.targetKind == scene::TrackTargetKind::Light;
        if (!light && t.targetKind != scene::TrackTargetKind::LightRule) continue;
        if (t.property == scene::TrackProperty::Intensity) {
            float& peak = light ? lightPeak[t.target] : rulePeak[t.target];
            peak = std::max({peak, 0.0f, static_cast<float>(scene::trackMaxScalar(t))});
        }
        if (light && t.property == scene::TrackProperty::Position) lightMoves[t.target] = true;
        if (!light && t.property == scene::TrackProperty::PathOffset) ruleMoves[t.target] = true;
    }
    m_cellFrames = scene.cellMatrices();
    uint64_t moving = 0;

    // Scene lights, then every light of the light rules (the elevator's 262,144).
    // An intensity group's lights carry their colour per candela: the frame's scale is the intensity.
    const auto add = [&](const scene::Light& l, const glm::dvec3& world, const glm::vec3& direction,
                         float peak) {
        const bool grouped = peak >= 0.0f;
        GpuLight g =
            gpuLight(l, direction, grouped ? 1.0f : l.intensity, rangeOf(l, grouped ? peak : l.intensity));
        g.cell = cells.cellOf(world);
        g.position = glm::vec3(world - cells.origins()[g.cell]);
        g.group = grouped ? static_cast<uint32_t>(m_groups.size()) + 1 : 0u;  // the group added next
        m_static.push_back(g);
    };
    for (size_t i = 0; i < scene.lights.size(); ++i) {
        const scene::Light& l = scene.lights[i];
        if (l.type == scene::LightType::Directional) continue;  // the sun and the per-frame global lights
        const float peak = lightPeak[i];
        if (lightMoves[i]) {
            m_moving.push_back(
                {Kind::Light, uint32_t(i), rangeOf(l, peak >= 0.0f ? peak : l.intensity), peak});
            ++moving;
            continue;
        }
        add(l, l.position, l.direction, peak);
        if (peak >= 0.0f) m_groups.push_back({Kind::Light, uint32_t(i), peak});
    }
    for (size_t r = 0; r < scene.lightRules.size(); ++r) {
        const scene::LightRule& rule = scene.lightRules[r];
        const float peak = rulePeak[r];
        if (ruleMoves[r]) {
            m_moving.push_back({Kind::Rule, uint32_t(r),
                                rangeOf(rule.light, peak >= 0.0f ? peak : rule.light.intensity), peak});
            moving += scene::lightCount(rule);
            continue;
        }
        const glm::dmat4 frame = rule.cell >= 0 ? m_cellFrames[rule.cell] : glm::dmat4(1.0);
        const uint64_t count = std::min<uint64_t>(scene::lightCount(rule), kMaxRuleLights);
        const size_t before = m_static.size();
        for (uint64_t i = 0; i < count; ++i) {
            if (!scene::lightEnabled(rule, i)) continue;
            const scene::Light l = scene::lightAt(rule, i);
            add(l, glm::dvec3(frame * glm::dvec4(l.position, 1.0)),
                glm::vec3(glm::dmat3(frame) * glm::dvec3(l.direction)), peak);
        }
        if (peak >= 0.0f && m_static.size() > before) m_groups.push_back({Kind::Rule, uint32_t(r), peak});
    }
    m_staticCount = static_cast<uint32_t>(m_static.size());
    if (m_static.empty()) m_static.push_back({});
    if (moving > kMaxMovingLights)
        log::warn("render",
                  "scene '{}': {} animated lights move; {} are placed per frame, the rest are not drawn",
                  scene.name, moving, kMaxMovingLights);
    m_movingCapacity = static_cast<uint32_t>(std::min<uint64_t>(moving, kMaxMovingLights));
    m_scales.assign(m_groups.size() + 1, 1.0f);
}

void SceneLights::update(const scene::Scene& scene, const glm::dvec3& origin, uint32_t dynamicCell) {
    // Group 0 is every light without an intensity track; the others scale by their intensity now, kept
    // within what their range was sized for.
    for (size_t g = 0; g < m_groups.size(); ++g) {
        const Group& group = m_groups[g];
        const float intensity = group.kind == Kind::Light ? scene.lights[group.index].intensity
                                                          : scene.lightRules[group.index].light.intensity;
        m_scales[g + 1] = std::clamp(intensity, 0.0f, group.peak);
    }
    m_frameMoving.clear();
    const auto place = [&](const scene::Light& l, const glm::dvec3& world, const glm::vec3& direction,
                           const Moving& m) {
        const float intensity = m.peak >= 0.0f ? std::clamp(l.intensity, 0.0f, m.peak) : l.intensity;
        if (!(intensity > 0.0f) || m_frameMoving.size() >= m_movingCapacity) return;  // dark: not binned
        GpuLight g = gpuLight(l, direction, intensity, m.range);
        g.cell = dynamicCell;
        g.position = glm::vec3(world - origin);
        m_frameMoving.push_back(g);
    };
    for (const Moving& m : m_moving) {
        if (m.kind == Kind::Light) {
            const scene::Light& l = scene.lights[m.index];
            place(l, l.position, l.direction, m);
            continue;
        }
        // A light rule moved along its path: wrapping, and lights pushed past an end disabled, as
        // scene::lightEnabled and lightAt say.
        const scene::LightRule& rule = scene.lightRules[m.index];
        const glm::dmat4 frame = rule.cell >= 0 ? m_cellFrames[rule.cell] : glm::dmat4(1.0);
        const uint64_t count = std::min<uint64_t>(scene::lightCount(rule), m_movingCapacity);
        for (uint64_t i = 0; i < count && m_frameMoving.size() < m_movingCapacity; ++i) {
            if (!scene::lightEnabled(rule, i)) continue;
            const scene::Light l = scene::lightAt(rule, i);
            place(l, glm::dvec3(frame * glm::dvec4(l.position, 1.0)),
                  glm::vec3(glm::dmat3(frame) * glm::dvec3(l.direction)), m);
        }
    }
}

}  // namespace skyhook::render
