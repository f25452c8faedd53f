#pragma once
// The XR frame: xrWaitFrame (the runtime paces the loop), xrBeginFrame, and — when the runtime wants a
// picture (XrFrameState::shouldRender) and knows where the head is — the views from xrLocateViews at the
// predicted display time, the swapchain image acquired, the caller's render function drawing a ViewSet of
// those views into it (view i into array layer i), the image released, and xrEndFrame with a projection layer
// carrying the very poses and fields of view that were rendered. Otherwise the frame ends with no layers.
// Threading: the render thread; call only while the session is running.
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/render/view.hpp"
#include "engine/xr/session.hpp"
#include "engine/xr/stereo_views.hpp"
#include "engine/xr/swapchain.hpp"

namespace skyhook::xr {

struct FrameResult {
    XrTime displayTime = 0;           // predicted display time of this frame
    XrDuration displayPeriod = 0;     // the runtime's frame period
    bool shouldRender = false;        // the runtime wanted a picture
    bool rendered = false;            // a projection layer was submitted with xrEndFrame
    std::vector<XrView> located;      // the views at displayTime in the session's reference space
    std::vector<render::View> views;  // what the renderer drew (scene coordinates)
};

// Records and submits the GPU work of one ViewSet for the frame shown at `displayTime`; its target is the
// acquired swapchain image. The work must be submitted to the device's queue before returning (the image is
// released right after).
using RenderFn = std::function<Result<void>(const render::ViewSet& views, XrTime displayTime)>;
// Called once per frame after xrBeginFrame with the predicted display time, before the views are located and
// rendered (the actions are synced and the hands located here).
using FrameTimeFn = std::function<Result<void>(XrTime displayTime)>;

class FrameLoop {
public:
    FrameLoop(Session& session, Swapchain& swapchain, float nearPlane = 0.05f)
        : m_session(session), m_swapchain(swapchain), m_nearPlane(nearPlane) {}

    Result<FrameResult> frame(const Origin& origin, const RenderFn& render, const FrameTimeFn& onTime = {});

    uint64_t framesEnded() const { return m_ended; }
    uint64_t framesSubmitted() const { return m_submitted; }  // with a projection layer

private:
    Result<bool> renderViews(FrameResult& result, const Origin& origin, const RenderFn& render);

    Session& m_session;
    Swapchain& m_swapchain;
    float m_nearPlane = 0.05f;
    std::vector<XrCompositionLayerProjectionView> m_layerViews;
    uint64_t m_ended = 0;
    uint64_t m_submitted = 0;
};

}  // namespace skyhook::xr
