#pragma once
// PNG files for headless frames, screenshots and golden images (RGBA8, sRGB-encoded bytes).
#include <cstdint>
#include <filesystem>
#include <vector>

#include "engine/core/result.hpp"

namespace skyhook {

struct Rgba8Image {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> pixels;  // width * height * 4, rows top to bottom
};

Result<void> writePng(const std::filesystem::path& path, const Rgba8Image& image);
Result<Rgba8Image> readPng(const std::filesystem::path& path);

}  // namespace skyhook
