#include "engine/asset/texture_mips.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/core/check.hpp"

namespace skyhook::asset {
namespace {

std::array<float, 256> makeSrgbTable() {
    std::array<float, 256> t{};
    for (int i = 0; i < 256; ++i) {
        float c = static_cast<float>(i) / 255.0f;
        t[i] = c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
    }
    return t;
}

const std::array<float, 256>& srgbTable() {
    static const std::array<float, 256> table = makeSrgbTable();
    return table;
}

uint8_t toByte(float unit) {
    return static_cast<uint8_t>(std::clamp(unit * 255.0f + 0.5f, 0.0f, 255.0f));
}

// One 2×2 box-filter step. Odd edges clamp, so the last row/column of an odd-sized level folds into its
// neighbour's average rather than being dropped.
scene::TextureMip downsample(const scene::TextureMip& src, bool srgb) {
    scene::TextureMip dst{.width = std::max(1u, src.width / 2), .height = std::max(1u, src.height / 2)};
    dst.pixels.resize(size_t{dst.width} * dst.height * 4);
    const auto& lut = srgbTable();
    for (uint32_t y = 0; y < dst.height; ++y) {
        uint32_t y0 = std::min(y * 2, src.height - 1), y1 = std::min(y * 2 + 1, src.height - 1);
        for (uint32_t x = 0; x < dst.width; ++x) {
            uint32_t x0 = std::min(x * 2, src.width - 1), x1 = std::min(x * 2 + 1, src.width - 1);
            const uint8_t* p[4] = {&src.pixels[(size_t{y0} * src.width + x0) * 4],
                                   &src.pixels[(size_t{y0} * src.width + x1) * 4],
                                   &src.pixels[(size_t{y1} * src.width + x0) * 4],
                                   &src.pixels[(size_t{y1} * src.width + x1) * 4]};
            uint8_t* out = &dst.pixels[(size_t{y} * dst.width + x) * 4];
            for (int c = 0; c < 4; ++c) {
                if (srgb && c < 3) {
                    float sum = lut[p[0][c]] + lut[p[1][c]] + lut[p[2][c]] + lut[p[3][c]];
                    out[c] = linearToSrgb(sum * 0.25f);
                } else {
                    unsigned sum = unsigned{p[0][c]} + p[1][c] + p[2][c] + p[3][c];
                    out[c] = static_cast<uint8_t>((sum + 2) / 4);
                }
            }
        }
    }
    return dst;
}

}  // namespace

float srgbToLinear(uint8_t value) {
    return srgbTable()[value];
}

uint8_t linearToSrgb(float linear) {
    float l = std::clamp(linear, 0.0f, 1.0f);
    float s = l <= 0.0031308f ? l * 12.92f : 1.055f * std::pow(l, 1.0f / 2.4f) - 0.055f;
    return toByte(s);
}

uint32_t fullMipCount(uint32_t width, uint32_t height) {
    uint32_t levels = 1;
    for (uint32_t edge = std::max(width, height); edge > 1; edge /= 2) ++levels;
    return levels;
}

void buildMipChain(scene::Texture& texture) {
    SKYHOOK_CHECK(!texture.mips.empty(), "texture '{}' has no mip 0", texture.name);
    const scene::TextureMip& base = texture.mips[0];
    SKYHOOK_CHECK(
        base.width >= 1 && base.height >= 1 && base.pixels.size() == size_t{base.width} * base.height * 4,
        "texture '{}' mip 0 is {}x{} with {} bytes", texture.name, base.width, base.height,
        base.pixels.size());
    texture.mips.resize(1);
    bool srgb = texture.format == scene::TextureFormat::Rgba8Srgb;
    while (texture.mips.back().width > 1 || texture.mips.back().height > 1)
        texture.mips.push_back(downsample(texture.mips.back(), srgb));
}

}  // namespace skyhook::asset
