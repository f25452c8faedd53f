#pragma once
// A GLFW window with its input state and the surface factory gpu needs (instance extensions + VkSurfaceKHR).
// Threading: create, poll and query on the main thread only (GLFW's rule).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

#include "engine/core/result.hpp"

struct GLFWwindow;

namespace skyhook::platform {

// The keys Skyhook binds; GLFW's key codes stay inside platform.
enum class Key : uint8_t { W, A, S, D, Q, E, Shift, Control, Escape, F1, F2, Count };

struct WindowDesc {
    std::string title = "skyhook";
    uint32_t width = 1280;
    uint32_t height = 720;
    bool resizable = true;
};

// What happened since the previous pollEvents().
struct InputState {
    std::array<bool, size_t(Key::Count)> down{};
    std::array<bool, size_t(Key::Count)> pressed{};  // went down since the last poll (toggles)
    double mouseDx = 0.0, mouseDy = 0.0;             // pixels; only while the mouse is captured
    double scroll = 0.0;                             // wheel steps
    bool rightButton = false;                        // held: mouse look
    bool isDown(Key k) const { return down[size_t(k)]; }
    bool wasPressed(Key k) const { return pressed[size_t(k)]; }
};

class Window {
public:
    // Fails with a clear error when there is no display (GLFW cannot initialise).
    static Result<std::unique_ptr<Window>> create(const WindowDesc& desc);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Processes events and refreshes input(). waitEvents() blocks until one arrives (minimised windows).
    void pollEvents();
    void waitEvents();
    const InputState& input() const { return m_input; }

    bool shouldClose() const;
    void requestClose();
    // Framebuffer size in pixels (0x0 while minimised).
    VkExtent2D framebufferSize() const;
    // True once after the framebuffer changed size; cleared by the call.
    bool takeResized();

    // Captures the cursor (hidden, unbounded motion) for mouse look; releases it with false.
    void setMouseCaptured(bool captured);
    bool mouseCaptured() const { return m_captured; }

    // --- surface factory ---------------------------------------------------------------------------
    // Instance extensions the window system needs (glfwGetRequiredInstanceExtensions).
    std::vector<std::string> requiredInstanceExtensions() const;
    // Creates the window's surface on `instance`; the caller destroys it (destroySurface) after the
    // swapchain.
    Result<VkSurfaceKHR> createSurface(VkInstance instance) const;
    static void destroySurface(VkInstance instance, VkSurfaceKHR surface);

    // The GLFW handle, for the ImGui backend in ui.
    GLFWwindow* handle() const { return m_window; }

private:
    Window() = default;
    static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void onScroll(GLFWwindow* w, double dx, double dy);
    static void onFramebufferSize(GLFWwindow* w, int width, int height);

    GLFWwindow* m_window = nullptr;
    InputState m_input;
    std::array<bool, size_t(Key::Count)> m_pressedPending{};
    double m_scrollPending = 0.0;
    double m_lastX = 0.0, m_lastY = 0.0;
    bool m_captured = false;
    bool m_resized = false;
};

}  // namespace skyhook::platform
