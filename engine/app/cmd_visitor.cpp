// `skyhook visitor`: a visitor without a headset. It runs the same shared-show code as `skyhook xr
// --master` (SharedShow: show time, pose out, avatars in) with a scripted pose instead of the HMD's, so a
// hall's network can be checked — and several visitors tested — without a headset or a GPU each.
#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <thread>

#include <glm/gtc/quaternion.hpp>
#include <nlohmann/json.hpp>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/shared_show.hpp"
#include "engine/app/show_report.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

namespace {

std::atomic<bool> g_visitorStop{false};
extern "C" void requestVisitorStop(int) {
    g_visitorStop.store(true);
}

// Samples before this are the clock filter's start-up (first burst), not steady following.
constexpr double kWarmupSeconds = 1.0;

nlohmann::json toJson(const net::WirePose& p) {
    return {{"position", p.position}, {"orientation", p.orientation}, {"valid", p.valid}};
}
nlohmann::json toJson(const net::Pose& p) {
    return {{"head", toJson(p.head)}, {"left", toJson(p.hands[0])}, {"right", toJson(p.hands[1])}};
}

xr::InputState scriptedInput(const std::vector<float>& pose) {
    xr::InputState input;
    const glm::quat yaw = glm::angleAxis(glm::radians(pose[3]), glm::vec3(0.0f, 1.0f, 0.0f));
    const glm::vec3 head(pose[0], pose[1], pose[2]);
    auto tracked = [&](glm::vec3 position) {
        return xr::TrackedPose{
            .position = position, .orientation = yaw, .positionValid = true, .orientationValid = true};
    };
    input.head = tracked(head);
    input.hands[0].grip = tracked(head + yaw * glm::vec3(-0.2f, -0.3f, -0.3f));
    input.hands[1].grip = tracked(head + yaw * glm::vec3(0.2f, -0.3f, -0.3f));
    return input;
}

}  // namespace

int runHeadlessVisitor(const HeadlessVisitorOptions& o) {
    auto shared = SharedShow::connect({.master = o.master,
                                       .keyFile = o.venueKey,
                                       .peerTimeout = o.peerTimeout,
                                       .clockSkewNs = int64_t(o.clockSkewMs * 1e6)});
    if (!shared) return fail(kExitUsage, shared.error().message);
    SharedShow& show = **shared;
    g_visitorStop.store(false);
    std::signal(SIGINT, requestVisitorStop);
    std::signal(SIGTERM, requestVisitorStop);

    const xr::InputState input = scriptedInput(o.pose);
    const net::Pose sent = poseFromInput(input);
    const auto skewNs = int64_t(o.clockSkewMs * 1e6);
    nlohmann::json samples = nlohmann::json::array();
    nlohmann::json revisions = nlohmann::json::array();  // each show-state revision when first displayed
    std::map<uint32_t, nlohmann::json> seen;             // every visitor ever seen, with its latest pose
    std::vector<render::OverlayLine> lines;
    double maxError = 0.0;
    uint64_t lastRevision = 0;
    net::FrameCounters frames;  // this loop's frames, for the health reports
    const int64_t start = net::steadyNowNs();
    const auto period = std::chrono::duration<double>(1.0 / o.fps);
    auto next = std::chrono::steady_clock::now();
    int64_t nextReport = start;
    auto report = [&] {
        if (o.report.empty()) return;
        const net::ClockReport c = show.link().clock();
        const net::LinkStats s = show.link().stats();
        nlohmann::json remotes = nlohmann::json::array();
        for (const net::RemoteVisitor& r : show.link().remotes())
            remotes.push_back({{"id", r.id}, {"poses", r.poses}, {"pose", toJson(r.pose)}});
        nlohmann::json everSeen = nlohmann::json::array();
        for (const auto& [id, pose] : seen) everSeen.push_back({{"id", id}, {"pose", pose}});
        writeReport(o.report, {{"id", show.link().id()},
                               {"synced", c.synced},
                               {"offset_ns", c.offsetNs},
                               {"round_trip_ns", c.roundTripNs},
                               {"clock_samples", c.samples},
                               {"skew_ns", skewNs},
                               {"max_slew_error_s", maxError},
                               {"show_samples", samples},
                               {"revisions", revisions},
                               {"sent", toJson(sent)},
                               {"remotes", remotes},
                               {"seen", everSeen},
                               {"avatar_lines", lines.size()},
                               {"received", s.received},
                               {"rejected", s.rejected},
                               {"dropped", s.dropped},
                               {"states", s.states},
                               {"stale_states", s.staleStates},
                               {"health_sent", s.healthSent},
                               {"health", healthJson(show.link().lastHealth())},
                               {"frames", frames.framesSubmitted},
                               {"late_frames", frames.lateFrames}});
    };
    while (!g_visitorStop.load()) {
        // A frame that starts a whole period after its slot was missed: counted late, and the schedule starts
        // again from now rather than catching up in a burst.
        const auto wake = std::chrono::steady_clock::now();
        if (wake - next > period) {
            ++frames.lateFrames;
            next = wake;
        }
        const int64_t now = net::steadyNowNs();
        if (double(now - start) * 1e-9 >= o.duration) break;
        const double showTime = show.showTime();
        const net::ClockReport c = show.link().clock();
        if (c.synced && double(now - start) * 1e-9 >= kWarmupSeconds) {
            // Sampled against this machine's true steady clock (the same for every process here), so a test
            // can compare with the master's show time at the same instant.
            samples.push_back({now, showTime});
            maxError = std::max(maxError, std::abs(c.errorS));
        }
        if (c.displayedRevision != lastRevision) {
            lastRevision = c.displayedRevision;
            revisions.push_back({{"revision", c.displayedRevision},
                                 {"arrived_ns", c.stateArrivedNs - skewNs},
                                 {"displayed_ns", now},
                                 {"show_time", showTime},
                                 {"playing", c.state.playing},
                                 {"rate", c.state.rate},
                                 {"seek_epoch", c.state.seekEpoch}});
        }
        lines.clear();
        show.frame(input, xr::Origin{}, lines);
        ++frames.framesSubmitted;
        show.reportFrames(frames);
        for (const net::RemoteVisitor& r : show.link().remotes()) seen[r.id] = toJson(r.pose);
        if (now >= nextReport) {
            report();
            nextReport = now + 1'000'000'000;
        }
        next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
        std::this_thread::sleep_until(next);
    }
    report();
    log::info("visitor", "shared show: {}; {} frame(s), {} late", show.summary(), frames.framesSubmitted,
              frames.lateFrames);
    return kExitOk;
}

}  // namespace skyhook::app
