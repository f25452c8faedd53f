#pragma once
// The cooked model format ".skm": what shows load (fast, validated, checksummed).
//
// Layout (little-endian, explicit sizes, no padding):
//   header (kCookedHeaderSize = 32 bytes)
//     char[8]  magic "SKYHOOKM"
//     u32      format version (kCookedFormatVersion)
//     u32      reserved (0)
//     u64      total file size in bytes
//     u64      XXH3-64 (skyhook::hash64) of every byte after the header
//   body: the model (name, textures, materials, meshes, instances), each array as u32 count + elements;
//   strings as u32 length + bytes. See cooked_format.cpp for the exact field order.
//
// Reading checks every count and offset against the remaining bytes before allocating, then the semantic
// invariants the renderer relies on (indices < vertex count, meshlet ranges and limits, material and texture
// indices, mip sizes). Any violation is an Error naming the file, the byte offset and what was wrong.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::asset {

inline constexpr char kCookedMagic[8] = {'S', 'K', 'Y', 'H', 'O', 'O', 'K', 'M'};
// 2: tangents that assimp computes follow glTF handedness (bitangent towards the image top).
// 3: meshlets for every LOD; each LOD record carries its meshlet range (offset, count).
inline constexpr uint32_t kCookedFormatVersion = 3;
inline constexpr size_t kCookedHeaderSize = 32;
inline constexpr size_t kCookedChecksumOffset = 24;
inline constexpr size_t kCookedSizeOffset = 16;

// Checks what the renderer relies on (the same checks readCooked applies). whereForErrors prefixes messages.
Result<void> validateCookedModel(const scene::Model& model, std::string_view whereForErrors);

// Serialises a cooked model (validated first: an invalid model is an Error, never a file we would refuse).
Result<std::vector<uint8_t>> serializeCooked(const scene::Model& model);
// Writes atomically (temporary file + rename).
Result<void> writeCooked(const scene::Model& model, const std::filesystem::path& path);

Result<scene::Model> readCooked(const std::filesystem::path& path);
// The model's structure (scene::ModelOutline) without reading its payload: the header, names, materials, mesh
// bounds and LOD records, array sizes and placements; vertices, indices, meshlets and pixels are seeked over
// and the checksum is not verified (readCooked does that when the data is loaded).
Result<scene::ModelOutline> readCookedOutline(const std::filesystem::path& path);
Result<scene::Model> readCookedBytes(std::span<const uint8_t> bytes, std::string_view nameForErrors);

}  // namespace skyhook::asset
