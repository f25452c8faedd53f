// `skyhook master`: the show clock of a hall. Visitors (`skyhook xr --master host:port`) follow it and
// share their poses through it. Runs until SIGINT/SIGTERM or --duration.
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/core/log.hpp"
#include "engine/net/clock_sync.hpp"
#include "engine/net/master.hpp"

namespace skyhook::app {

namespace {

std::atomic<bool> g_masterStop{false};
extern "C" void requestMasterStop(int) {
    g_masterStop.store(true);
}

constexpr auto kStatusEvery = std::chrono::seconds(5);

void writeReport(const std::string& path, const net::ShowState& anchor, const net::MasterStats& stats) {
    if (path.empty()) return;
    nlohmann::json j = {{"anchor_steady_ns", anchor.masterTime},
                        {"anchor_show_time", anchor.showTime},
                        {"rate", anchor.rate},
                        {"playing", anchor.playing},
                        {"received", stats.received},
                        {"rejected", stats.rejected},
                        {"relayed", stats.relayed},
                        {"dropped", stats.dropped},
                        {"visitors", stats.visitors}};
    std::ofstream(path + ".tmp") << j.dump(2) << "\n";
    std::rename((path + ".tmp").c_str(), path.c_str());
}

}  // namespace

int runMaster(const ShowMasterOptions& o) {
    std::ifstream show(o.show);
    if (!show) return fail(kExitInput, o.show + ": cannot read the show file");
    if (!nlohmann::json::accept(show)) return fail(kExitInput, o.show + ": not a JSON file");
    auto key = net::loadVenueKey(o.venueKey);
    if (!key) return fail(kExitUsage, key.error().message);

    net::ShowClock clock(o.start, !o.paused);
    auto master = net::Master::start(
        {.bind = fmt::format("tcp://{}:{}", o.listen, o.port), .key = std::move(*key)}, clock);
    if (!master) return fail(kExitUsage, master.error().message);
    log::info("master", "show {}: clock {} at {:.3f} s", o.show, o.paused ? "paused" : "running", o.start);

    g_masterStop.store(false);
    std::signal(SIGINT, requestMasterStop);
    std::signal(SIGTERM, requestMasterStop);
    const auto started = std::chrono::steady_clock::now();
    auto nextStatus = started + kStatusEvery;
    writeReport(o.report, clock.state(), (*master)->stats());
    while (!g_masterStop.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const auto now = std::chrono::steady_clock::now();
        if (o.duration > 0.0 && now - started >= std::chrono::duration<double>(o.duration)) break;
        if (now >= nextStatus) {
            nextStatus = now + kStatusEvery;
            const net::MasterStats s = (*master)->stats();
            log::info("master", "show time {:.3f} s, {} visitor(s), {} message(s), {} rejected",
                      clock.showTime(), s.visitors, s.received, s.rejected);
        }
    }
    const net::MasterStats s = (*master)->stats();
    writeReport(o.report, clock.state(), s);
    log::info("master", "stopped at show time {:.3f} s: {} message(s), {} relayed, {} rejected, {} dropped",
              clock.showTime(), s.received, s.relayed, s.rejected, s.dropped);
    return kExitOk;
}

}  // namespace skyhook::app
