#pragma once
// The XR frame: xrWaitFrame (the runtime paces the loop), xrBeginFrame, the views located at the predicted
// display time (early: tracking, input), then — when the runtime wants a picture (shouldRender), the session
// is FOCUSED (a headset taken off, VISIBLE or IDLE, pauses only the eyes' GPU work; xrWaitFrame still paces
// the loop), the head is tracked and the frame can still be ready by its display time (LatePolicy) — the
// swapchain image acquired, the views located again just before recording (late latching: these are the
// poses rendered and submitted), the caller's render function drawing a ViewSet of them (view i into array
// layer i), the image released, and xrEndFrame with a projection layer carrying exactly those poses and
// fields of view. Otherwise the frame ends with no layers (the runtime reprojects the last one) and the
// reason is counted in FrameStats. Every call goes through the instance's RawApi.
// Threading: the render thread; call only while the session is running.
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/render/view.hpp"
#include "engine/xr/frame_pacing.hpp"
#include "engine/xr/session.hpp"
#include "engine/xr/stereo_views.hpp"
#include "engine/xr/swapchain.hpp"
#include "engine/xr/visibility_mask.hpp"

namespace skyhook::xr {

enum class FrameSkip : uint8_t { None, NotVisible, NoTracking, Late };

struct FrameResult {
    XrTime displayTime = 0;        // predicted display time of this frame
    XrDuration displayPeriod = 0;  // the runtime's frame period
    int64_t wokeNs = 0;            // CLOCK_MONOTONIC when xrWaitFrame returned
    bool shouldRender = false;     // the runtime wanted a picture
    bool rendered = false;         // a projection layer was submitted with xrEndFrame
    FrameSkip skipped = FrameSkip::None;
    std::vector<XrView> early;        // the first location, right after xrBeginFrame
    std::vector<XrView> located;      // the late-latched views rendered and submitted (reference space)
    std::vector<render::View> views;  // what the renderer drew (scene coordinates)
};

// Records and submits the GPU work of one ViewSet for the frame shown at `displayTime`; its target is the
// acquired swapchain image. The work must be submitted to the device's queue before returning (the image is
// released right after).
using RenderFn = std::function<Result<void>(const render::ViewSet& views, XrTime displayTime)>;
// Called once per frame after xrBeginFrame with the predicted display time, the predicted period and when
// xrWaitFrame returned (CLOCK_MONOTONIC ns), before the views are located and rendered (the actions are
// synced and the hands located here).
using FrameTimeFn = std::function<Result<void>(XrTime displayTime, XrDuration period, int64_t wokeNs)>;

class FrameLoop {
public:
    FrameLoop(Session& session, Swapchain& swapchain, float nearPlane = 0.05f)
        : m_session(session), m_swapchain(swapchain), m_nearPlane(nearPlane) {}

    Result<FrameResult> frame(const Origin& origin, const RenderFn& render, const FrameTimeFn& onTime = {});
    // A depth swapchain (XR_KHR_composition_layer_depth; null: none): each view's depth is drawn into it and
    // submitted with the projection layer (reversed-Z: nearZ = +infinity at depth 0, farZ = the near plane at
    // depth 1), so the compositor can reproject with parallax.
    void setDepthSwapchain(Swapchain* depth) { m_depth = depth; }
    // The views' hidden areas (XR_KHR_visibility_mask), read each frame (the module refetches them when the
    // runtime changes one); null or empty: none.
    void setHiddenAreas(const std::vector<HiddenAreaMesh>* masks) { m_hiddenAreas = masks; }

    uint64_t framesEnded() const { return m_stats.framesEnded; }
    uint64_t framesSubmitted() const { return m_stats.framesSubmitted; }  // with a projection layer
    const FrameStats& stats() const { return m_stats; }

private:
    Result<bool> locate(XrTime displayTime, std::vector<XrView>& views);
    Result<FrameSkip> renderViews(FrameResult& result, const Origin& origin, const RenderFn& render,
                                  double waitedAtMs);

    Session& m_session;
    Swapchain& m_swapchain;
    float m_nearPlane = 0.05f;
    const std::vector<HiddenAreaMesh>* m_hiddenAreas = nullptr;
    Swapchain* m_depth = nullptr;
    std::vector<XrCompositionLayerProjectionView> m_layerViews;
    std::vector<XrCompositionLayerDepthInfoKHR> m_depthInfos;  // chained to m_layerViews
    FrameStats m_stats;
    LatePolicy m_late;
};

}  // namespace skyhook::xr
