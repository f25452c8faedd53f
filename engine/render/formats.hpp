#pragma once
// Formats and units the renderer's passes agree on.
#include <cmath>

#include "engine/gpu/vk.hpp"

namespace skyhook::render {

inline constexpr VkFormat kHdrFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
inline constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;
inline constexpr VkFormat kShadowFormat = VK_FORMAT_D32_SFLOAT;

// Photographic exposure from EV100 (ISO 100 saturation-based): radiance × exposure = display-referred value.
inline float exposureFromEv100(float ev100) {
    return 1.0f / (1.2f * std::exp2(ev100));
}

}  // namespace skyhook::render
