// `skyhook flight`: a camera's flight along its tracks rendered headless — PNG frames, a per-frame timing
// record (timings.json) and a timing plot (timing.png) drawn by the engine's own chart rasterizer.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/flight_plot.hpp"
#include "engine/app/offscreen.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start, Clock::time_point end) {
    return std::chrono::duration<double, std::milli>(end - start).count();
}

// The show times of the recorded frames, or a usage error.
Result<std::vector<double>> flightTimes(const FlightOptions& o, const CameraPath& camera) {
    const double from = o.from.value_or(0.0);
    if (o.to && *o.to < from) return Error::make("--to {} s is before --from {} s", *o.to, from);
    std::vector<double> times;
    auto spaced = [&](uint64_t n, double step) -> Result<std::vector<double>> {
        if (n > 1000000) return Error::make("{} frames is more than the limit of 1,000,000", n);
        for (uint64_t i = 0; i < n; ++i) times.push_back(from + double(i) * step);
        return times;
    };
    if (o.to && o.frames) {
        // N frames spread evenly over [from, to], both ends included.
        const uint32_t n = *o.frames;
        return spaced(n, n > 1 ? (*o.to - from) / (n - 1) : 0.0);
    }
    if (o.frames) return spaced(*o.frames, 1.0 / o.fps);
    double to = 0.0;
    if (o.to) {
        to = *o.to;
    } else {
        if (!camera.animated())
            return Error::make("camera '{}' has no tracks, so its flight has no end: give --frames or --to",
                               camera.name());
        to = camera.endTime();
        if (to < from)
            return Error::make("--from {} s is after the end of camera '{}''s tracks ({} s)", from,
                               camera.name(), to);
    }
    return spaced(uint64_t(std::floor((to - from) * o.fps + 1e-9)) + 1, 1.0 / o.fps);
}

nlohmann::json summary(const std::vector<double>& v) {
    return {{"median", percentileOf(v, 0.5)}, {"p99", percentileOf(v, 0.99)}, {"max", percentileOf(v, 1.0)}};
}

}  // namespace

int runFlight(const CommonOptions& common, const FlightOptions& o) {
    auto plotSize = parseSize(o.plotSize);
    if (!plotSize) return fail(kExitUsage, "--plot-size: " + plotSize.error().message);
    if (plotSize->width < 320 || plotSize->height < 180)
        return fail(kExitUsage,
                    fmt::format("--plot-size {} is too small to read (at least 320x180)", o.plotSize));
    if (o.to && *o.to < o.from.value_or(0.0))
        return fail(kExitUsage, fmt::format("--to {} s is before --from {} s", *o.to, o.from.value_or(0.0)));
    auto opened =
        openHeadless(o.scene, o.size, o.camera, "", common.validation, common.device, common.settings);
    if (auto* e = std::get_if<HeadlessError>(&opened)) return fail(e->exitCode, e->message);
    Headless& h = std::get<Headless>(opened);
    const VkExtent2D size = h.offscreen->size();
    auto times = flightTimes(o, h.camera);
    if (!times) return fail(kExitUsage, times.error().message);
    if (!h.camera.animated())
        log::warn("flight", "camera '{}' has no tracks: it stays where it is", h.camera.name());

    const std::filesystem::path out = std::filesystem::absolute(o.out);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec)
        return fail(kExitInput,
                    fmt::format("{}: cannot create the output folder ({})", out.string(), ec.message()));

    // The offscreen renderer numbers every frame it renders; the recorded ones come after the warm-up.
    const uint64_t firstRecorded = o.warmup;
    double writeMs = 0.0;
    uint32_t written = 0;
    auto write = [&](uint64_t index, Rgba8Image image) -> Result<void> {
        if (index < firstRecorded || index >= firstRecorded + times->size()) return {};
        const auto start = Clock::now();
        SKYHOOK_TRY(writePng(out / fmt::format("frame_{:05d}.png", index - firstRecorded), image));
        writeMs += msSince(start, Clock::now());
        ++written;
        return {};
    };

    std::vector<FlightFrame> frames(times->size());
    // A frame's GPU timestamps and culling counts are read when its frame slot comes round again
    // (kFramesInFlight frames later); they are matched to it by the ring's frame number. Its wall-clock time
    // is the interval between its completion and the previous frame's, both seen by polling the timeline
    // after every submission (when the CPU waits for one, it sees it at once; lavapipe even finishes the
    // previous frame inside the next submit), minus the PNG writing done in between.
    std::map<uint64_t, size_t> byRingFrame;
    struct InFlight {
        uint64_t timelineValue = 0;
        int64_t record = -1;  // index into frames; -1 for warm-up and trailing frames
    };
    std::deque<InFlight> inFlight;
    Session& session = *h.session;
    double writeTotalMs = 0.0, lastWriteTotalMs = 0.0;
    auto lastDone = Clock::now();
    auto stampCompleted = [&]() {
        const uint64_t completed = session.device->completedValue();
        while (!inFlight.empty() && inFlight.front().timelineValue <= completed) {
            const auto now = Clock::now();
            writeTotalMs += writeMs;
            writeMs = 0.0;
            if (inFlight.front().record >= 0) {
                FlightFrame& f = frames[size_t(inFlight.front().record)];
                f.intervalMs = msSince(lastDone, now);
                f.writeMs = writeTotalMs - lastWriteTotalMs;
            }
            lastDone = now;
            lastWriteTotalMs = writeTotalMs;
            inFlight.pop_front();
        }
    };
    auto renderOne = [&](double t, bool readback, int64_t record) -> Result<void> {
        const uint64_t ringFrame = session.ring->frameNumber();
        if (record >= 0) byRingFrame[ringFrame] = size_t(record);
        SKYHOOK_TRY(h.offscreen->renderFrame({h.camera.viewAt(t)}, t, readback, write));
        inFlight.push_back({session.device->lastSubmittedValue(), record});
        stampCompleted();
        if (record >= 0) frames[size_t(record)].cpuMs = session.renderer->stats().cpuMs;
        if (ringFrame < gpu::FrameRing::kFramesInFlight) return {};
        auto it = byRingFrame.find(ringFrame - gpu::FrameRing::kFramesInFlight);
        if (it == byRingFrame.end()) return {};
        FlightFrame& f = frames[it->second];
        const render::FrameStats& stats = session.renderer->stats();
        f.gpuMs = 0.0;
        for (const gpu::PassTiming& p : session.ring->latestTimings()) {
            f.gpuPassMs.emplace_back(p.name, p.milliseconds);
            if (p.name != "readback") f.gpuMs += p.milliseconds;  // a show has no readback
        }
        f.visibleDraws = stats.visible;
        f.visibleInstances = stats.visibleInstances;
        f.visibleTriangles = stats.visibleTriangles;
        return {};
    };

    // Warm-up frames fill the pipeline (and pay the first frame's one-time costs) before the recorded ones.
    for (uint32_t w = 0; w < o.warmup; ++w)
        if (auto r = renderOne(times->front(), false, -1); !r) return fail(kExitGpu, r.error().message);
    const glm::dvec3 start = h.camera.at(times->front()).position;
    for (size_t i = 0; i < times->size(); ++i) {
        FlightFrame& f = frames[i];
        f.time = (*times)[i];
        f.position = h.camera.at(f.time).position;
        f.distance = glm::length(f.position - start);
        if (auto r = renderOne(f.time, !o.noFrames, int64_t(i)); !r) return fail(kExitGpu, r.error().message);
        if ((i + 1) % 10 == 0 || i + 1 == times->size())
            log::info("flight", "frame {}/{}: t = {:.2f} s, {:.0f} m from the start", i + 1, times->size(),
                      f.time, f.distance);
    }
    // Frames that bring the last recorded frames' timings round (not recorded, not read back; they still
    // deliver the images of the last recorded frames).
    for (uint32_t k = 0; k < gpu::FrameRing::kFramesInFlight; ++k)
        if (auto r = renderOne(times->back(), false, -1); !r) return fail(kExitGpu, r.error().message);
    if (auto r = h.offscreen->finish(write); !r) return fail(kExitGpu, r.error().message);
    while (!inFlight.empty()) {
        if (auto r = session.device->waitFor(inFlight.front().timelineValue); !r)
            return fail(kExitGpu, r.error().message);
        stampCompleted();
    }

    // timings.json
    FlightInfo info{.scene = std::filesystem::path(o.scene).stem().string(),
                    .camera = h.camera.name(),
                    .device = session.device->info().name,
                    .width = size.width,
                    .height = size.height,
                    .budgetMs = 1000.0 / o.budgetHz};
    nlohmann::json j;
    j["scene"] = o.scene;
    j["camera"] = {{"name", h.camera.name()}, {"animated", h.camera.animated()}};
    j["size"] = {size.width, size.height};
    j["device"] = info.device;
    j["time_start"] = times->front();
    j["time_end"] = times->back();
    j["warmup"] = o.warmup;
    j["frames_written"] = written;
    j["budget_ms"] = info.budgetMs;
    std::vector<double> frameMs, gpuMs, cpuMs;
    nlohmann::json list = nlohmann::json::array();
    uint32_t overBudget = 0;
    for (size_t i = 0; i < frames.size(); ++i) {
        const FlightFrame& f = frames[i];
        nlohmann::json passes = nlohmann::json::object();
        for (const auto& [name, ms] : f.gpuPassMs) passes[name] = ms;
        list.push_back({{"frame", i},
                        {"time_s", f.time},
                        {"position_m", {f.position.x, f.position.y, f.position.z}},
                        {"distance_m", f.distance},
                        {"frame_ms", f.frameMs()},
                        {"interval_ms", f.intervalMs},
                        {"write_ms", f.writeMs},
                        {"cpu_ms", f.cpuMs},
                        {"gpu_ms", f.gpuMs},
                        {"gpu_pass_ms", passes},
                        {"visible_draws", f.visibleDraws},
                        {"visible_instances", f.visibleInstances},
                        {"visible_triangles", f.visibleTriangles}});
        frameMs.push_back(f.frameMs());
        gpuMs.push_back(f.gpuMs);
        cpuMs.push_back(f.cpuMs);
        overBudget += f.frameMs() > info.budgetMs ? 1 : 0;
    }
    j["summary"] = {{"frame_ms", summary(frameMs)},
                    {"gpu_ms", summary(gpuMs)},
                    {"cpu_ms", summary(cpuMs)},
                    {"frames_over_budget", overBudget}};
    j["frames"] = std::move(list);
    {
        std::ofstream file(out / "timings.json");
        file << j.dump(1) << "\n";
        if (!file) return fail(kExitInput, fmt::format("{}: cannot write timings.json", out.string()));
    }

    // timing.png
    Rgba8Image plot = drawFlightPlot(info, frames, plotSize->width, plotSize->height);
    if (auto r = writePng(out / "timing.png", plot); !r) return fail(kExitInput, r.error().message);

    log::info("skyhook",
              "flight of camera '{}': {} frame(s) of {}x{}, frame time median {:.1f} ms, p99 {:.1f} ms",
              h.camera.name(), frames.size(), size.width, size.height, percentileOf(frameMs, 0.5),
              percentileOf(frameMs, 0.99));
    fmt::print("{}\n", out.string());
    return finishWithValidation(common, session.device->validationMessages());
}

}  // namespace skyhook::app
