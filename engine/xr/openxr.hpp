#pragma once
// The OpenXR headers with the Vulkan platform bindings, in the one order they need (Vulkan first). Only the
// xr module and its users include this; gpu and render never see OpenXR (tests/unit/architecture enforces
// it).
#include <time.h>
#include <vulkan/vulkan.h>

#ifndef XR_USE_GRAPHICS_API_VULKAN
#define XR_USE_GRAPHICS_API_VULKAN
#endif
#ifndef XR_USE_TIMESPEC
#define XR_USE_TIMESPEC  // XR_KHR_convert_timespec_time (display_clock.hpp)
#endif
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>
