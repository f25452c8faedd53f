#pragma once
// What every rendering command shares: the device, the renderer, the scene and the frame ring.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"
#include "engine/gpu/frame.hpp"
#include "engine/render/renderer.hpp"
#include "engine/scene/scene.hpp"

namespace skyhook::app {

struct Session;

struct SessionOptions {
    std::filesystem::path scenePath;
    bool validation = false;
    std::string device;  // --device
    std::vector<std::string> instanceExtensions;
    bool swapchain = false;
    render::RenderSettings settings;
    // A headset's eyes (or a stereo benchmark): the multiview pipelines are made with the others.
    bool stereo = false;
    // Stream the models: the session opens once the scene's tables are built and models arrive while frames
    // are rendered (`skyhook run`). Off: it opens with every model on the GPU (render, bench, flight, tests).
    bool streamModels = false;
    // Where models come from (tests inject one); empty: appModelSource().
    std::optional<render::ModelSource> models;
    // Who creates the Vulkan instance and device (the XR runtime, for `skyhook xr`); null: the gpu module.
    gpu::DeviceCreationHooks* hooks = nullptr;
    // Creates the caller's own pipelines (e.g. overlay features) before the show starts, when creating one is
    // not yet a show fault.
    std::function<Result<void>(Session&)> beforeShow;
};

struct Session {
    std::unique_ptr<gpu::Device> device;
    std::unique_ptr<render::Renderer> renderer;
    std::unique_ptr<gpu::FrameRing> ring;
    scene::Scene scene;

    ~Session();
    // Records and submits one frame, with the pending uploads ahead of it.
    Result<uint64_t> submitFrame(std::span<const gpu::Device::Wait> waits = {},
                                 std::span<const VkSemaphore> signals = {});
};

// Loads the scene file (errors name the file and position), then the device and renderer.
Result<scene::Scene> loadScene(const std::filesystem::path& path);
Result<std::unique_ptr<Session>> openSession(const SessionOptions& options, scene::Scene scene);

// The camera to render from: --camera NAME, else --pose "x,y,z,yawDeg,pitchDeg", else the scene's first.
Result<scene::Camera> chooseCamera(const scene::Scene& scene, const std::string& cameraName,
                                   const std::string& pose);
render::View viewFromCamera(const scene::Camera& camera);

// A camera that follows its `camera:NAME` position and rotation tracks over show time (a --pose stays put).
// Only the camera's own tracks are evaluated, in double precision, the same way applyTracks does.
class CameraPath {
public:
    // The camera chooseCamera picks: --camera NAME, else --pose (fixed), else the scene's first.
    static Result<CameraPath> choose(const scene::Scene& scene, const std::string& cameraName,
                                     const std::string& pose);
    scene::Camera at(double timeSeconds) const;
    render::View viewAt(double timeSeconds) const { return viewFromCamera(at(timeSeconds)); }
    const std::string& name() const { return m_base.name; }
    bool animated() const { return !m_tracks.empty(); }
    // The last key time of the camera's tracks (0 without tracks).
    double endTime() const;

private:
    scene::Camera m_base;
    std::vector<scene::Track> m_tracks;
};

// Loads a model reference through the cooked-asset path (cooked .skm files directly; sources via the cache).
// Thread-safe: streaming shows call it on the renderer's loader threads.
Result<scene::Model> loadModel(const scene::ModelRef& ref);
// A model's outline: the cooked file's structure without its payload. A source not cooked yet is cooked into
// the cache here (isolated, on the calling thread).
Result<scene::ModelOutline> loadModelOutline(const scene::ModelRef& ref);
// loadModelOutline + loadModel.
render::ModelSource appModelSource();

// Milliseconds since the process started (static initialisation of this library).
double msSinceProcessStart();

// Parses "1920x1080".
Result<VkExtent2D> parseSize(const std::string& text);

}  // namespace skyhook::app
