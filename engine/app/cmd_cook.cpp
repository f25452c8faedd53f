#include <cstdio>

#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/asset/cook_cache.hpp"
#include "engine/asset/cooked_format.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

int runCook(const std::string& source, const std::string& output) {
    std::string lastStage;
    int lastPercent = -1;
    auto progress = [&](std::string_view stage, float fraction) {
        int percent = static_cast<int>(fraction * 100.0f);
        if (stage == lastStage && percent == lastPercent) return;
        lastStage = stage;
        lastPercent = percent;
        fmt::print(stderr, "\r[cook] {:<28} {:3d}%", stage, percent);
        std::fflush(stderr);
    };
    auto r = asset::cookFile(source, output, progress);
    fmt::print(stderr, "\n");
    if (!r) return fail(kExitInput, r.error().message);
    auto model = asset::readCooked(output);
    if (!model) return fail(kExitInternal, model.error().message);
    size_t tris = 0, meshlets = 0;
    for (const auto& m : model->meshes) {
        tris += m.lods.empty() ? m.indices.size() / 3 : m.lods[0].indexCount / 3;
        meshlets += m.meshlets.size();
    }
    fmt::print("{}: {} meshes, {} triangles, {} meshlets, {} materials, {} textures\n", output,
               model->meshes.size(), tris, meshlets, model->materials.size(), model->textures.size());
    return kExitOk;
}

}  // namespace skyhook::app
