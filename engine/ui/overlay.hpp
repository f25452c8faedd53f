#pragma once
// The operator overlay: a Dear ImGui context (GLFW input, Vulkan drawing) and the render-graph pass that
// draws it over the tone-mapped target. ImGui 1.86's Vulkan backend needs a VkRenderPass, so the pass begins
// its own (LOAD, COLOR_ATTACHMENT_OPTIMAL in and out: the graph's barrier has already put the target there).
// Threading: the main thread (ImGui and GLFW are single-threaded). One Overlay per process (ImGui's backends
// keep global state).
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <glm/glm.hpp>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/platform/window.hpp"
#include "engine/render/graph.hpp"
#include "engine/render/renderer.hpp"
#include "engine/ui/log_buffer.hpp"
#include "engine/ui/panels.hpp"

namespace skyhook::ui {

struct OverlayDesc {
    gpu::Device* device = nullptr;
    platform::Window* window = nullptr;
    VkFormat format = VK_FORMAT_B8G8R8A8_UNORM;  // the target's format (the swapchain's)
    uint32_t imageCount = 3;                     // swapchain images
};

class Overlay {
public:
    static Result<std::unique_ptr<Overlay>> create(const OverlayDesc& desc);
    ~Overlay();
    Overlay(const Overlay&) = delete;
    Overlay& operator=(const Overlay&) = delete;

    bool visible() const { return m_visible; }
    void setVisible(bool visible) { m_visible = visible; }
    // Whether ImGui uses the mouse / keyboard this frame (the fly camera must then ignore them).
    bool wantsMouse() const;
    bool wantsKeyboard() const;

    // Starts an ImGui frame and builds the panels. Call once a frame, before Renderer::render.
    void buildFrame(render::Renderer& renderer, const scene::Scene& scene, const FrameInfo& info);
    // An ImGui frame of other panels (`draw` runs between NewFrame and Render while visible), for windows
    // without a renderer (the show master's console).
    void buildFrame(const std::function<void()>& draw);
    // The warnings and errors logged since the overlay was made.
    const LogBuffer& log() const { return m_log; }
    // Adds the overlay's pass to the graph (call from the renderer's OverlayFn). Draws nothing when hidden.
    void addPass(render::RenderGraph& graph, render::ImageId target);
    // The swapchain was rebuilt: its image views are gone, so are the framebuffers made for them.
    void onSwapchainRecreated(uint32_t imageCount);

private:
    explicit Overlay(const OverlayDesc& desc) : m_desc(desc) {}
    Result<void> init();
    Result<VkFramebuffer> framebufferFor(VkImageView view, VkExtent2D extent);
    void retireFramebuffers();

    OverlayDesc m_desc;
    bool m_visible = true;
    bool m_imguiContext = false;
    bool m_glfwBackend = false;
    bool m_vulkanBackend = false;
    bool m_frameStarted = false;
    VkDescriptorPool m_pool = VK_NULL_HANDLE;
    VkRenderPass m_renderPass = VK_NULL_HANDLE;
    std::vector<std::pair<VkImageView, VkFramebuffer>> m_framebuffers;
    VkExtent2D m_framebufferExtent{};
    LogBuffer m_log;
    Panels m_panels;
};

}  // namespace skyhook::ui
