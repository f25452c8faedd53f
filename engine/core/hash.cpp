#include "engine/core/hash.hpp"

#include <xxhash.h>

namespace skyhook {

uint64_t hash64(std::span<const uint8_t> bytes, uint64_t seed) {
    return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

uint64_t hash64(std::string_view text, uint64_t seed) {
    return XXH3_64bits_withSeed(text.data(), text.size(), seed);
}

}  // namespace skyhook
