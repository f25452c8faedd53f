#pragma once
// Whole-file I/O with Results that name the path and the reason.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"

namespace skyhook {

Result<std::vector<uint8_t>> readFileBytes(const std::filesystem::path& path);
Result<std::string> readFileText(const std::filesystem::path& path);
// Writes atomically (temporary file + rename) so a crash never leaves half a file.
Result<void> writeFileBytes(const std::filesystem::path& path, std::span<const uint8_t> bytes);

// Where Skyhook keeps caches (pipeline cache, cooked assets): $SKYHOOK_CACHE_DIR, else
// $XDG_CACHE_HOME/skyhook, else ~/.cache/skyhook. Never the working directory.
std::filesystem::path cacheDir();
// The folder of the running executable.
std::filesystem::path executableDir();

}  // namespace skyhook
