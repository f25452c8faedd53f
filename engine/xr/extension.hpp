#pragma once
// Extension modules: each OpenXR extension the engine uses is one module that declares what it wants
// (required or optional), adds its structs to the create-info chains it extends and handles its events — no
// `if (extension)` chains in the session code (Godot's openxr extension wrappers, shared/STYLE.md).
// Modules are owned by the Headset (or a test) and outlive the Instance and Session that call them.
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/xr/openxr.hpp"

namespace skyhook::xr {

class Instance;
class Session;

struct ExtensionRequest {
    std::string name;
    bool required = false;  // a required extension the runtime lacks fails instance creation
};

// What a swapchain is being created with, for modules that extend swapchain creation.
struct SwapchainRequest {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    std::vector<VkFormat> viewFormats;  // formats the images will be viewed as (mutable-format swapchains)
};

class ExtensionModule {
public:
    virtual ~ExtensionModule() = default;
    virtual const char* moduleName() const = 0;
    virtual std::vector<ExtensionRequest> requests() const = 0;

    // The extensions of requests() that the instance enabled (set before the instance is created).
    void setEnabled(std::vector<std::string> names) { m_enabled = std::move(names); }
    bool enabled(const std::string& extension) const;
    // Whether the module is in use: each of its required extensions, or at least one of its optional ones.
    bool active() const;

    // Each chain hook receives the head of a `next` chain and returns the new head; structs it adds live in
    // the module and stay valid until the hook is called again.
    virtual const void* chainInstanceCreateInfo(const void* next) { return next; }
    virtual Result<void> onInstanceCreated(Instance&) { return {}; }
    virtual void onInstanceDestroying(Instance&) {}
    virtual const void* chainSessionCreateInfo(const void* next) { return next; }
    virtual Result<void> onSessionCreated(Session&) { return {}; }
    virtual void onSessionDestroying(Session&) {}
    virtual const void* chainSwapchainCreateInfo(const void* next, const SwapchainRequest&) { return next; }
    // Every event polled from the instance; `session` is null when there is none. Return true when the event
    // was this module's (state changes and losses are the session's and instance's, never a module's).
    virtual Result<bool> onEvent(Session* session, const XrEventDataBuffer& event) {
        (void)session;
        (void)event;
        return false;
    }

private:
    std::vector<std::string> m_enabled;
};

struct NegotiatedExtensions {
    std::vector<std::string> enabled;          // to pass to xrCreateInstance, each once
    std::vector<std::string> missingOptional;  // "XR_KHR_visibility_mask (visibility_mask)"
};

// Matches what the modules want against what the runtime (and loader, and layers) offer and tells each
// module what it got. A required extension that is missing is an error naming it and its module.
Result<NegotiatedExtensions> negotiateExtensions(std::span<const std::string> available,
                                                 std::span<ExtensionModule* const> modules);

}  // namespace skyhook::xr
