#pragma once
// The subcommands of the `skyhook` program. Each returns an exit code (exit_codes.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/render/renderer.hpp"

namespace skyhook::app {

struct CommonOptions {
    bool validation = false;  // Vulkan validation layers + synchronization validation
    std::string device;       // --device: index or name substring
    render::RenderSettings settings;
};

struct RenderOptions {
    std::string scene;
    std::string camera;
    std::string pose;
    std::string size = "1280x720";
    uint32_t frames = 1;
    std::string out = "out";
    double fps = 60.0;  // show time advances 1/fps per frame
    double time = 0.0;  // show time of the first frame (seconds)
};

struct BenchOptions {
    std::string scene;
    std::string camera;
    std::string size = "1920x1080";
    uint32_t frames = 60;
    uint32_t warmup = 5;
    bool baseline = true;  // also time a bare draw of the same triangles
    double time = 0.0;     // show time of the first measured frame (seconds)
    double fps = 60.0;     // show time advances 1/fps per measured frame
    bool stream = false;   // --stream: models stream in; first_frame_ms is then before the scene is complete
    bool stereo = false;  // --stereo: also both eyes at `size` each into a 2-layer target, after the mono run
    double ipd = 0.064;   // --ipd: the eyes' separation (metres)
};

struct FlightOptions {
    std::string scene;
    std::string camera;
    std::optional<double> from;  // show time of the first frame (default 0)
    std::optional<double> to;    // of the last frame (default: the camera's last key)
    std::optional<uint32_t> frames;
    double fps = 30.0;  // show time step per frame (unless --to and --frames spread the frames evenly)
    std::string size = "1280x720";
    std::string out = "flight";
    bool noFrames = false;   // measure only: no readback, no PNG frames
    uint32_t warmup = 2;     // frames rendered at the start time before the recorded ones
    double budgetHz = 60.0;  // the display's refresh rate: the plot's frame budget line
    std::string plotSize = "1280x720";
};

struct RunOptions {
    std::string scene;
    std::string camera;
    std::string size = "1280x720";
    uint32_t frames = 0;     // 0 = until the window closes
    std::string screenshot;  // write the window's last frame here
    bool noUi = false;
    bool waitModels = false;  // --wait-models: open with every model loaded (else they stream in)
    std::string presentMode = "fifo";
};

struct XrOptions {
    std::string scene;
    std::string camera;   // where the visitor stands; empty: the scene's first camera
    uint32_t frames = 0;  // stop after this many submitted frames (0 = until the runtime or a signal ends it)
    float resolutionScale = 1.0f;  // of the runtime's recommended per-eye size
    std::string
        venue;  // venue file: the calibrated hall, its bounds and guardian; empty: placed by the camera
    std::string actions;       // action map file; empty: the embedded scenes/xr/actions.json
    double waitRuntime = 0.0;  // seconds to keep retrying (with back-off) when no runtime or headset is there
    bool mirror = false;       // a desktop window showing the left eye
    std::string master;        // host:port of the show master (skyhook master); empty: a show of its own
    std::string venueKey;      // venue key file; empty: SKYHOOK_VENUE_KEY
};

struct ShowMasterOptions {
    std::string show;          // scene or show file the master runs the clock of
    std::string listen = "*";  // interface to listen on
    uint16_t port = 5870;
    std::string venueKey;      // empty: SKYHOOK_VENUE_KEY
    double duration = 0.0;     // s; 0: until SIGINT/SIGTERM
    bool paused = false;       // start paused (the operator presses play)
    double start = 0.0;        // show time at start
    std::string report;        // JSON: clock anchor, counters, the visitors' table (rewritten every second)
    bool console = false;      // the operator console in a window (show_console.hpp)
    std::string screenshot;    // with console: its last frame as a PNG
    double statusEvery = 5.0;  // s between health summaries in the log
};

// A visitor without a headset: the shared-show code driven by a scripted pose (tests, and checking a hall's
// network before the headsets are on).
struct HeadlessVisitorOptions {
    std::string master;
    std::string venueKey;
    double duration = 5.0;
    double fps = 20.0;
    std::vector<float> pose{0.0f, 1.6f, 0.0f, 0.0f};  // head x,y,z (hall, metres), yaw (degrees)
    double clockSkewMs = 0.0;  // pretend this machine's clock is off (tests the offset estimate)
    double peerTimeout = 1.5;
    std::string report;  // JSON: clock, show-time samples, poses sent and seen (rewritten every second)
};

int runInfo(const CommonOptions& common);
int runRender(const CommonOptions& common, const RenderOptions& options);
int runCook(const std::string& source, const std::string& output);
int runBench(const CommonOptions& common, const BenchOptions& options);
int runWindow(const CommonOptions& common, const RunOptions& options);
int runFlight(const CommonOptions& common, const FlightOptions& options);
int runXr(const CommonOptions& common, const XrOptions& options);
int runMaster(const CommonOptions& common, const ShowMasterOptions& options);
int runHeadlessVisitor(const HeadlessVisitorOptions& options);

// Logs the error and maps it to an exit code.
int fail(int code, const std::string& message);
// Exit code for the end of a rendering command: validation messages fail it under --validation.
int finishWithValidation(const CommonOptions& common, uint64_t validationMessages);

}  // namespace skyhook::app
