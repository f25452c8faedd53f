#pragma once
// Mip chains by box filtering. sRGB textures are filtered in linear light (sRGB → linear, average, → sRGB) so
// mips do not darken; Unorm textures (normal, metallic-roughness, occlusion) are averaged as stored.
// Alpha is always linear.
#include <cstdint>

#include "engine/scene/material.hpp"

namespace skyhook::asset {

// Replaces texture.mips[1..] with the full chain down to 1×1 built from mips[0]. mips[0] must be valid
// (width, height ≥ 1 and width*height*4 bytes) — a broken contract panics.
void buildMipChain(scene::Texture& texture);

// Number of levels in a full chain for a width × height image (1 for 1×1).
uint32_t fullMipCount(uint32_t width, uint32_t height);

float srgbToLinear(uint8_t value);
uint8_t linearToSrgb(float linear);

}  // namespace skyhook::asset
