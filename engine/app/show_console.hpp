#pragma once
// The show master's console window (skyhook master --console): a GLFW window (engine/platform) with a Vulkan
// device of its own (the master renders no scene), the ImGui overlay (engine/ui) and its ShowPanel. It
// never holds up the show: the network runs on the Master's thread, and the console acquires a swapchain
// image without waiting (MAILBOX, else IMMEDIATE, else FIFO, as the XR mirror does) — with none free the
// frame is skipped. Closing the window ends only the console. Threading: the main thread (GLFW's rule).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/image_io.hpp"
#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/frame.hpp"
#include "engine/gpu/readback.hpp"
#include "engine/gpu/resources.hpp"
#include "engine/gpu/swapchain.hpp"
#include "engine/platform/window.hpp"
#include "engine/render/graph.hpp"
#include "engine/ui/overlay.hpp"
#include "engine/ui/show_panel.hpp"

namespace skyhook::app {

struct ShowConsoleOptions {
    std::string title = "skyhook master";
    bool validation = false;  // Vulkan validation on the console's device
    std::string device;       // --device
    VkExtent2D size{1180, 640};
};

class ShowConsole {
public:
    // Fails with a clear error without a display or a Vulkan device (the master then runs headless).
    static Result<std::unique_ptr<ShowConsole>> open(const ShowConsoleOptions& options);
    ~ShowConsole();
    ShowConsole(const ShowConsole&) = delete;
    ShowConsole& operator=(const ShowConsole&) = delete;

    // Window events; false once the window was closed.
    bool poll();
    // One frame of the panel drawn from `snapshot`, if a swapchain image is free now (else nothing is drawn
    // and no command comes back). Returns the operator's commands.
    Result<std::vector<ui::ShowCommand>> frame(const ui::ShowSnapshot& snapshot);
    // The next drawn frame is read back; takeCapture() waits for it and returns it (RGBA8).
    void captureNextFrame() { m_captureNext = true; }
    bool hasCapture() const { return m_shot != nullptr; }
    Result<Rgba8Image> takeCapture();
    // Writes the captured frame as a PNG (opaque).
    Result<void> writeCapture(const std::filesystem::path& path);

    const ui::ShowPanel& panel() const { return m_panel; }
    uint64_t presented() const { return m_presented; }
    uint64_t skipped() const { return m_skipped; }  // no free image: not drawn
    uint64_t validationMessages() const { return m_device ? m_device->validationMessages() : 0; }

private:
    ShowConsole() = default;
    Result<void> recreate();

    std::unique_ptr<platform::Window> m_window;
    std::unique_ptr<gpu::Device> m_device;
    VkSurfaceKHR m_surface = VK_NULL_HANDLE;
    std::unique_ptr<gpu::Swapchain> m_swapchain;
    std::unique_ptr<gpu::FrameRing> m_ring;
    std::unique_ptr<ui::Overlay> m_overlay;
    render::RenderGraph m_graph;
    ui::ShowPanel m_panel;
    gpu::Image m_staging;
    bool m_captureNext = false;
    std::unique_ptr<gpu::Readback> m_shot;
    uint64_t m_shotValue = 0;
    uint64_t m_presented = 0;
    uint64_t m_skipped = 0;
};

}  // namespace skyhook::app
