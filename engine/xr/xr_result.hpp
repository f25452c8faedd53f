#pragma once
// The raw layer's error channel: every XrResult becomes a Result whose message names the call and the result
// ("xrBeginSession failed: XR_ERROR_SESSION_NOT_READY"). Nothing here exits or aborts: a runtime can fail,
// restart or lose the session at any time, and callers decide what to do (the session state machine turns
// losses into states the caller can retry from).
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/xr/openxr.hpp"

namespace skyhook::xr {

// "XR_ERROR_SESSION_LOST": through xrResultToString when an instance exists, else from the headers' table.
std::string resultName(XrInstance instance, XrResult result);

// What a failed call means for the caller.
enum class Failure : uint8_t {
    None,
    Other,         // a failed call (bad argument, unsupported format, ...)
    NoRuntime,     // no runtime installed or it could not be loaded
    NoHeadset,     // the runtime is there but no headset is connected (XR_ERROR_FORM_FACTOR_UNAVAILABLE)
    SessionLost,   // the session must be destroyed; a new one may be created
    InstanceLost,  // the runtime went away: the instance must be destroyed and made again
};
Failure classify(XrResult result);

// Success codes (XR_SUCCESS, XR_SESSION_LOSS_PENDING, XR_FRAME_DISCARDED, ...) pass; failures become errors.
Result<void> check(XrInstance instance, XrResult result, const char* function);

// Extension functions are not exported by the loader: looks `name` up for `instance`.
Result<PFN_xrVoidFunction> procAddr(XrInstance instance, const char* name);
template <class Fn>
Result<Fn> loadFunction(XrInstance instance, const char* name) {
    auto fn = procAddr(instance, name);
    if (!fn) return fn.error();
    return reinterpret_cast<Fn>(*fn);
}

}  // namespace skyhook::xr
