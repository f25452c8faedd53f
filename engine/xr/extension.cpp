#include "engine/xr/extension.hpp"

#include <algorithm>

namespace skyhook::xr {

bool ExtensionModule::enabled(const std::string& extension) const {
    return std::find(m_enabled.begin(), m_enabled.end(), extension) != m_enabled.end();
}

bool ExtensionModule::active() const {
    bool anyOptional = false, hasOptional = false;
    for (const ExtensionRequest& r : requests()) {
        if (r.required && !enabled(r.name)) return false;
        if (!r.required) {
            hasOptional = true;
            anyOptional = anyOptional || enabled(r.name);
        }
    }
    return !hasOptional || anyOptional;
}

Result<NegotiatedExtensions> negotiateExtensions(std::span<const std::string> available,
                                                 std::span<ExtensionModule* const> modules) {
    auto offered = [&](const std::string& name) {
        return std::find(available.begin(), available.end(), name) != available.end();
    };
    NegotiatedExtensions out;
    for (ExtensionModule* module : modules) {
        std::vector<std::string> granted;
        for (const ExtensionRequest& r : module->requests()) {
            if (!offered(r.name)) {
                if (r.required)
                    return Error::make("the OpenXR runtime lacks {}, which the {} module requires", r.name,
                                       module->moduleName());
                out.missingOptional.push_back(fmt::format("{} ({})", r.name, module->moduleName()));
                continue;
            }
            granted.push_back(r.name);
            if (std::find(out.enabled.begin(), out.enabled.end(), r.name) == out.enabled.end())
                out.enabled.push_back(r.name);
        }
        module->setEnabled(std::move(granted));
    }
    return out;
}

}  // namespace skyhook::xr
