#pragma once
// The per-frame record of a camera flight and its timing plot (timing.png of `skyhook flight`).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <glm/glm.hpp>

#include "engine/core/image_io.hpp"

namespace skyhook::app {

struct FlightFrame {
    double time = 0.0;         // show time (s)
    glm::dvec3 position{0.0};  // the camera's (m)
    double distance = 0.0;     // from the first recorded frame's camera position (m)
    double intervalMs = 0.0;   // wall clock between the end of the previous frame and this one's
    double writeMs = 0.0;      // of that, writing PNG frames
    double cpuMs = 0.0;        // in Renderer::render()
    double gpuMs = 0.0;        // the passes' GPU timestamps together (without the PNG readback)
    std::vector<std::pair<std::string, double>> gpuPassMs;
    uint32_t visibleDraws = 0;
    uint32_t visibleInstances = 0;
    uint64_t visibleTriangles = 0;
    // What the frame costs a show: the interval without writing PNG files.
    double frameMs() const { return intervalMs - writeMs; }
};

struct FlightInfo {
    std::string scene;
    std::string camera;
    std::string device;
    uint32_t width = 0, height = 0;
    double budgetMs = 1000.0 / 60.0;  // one refresh of the display
};

// The value at fraction p (0..1) of the sorted values (nearest rank); 0 for none.
double percentileOf(std::vector<double> values, double p);

// The series' colours in timing.png (Okabe–Ito, readable with colour-blindness); tests look for them.
inline constexpr uint8_t kFrameRgb[3] = {0, 114, 178};
inline constexpr uint8_t kGpuRgb[3] = {230, 159, 0};
inline constexpr uint8_t kCpuRgb[3] = {0, 158, 115};

// Frame, GPU and CPU time against the frame number, with the camera's distance from the start under the
// frame numbers; median and p99 of the frame time and the display's budget as lines; a summary over the plot
// (how many frames miss the budget, the slowest frame and where it was, the heaviest GPU pass).
Rgba8Image drawFlightPlot(const FlightInfo& info, const std::vector<FlightFrame>& frames, uint32_t width,
                          uint32_t height);

}  // namespace skyhook::app
