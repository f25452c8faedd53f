#pragma once
// Finding an avatar's colour in a rendered image (GPU and XR avatar tests): lit, self-lit and tone-mapped,
// the avatar keeps its colour's hue and stays saturated, while the test scenes around it are grey and black.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <glm/glm.hpp>

#include "engine/core/image_io.hpp"

namespace skyhook::test {

// Hue in degrees [0, 360) and saturation (HSV) of an RGB colour in [0, 1].
inline void hueSaturation(glm::vec3 c, float& hue, float& saturation) {
    const float mx = std::max({c.r, c.g, c.b}), mn = std::min({c.r, c.g, c.b});
    saturation = mx > 0.0f ? (mx - mn) / mx : 0.0f;
    const float d = mx - mn;
    if (d <= 0.0f) {
        hue = 0.0f;
        return;
    }
    float h = mx == c.r   ? std::fmod((c.g - c.b) / d, 6.0f)
              : mx == c.g ? (c.b - c.r) / d + 2.0f
                          : (c.r - c.g) / d + 4.0f;
    hue = std::fmod(h * 60.0f + 360.0f, 360.0f);
}

struct TintPixels {
    uint64_t count = 0;
    glm::dvec2 centroid{0.0};  // pixel centres, in the image's coordinates
};

// Pixels of columns [x0, x0 + width) (all by default) whose hue is within `hueTolerance` degrees of `tint`'s
// (sRGB) and that are saturated and bright enough to be the avatar's surface.
inline TintPixels tintPixels(const Rgba8Image& img, glm::vec4 tint, uint32_t x0 = 0, uint32_t width = 0,
                             float hueTolerance = 25.0f) {
    float tintHue = 0.0f, tintSaturation = 0.0f;
    hueSaturation(glm::vec3(tint), tintHue, tintSaturation);
    if (width == 0) width = img.width - x0;
    TintPixels out;
    for (uint32_t y = 0; y < img.height; ++y)
        for (uint32_t x = x0; x < x0 + width; ++x) {
            const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
            const glm::vec3 c(p[0] / 255.0f, p[1] / 255.0f, p[2] / 255.0f);
            float hue = 0.0f, saturation = 0.0f;
            hueSaturation(c, hue, saturation);
            const float dh = std::abs(hue - tintHue);
            if (std::max({c.r, c.g, c.b}) < 0.15f || saturation < 0.5f * tintSaturation ||
                std::min(dh, 360.0f - dh) > hueTolerance)
                continue;
            ++out.count;
            out.centroid += glm::dvec2(x - x0 + 0.5, y + 0.5);
        }
    if (out.count) out.centroid /= double(out.count);
    return out;
}

}  // namespace skyhook::test
