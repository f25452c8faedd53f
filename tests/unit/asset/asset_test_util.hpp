#pragma once
// Helpers shared by the asset tests: scratch folders, procedural meshes and a hand-written glTF.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/scene/model.hpp"

namespace skyhook::asset::test {

// A fresh, empty folder under the system temp dir, unique to this process and name.
std::filesystem::path scratchDir(const std::string& name);

// A bumpy grid of (n+1)² vertices and 2n² triangles, with a deterministic height field so LODs have work to
// do.
scene::Mesh makeGridMesh(uint32_t n);

// A model with a grid mesh, one material and a sizeW × sizeH sRGB texture (mip 0 only): the input to cooking.
scene::Model makeTestModel(uint32_t gridN = 64, uint32_t texW = 16, uint32_t texH = 8);

// Writes an RGBA8 PNG (stb_image_write).
void writePng(const std::filesystem::path& path, uint32_t w, uint32_t h, const std::vector<uint8_t>& rgba);

std::string base64(const std::vector<uint8_t>& bytes);

}  // namespace skyhook::asset::test
