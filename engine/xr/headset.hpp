#pragma once
// The engine-facing side of OpenXR (Godot's openxr_interface to the raw layer's openxr_api): one headset —
// its extension modules, the instance, and at most one session at a time with its colour swapchain and frame
// loop. The app drives it: create it, open the Vulkan device through deviceHooks(), startSession(), then
// pollEvents() and frame() in its loop until the session is finished (the runtime or the visitor ended it, or
// it was lost), endSession(), and possibly startSession() again. Ownership: the Headset owns everything XR;
// the gpu::Device is the app's and must outlive the session (end the session before destroying the device).
// Threading: the render thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/xr/action_map.hpp"
#include "engine/xr/actions.hpp"
#include "engine/xr/debug_utils.hpp"
#include "engine/xr/depth_layer.hpp"
#include "engine/xr/display_clock.hpp"
#include "engine/xr/frame_loop.hpp"
#include "engine/xr/instance.hpp"
#include "engine/xr/session.hpp"
#include "engine/xr/swapchain.hpp"
#include "engine/xr/visibility_mask.hpp"
#include "engine/xr/vulkan_enable2.hpp"

namespace skyhook::xr {

struct HeadsetDesc {
    std::string appName = "skyhook";
    bool preferStage = true;       // STAGE reference space when offered, else LOCAL
    float resolutionScale = 1.0f;  // of the runtime's recommended per-eye size
    float nearPlane = 0.05f;       // metres
    // Loaded into every session (no action sets: the head is still located, the hands are not).
    ActionMap actionMap;
    RawApi raw;  // the frame loop's calls and xrPollEvent (tests wrap them to inject faults)
};

class Headset {
public:
    // `failure` tells "no runtime" and "no headset" from other failures (the app maps them to exit codes).
    static Result<std::unique_ptr<Headset>> create(const HeadsetDesc& desc, Failure* failure = nullptr);
    ~Headset();
    Headset(const Headset&) = delete;
    Headset& operator=(const Headset&) = delete;

    // Pass to gpu::DeviceDesc::hooks: the runtime creates the Vulkan instance and device
    // (XR_KHR_vulkan_enable2).
    gpu::DeviceCreationHooks& deviceHooks() { return m_vulkan; }

    // Creates a session on `device` (made through deviceHooks()) and its swapchain. The session then waits
    // for the runtime's READY, which pollEvents() answers by beginning it.
    Result<void> startSession(gpu::Device& device);
    // After an instance loss the engine keeps its Vulkan device (made through the old instance): the new
    // instance must name the same physical device (xrGetVulkanGraphicsDevice2KHR) for the device to drive the
    // headset; otherwise the error says so and only a restart helps. Call before startSession().
    Result<void> adoptDevice(const gpu::Device& device);
    // Handles every pending event: session state changes (begin, end), module events, instance loss.
    Result<void> pollEvents();
    // One frame (call while running()): the actions are synced and the head and hands located at the
    // frame's predicted display time (input()) before `render` runs.
    Result<FrameResult> frame(const Origin& origin, const RenderFn& render);
    // This frame's input (reference-space poses, values); see input_state.hpp.
    const InputState& input() const;
    Actions* actions() { return m_actions.get(); }
    // The runtime's play-area rectangle of the STAGE space (xrGetReferenceSpaceBoundsRect), when it knows
    // one (width along x, depth along z).
    Result<std::optional<XrExtent2Df>> stageBoundsRect();
    // Asks the runtime to end the session (STOPPING, then EXITING); a session not running finishes at once.
    Result<void> requestExit();
    // Destroys the session and its swapchain (once finished(), on a loss, or at shutdown).
    void endSession();

    bool hasSession() const { return m_session != nullptr; }
    SessionState state() const { return m_session ? m_session->state() : SessionState::None; }
    bool running() const { return m_session && m_session->running(); }
    // The session is over: EXITING, lost, or ended by requestExit() before it ran.
    bool sessionFinished() const;
    bool sessionLost() const { return m_session && m_session->lost(); }
    bool instanceLost() const { return m_instance->lost(); }

    Instance& instance() { return *m_instance; }
    Session* session() { return m_session.get(); }
    Swapchain* swapchain() { return m_swapchain.get(); }
    // The depth submitted with the eyes (XR_KHR_composition_layer_depth); null when the runtime does not take
    // it or offers no D32_SFLOAT swapchain.
    Swapchain* depthSwapchain() { return m_depthSwapchain.get(); }
    const DebugUtils& debugUtils() const { return m_debugUtils; }
    const VisibilityMask& visibilityMask() const { return m_visibilityMask; }
    const DepthLayer& depthLayer() const { return m_depthLayer; }
    // XrTime → CLOCK_MONOTONIC (exact through XR_KHR_convert_timespec_time, else estimated).
    DisplayClock& displayClock() { return m_displayClock; }
    // XR_EXT_debug_utils messages (the core validation layer's among them) so far.
    uint64_t validationMessages() const { return m_debugUtils.messageCount(); }
    // Every state every session of this headset went through, in order.
    const std::vector<SessionState>& stateHistory() const { return m_history; }
    uint64_t framesSubmitted() const { return stats().framesSubmitted; }
    // Frame counters of every session of this headset (FrameStats: submitted, skipped late or not visible,
    // CPU time).
    FrameStats stats() const;
    uint32_t sessionsStarted() const { return m_sessionsStarted; }

private:
    Headset() = default;

    HeadsetDesc m_desc;
    // Modules first: they outlive the instance and session that call them.
    VulkanEnable2 m_vulkan;
    DebugUtils m_debugUtils;
    VisibilityMask m_visibilityMask;
    DepthLayer m_depthLayer;
    DisplayClock m_displayClock;
    std::unique_ptr<Instance> m_instance;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<Actions> m_actions;
    std::unique_ptr<Swapchain> m_swapchain;
    std::unique_ptr<Swapchain> m_depthSwapchain;
    std::unique_ptr<FrameLoop> m_loop;
    std::vector<SessionState> m_history;
    FrameStats m_endedStats;  // of sessions already ended
    uint32_t m_sessionsStarted = 0;
    bool m_exitBeforeRunning = false;
};

}  // namespace skyhook::xr
