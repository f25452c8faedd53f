#include "engine/app/session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "engine/asset/cook_cache.hpp"
#include "engine/asset/cooked_format.hpp"
#include "engine/core/file.hpp"
#include "engine/core/log.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::app {

Session::~Session() {
    if (device) device->waitIdle();  // shutdown
    renderer.reset();
    ring.reset();
}

Result<uint64_t> Session::submitFrame(std::span<const gpu::Device::Wait> waits,
                                      std::span<const VkSemaphore> signals) {
    VkCommandBuffer uploads = renderer->uploader().takeCommands();
    std::span<const VkCommandBuffer> before;
    if (uploads) before = {&uploads, 1};
    auto value = ring->submit(before, waits, signals);
    if (value && uploads) renderer->uploader().submitted(*value);
    return value;
}

Result<scene::Scene> loadScene(const std::filesystem::path& path) {
    return scene::loadSceneFile(path);
}

Result<scene::Model> loadModel(const scene::ModelRef& ref) {
    std::filesystem::path p = ref.path;
    if (p.extension() == ".skm") return asset::readCooked(p);
    return asset::loadCookedOrCook(p, [&](std::string_view stage, float fraction) {
        log::debug("asset", "{}: {} {:.0f}%", p.filename().string(), stage, fraction * 100.0f);
    });
}

Result<scene::ModelOutline> loadModelOutline(const scene::ModelRef& ref) {
    std::filesystem::path p = ref.path;
    if (p.extension() == ".skm") return asset::readCookedOutline(p);
    return asset::cookedOutlineOrCook(p, [&](std::string_view stage, float fraction) {
        log::debug("asset", "{}: {} {:.0f}%", p.filename().string(), stage, fraction * 100.0f);
    });
}

render::ModelSource appModelSource() {
    return {.outline = loadModelOutline, .load = loadModel};
}

namespace {
const std::chrono::steady_clock::time_point kProcessStart = std::chrono::steady_clock::now();
}

double msSinceProcessStart() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - kProcessStart)
        .count();
}

Result<std::unique_ptr<Session>> openSession(const SessionOptions& options, scene::Scene sceneIn) {
    auto s = std::make_unique<Session>();
    s->scene = std::move(sceneIn);
    auto device = gpu::Device::create({.appName = "skyhook",
                                       .validation = options.validation,
                                       .preferredDevice = options.device,
                                       .instanceExtensions = options.instanceExtensions,
                                       .swapchain = options.swapchain,
                                       .hooks = options.hooks});
    if (!device) return device.error();
    s->device = std::move(*device);
    auto renderer = render::Renderer::create(
        *s->device, {.pipelineCacheFile = cacheDir() / "pipelines" /
                                          fmt::format("{:04x}-{:04x}.bin", s->device->info().vendorId,
                                                      s->device->info().deviceId),
                     .settings = options.settings,
                     .stereo = options.stereo});
    if (!renderer) return renderer.error();
    s->renderer = std::move(*renderer);
    SKYHOOK_TRY(s->renderer->setScene(s->scene, options.models ? *options.models : appModelSource(),
                                      {.stream = options.streamModels}));
    s->ring = std::make_unique<gpu::FrameRing>();
    SKYHOOK_TRY(s->ring->init(*s->device));
    if (options.beforeShow) SKYHOOK_TRY(options.beforeShow(*s));
    // Every pipeline exists now: creating one later is a show fault.
    s->renderer->pipelines().markShowStarted();
    return s;
}

Result<scene::Camera> chooseCamera(const scene::Scene& scene, const std::string& cameraName,
                                   const std::string& pose) {
    if (!cameraName.empty()) {
        if (const scene::Camera* c = scene.findCamera(cameraName)) return *c;
        std::string names;
        for (const auto& c : scene.cameras) names += (names.empty() ? "" : ", ") + c.name;
        return Error::make("scene '{}' has no camera '{}' (it has: {})", scene.name, cameraName, names);
    }
    scene::Camera cam = scene.cameras.empty() ? scene::Camera{} : scene.cameras.front();
    if (!pose.empty()) {
        std::vector<double> v;
        std::stringstream ss(pose);
        std::string item;
        while (std::getline(ss, item, ',')) {
            try {
                size_t used = 0;
                v.push_back(std::stod(item, &used));
                if (used != item.size()) throw std::invalid_argument(item);
            } catch (const std::exception&) {
                return Error::make("--pose: '{}' is not a number (expected x,y,z,yawDeg,pitchDeg)", item);
            }
        }
        if (v.size() != 5)
            return Error::make("--pose: expected 5 numbers x,y,z,yawDeg,pitchDeg, got {}", v.size());
        cam.name = "pose";
        cam.position = {v[0], v[1], v[2]};
        glm::dquat yaw = glm::angleAxis(glm::radians(v[3]), glm::dvec3(0, 1, 0));
        glm::dquat pitch = glm::angleAxis(glm::radians(v[4]), glm::dvec3(1, 0, 0));
        cam.orientation = yaw * pitch;
    }
    return cam;
}

Result<CameraPath> CameraPath::choose(const scene::Scene& scene, const std::string& cameraName,
                                      const std::string& pose) {
    auto camera = chooseCamera(scene, cameraName, pose);
    if (!camera) return camera.error();
    CameraPath path;
    path.m_base = *camera;
    if (!cameraName.empty() || pose.empty()) {
        const scene::Camera* chosen = cameraName.empty()
                                          ? (scene.cameras.empty() ? nullptr : &scene.cameras[0])
                                          : scene.findCamera(cameraName);
        const int32_t index = chosen ? int32_t(chosen - scene.cameras.data()) : -1;
        for (const scene::Track& t : scene.tracks)
            if (t.targetKind == scene::TrackTargetKind::Camera && t.target == index)
                path.m_tracks.push_back(t);
    }
    return path;
}

scene::Camera CameraPath::at(double timeSeconds) const {
    scene::Camera c = m_base;
    for (const scene::Track& t : m_tracks) {  // in file order: the last track of a property wins
        const scene::TrackValue v = scene::evaluateTrack(t, timeSeconds);
        if (v.property == scene::TrackProperty::Position) c.position = v.position;
        if (v.property == scene::TrackProperty::Rotation) c.orientation = v.rotation;
    }
    return c;
}

double CameraPath::endTime() const {
    double end = 0.0;
    for (const scene::Track& t : m_tracks) end = std::max(end, t.keys.back().time);
    return end;
}

render::View viewFromCamera(const scene::Camera& camera) {
    render::View v;
    v.name = camera.name;
    v.position = camera.position;
    v.orientation = camera.orientation;
    v.projection.kind = render::Projection::Kind::Symmetric;
    v.projection.verticalFov = camera.verticalFov;
    v.projection.nearPlane = camera.nearPlane;
    return v;
}

Result<VkExtent2D> parseSize(const std::string& text) {
    unsigned w = 0, h = 0;
    char x = 0;
    std::stringstream ss(text);
    if (!(ss >> w >> x >> h) || (x != 'x' && x != 'X') || !ss.eof() || w == 0 || h == 0 || w > 16384 ||
        h > 16384)
        return Error::make("size '{}' is not WIDTHxHEIGHT (1..16384), e.g. 1920x1080", text);
    return VkExtent2D{w, h};
}

}  // namespace skyhook::app
