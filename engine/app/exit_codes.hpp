#pragma once
// Exit codes of the `skyhook` program (documented in README.md and `skyhook --help`).
namespace skyhook::app {

enum ExitCode : int {
    kExitOk = 0,
    kExitInternal = 1,    // a bug: please report it with the log
    kExitUsage = 2,       // wrong command line
    kExitInput = 3,       // a scene, asset or other input file is missing or malformed
    kExitGpu = 4,         // no usable Vulkan device, or the device failed
    kExitValidation = 5,  // --validation found Vulkan or OpenXR validation messages (tests fail on these)
    kExitNoXr = 6,        // `skyhook xr`: no OpenXR runtime, or no headset connected to it
    kExitXr = 7,          // `skyhook xr`: the OpenXR runtime failed or lost the session
};

}  // namespace skyhook::app
