#include "engine/xr/debug_utils.hpp"

#include "engine/core/log.hpp"

namespace skyhook::xr {

namespace {

// May be called on any thread the loader or a layer reports from.
XRAPI_ATTR XrBool32 XRAPI_CALL onMessage(XrDebugUtilsMessageSeverityFlagsEXT severity,
                                         XrDebugUtilsMessageTypeFlagsEXT,
                                         const XrDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    auto* module = static_cast<DebugUtils*>(user);
    const char* id = data && data->messageId ? data->messageId : "";
    const char* function = data && data->functionName ? data->functionName : "";
    const char* message = data && data->message ? data->message : "(no message)";
    module->countMessage();
    if (severity & XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
        log::error("openxr", "[{}] {}: {}", id, function, message);
    else
        log::warn("openxr", "[{}] {}: {}", id, function, message);
    return XR_FALSE;
}

}  // namespace

const void* DebugUtils::chainInstanceCreateInfo(const void* next) {
    if (!enabled(XR_EXT_DEBUG_UTILS_EXTENSION_NAME)) return next;
    m_info = {.type = XR_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
              .next = next,
              .messageSeverities = XR_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                                   XR_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
              .messageTypes = XR_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                              XR_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                              XR_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT |
                              XR_DEBUG_UTILS_MESSAGE_TYPE_CONFORMANCE_BIT_EXT,
              .userCallback = onMessage,
              .userData = this};
    return &m_info;
}

}  // namespace skyhook::xr
