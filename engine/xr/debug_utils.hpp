#pragma once
// XR_EXT_debug_utils (optional; the loader provides it): a messenger chained into instance creation, so the
// loader's and the API layers' warnings and errors reach the engine's log for the instance's lifetime,
// counted. Debian 12's core validation layer (OpenXR SDK 1.0.20) reports to no messenger: its messages go to
// stdout, or to the file named by XR_CORE_VALIDATION_FILE_NAME, which tests/xr/xr_env.sh sets and checks.
#include <atomic>
#include <cstdint>

#include "engine/xr/extension.hpp"

namespace skyhook::xr {

class DebugUtils final : public ExtensionModule {
public:
    const char* moduleName() const override { return "debug_utils"; }
    std::vector<ExtensionRequest> requests() const override {
        return {{XR_EXT_DEBUG_UTILS_EXTENSION_NAME, false}};
    }
    const void* chainInstanceCreateInfo(const void* next) override;

    // Warnings and errors reported so far.
    uint64_t messageCount() const { return m_messages.load(); }
    void countMessage() { ++m_messages; }

private:
    XrDebugUtilsMessengerCreateInfoEXT m_info{XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    std::atomic<uint64_t> m_messages{0};
};

}  // namespace skyhook::xr
