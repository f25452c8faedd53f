#pragma once
// Headless rendering: an offscreen target, frames rendered into it and read back as RGBA8 images without
// stalling the pipeline (each frame's pixels are collected once its submission has completed).
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <variant>

#include "engine/app/session.hpp"
#include "engine/core/image_io.hpp"
#include "engine/gpu/readback.hpp"
#include "engine/gpu/resources.hpp"

namespace skyhook::app {

class OffscreenRenderer {
public:
    // `layers` 2: a 2-layer array target, as an XR swapchain image is (one layer per eye; each view draws
    // into layer View::targetLayer through RenderTarget::layerViews).
    static Result<std::unique_ptr<OffscreenRenderer>> create(Session& session, VkExtent2D size,
                                                             uint32_t layers = 1);

    // Renders one frame of `views` (their target is filled in here). With `readback`, the image is delivered
    // to `onImage` once the GPU finished it; with several layers, the layers side by side (layer 0 on the
    // left), one image `layers` × the width.
    using ImageFn = std::function<Result<void>(uint64_t frameIndex, Rgba8Image image)>;
    Result<void> renderFrame(std::vector<render::View> views, double timeSeconds, bool readback,
                             const ImageFn& onImage, bool bare = false);
    // Waits for the remaining frames and delivers their images.
    Result<void> finish(const ImageFn& onImage);
    VkExtent2D size() const { return m_target.extent(); }  // of one layer
    uint32_t layers() const { return m_target.desc().layers; }

private:
    explicit OffscreenRenderer(Session& session) : m_session(session) {}
    Result<void> deliverCompleted(const ImageFn& onImage, bool wait);

    Session& m_session;
    gpu::Image m_target;
    bool m_initialized = false;
    struct Pending {
        uint64_t frameIndex = 0;
        uint64_t timelineValue = 0;
        std::vector<gpu::Readback> readbacks;  // one per layer
    };
    std::deque<Pending> m_pending;
    std::vector<VkImageView> m_layerViews;
    uint64_t m_frames = 0;
};

// The two eyes of a stereo frame for a mono view, as a headset's views reach the renderer (xr::viewFromXr):
// eye poses ±ipd/2 along the view's right axis, parallel axes (no toe-in), each with the mono view's field of
// view as symmetric off-axis tangents for `eye` (the per-eye image size); "left" into layer 0, "right" into
// layer 1.
std::vector<render::View> stereoEyeViews(const render::View& mono, VkExtent2D eye, double ipd);

// Everything a headless command opens: the scene, its session, an offscreen target and the camera (which
// follows its tracks: `camera.viewAt(t)`; `view` is its view at show time 0).
struct Headless {
    std::unique_ptr<Session> session;
    std::unique_ptr<OffscreenRenderer> offscreen;
    render::View view;
    CameraPath camera;
};
// Fails with the command's exit code (kExitUsage, kExitInput or kExitGpu) and the message.
struct HeadlessError {
    int exitCode = 0;
    std::string message;
};
std::variant<Headless, HeadlessError> openHeadless(const std::string& scenePath, const std::string& size,
                                                   const std::string& camera, const std::string& pose,
                                                   bool validation, const std::string& device,
                                                   const render::RenderSettings& settings,
                                                   bool streamModels = false, bool stereo = false);

}  // namespace skyhook::app
