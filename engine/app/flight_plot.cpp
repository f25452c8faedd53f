#include "engine/app/flight_plot.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/core/chart.hpp"

namespace skyhook::app {
namespace {

chart::Color rgb(const uint8_t (&c)[3]) {
    return {c[0], c[1], c[2], 255};
}

std::string formatDistance(double metres) {
    if (metres < 1000.0) return fmt::format("{:.0f} m", metres);
    if (metres < 10000.0) return fmt::format("{:.1f} km", metres / 1000.0);
    return chart::tickLabel(std::round(metres / 1000.0), 1.0) + " km";
}

std::string formatMs(double ms) {
    return ms < 10.0    ? fmt::format("{:.2f}", ms)
           : ms < 100.0 ? fmt::format("{:.1f}", ms)
                        : fmt::format("{:.0f}", ms);
}

}  // namespace

double percentileOf(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
}

Rgba8Image drawFlightPlot(const FlightInfo& info, const std::vector<FlightFrame>& frames, uint32_t width,
                          uint32_t height) {
    chart::LineChart c;
    c.title =
        fmt::format("Flight of camera '{}' in {}, {}x{}", info.camera, info.scene, info.width, info.height);
    chart::Series frame{.label = "frame time", .color = rgb(kFrameRgb)};
    chart::Series gpu{.label = "GPU time (all passes)", .color = rgb(kGpuRgb)};
    chart::Series cpu{.label = "CPU time (render())", .color = rgb(kCpuRgb)};
    std::map<std::string, double> passTotals;
    double gpuTotal = 0.0;
    size_t slowest = 0;
    uint32_t overBudget = 0;
    for (size_t i = 0; i < frames.size(); ++i) {
        const FlightFrame& f = frames[i];
        c.x.push_back(double(i));
        frame.values.push_back(f.frameMs());
        gpu.values.push_back(f.gpuMs);
        cpu.values.push_back(f.cpuMs);
        for (const auto& [name, ms] : f.gpuPassMs)
            if (name != "readback") passTotals[name] += ms;
        gpuTotal += f.gpuMs;
        if (f.frameMs() > frames[slowest].frameMs()) slowest = i;
        overBudget += f.frameMs() > info.budgetMs ? 1 : 0;
    }
    const double frameMedian = percentileOf(frame.values, 0.5), frameP99 = percentileOf(frame.values, 0.99);
    std::string heaviest;
    double heaviestMs = 0.0;
    for (const auto& [name, ms] : passTotals)
        if (ms > heaviestMs) {
            heaviest = name;
            heaviestMs = ms;
        }

    if (!frames.empty()) {
        c.notes.push_back(fmt::format("{} frames, show time {:.2f} - {:.2f} s, on {}", frames.size(),
                                      frames.front().time, frames.back().time, info.device));
        c.notes.push_back(
            fmt::format("frame time median {} ms, p99 {} ms; {} of {} frames over the {} ms budget "
                        "({:.0f} Hz)",
                        formatMs(frameMedian), formatMs(frameP99), overBudget, frames.size(),
                        formatMs(info.budgetMs), 1000.0 / info.budgetMs));
        std::string gpuNote = fmt::format("GPU median {} ms", formatMs(percentileOf(gpu.values, 0.5)));
        if (gpuTotal > 0.0)
            gpuNote += fmt::format(" (heaviest pass: {}, {:.0f}% of GPU time)", heaviest,
                                   100.0 * heaviestMs / gpuTotal);
        gpuNote += fmt::format("; CPU median {} ms", formatMs(percentileOf(cpu.values, 0.5)));
        c.notes.push_back(gpuNote);
        const FlightFrame& s = frames[slowest];
        c.notes.push_back(fmt::format("slowest: frame {} (t = {:.2f} s, {} from the start): {} ms", slowest,
                                      s.time, formatDistance(s.distance), formatMs(s.frameMs())));
    }
    c.series = {frame, gpu, cpu};
    const chart::Color frameColor = rgb(kFrameRgb);
    c.markers = {
        {.label = fmt::format("median {} ms", formatMs(frameMedian)),
         .value = frameMedian,
         .color = frameColor,
         .dash = 6},
        {.label = fmt::format("p99 {} ms", formatMs(frameP99)),
         .value = frameP99,
         .color = frameColor,
         .dash = 2},
        {.label = fmt::format("budget {} ms ({:.0f} Hz)", formatMs(info.budgetMs), 1000.0 / info.budgetMs),
         .value = info.budgetMs,
         .color = {213, 94, 0, 255}}};
    c.xLabel = "frame number (frame_NNNNN.png)";
    c.yLabel = "milliseconds";
    const bool moves = !frames.empty() && frames.back().distance > 0.0;
    if (moves) {
        c.xLabel = "frame number (frame_NNNNN.png); under it the camera's distance from the start";
        c.secondaryXLabel = [&frames](double x) {
            const size_t i = size_t(std::clamp(std::lround(x), 0l, long(frames.size()) - 1));
            return formatDistance(frames[i].distance);
        };
    }
    return chart::drawLineChart(c, width, height);
}

}  // namespace skyhook::app
