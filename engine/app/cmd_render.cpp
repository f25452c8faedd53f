#include <filesystem>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/offscreen.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

int runRender(const CommonOptions& common, const RenderOptions& o) {
    auto opened =
        openHeadless(o.scene, o.size, o.camera, o.pose, common.validation, common.device, common.settings);
    if (auto* e = std::get_if<HeadlessError>(&opened)) return fail(e->exitCode, e->message);
    Headless& h = std::get<Headless>(opened);
    const VkExtent2D size = h.offscreen->size();

    std::filesystem::path out = std::filesystem::absolute(o.out);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec)
        return fail(kExitInput,
                    fmt::format("{}: cannot create the output folder ({})", out.string(), ec.message()));
    uint32_t written = 0;
    auto write = [&](uint64_t index, Rgba8Image image) -> Result<void> {
        SKYHOOK_TRY(writePng(out / fmt::format("frame_{:05d}.png", index), image));
        ++written;
        return {};
    };
    for (uint32_t f = 0; f < o.frames; ++f) {
        // The camera follows its tracks: frame f shows time + f / fps from the camera's pose at that time.
        const double t = o.time + f / o.fps;
        auto r = h.offscreen->renderFrame({h.camera.viewAt(t)}, t, true, write);
        if (!r) return fail(kExitGpu, r.error().message);
    }
    if (auto r = h.offscreen->finish(write); !r) return fail(kExitGpu, r.error().message);
    log::info("skyhook", "wrote {} frame(s) of {}x{} to {}", written, size.width, size.height, out.string());
    fmt::print("{}\n", out.string());
    return finishWithValidation(common, h.session->device->validationMessages());
}

}  // namespace skyhook::app
