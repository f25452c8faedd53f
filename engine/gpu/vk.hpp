#pragma once
// Vulkan headers and VkResult helpers for the gpu module and its users.
#include <string>

#include <vulkan/vulkan.h>

#include "engine/core/result.hpp"

namespace skyhook::gpu {

const char* vkResultName(VkResult r);

// A VkResult the world can cause (device lost, out of memory, surface lost) becomes an Error naming the call.
inline Result<void> vkCheck(VkResult r, const char* what) {
    if (r == VK_SUCCESS) return {};
    return Error::make("{} failed: {}", what, vkResultName(r));
}

}  // namespace skyhook::gpu

// A VkResult that can only fail through a bug in our code panics (CHECK stays on in release).
#define SKYHOOK_VK_CHECK(call)                                       \
    do {                                                             \
        VkResult skyhook_vk_r = (call);                              \
        SKYHOOK_CHECK(skyhook_vk_r == VK_SUCCESS, "{} -> {}", #call, \
                      ::skyhook::gpu::vkResultName(skyhook_vk_r));   \
    } while (0)

#define SKYHOOK_VK_TRY(call) SKYHOOK_TRY(::skyhook::gpu::vkCheck((call), #call))
