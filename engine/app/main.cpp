// skyhook: the command-line program. Subcommands: run, render, flight, cook, info, bench, xr, master,
// visitor (see README.md).
#include <CLI/CLI.hpp>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/core/log.hpp"

int main(int argc, char** argv) {
    using namespace skyhook::app;
    CLI::App app{"Skyhook: real-time rendering for immersive venues (Vulkan, OpenXR)"};
    app.footer(
        "Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad or missing input file, 4 no usable GPU / GPU "
        "failure,\n"
        "5 Vulkan or OpenXR validation messages under --validation, 6 no OpenXR runtime or headset,\n"
        "7 the OpenXR runtime failed or lost the session.");
    app.require_subcommand(1);
    CommonOptions common;
    bool verbose = false;
    app.add_flag("--validation", common.validation,
                 "Enable Vulkan validation (and synchronization validation)");
    app.add_option("--device", common.device,
                   "Vulkan device: index or part of its name (see `skyhook info`)");
    app.add_flag("-v,--verbose", verbose, "Debug logging");
    app.add_option("--msaa", common.settings.msaaSamples, "MSAA samples (1, 2, 4, 8)")
        ->check(CLI::IsMember({1, 2, 4, 8}));
    app.add_option("--shadow-size", common.settings.shadowMapSize, "Shadow map size per cascade")
        ->check(CLI::Range(256, 8192));
    app.add_option_function<std::string>(
           "--draw-path",
           [&](const std::string& name) { common.settings.drawPath = *skyhook::render::parseDrawPath(name); },
           "Scene geometry: auto (mesh shaders where the device has them), indirect or mesh")
        ->check(CLI::IsMember({"auto", "indirect", "mesh"}));
    app.add_option("--debug-view", common.settings.debugView,
                   "0 lit, 1 albedo, 2 normals, 3 roughness/metallic, 4 shadow cascades")
        ->check(CLI::Range(0, 4));

    RenderOptions render;
    auto* renderCmd = app.add_subcommand("render", "Render a scene headless to PNG frames");
    renderCmd->add_option("scene", render.scene, "Scene file (JSON)")->required();
    renderCmd->add_option("--camera", render.camera, "Camera name from the scene");
    renderCmd->add_option("--pose", render.pose, "Camera pose x,y,z,yawDeg,pitchDeg (metres, degrees)");
    renderCmd->add_option("--size", render.size, "Image size WIDTHxHEIGHT");
    renderCmd->add_option("--frames", render.frames, "Number of frames")->check(CLI::Range(1, 1000000));
    renderCmd->add_option("--out", render.out, "Output folder for frame_NNNNN.png");
    renderCmd->add_option("--fps", render.fps, "Show frames per second (time step)")
        ->check(CLI::Range(1.0, 1000.0));
    renderCmd->add_option("--time", render.time, "Show time of the first frame (seconds)")
        ->check(CLI::Range(0.0, 1e9));

    RunOptions run;
    auto* runCmd =
        app.add_subcommand("run", "Run a scene in a window (WASD + mouse to fly, F1 toggles the console)");
    runCmd->add_option("scene", run.scene, "Scene file (JSON)")->required();
    runCmd->add_option("--camera", run.camera, "Start at this camera");
    runCmd->add_option("--size", run.size, "Window size WIDTHxHEIGHT");
    runCmd->add_option("--frames", run.frames, "Exit after this many frames (0 = run until closed)");
    runCmd->add_option("--screenshot", run.screenshot, "Write the last presented frame to this PNG");
    runCmd->add_flag("--no-ui", run.noUi, "Hide the operator overlay");
    runCmd->add_flag("--wait-models", run.waitModels,
                     "Load every model before the first frame (default: they stream in while the show runs)");
    runCmd->add_option("--present", run.presentMode, "fifo, mailbox or immediate")
        ->check(CLI::IsMember({"fifo", "mailbox", "immediate"}));

    std::string cookSource, cookOut;
    auto* cookCmd =
        app.add_subcommand("cook", "Import a glTF/FBX/OBJ file and write Skyhook's cooked model (.skm)");
    cookCmd->add_option("source", cookSource, "Source asset")->required();
    cookCmd->add_option("-o,--output", cookOut, "Cooked output file (.skm)")->required();

    auto* infoCmd = app.add_subcommand("info", "Devices, features and versions");

    BenchOptions bench;
    auto* benchCmd = app.add_subcommand("bench", "Benchmark a scene; prints JSON");
    benchCmd->add_option("scene", bench.scene, "Scene file (JSON)")->required();
    benchCmd->add_option("--camera", bench.camera, "Camera name");
    benchCmd->add_option("--size", bench.size, "Frame size WIDTHxHEIGHT");
    benchCmd->add_option("--frames", bench.frames, "Measured frames")->check(CLI::Range(1, 100000));
    benchCmd->add_option("--warmup", bench.warmup, "Frames before measuring")->check(CLI::Range(0, 1000));
    benchCmd->add_flag("!--no-baseline", bench.baseline, "Skip the bare-draw baseline");
    benchCmd->add_flag("--stream", bench.stream,
                       "Stream the models (as skyhook run does): the first frame does not wait for them; "
                       "measuring starts once all have arrived");
    benchCmd->add_option("--time", bench.time, "Show time of the first measured frame (seconds)")
        ->check(CLI::Range(0.0, 1e9));
    benchCmd->add_flag("--stereo", bench.stereo,
                       "Also render both eyes (--size each) into a 2-layer target as skyhook xr does, and "
                       "print ratio_stereo_to_mono");
    benchCmd->add_option("--ipd", bench.ipd, "Eye separation with --stereo (metres)")
        ->check(CLI::Range(0.0, 1.0));
    benchCmd->add_option("--fps", bench.fps, "Show frames per second (time step of the camera path)")
        ->check(CLI::Range(1.0, 1000.0));

    FlightOptions flight;
    double flightFrom = 0.0, flightTo = 0.0;
    uint32_t flightFrames = 0;
    auto* flightCmd = app.add_subcommand(
        "flight", "Render a camera's flight along its tracks: PNG frames, timings.json and timing.png");
    flightCmd->add_option("scene", flight.scene, "Scene file (JSON)")->required();
    flightCmd->add_option("--camera", flight.camera, "Camera name (it follows its tracks)")->required();
    auto* fromOpt = flightCmd->add_option("--from", flightFrom, "Show time of the first frame (default 0)")
                        ->check(CLI::Range(0.0, 1e9));
    auto* toOpt =
        flightCmd
            ->add_option("--to", flightTo, "Show time of the last frame (default: the camera's last key)")
            ->check(CLI::Range(0.0, 1e9));
    auto* framesOpt =
        flightCmd->add_option("--frames", flightFrames, "Number of frames (with --to: spread over the range)")
            ->check(CLI::Range(1, 1000000));
    flightCmd->add_option("--fps", flight.fps, "Show frames per second (time step)")
        ->check(CLI::Range(0.001, 1000.0));
    flightCmd->add_option("--size", flight.size, "Frame size WIDTHxHEIGHT");
    flightCmd->add_option("--out", flight.out, "Output folder");
    flightCmd->add_flag("--no-frames", flight.noFrames, "Only measure: no PNG frames");
    flightCmd->add_option("--warmup", flight.warmup, "Frames rendered before the recorded ones")
        ->check(CLI::Range(0, 1000));
    flightCmd->add_option("--budget-hz", flight.budgetHz, "Display refresh rate for the plot's budget line")
        ->check(CLI::Range(1.0, 1000.0));
    flightCmd->add_option("--plot-size", flight.plotSize, "Size of timing.png WIDTHxHEIGHT");

    XrOptions xrOptions;
    auto* xrCmd = app.add_subcommand(
        "xr",
        "Run a scene for a VR visitor through the OpenXR runtime (until it ends the session or Ctrl+C)");
    xrCmd->add_option("scene", xrOptions.scene, "Scene file (JSON)")->required();
    xrCmd->add_option("--camera", xrOptions.camera, "Camera marking where the visitor stands (eye height)");
    xrCmd->add_option("--frames", xrOptions.frames, "End the session after this many submitted frames");
    xrCmd->add_option(
        "--venue", xrOptions.venue,
        "Venue file (JSON): the hall's calibrated place in the scene, its play area and guardian");
    xrCmd->add_option(
        "--actions", xrOptions.actions,
        "Action map (JSON) with the suggested controller bindings (default: scenes/xr/actions.json, "
        "built in)");
    xrCmd
        ->add_option("--resolution-scale", xrOptions.resolutionScale,
                     "Per-eye size relative to the runtime's recommendation")
        ->check(CLI::Range(0.1, 2.0));
    xrCmd
        ->add_option("--wait-runtime", xrOptions.waitRuntime,
                     "Seconds to keep retrying (with back-off) while no OpenXR runtime or headset is there")
        ->check(CLI::Range(0.0, 86400.0));
    xrCmd->add_flag("--mirror", xrOptions.mirror,
                    "Show the left eye in a desktop window (closing it does not stop the headset)");

    xrCmd->add_option("--master", xrOptions.master,
                      "Follow this show master's clock and share poses with its visitors (host:port)");
    xrCmd->add_option("--venue-key", xrOptions.venueKey,
                      "File with the hall's shared venue key (default: $SKYHOOK_VENUE_KEY)");

    ShowMasterOptions master;
    auto* masterCmd =
        app.add_subcommand("master", "Run the show clock for the visitors of a hall (skyhook xr --master)");
    masterCmd->add_option("show", master.show, "Scene or show file (JSON)")->required();
    masterCmd->add_option("--listen", master.listen, "Interface address to listen on (default: all)");
    masterCmd->add_option("--port", master.port, "TCP port (default 5870)");
    masterCmd->add_option("--venue-key", master.venueKey, "Venue key file (default: $SKYHOOK_VENUE_KEY)");
    masterCmd->add_option("--duration", master.duration, "Stop after this many seconds (0: until Ctrl+C)")
        ->check(CLI::Range(0.0, 1e9));
    masterCmd->add_option("--start", master.start, "Show time at start (seconds)")
        ->check(CLI::Range(0.0, 1e9));
    masterCmd->add_flag("--paused", master.paused, "Start paused");
    masterCmd->add_option("--report", master.report,
                          "JSON report: clock, counters, the visitors' table (rewritten every second)");
    masterCmd->add_flag("--console", master.console,
                        "Open the operator console in a window: show clock controls, the visitors' health "
                        "(closing it leaves the master running)");
    masterCmd->add_option("--screenshot", master.screenshot,
                          "With --console: write its last frame here (PNG)");
    masterCmd->add_option("--status-every", master.statusEvery, "Seconds between health summaries in the log")
        ->check(CLI::Range(0.5, 3600.0));

    HeadlessVisitorOptions headless;
    auto* visitorCmd = app.add_subcommand(
        "visitor", "A visitor without a headset: follows a master with a scripted pose (tests, hall checks)");
    visitorCmd->add_option("--master", headless.master, "Show master host:port")->required();
    visitorCmd->add_option("--venue-key", headless.venueKey, "Venue key file (default: $SKYHOOK_VENUE_KEY)");
    visitorCmd->add_option("--duration", headless.duration, "Seconds")->check(CLI::Range(0.1, 1e9));
    visitorCmd->add_option("--fps", headless.fps, "Poses per second")->check(CLI::Range(1.0, 1000.0));
    visitorCmd->add_option("--pose", headless.pose, "Head x,y,z,yawDeg in hall coordinates")
        ->delimiter(',')
        ->expected(4);
    visitorCmd->add_option("--clock-skew-ms", headless.clockSkewMs, "Pretend the local clock is off (tests)");
    visitorCmd->add_option("--peer-timeout", headless.peerTimeout, "Seconds before a silent visitor goes")
        ->check(CLI::Range(0.1, 60.0));
    visitorCmd->add_option("--report", headless.report, "JSON report (rewritten every second)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (verbose) skyhook::log::setMinLevel(skyhook::log::Level::Debug);
    if (*renderCmd) return runRender(common, render);
    if (*runCmd) return runWindow(common, run);
    if (*cookCmd) return runCook(cookSource, cookOut);
    if (*infoCmd) return runInfo(common);
    if (*xrCmd) return runXr(common, xrOptions);
    if (*masterCmd) return runMaster(common, master);
    if (*visitorCmd) return runHeadlessVisitor(headless);
    if (*benchCmd) return runBench(common, bench);
    if (*flightCmd) {
        if (*fromOpt) flight.from = flightFrom;
        if (*toOpt) flight.to = flightTo;
        if (*framesOpt) flight.frames = flightFrames;
        return runFlight(common, flight);
    }
    return kExitUsage;
}
