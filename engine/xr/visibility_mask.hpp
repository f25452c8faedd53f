#pragma once
// XR_KHR_visibility_mask (optional): per eye, the triangles of the image the lenses never show. Fetched when
// the session is created and again whenever the runtime says a mask changed
// (XrEventDataVisibilityMaskChangedKHR). The frame loop hands each view's triangles to the renderer
// (render::View::hiddenArea), which draws them black at the nearest depth first: nothing is shaded there.
#include <cstdint>
#include <vector>

#include <glm/vec2.hpp>

#include "engine/xr/extension.hpp"

namespace skyhook::xr {

struct HiddenAreaMesh {
    std::vector<XrVector2f>
        vertices;                   // in the view's tangent space (x = tan of the angle), as the spec gives
    std::vector<uint32_t> indices;  // triangles, counter-clockwise
    std::vector<glm::vec2> triangles;  // the same as a triangle list (hiddenTriangles), made once per fetch
};

// The mesh as a triangle list (render::View::hiddenArea); triangles naming a vertex the mesh lacks are
// dropped.
std::vector<glm::vec2> hiddenTriangles(const HiddenAreaMesh& mesh);

class VisibilityMask final : public ExtensionModule {
public:
    const char* moduleName() const override { return "visibility_mask"; }
    std::vector<ExtensionRequest> requests() const override {
        return {{XR_KHR_VISIBILITY_MASK_EXTENSION_NAME, false}};
    }
    Result<void> onInstanceCreated(Instance& instance) override;
    void onInstanceDestroying(Instance&) override { m_get = nullptr; }
    Result<void> onSessionCreated(Session& session) override;
    void onSessionDestroying(Session&) override { m_masks.clear(); }
    Result<bool> onEvent(Session* session, const XrEventDataBuffer& event) override;

    // The hidden area of each view (empty when the runtime offers no mask).
    const std::vector<HiddenAreaMesh>& hiddenAreas() const { return m_masks; }
    uint32_t updates() const { return m_updates; }  // masks fetched so far (all sessions)

private:
    Result<void> fetch(Session& session, uint32_t view);

    PFN_xrGetVisibilityMaskKHR m_get = nullptr;
    std::vector<HiddenAreaMesh> m_masks;
    uint32_t m_updates = 0;
};

}  // namespace skyhook::xr
