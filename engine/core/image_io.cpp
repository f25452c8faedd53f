#include "engine/core/image_io.hpp"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "engine/core/file.hpp"

namespace skyhook {

Result<void> writePng(const std::filesystem::path& path, const Rgba8Image& image) {
    SKYHOOK_CHECK(image.pixels.size() == size_t(image.width) * image.height * 4, "PNG of {}x{} has {} bytes",
                  image.width, image.height, image.pixels.size());
    std::vector<uint8_t> png;
    auto append = [](void* context, void* data, int size) {
        auto* out = static_cast<std::vector<uint8_t>*>(context);
        out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
    };
    if (!stbi_write_png_to_func(append, &png, int(image.width), int(image.height), 4, image.pixels.data(),
                                int(image.width * 4)))
        return Error::make("{}: PNG encoding failed", path.string());
    return writeFileBytes(path, png);
}

Result<Rgba8Image> readPng(const std::filesystem::path& path) {
    auto bytes = readFileBytes(path);
    if (!bytes) return bytes.error();
    int w = 0, h = 0, n = 0;
    stbi_uc* data = stbi_load_from_memory(bytes->data(), int(bytes->size()), &w, &h, &n, 4);
    if (!data) return Error::make("{}: not a readable image ({})", path.string(), stbi_failure_reason());
    Rgba8Image img{uint32_t(w), uint32_t(h), std::vector<uint8_t>(data, data + size_t(w) * h * 4)};
    stbi_image_free(data);
    return img;
}

}  // namespace skyhook
