// skyhook_gen_parts <out-dir> [--part NAME] [--list]: writes every part (or one) as <out-dir>/<name>.gltf +
// .bin and prints one line per file: path, triangles, bounds. See README.md.
#include <cstdio>
#include <string>
#include <string_view>

#include "tools/gen_parts/gen_parts.hpp"

namespace {

int usage(const char* argv0) {
    std::fprintf(stderr, "usage: %s <out-dir> [--part NAME]\n       %s --list\n", argv0, argv0);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace skyhook::tools::parts;
    std::string outDir, only;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--list") {
            for (const PartSpec& p : partCatalog())
                std::printf("%-16s %.*s\n", std::string(p.name).c_str(), static_cast<int>(p.anchor.size()),
                            p.anchor.data());
            return 0;
        }
        if (arg == "--part" && i + 1 < argc) {
            only = argv[++i];
        } else if (!arg.empty() && arg[0] != '-' && outDir.empty()) {
            outDir = arg;
        } else {
            return usage(argv[0]);
        }
    }
    if (outDir.empty()) return usage(argv[0]);
    if (!only.empty() && !findPart(only)) {
        std::fprintf(stderr, "skyhook_gen_parts: unknown part '%s' (see --list)\n", only.c_str());
        return 2;
    }
    for (const PartSpec& spec : partCatalog()) {
        if (!only.empty() && spec.name != only) continue;
        const Part part = spec.build();
        auto written = writeGltf(part, outDir);
        if (!written) {
            std::fprintf(stderr, "skyhook_gen_parts: %s\n", written.error().message.c_str());
            return 1;
        }
        const glm::vec3 lo = part.boundsMin(), hi = part.boundsMax();
        std::printf("%s  %u triangles  bounds (%.2f, %.2f, %.2f)..(%.2f, %.2f, %.2f) m\n", written->c_str(),
                    part.triangleCount(), lo.x, lo.y, lo.z, hi.x, hi.y, hi.z);
    }
    return 0;
}
