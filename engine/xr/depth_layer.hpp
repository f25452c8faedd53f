#pragma once
// XR_KHR_composition_layer_depth (optional): depth submitted with the projection layer lets the runtime
// reproject with parallax. Not used yet: the renderer's depth is a transient (multisampled) image inside the
// graph, so submitting it needs a depth swapchain the renderer resolves into. For now the module only records
// whether the runtime offers it (engine/xr/README.md, "Not done yet").
#include "engine/xr/extension.hpp"

namespace skyhook::xr {

class DepthLayer final : public ExtensionModule {
public:
    const char* moduleName() const override { return "composition_layer_depth"; }
    std::vector<ExtensionRequest> requests() const override {
        return {{XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, false}};
    }
};

}  // namespace skyhook::xr
