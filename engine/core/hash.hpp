#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace skyhook {

// 64-bit XXH3: checksums for cooked files and cache keys (fast, not cryptographic).
uint64_t hash64(std::span<const uint8_t> bytes, uint64_t seed = 0);
uint64_t hash64(std::string_view text, uint64_t seed = 0);

}  // namespace skyhook
