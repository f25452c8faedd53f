#pragma once
// The subcommands of the `skyhook` program. Each returns an exit code (exit_codes.hpp).
#include <string>

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
};

struct BenchOptions {
    std::string scene;
    std::string camera;
    std::string size = "1920x1080";
    uint32_t frames = 60;
    uint32_t warmup = 5;
    bool baseline = true;  // also time a bare draw of the same triangles
};

struct RunOptions {
    std::string scene;
    std::string camera;
    std::string size = "1280x720";
    uint32_t frames = 0;     // 0 = until the window closes
    std::string screenshot;  // write the window's last frame here
    bool noUi = false;
    std::string presentMode = "fifo";
};

int runInfo(const CommonOptions& common);
int runRender(const CommonOptions& common, const RenderOptions& options);
int runCook(const std::string& source, const std::string& output);
int runBench(const CommonOptions& common, const BenchOptions& options);
int runWindow(const CommonOptions& common, const RunOptions& options);

// Logs the error and maps it to an exit code.
int fail(int code, const std::string& message);
// Exit code for the end of a rendering command: validation messages fail it under --validation.
int finishWithValidation(const CommonOptions& common, uint64_t validationMessages);

}  // namespace skyhook::app
