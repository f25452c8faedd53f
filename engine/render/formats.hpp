#pragma once
// Formats and units the renderer's passes agree on.
#include <cmath>

#include <glm/glm.hpp>

#include "engine/gpu/vk.hpp"

namespace skyhook::render {

inline constexpr VkFormat kHdrFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
inline constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;
inline constexpr VkFormat kShadowFormat = VK_FORMAT_D32_SFLOAT;

// Clustered lighting: 16 × 9 screen tiles × 24 logarithmic depth slices from 0.1 m to 10,000 km.
inline constexpr glm::uvec2 kClusterTiles{16, 9};
inline constexpr uint32_t kClusterSlices = 24;
inline constexpr uint32_t kLightsPerCluster = 128;
inline constexpr float kClusterNear = 0.1f;
inline constexpr float kClusterFar = 1.0e7f;

// Photographic exposure from EV100 (ISO 100 saturation-based): radiance × exposure = display-referred value.
inline float exposureFromEv100(float ev100) {
    return 1.0f / (1.2f * std::exp2(ev100));
}

}  // namespace skyhook::render
