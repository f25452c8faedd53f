#include "engine/xr/visibility_mask.hpp"

#include <algorithm>

#include "engine/core/log.hpp"
#include "engine/xr/session.hpp"

namespace skyhook::xr {

std::vector<glm::vec2> hiddenTriangles(const HiddenAreaMesh& mesh) {
    std::vector<glm::vec2> out;
    out.reserve(mesh.indices.size());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
        if (std::max({a, b, c}) >= mesh.vertices.size()) continue;
        for (uint32_t i : {a, b, c}) out.emplace_back(mesh.vertices[i].x, mesh.vertices[i].y);
    }
    return out;
}

Result<void> VisibilityMask::onInstanceCreated(Instance& instance) {
    if (!enabled(XR_KHR_VISIBILITY_MASK_EXTENSION_NAME)) return {};
    auto fn = loadFunction<PFN_xrGetVisibilityMaskKHR>(instance.handle(), "xrGetVisibilityMaskKHR");
    if (!fn) return fn.error();
    m_get = *fn;
    return {};
}

Result<void> VisibilityMask::onSessionCreated(Session& session) {
    if (!m_get) return {};
    m_masks.assign(session.instance().views().size(), {});
    for (uint32_t v = 0; v < m_masks.size(); ++v) SKYHOOK_TRY(fetch(session, v));
    return {};
}

Result<bool> VisibilityMask::onEvent(Session* session, const XrEventDataBuffer& event) {
    if (event.type != XR_TYPE_EVENT_DATA_VISIBILITY_MASK_CHANGED_KHR) return false;
    const auto& changed = reinterpret_cast<const XrEventDataVisibilityMaskChangedKHR&>(event);
    if (!m_get || !session || changed.session != session->handle() ||
        changed.viewConfigurationType != session->instance().viewConfiguration() ||
        changed.viewIndex >= m_masks.size())
        return true;
    SKYHOOK_TRY(fetch(*session, changed.viewIndex));
    return true;
}

Result<void> VisibilityMask::fetch(Session& session, uint32_t view) {
    const XrViewConfigurationType config = session.instance().viewConfiguration();
    const auto type = XR_VISIBILITY_MASK_TYPE_HIDDEN_TRIANGLE_MESH_KHR;
    XrVisibilityMaskKHR mask{XR_TYPE_VISIBILITY_MASK_KHR};
    SKYHOOK_TRY(session.check(m_get(session.handle(), config, view, type, &mask), "xrGetVisibilityMaskKHR"));
    HiddenAreaMesh& out = m_masks[view];
    out.vertices.resize(mask.vertexCountOutput);
    out.indices.resize(mask.indexCountOutput);
    mask.vertexCapacityInput = uint32_t(out.vertices.size());
    mask.vertices = out.vertices.data();
    mask.indexCapacityInput = uint32_t(out.indices.size());
    mask.indices = out.indices.data();
    if (mask.vertexCapacityInput || mask.indexCapacityInput)
        SKYHOOK_TRY(
            session.check(m_get(session.handle(), config, view, type, &mask), "xrGetVisibilityMaskKHR"));
    out.vertices.resize(mask.vertexCountOutput);
    out.indices.resize(mask.indexCountOutput);
    out.triangles = hiddenTriangles(out);
    ++m_updates;
    log::debug("xr", "visibility mask of view {}: {} hidden triangles", view, out.indices.size() / 3);
    return {};
}

}  // namespace skyhook::xr
