#pragma once
// Exit codes of the `skyhook` program (documented in README.md and `skyhook --help`).
namespace skyhook::app {

enum ExitCode : int {
    kExitOk = 0,
    kExitInternal = 1,    // a bug: please report it with the log
    kExitUsage = 2,       // wrong command line
    kExitInput = 3,       // a scene, asset or other input file is missing or malformed
    kExitGpu = 4,         // no usable Vulkan device, or the device failed
    kExitValidation = 5,  // --validation found Vulkan validation messages (tests treat these as failures)
};

}  // namespace skyhook::app
