// `skyhook bench`: frame time (median, p99), CPU time per frame, GPU time per pass and memory, as JSON.
// With the baseline, the same triangles are also drawn with a trivial shader in the same run, and the ratio
// of the two frame times says how close the engine is to what the driver can do.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>
#include <vk_mem_alloc.h>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/offscreen.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {
namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, static_cast<size_t>(p * double(v.size() - 1) + 0.5));
    return v[i];
}

uint64_t residentBytes() {
    std::ifstream in("/proc/self/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            uint64_t kb = 0;
            in >> kb;
            return kb * 1024;
        }
        in.ignore(1 << 12, '\n');
    }
    return 0;
}

struct Series {
    std::vector<double> frameMs, cpuMs;
    std::map<std::string, std::vector<double>> passMs;
};

// The views of a frame at show time t: the camera's (mono), or its two eyes (stereo).
using ViewsAt = std::function<std::vector<render::View>(double t)>;

// Warm-up frames show the start time; measured frame i shows start + i / fps, from the camera's pose then.
Result<Series> measure(Session& session, OffscreenRenderer& offscreen, const ViewsAt& viewsAt,
                       const BenchOptions& o, bool bare) {
    const uint32_t warmup = o.warmup, frames = o.frames;
    Series s;
    using Clock = std::chrono::steady_clock;
    auto last = Clock::now();
    for (uint32_t f = 0; f < warmup + frames; ++f) {
        auto cpuStart = Clock::now();
        const double t = o.time + (f < warmup ? 0.0 : (f - warmup) / o.fps);
        SKYHOOK_TRY(offscreen.renderFrame(viewsAt(t), t, false, {}, bare));
        auto now = Clock::now();
        if (f >= warmup) {
            s.frameMs.push_back(std::chrono::duration<double, std::milli>(now - last).count());
            s.cpuMs.push_back(bare ? std::chrono::duration<double, std::milli>(now - cpuStart).count()
                                   : session.renderer->stats().cpuMs);
            // Timings of the frame that just completed (the ring reads them when it reuses a slot).
            for (const auto& p : session.ring->latestTimings()) s.passMs[p.name].push_back(p.milliseconds);
        }
        last = now;
    }
    SKYHOOK_TRY(offscreen.finish({}));
    return s;
}

nlohmann::json summarize(const Series& s) {
    nlohmann::json j;
    j["frame_ms"] = {{"median", percentile(s.frameMs, 0.5)},
                     {"p99", percentile(s.frameMs, 0.99)},
                     {"min", percentile(s.frameMs, 0.0)},
                     {"max", percentile(s.frameMs, 1.0)}};
    j["cpu_ms"] = {{"median", percentile(s.cpuMs, 0.5)}, {"p99", percentile(s.cpuMs, 0.99)}};
    nlohmann::json passes = nlohmann::json::object();
    double gpuTotal = 0.0;
    for (const auto& [name, v] : s.passMs) {
        passes[name] = percentile(v, 0.5);
        gpuTotal += percentile(v, 0.5);
    }
    j["gpu_pass_ms"] = passes;
    j["gpu_total_ms"] = gpuTotal;
    return j;
}

}  // namespace

int runBench(const CommonOptions& common, const BenchOptions& o) {
    auto opened = openHeadless(o.scene, o.size, o.camera, "", common.validation, common.device,
                               common.settings, o.stream, o.stereo);
    if (auto* e = std::get_if<HeadlessError>(&opened)) return fail(e->exitCode, e->message);
    Headless& h = std::get<Headless>(opened);
    const VkExtent2D size = h.offscreen->size();
    // Start-up: the session is open (with every model unless streaming); the first frame is done when the
    // GPU has finished it; the scene is ready when every model is on the GPU.
    const double sessionMs = msSinceProcessStart();
    if (auto r = h.offscreen->renderFrame({h.camera.viewAt(o.time)}, o.time, false, {}); !r)
        return fail(kExitGpu, r.error().message);
    const render::ModelCounts atFirstFrame = h.session->renderer->modelCounts();  // what it drew
    if (auto r = h.session->device->waitFor(h.session->device->lastSubmittedValue()); !r)
        return fail(kExitGpu, r.error().message);
    const double firstFrameMs = msSinceProcessStart();
    uint32_t framesWhileLoading = 1;
    while (h.session->renderer->modelCounts().pending > 0) {
        if (auto r = h.offscreen->renderFrame({h.camera.viewAt(o.time)}, o.time, false, {}); !r)
            return fail(kExitGpu, r.error().message);
        ++framesWhileLoading;
    }
    if (auto r = h.offscreen->finish({}); !r) return fail(kExitGpu, r.error().message);
    const double sceneReadyMs = o.stream ? msSinceProcessStart() : sessionMs;

    const ViewsAt monoViews = [&](double t) { return std::vector{h.camera.viewAt(t)}; };
    auto engine = measure(*h.session, *h.offscreen, monoViews, o, false);
    if (!engine) return fail(kExitGpu, engine.error().message);
    nlohmann::json out;
    out["scene"] = o.scene;
    out["size"] = {size.width, size.height};
    out["frames"] = o.frames;
    out["device"] = h.session->device->info().name;
    // Milliseconds since the process started: the first frame finished on the GPU, and every model on the
    // GPU (with --stream the first frame comes before that; without, the session waits for the models).
    const render::ModelCounts models = h.session->renderer->modelCounts();
    out["first_frame_ms"] = firstFrameMs;
    out["scene_ready_ms"] = sceneReadyMs;
    out["startup"] = {
        {"streamed", o.stream},
        {"session_open_ms", sessionMs},
        {"models_loaded_at_first_frame", atFirstFrame.loaded},
        {"frames_while_loading", o.stream ? framesWhileLoading : 0u},
        {"models", {{"total", models.total}, {"loaded", models.loaded}, {"failed", models.failed}}}};
    // The measured frames show time_start .. time_end; an animated camera follows its tracks over them.
    out["camera"] = {{"name", h.camera.name()}, {"animated", h.camera.animated()}};
    out["time_start"] = o.time;
    out["time_end"] = o.time + (o.frames - 1) / o.fps;
    // Which path drew the scene geometry: "mesh" (task + mesh shaders) or "indirect" (indexed indirect).
    out["draw_path"] = render::drawPathName(h.session->renderer->drawPath());
    const auto& stats = h.session->renderer->stats();
    out["instances"] = stats.instances;
    out["triangles"] = stats.triangles;
    out["visible_draws"] = stats.visible;
    out["visible_triangles"] = stats.visibleTriangles;
    // What the task shaders kept of them (all passes of the first view, shadows excluded), and the meshlets
    // occlusion culling deferred from phase 1 and drew in phase 2.
    if (stats.meshPath)
        out["mesh_path"] = {{"meshlets_drawn", stats.visibleMeshlets},
                            {"meshlet_triangles", stats.meshletTriangles},
                            {"meshlets_deferred", stats.deferredMeshlets},
                            {"meshlets_late", stats.lateMeshlets}};
    out["engine"] = summarize(*engine);
    if (o.baseline) {
        auto bare = measure(*h.session, *h.offscreen, monoViews, o, true);
        if (!bare) return fail(kExitGpu, bare.error().message);
        out["bare_draw"] = summarize(*bare);
        double b = out["bare_draw"]["frame_ms"]["median"].get<double>();
        out["ratio_engine_to_bare"] = b > 0.0 ? out["engine"]["frame_ms"]["median"].get<double>() / b : 0.0;
    }
    if (o.stereo) {
        // Both eyes at the mono size each, in one Renderer::render of a two-view ViewSet into a 2-layer
        // target (as skyhook xr draws them), measured after the mono frames in the same process.
        auto target = OffscreenRenderer::create(*h.session, size, 2);
        if (!target) return fail(kExitGpu, target.error().message);
        const ViewsAt eyes = [&](double t) { return stereoEyeViews(h.camera.viewAt(t), size, o.ipd); };
        render::RenderSettings& settings = h.session->renderer->settings();
        const bool multiview =
            settings.multiview && h.session->renderer->drawPath() == render::DrawPath::Indirect;
        auto stereo = measure(*h.session, **target, eyes, o, false);
        if (!stereo) return fail(kExitGpu, stereo.error().message);
        const auto& st = h.session->renderer->stats();
        out["stereo"] = {
            {"eye_size", {size.width, size.height}},
            {"layers", 2},
            {"ipd", o.ipd},
            {"eyes", "camera's field of view, symmetric; parallel axes; eyes at -/+ ipd/2 along its right"},
            {"passes", multiview
                           ? "one multiview pass for both eyes (culled once, gl_ViewIndex picks the eye)"
                           : "one Renderer::render per frame, each eye its own passes over the scene"},
            {"visible_draws", st.visible},
            {"far_field",
             {{"drawn", st.farField.drawn},
              {"split_m", st.farField.split},
              {"size", {st.farField.extent.width, st.farField.extent.height}},
              {"pixels", settings.farFieldPixels}}},
            {"engine", summarize(*stereo)}};
        const double mono = out["engine"]["frame_ms"]["median"].get<double>();
        const double monoGpu = out["engine"]["gpu_total_ms"].get<double>();
        auto ratio = [](double a, double b) { return b > 0.0 ? a / b : 0.0; };
        out["ratio_stereo_to_mono"] =
            ratio(out["stereo"]["engine"]["frame_ms"]["median"].get<double>(), mono);
        out["ratio_stereo_to_mono_gpu"] =
            ratio(out["stereo"]["engine"]["gpu_total_ms"].get<double>(), monoGpu);
        if (multiview && st.farField.drawn) {
            // In the same run: each eye draws everything (no far field), in one multiview pass.
            const float pixels = settings.farFieldPixels;
            settings.farFieldPixels = 0.0f;
            auto full = measure(*h.session, **target, eyes, o, false);
            settings.farFieldPixels = pixels;
            if (!full) return fail(kExitGpu, full.error().message);
            out["stereo_without_far_field"] = {
                {"passes", "one multiview pass, each eye drawing everything (far field off)"},
                {"engine", summarize(*full)}};
            out["ratio_without_far_field_to_mono"] =
                ratio(out["stereo_without_far_field"]["engine"]["frame_ms"]["median"].get<double>(), mono);
        }
        if (multiview) {
            // The reference in the same run: each eye its own passes.
            settings.multiview = false;
            auto twoPass = measure(*h.session, **target, eyes, o, false);
            settings.multiview = true;
            if (!twoPass) return fail(kExitGpu, twoPass.error().message);
            out["stereo_two_pass"] = {{"passes", "each eye its own passes over the scene (multiview off)"},
                                      {"engine", summarize(*twoPass)}};
            out["ratio_two_pass_to_mono"] =
                ratio(out["stereo_two_pass"]["engine"]["frame_ms"]["median"].get<double>(), mono);
        }
    }
    VmaBudget budgets[VK_MAX_MEMORY_HEAPS] = {};
    vmaGetHeapBudgets(h.session->device->allocator(), budgets);
    uint64_t gpuBytes = 0;
    for (const auto& b : budgets) gpuBytes += b.statistics.allocationBytes;
    const uint64_t instanceBytes = h.session->renderer->instanceGpuBytes();
    out["memory"] = {
        {"gpu_allocated_bytes", gpuBytes},
        {"gpu_bytes_per_instance", stats.instances ? double(instanceBytes) / stats.instances : 0.0},
        {"scene_gpu_bytes", h.session->renderer->sceneGpuBytes()},
        {"process_resident_bytes", residentBytes()}};
    out["pipelines_created_during_show"] = h.session->renderer->pipelines().createdDuringShow();
    fmt::print("{}\n", out.dump(2));
    return finishWithValidation(common, h.session->device->validationMessages());
}

}  // namespace skyhook::app
