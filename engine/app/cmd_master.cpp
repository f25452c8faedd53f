// `skyhook master`: the show clock of a hall. Visitors (`skyhook xr --master host:port`) follow it and
// share their poses through it; their health fills the master's table. Runs until SIGINT/SIGTERM or
// --duration. With --console the operator plays, pauses and seeks the show in a window and watches the
// visitors' health; without it (or once the window is closed) a one-line health summary goes to the log.
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/show_console.hpp"
#include "engine/app/show_report.hpp"
#include "engine/core/log.hpp"
#include "engine/net/clock_sync.hpp"
#include "engine/net/master.hpp"

namespace skyhook::app {

namespace {

std::atomic<bool> g_masterStop{false};
extern "C" void requestMasterStop(int) {
    g_masterStop.store(true);
}

using Clock = std::chrono::steady_clock;
constexpr auto kReportEvery = std::chrono::seconds(1);
constexpr auto kHeadlessTick = std::chrono::milliseconds(20);
constexpr auto kConsoleTick = std::chrono::milliseconds(16);  // the console's frame rate, at most
constexpr int kCaptureAttempts = 200;                         // frames tried for --screenshot at the end

nlohmann::json masterReport(const net::ShowState& anchor, const net::Master& master) {
    const net::MasterStats stats = master.stats();
    nlohmann::json visitors = nlohmann::json::array();
    for (const net::VisitorEntry& v : master.visitors())
        visitors.push_back(visitorJson(v, anchor.masterTime, master.thresholds()));
    return {{"anchor_steady_ns", anchor.masterTime},
            {"anchor_show_time", anchor.showTime},
            {"rate", anchor.rate},
            {"playing", anchor.playing},
            {"revision", anchor.revision},
            {"received", stats.received},
            {"rejected", stats.rejected},
            {"relayed", stats.relayed},
            {"dropped", stats.dropped},
            {"visitors_connected", stats.visitors},
            {"states_pushed", stats.statesPushed},
            {"states_sent", stats.statesSent},
            {"health_reports", stats.healthReports},
            {"visitors", visitors}};
}

// The operator's commands, logged: the show's record of who moved the clock when.
void apply(net::ShowClock& clock, const ui::ShowCommand& command) {
    switch (command.kind) {
        case ui::ShowCommand::Kind::Play:
            clock.play();
            log::info("master", "console: play at {:.3f} s", clock.showTime());
            break;
        case ui::ShowCommand::Kind::Pause:
            clock.pause();
            log::info("master", "console: pause at {:.3f} s", clock.showTime());
            break;
        case ui::ShowCommand::Kind::Seek:
            if (clock.seek(command.value))
                log::info("master", "console: seek to {:.3f} s", command.value);
            else
                log::warn("master", "console: cannot seek to {} s", command.value);
            break;
        case ui::ShowCommand::Kind::Rate:
            if (clock.setRate(command.value))
                log::info("master", "console: rate x{:.2f}", command.value);
            else
                log::warn("master", "console: rate {} is out of range", command.value);
            break;
    }
}

ui::ShowSnapshot snapshotOf(const std::string& show, const net::ShowClock& clock, const net::Master& master) {
    const net::ShowState state = clock.state();
    return {.show = show,
            .endpoint = master.endpoint(),
            .clock = state,
            .visitors = master.visitors(),
            .thresholds = master.thresholds(),
            .stats = master.stats(),
            .nowNs = state.masterTime};
}

// The console's last frames for --screenshot: drawn until one is captured (an image may not be free at once).
Result<void> captureConsole(ShowConsole& console, const ui::ShowSnapshot& snapshot, const std::string& path) {
    console.captureNextFrame();
    for (int i = 0; i < kCaptureAttempts && !console.hasCapture(); ++i) {
        console.poll();
        auto frame = console.frame(snapshot);
        if (!frame) return frame.error();
        if (!console.hasCapture()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!console.hasCapture()) return Error::make("no console frame could be captured for --screenshot");
    return console.writeCapture(path);
}

}  // namespace

int runMaster(const CommonOptions& common, const ShowMasterOptions& o) {
    std::ifstream show(o.show);
    if (!show) return fail(kExitInput, o.show + ": cannot read the show file");
    if (!nlohmann::json::accept(show)) return fail(kExitInput, o.show + ": not a JSON file");
    if (!o.screenshot.empty() && !o.console) return fail(kExitUsage, "--screenshot needs --console");
    auto key = net::loadVenueKey(o.venueKey);
    if (!key) return fail(kExitUsage, key.error().message);

    net::ShowClock clock(o.start, !o.paused);
    auto started = net::Master::start(
        {.bind = fmt::format("tcp://{}:{}", o.listen, o.port), .key = std::move(*key)}, clock);
    if (!started) return fail(kExitUsage, started.error().message);
    net::Master& master = **started;
    log::info("master", "show {}: clock {} at {:.3f} s", o.show, o.paused ? "paused" : "running", o.start);

    std::unique_ptr<ShowConsole> console;
    if (o.console) {
        auto opened = ShowConsole::open({.title = fmt::format("skyhook master - {}", o.show),
                                         .validation = common.validation,
                                         .device = common.device});
        if (opened)
            console = std::move(*opened);
        else if (!o.screenshot.empty())
            return fail(kExitGpu, opened.error().message);  // a test or a doc shot asked for the window
        else
            log::warn("master", "no console ({}): the master runs headless", opened.error().message);
    }
    uint64_t consoleValidation = 0;
    auto closeConsole = [&](const std::string& why) {
        consoleValidation += console->validationMessages();
        console.reset();
        log::warn("master", "console closed ({}): the master keeps running; Ctrl+C or SIGTERM stops it", why);
    };

    g_masterStop.store(false);
    std::signal(SIGINT, requestMasterStop);
    std::signal(SIGTERM, requestMasterStop);
    const auto start = Clock::now();
    const auto statusEvery =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.statusEvery));
    auto nextStatus = start + statusEvery;
    auto nextReport = start;
    while (!g_masterStop.load()) {
        const auto now = Clock::now();
        if (o.duration > 0.0 && now - start >= std::chrono::duration<double>(o.duration)) break;
        if (now >= nextReport) {
            nextReport = now + kReportEvery;
            writeReport(o.report, masterReport(clock.state(), master));
        }
        if (now >= nextStatus) {
            nextStatus = now + statusEvery;
            const ui::ShowSnapshot s = snapshotOf(o.show, clock, master);
            log::info("master", "{}",
                      net::summaryLine(s.clock,
                                       net::summarize(s.visitors, s.nowNs, s.thresholds, s.clock.revision)));
        }
        if (!console) {
            std::this_thread::sleep_for(kHeadlessTick);
            continue;
        }
        if (!console->poll()) {
            closeConsole("window closed");
            continue;
        }
        auto commands = console->frame(snapshotOf(o.show, clock, master));
        if (!commands) {
            log::error("master", "console: {}", commands.error().message);
            closeConsole("its window failed");
            continue;
        }
        for (const ui::ShowCommand& c : *commands) apply(clock, c);
        std::this_thread::sleep_for(kConsoleTick);
    }
    int code = kExitOk;
    if (console && !o.screenshot.empty()) {
        if (auto r = captureConsole(*console, snapshotOf(o.show, clock, master), o.screenshot); !r)
            code = fail(kExitInternal, r.error().message);
    }
    if (console) consoleValidation += console->validationMessages();
    console.reset();
    const net::MasterStats s = master.stats();
    writeReport(o.report, masterReport(clock.state(), master));
    log::info(
        "master",
        "stopped at show time {:.3f} s: {} message(s), {} relayed, {} rejected, {} dropped, {} state(s) "
        "pushed, {} health report(s)",
        clock.showTime(), s.received, s.relayed, s.rejected, s.dropped, s.statesPushed, s.healthReports);
    if (code != kExitOk) return code;
    return finishWithValidation(common, consoleValidation);
}

}  // namespace skyhook::app
