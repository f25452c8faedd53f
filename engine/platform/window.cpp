#include "engine/platform/window.hpp"

#include <mutex>

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include "engine/core/log.hpp"

namespace skyhook::platform {

namespace {

// GLFW is process-global: initialise with the first window, terminate with the last.
std::mutex g_glfwMutex;
int g_windows = 0;
std::string g_lastGlfwError;

void onGlfwError(int code, const char* description) {
    g_lastGlfwError = fmt::format("{} (GLFW error 0x{:x})", description ? description : "?", code);
    log::debug("platform", "GLFW: {}", g_lastGlfwError);
}

constexpr int kGlfwKeys[size_t(Key::Count)] = {
    GLFW_KEY_W,      GLFW_KEY_A,  GLFW_KEY_S,          GLFW_KEY_D,
    GLFW_KEY_Q,      GLFW_KEY_E,  GLFW_KEY_LEFT_SHIFT, GLFW_KEY_LEFT_CONTROL,
    GLFW_KEY_ESCAPE, GLFW_KEY_F1, GLFW_KEY_F2,
};

Window* self(GLFWwindow* w) {
    return static_cast<Window*>(glfwGetWindowUserPointer(w));
}

}  // namespace

Result<std::unique_ptr<Window>> Window::create(const WindowDesc& desc) {
    {
        std::lock_guard lock(g_glfwMutex);
        if (g_windows == 0) {
            glfwSetErrorCallback(onGlfwError);
            if (!glfwInit())
                return Error::make("no display: set DISPLAY or use `skyhook render` for headless frames ({})",
                                   g_lastGlfwError.empty() ? "glfwInit failed" : g_lastGlfwError);
            if (!glfwVulkanSupported()) {
                glfwTerminate();
                return Error::make("GLFW found no Vulkan loader; use `skyhook render` for headless frames");
            }
        }
        ++g_windows;
    }
    std::unique_ptr<Window> w(new Window());
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);  // Vulkan draws; no GL context
    glfwWindowHint(GLFW_RESIZABLE, desc.resizable ? GLFW_TRUE : GLFW_FALSE);
    w->m_window = glfwCreateWindow(int(desc.width), int(desc.height), desc.title.c_str(), nullptr, nullptr);
    if (!w->m_window)
        return Error::make("cannot create a window: {}", g_lastGlfwError);  // ~Window balances init
    glfwSetWindowUserPointer(w->m_window, w.get());
    // Installed before the ImGui backend, which chains to these.
    glfwSetKeyCallback(w->m_window, onKey);
    glfwSetScrollCallback(w->m_window, onScroll);
    glfwSetFramebufferSizeCallback(w->m_window, onFramebufferSize);
    glfwGetCursorPos(w->m_window, &w->m_lastX, &w->m_lastY);
    return w;
}

Window::~Window() {
    if (m_window) glfwDestroyWindow(m_window);
    std::lock_guard lock(g_glfwMutex);
    if (--g_windows == 0) glfwTerminate();
}

void Window::onKey(GLFWwindow* w, int key, int, int action, int) {
    if (action != GLFW_PRESS) return;
    for (size_t i = 0; i < size_t(Key::Count); ++i)
        if (kGlfwKeys[i] == key) self(w)->m_pressedPending[i] = true;
}

void Window::onScroll(GLFWwindow* w, double, double dy) {
    self(w)->m_scrollPending += dy;
}

void Window::onFramebufferSize(GLFWwindow* w, int, int) {
    self(w)->m_resized = true;
}

void Window::pollEvents() {
    glfwPollEvents();
    for (size_t i = 0; i < size_t(Key::Count); ++i) {
        m_input.down[i] = glfwGetKey(m_window, kGlfwKeys[i]) == GLFW_PRESS;
        m_input.pressed[i] = m_pressedPending[i];
        m_pressedPending[i] = false;
    }
    // Right shift counts as Shift too (fast flight with either hand).
    if (glfwGetKey(m_window, GLFW_KEY_RIGHT_SHIFT) == GLFW_PRESS) m_input.down[size_t(Key::Shift)] = true;
    m_input.scroll = m_scrollPending;
    m_scrollPending = 0.0;
    m_input.rightButton = glfwGetMouseButton(m_window, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
    double x = 0.0, y = 0.0;
    glfwGetCursorPos(m_window, &x, &y);
    m_input.mouseDx = m_captured ? x - m_lastX : 0.0;
    m_input.mouseDy = m_captured ? y - m_lastY : 0.0;
    m_lastX = x;
    m_lastY = y;
}

void Window::waitEvents() {
    // Bounded wait: the loop still notices a close request made from another path.
    glfwWaitEventsTimeout(0.1);
    pollEvents();
}

bool Window::shouldClose() const {
    return glfwWindowShouldClose(m_window);
}
void Window::requestClose() {
    glfwSetWindowShouldClose(m_window, GLFW_TRUE);
}

VkExtent2D Window::framebufferSize() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return {uint32_t(std::max(w, 0)), uint32_t(std::max(h, 0))};
}

bool Window::takeResized() {
    bool r = m_resized;
    m_resized = false;
    return r;
}

void Window::setMouseCaptured(bool captured) {
    if (captured == m_captured) return;
    m_captured = captured;
    glfwSetInputMode(m_window, GLFW_CURSOR, captured ? GLFW_CURSOR_DISABLED : GLFW_CURSOR_NORMAL);
    if (captured && glfwRawMouseMotionSupported())
        glfwSetInputMode(m_window, GLFW_RAW_MOUSE_MOTION, GLFW_TRUE);
    // The cursor jumps when the mode changes: restart the delta from here.
    glfwGetCursorPos(m_window, &m_lastX, &m_lastY);
}

std::vector<std::string> Window::requiredInstanceExtensions() const {
    uint32_t n = 0;
    const char** names = glfwGetRequiredInstanceExtensions(&n);
    std::vector<std::string> out;
    for (uint32_t i = 0; names && i < n; ++i) out.emplace_back(names[i]);
    return out;
}

Result<VkSurfaceKHR> Window::createSurface(VkInstance instance) const {
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    VkResult r = glfwCreateWindowSurface(instance, m_window, nullptr, &surface);
    if (r != VK_SUCCESS) return Error::make("cannot create the window surface (VkResult {})", int(r));
    return surface;
}

void Window::destroySurface(VkInstance instance, VkSurfaceKHR surface) {
    if (surface) vkDestroySurfaceKHR(instance, surface, nullptr);
}

}  // namespace skyhook::platform
