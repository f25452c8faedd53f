#pragma once
// The raw OpenXR instance: extension negotiation through the modules, the system (a head-mounted display) and
// its view configuration, and event polling. Every call goes through check(), which turns XrResults into
// Results and remembers an instance loss (the caller destroys the instance and may make a new one).
// Threading: the render thread (OpenXR allows others, but the engine keeps XR on one thread).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/xr/extension.hpp"
#include "engine/xr/openxr.hpp"
#include "engine/xr/raw_api.hpp"
#include "engine/xr/xr_result.hpp"

namespace skyhook::xr {

struct InstanceDesc {
    std::string appName = "skyhook";
    std::vector<ExtensionModule*> modules;  // not owned; they outlive the instance
    XrFormFactor formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    XrViewConfigurationType viewConfiguration = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    RawApi raw;  // the frame loop's calls and xrPollEvent (tests wrap them)
};

class Instance {
public:
    // On failure, `failure` (when given) says whether there is no runtime, no headset, or something else.
    static Result<std::unique_ptr<Instance>> create(const InstanceDesc& desc, Failure* failure = nullptr);
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    XrInstance handle() const { return m_instance; }
    XrSystemId system() const { return m_system; }
    const std::string& runtimeName() const { return m_runtimeName; }
    const std::string& systemName() const { return m_systemName; }
    XrViewConfigurationType viewConfiguration() const { return m_viewConfiguration; }
    // The runtime's recommendation per view (eye) of the view configuration.
    const std::vector<XrViewConfigurationView>& views() const { return m_views; }
    XrEnvironmentBlendMode blendMode() const { return m_blendMode; }
    const std::vector<std::string>& enabledExtensions() const { return m_extensions; }
    std::span<ExtensionModule* const> modules() const { return m_modules; }
    const RawApi& raw() const { return m_raw; }

    // Wraps an XrResult of a call on this instance; remembers XR_ERROR_INSTANCE_LOST.
    Result<void> check(XrResult result, const char* function);
    // The runtime announced it is going away (XrEventDataInstanceLossPending) or a call reported the loss.
    bool lost() const { return m_lost; }
    void markLost() { m_lost = true; }

    // One event, if any: false when the queue is empty.
    Result<bool> pollEvent(XrEventDataBuffer& event);

private:
    Instance() = default;
    Result<void> init(const InstanceDesc& desc, Failure* failure);

    XrInstance m_instance = XR_NULL_HANDLE;
    XrSystemId m_system = XR_NULL_SYSTEM_ID;
    std::string m_runtimeName;
    std::string m_systemName;
    XrViewConfigurationType m_viewConfiguration = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    std::vector<XrViewConfigurationView> m_views;
    XrEnvironmentBlendMode m_blendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    std::vector<std::string> m_extensions;
    std::vector<ExtensionModule*> m_modules;
    RawApi m_raw;
    bool m_lost = false;
};

}  // namespace skyhook::xr
