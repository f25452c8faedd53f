#pragma once
// Writes a deterministic textured glTF 2.0 test asset through assimp's exporter.
#include <filesystem>

#include "engine/core/result.hpp"

namespace skyhook::tools {

// File names written into the output folder next to textured.gltf / textured.bin.
inline constexpr const char* kBaseColorPng = "textured_basecolor.png";
inline constexpr const char* kNormalPng = "textured_normal.png";
inline constexpr const char* kMetallicRoughnessPng = "textured_metalrough.png";

// Writes <outDir>/textured.gltf (+ .bin + three 256×256 PNGs): a UV sphere with a numbered checker base
// colour, a bevelled-tile normal map and a metallic-roughness map (G roughness, B metallic), plus a small
// emissive cube. Returns the .gltf path. Same bytes on every run.
Result<std::filesystem::path> writeTexturedGltf(const std::filesystem::path& outDir);

}  // namespace skyhook::tools
