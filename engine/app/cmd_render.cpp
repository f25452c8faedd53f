#include <filesystem>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/app/offscreen.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

int runRender(const CommonOptions& common, const RenderOptions& o) {
    auto size = parseSize(o.size);
    if (!size) return fail(kExitUsage, size.error().message);
    auto scene = loadScene(o.scene);
    if (!scene) return fail(kExitInput, scene.error().message);
    auto camera = chooseCamera(*scene, o.camera, o.pose);
    if (!camera) return fail(kExitUsage, camera.error().message);
    auto session = openSession({.scenePath = o.scene,
                                .validation = common.validation,
                                .device = common.device,
                                .settings = common.settings},
                               std::move(*scene));
    if (!session) return fail(kExitGpu, session.error().message);
    auto offscreen = OffscreenRenderer::create(**session, *size);
    if (!offscreen) return fail(kExitGpu, offscreen.error().message);

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
    render::View view = viewFromCamera(*camera);
    for (uint32_t f = 0; f < o.frames; ++f) {
        auto r = (*offscreen)->renderFrame({view}, f / o.fps, true, write);
        if (!r) return fail(kExitGpu, r.error().message);
    }
    if (auto r = (*offscreen)->finish(write); !r) return fail(kExitGpu, r.error().message);
    log::info("skyhook", "wrote {} frame(s) of {}x{} to {}", written, size->width, size->height,
              out.string());
    fmt::print("{}\n", out.string());
    return finishWithValidation(common, (*session)->device->validationMessages());
}

}  // namespace skyhook::app
