// skyhook_gen_textured_gltf <out-dir>: see gen_textured_gltf.hpp.
#include <cstdio>

#include "tools/gen_textured_gltf/gen_textured_gltf.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <out-dir>\n", argv[0]);
        return 2;
    }
    auto written = skyhook::tools::writeTexturedGltf(argv[1]);
    if (!written) {
        std::fprintf(stderr, "skyhook_gen_textured_gltf: %s\n", written.error().message.c_str());
        return 1;
    }
    std::printf("%s\n", written->c_str());
    return 0;
}
