#include "engine/xr/xr_result.hpp"

#include <openxr/openxr_reflection.h>

namespace skyhook::xr {

namespace {

const char* tableName(XrResult result) {
    switch (result) {
#define SKYHOOK_XR_RESULT_CASE(name, value) \
    case name:                              \
        return #name;
        XR_LIST_ENUM_XrResult(SKYHOOK_XR_RESULT_CASE)
#undef SKYHOOK_XR_RESULT_CASE
            default : return nullptr;
    }
}

}  // namespace

std::string resultName(XrInstance instance, XrResult result) {
    if (instance != XR_NULL_HANDLE) {
        char buffer[XR_MAX_RESULT_STRING_SIZE] = {};
        if (XR_SUCCEEDED(xrResultToString(instance, result, buffer)) && buffer[0]) return buffer;
    }
    if (const char* name = tableName(result)) return name;
    return fmt::format("XrResult {}", int(result));
}

Failure classify(XrResult result) {
    if (XR_SUCCEEDED(result)) return Failure::None;
    switch (result) {
        case XR_ERROR_RUNTIME_UNAVAILABLE:
        case XR_ERROR_RUNTIME_FAILURE:
        case XR_ERROR_API_VERSION_UNSUPPORTED:
            return Failure::NoRuntime;
        case XR_ERROR_FORM_FACTOR_UNAVAILABLE:
            return Failure::NoHeadset;
        case XR_ERROR_SESSION_LOST:
            return Failure::SessionLost;
        case XR_ERROR_INSTANCE_LOST:
            return Failure::InstanceLost;
        default:
            return Failure::Other;
    }
}

Result<void> check(XrInstance instance, XrResult result, const char* function) {
    if (XR_SUCCEEDED(result)) return {};
    return Error::make("{} failed: {}", function, resultName(instance, result));
}

Result<PFN_xrVoidFunction> procAddr(XrInstance instance, const char* name) {
    PFN_xrVoidFunction fn = nullptr;
    SKYHOOK_TRY(check(instance, xrGetInstanceProcAddr(instance, name, &fn), name));
    if (!fn) return Error::make("{}: the runtime returned no function", name);
    return fn;
}

}  // namespace skyhook::xr
