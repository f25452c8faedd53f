#include "engine/xr/instance.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/ranges.h>

#include "engine/core/log.hpp"

namespace skyhook::xr {

namespace {

std::string versionString(XrVersion v) {
    return fmt::format("{}.{}.{}", XR_VERSION_MAJOR(v), XR_VERSION_MINOR(v), XR_VERSION_PATCH(v));
}

// Extensions offered by the runtime, the loader and every enabled API layer.
Result<std::vector<std::string>> availableExtensions(Failure* failure) {
    uint32_t n = 0;
    XrResult r = xrEnumerateInstanceExtensionProperties(nullptr, 0, &n, nullptr);
    if (XR_FAILED(r)) {
        if (failure) *failure = classify(r);
        return check(XR_NULL_HANDLE, r, "xrEnumerateInstanceExtensionProperties").error();
    }
    std::vector<XrExtensionProperties> props(n, {XR_TYPE_EXTENSION_PROPERTIES});
    r = xrEnumerateInstanceExtensionProperties(nullptr, n, &n, props.data());
    if (XR_FAILED(r)) {
        if (failure) *failure = classify(r);
        return check(XR_NULL_HANDLE, r, "xrEnumerateInstanceExtensionProperties").error();
    }
    std::vector<std::string> names;
    for (uint32_t i = 0; i < n; ++i) names.emplace_back(props[i].extensionName);
    return names;
}

}  // namespace

Result<std::unique_ptr<Instance>> Instance::create(const InstanceDesc& desc, Failure* failure) {
    if (failure) *failure = Failure::None;
    std::unique_ptr<Instance> instance(new Instance());
    if (auto r = instance->init(desc, failure); !r) {
        if (failure && *failure == Failure::None) *failure = Failure::Other;
        return r.error();
    }
    return instance;
}

Result<void> Instance::init(const InstanceDesc& desc, Failure* failure) {
    m_modules = desc.modules;
    m_raw = desc.raw;
    m_viewConfiguration = desc.viewConfiguration;
    auto available = availableExtensions(failure);
    if (!available) return available.error().context("no usable OpenXR runtime (set XR_RUNTIME_JSON?)");
    auto negotiated = negotiateExtensions(*available, m_modules);
    if (!negotiated) return negotiated.error();
    m_extensions = negotiated->enabled;
    for (const std::string& missing : negotiated->missingOptional)
        log::info("xr", "optional extension not offered: {}", missing);

    std::vector<const char*> names;
    for (const std::string& e : m_extensions) names.push_back(e.c_str());
    const void* next = nullptr;
    for (ExtensionModule* m : m_modules) next = m->chainInstanceCreateInfo(next);
    XrInstanceCreateInfo info{.type = XR_TYPE_INSTANCE_CREATE_INFO,
                              .next = next,
                              .enabledApiLayerCount = 0,
                              .enabledExtensionCount = uint32_t(names.size()),
                              .enabledExtensionNames = names.data()};
    std::strncpy(info.applicationInfo.applicationName, desc.appName.c_str(),
                 XR_MAX_APPLICATION_NAME_SIZE - 1);
    info.applicationInfo.applicationVersion = 1;
    std::strncpy(info.applicationInfo.engineName, "skyhook", XR_MAX_ENGINE_NAME_SIZE - 1);
    info.applicationInfo.engineVersion = 1;
    info.applicationInfo.apiVersion = XR_CURRENT_API_VERSION;
    XrResult r = xrCreateInstance(&info, &m_instance);
    if (XR_FAILED(r)) {
        if (failure) *failure = classify(r);
        return xr::check(XR_NULL_HANDLE, r, "xrCreateInstance").error();
    }

    XrInstanceProperties props{XR_TYPE_INSTANCE_PROPERTIES};
    SKYHOOK_TRY(check(xrGetInstanceProperties(m_instance, &props), "xrGetInstanceProperties"));
    m_runtimeName = fmt::format("{} {}", props.runtimeName, versionString(props.runtimeVersion));

    XrSystemGetInfo systemInfo{.type = XR_TYPE_SYSTEM_GET_INFO, .formFactor = desc.formFactor};
    r = xrGetSystem(m_instance, &systemInfo, &m_system);
    if (XR_FAILED(r)) {
        if (failure) *failure = classify(r);
        return check(r, "xrGetSystem").error().context("no headset");
    }
    XrSystemProperties system{XR_TYPE_SYSTEM_PROPERTIES};
    SKYHOOK_TRY(check(xrGetSystemProperties(m_instance, m_system, &system), "xrGetSystemProperties"));
    m_systemName = system.systemName;

    uint32_t n = 0;
    SKYHOOK_TRY(check(xrEnumerateViewConfigurations(m_instance, m_system, 0, &n, nullptr),
                      "xrEnumerateViewConfigurations"));
    std::vector<XrViewConfigurationType> configs(n);
    SKYHOOK_TRY(check(xrEnumerateViewConfigurations(m_instance, m_system, n, &n, configs.data()),
                      "xrEnumerateViewConfigurations"));
    if (std::find(configs.begin(), configs.end(), m_viewConfiguration) == configs.end())
        return Error::make("the headset '{}' has no view configuration {} (stereo)", m_systemName,
                           int(m_viewConfiguration));
    SKYHOOK_TRY(
        check(xrEnumerateViewConfigurationViews(m_instance, m_system, m_viewConfiguration, 0, &n, nullptr),
              "xrEnumerateViewConfigurationViews"));
    m_views.assign(n, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
    SKYHOOK_TRY(check(
        xrEnumerateViewConfigurationViews(m_instance, m_system, m_viewConfiguration, n, &n, m_views.data()),
        "xrEnumerateViewConfigurationViews"));
    if (m_views.empty()) return Error::make("the headset '{}' reports no views", m_systemName);

    SKYHOOK_TRY(
        check(xrEnumerateEnvironmentBlendModes(m_instance, m_system, m_viewConfiguration, 0, &n, nullptr),
              "xrEnumerateEnvironmentBlendModes"));
    std::vector<XrEnvironmentBlendMode> blends(n);
    SKYHOOK_TRY(check(
        xrEnumerateEnvironmentBlendModes(m_instance, m_system, m_viewConfiguration, n, &n, blends.data()),
        "xrEnumerateEnvironmentBlendModes"));
    if (blends.empty()) return Error::make("the runtime offers no environment blend mode");
    // A VR venue draws the whole world: opaque when offered, else the runtime's first preference.
    m_blendMode = std::find(blends.begin(), blends.end(), XR_ENVIRONMENT_BLEND_MODE_OPAQUE) != blends.end()
                      ? XR_ENVIRONMENT_BLEND_MODE_OPAQUE
                      : blends.front();

    for (ExtensionModule* m : m_modules) SKYHOOK_TRY(m->onInstanceCreated(*this));
    log::info("xr", "runtime {}, system '{}', {} views of {}x{} recommended, extensions: {}", m_runtimeName,
              m_systemName, m_views.size(), m_views[0].recommendedImageRectWidth,
              m_views[0].recommendedImageRectHeight, fmt::join(m_extensions, ", "));
    return {};
}

Instance::~Instance() {
    if (!m_instance) return;
    for (ExtensionModule* m : m_modules) m->onInstanceDestroying(*this);
    xrDestroyInstance(m_instance);
}

Result<void> Instance::check(XrResult result, const char* function) {
    if (classify(result) == Failure::InstanceLost) m_lost = true;
    return xr::check(m_instance, result, function);
}

Result<bool> Instance::pollEvent(XrEventDataBuffer& event) {
    event = {XR_TYPE_EVENT_DATA_BUFFER};
    XrResult r = m_raw.pollEvent(m_instance, &event);
    if (r == XR_EVENT_UNAVAILABLE) return false;
    SKYHOOK_TRY(check(r, "xrPollEvent"));
    return true;
}

}  // namespace skyhook::xr
