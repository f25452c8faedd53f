// `skyhook xr`: one VR visitor in a headset, through the OpenXR runtime, until the runtime ends the session,
// SIGINT/SIGTERM, or --frames submitted frames.
#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/shared_show.hpp"
#include "engine/app/xr_shared.hpp"
#include "engine/app/xr_visitor.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

namespace {

std::atomic<bool> g_stopRequested{false};
extern "C" void requestXrStop(int) {
    g_stopRequested.store(true);
}

using Clock = std::chrono::steady_clock;

// While the session does not run (waiting for READY, or for EXITING after a request), events are polled this
// often; the frame loop itself is paced by xrWaitFrame.
constexpr auto kIdlePoll = std::chrono::milliseconds(10);
// How long the runtime gets to take a session from the exit request to EXITING before it is destroyed anyway.
constexpr auto kExitGrace = std::chrono::seconds(3);

}  // namespace

int runXr(const CommonOptions& common, const XrOptions& o) {
    if (!common.device.empty())
        log::warn("xr", "--device is ignored: the OpenXR runtime picks the GPU that drives the headset");
    auto opened = XrVisitor::open({.scene = o.scene,
                                   .camera = o.camera,
                                   .validation = common.validation,
                                   .device = common.device,
                                   .settings = common.settings,
                                   .resolutionScale = o.resolutionScale,
                                   .venueFile = o.venue,
                                   .actionMapFile = o.actions,
                                   .waitRuntimeSeconds = o.waitRuntime,
                                   .mirror = o.mirror,
                                   .avatars = !o.master.empty()});
    if (auto* f = std::get_if<XrOpenFailure>(&opened)) return fail(f->exitCode, f->message);
    XrVisitor& visitor = *std::get<std::unique_ptr<XrVisitor>>(opened);
    std::unique_ptr<SharedShow> shared;  // --master: show time, poses and avatars (shared_show.hpp)
    if (!o.master.empty()) {
        auto connected = SharedShow::connect({.master = o.master, .keyFile = o.venueKey});
        if (!connected) return fail(kExitUsage, connected.error().message);
        shared = std::move(*connected);
        shared->reportFrames(frameCounters(visitor));  // its first health report says what it is
        visitor.setFrameHook(sharedShowHook(*shared));
    }

    g_stopRequested.store(false);
    std::signal(SIGINT, requestXrStop);
    std::signal(SIGTERM, requestXrStop);
    bool exitRequested = false;
    Clock::time_point exitAt{};
    int code = kExitOk;
    while (true) {
        const bool enough = o.frames && visitor.framesSubmitted() >= o.frames;
        if ((g_stopRequested.load() || enough) && !exitRequested) {
            log::info("xr", "{}: ending the session", enough ? "frames done" : "stop requested");
            exitRequested = true;
            exitAt = Clock::now();
            if (auto r = visitor.requestExit(); !r) log::warn("xr", "{}", r.error().message);
        }
        if (exitRequested && Clock::now() - exitAt > kExitGrace) {
            log::warn("xr", "the runtime did not end the session within {} s: destroying it",
                      kExitGrace.count());
            break;
        }
        auto step = visitor.step();
        if (!step) {
            code = fail(kExitXr, step.error().message);
            break;
        }
        if (shared) shared->reportFrames(frameCounters(visitor));  // the master's health table
        // A lost session or instance is being recovered inside step() (logged there): the show goes on.
        if (visitor.hasHeadset() && visitor.headset().sessionFinished() && !visitor.recovering()) {
            if (!exitRequested) log::info("xr", "the runtime ended the session");
            break;
        }
        if (exitRequested && (!visitor.hasHeadset() || !visitor.headset().hasSession())) break;
        if (!step->framed) std::this_thread::sleep_for(kIdlePoll);
    }
    visitor.endSession();
    if (shared) log::info("xr", "shared show: {}", shared->summary());
    const xr::FrameStats stats = visitor.stats();
    const uint64_t frames = stats.framesSubmitted;
    log::info(
        "xr",
        "{} frame(s) submitted, {} skipped as late, {} not visible, {} without tracking; {} late-latched; "
        "first after {:.0f} ms since start; {:.2f} CPU ms per XR frame on the render thread",
        frames, stats.skippedLate, stats.skippedNotVisible, stats.skippedNoTracking, stats.lateLatched,
        visitor.firstFrameMs(), stats.meanCpuMs());
    if (o.mirror) log::info("xr", "mirror: {} frame(s) presented", visitor.mirrorFramesPresented());
    if (visitor.recovery().sessionLosses() || visitor.recovery().instanceLosses())
        log::info("xr", "{} session loss(es), {} instance loss(es), {} recovered",
                  visitor.recovery().sessionLosses(), visitor.recovery().instanceLosses(),
                  visitor.recovery().recoveries());
    if (code != kExitOk) return code;
    if (o.frames && frames < o.frames)
        return fail(kExitXr, fmt::format("only {} of {} frames were submitted", frames, o.frames));
    return finishWithValidation(common, visitor.validationMessages());
}

}  // namespace skyhook::app
