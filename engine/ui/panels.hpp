#pragma once
// The operator console's panels (frame times, GPU passes, device, scene tree, render settings, counts, log).
// Immediate-mode: drawn from the renderer's state every frame; only the history and selection persist.
#include <array>
#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

#include "engine/gpu/device.hpp"
#include "engine/render/renderer.hpp"
#include "engine/scene/scene.hpp"
#include "engine/ui/log_buffer.hpp"

namespace skyhook::ui {

// What the app knows about the frame that the renderer does not.
struct FrameInfo {
    double frameMs = 0.0;  // wall time since the previous frame
    glm::dvec3 cameraPosition{0.0};
    double cameraSpeed = 0.0;  // m/s
    VkExtent2D extent{};
    const char* presentMode = "fifo";
};

// The last warnings and errors, newest at the bottom, in a scrolling child of `height` pixels.
void drawLog(const LogBuffer& log, float height);

class Panels {
public:
    static constexpr size_t kHistory = 240;
    void draw(render::Renderer& renderer, const gpu::Device& device, const scene::Scene& scene,
              const FrameInfo& info, const LogBuffer& log);

private:
    void frameTimes(const render::Renderer& renderer, const FrameInfo& info);
    void sceneTree(const scene::Scene& scene);
    void sceneNode(const scene::Scene& scene, const std::vector<std::vector<int32_t>>& children,
                   int32_t node);

    std::array<float, kHistory> m_cpu{};
    std::array<float, kHistory> m_gpu{};
    std::array<float, kHistory> m_frame{};
    size_t m_head = 0;
    int32_t m_selected = -1;
    std::vector<glm::dmat4> m_world;  // cached: the scene is static while it runs
    const scene::Scene* m_worldOf = nullptr;
};

}  // namespace skyhook::ui
