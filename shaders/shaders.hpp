#pragma once
// SPIR-V compiled from shaders/ by the build and embedded in the binary (no files read at run time).
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace skyhook::shaders {

// The SPIR-V of a shader by its file name ("forward.frag"); empty when there is no such shader.
std::span<const uint32_t> find(std::string_view name);
std::vector<std::string_view> names();

}  // namespace skyhook::shaders
