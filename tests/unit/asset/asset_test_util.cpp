#include "tests/unit/asset/asset_test_util.hpp"

#include <unistd.h>

#include <stb/stb_image_write.h>

namespace skyhook::asset::test {

namespace {

std::filesystem::path processScratchRoot() {
    return std::filesystem::temp_directory_path() / ("skyhook_asset_test_" + std::to_string(::getpid()));
}

// Removes this process's scratch folders when the test binary exits (forked importer children use _exit and
// never run this).
struct ScratchCleanup {
    ~ScratchCleanup() {
        std::error_code ec;
        std::filesystem::remove_all(processScratchRoot(), ec);
    }
} g_scratchCleanup;

}  // namespace

std::filesystem::path scratchDir(const std::string& name) {
    auto dir = processScratchRoot() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

scene::Mesh makeGridMesh(uint32_t n) {
    scene::Mesh mesh;
    mesh.name = "grid";
    for (uint32_t y = 0; y <= n; ++y)
        for (uint32_t x = 0; x <= n; ++x) {
            float fx = static_cast<float>(x) / n, fy = static_cast<float>(y) / n;
            scene::Vertex v;
            v.position = {fx * 10.0f, 0.3f * std::sin(fx * 9.0f) * std::cos(fy * 7.0f), fy * 10.0f};
            v.u = fx;
            v.v = fy;
            v.normal = {0, 1, 0};
            mesh.vertices.push_back(v);
        }
    for (uint32_t y = 0; y < n; ++y)
        for (uint32_t x = 0; x < n; ++x) {
            uint32_t a = y * (n + 1) + x, b = a + 1, c = a + n + 1, d = c + 1;
            mesh.indices.insert(mesh.indices.end(), {a, c, b, b, c, d});
        }
    mesh.lods.push_back({.indexOffset = 0, .indexCount = static_cast<uint32_t>(mesh.indices.size())});
    return mesh;
}

scene::Model makeTestModel(uint32_t gridN, uint32_t texW, uint32_t texH) {
    scene::Model model;
    model.name = "test";
    model.meshes.push_back(makeGridMesh(gridN));
    model.materials.push_back({.name = "m", .baseColorTexture = 0});
    scene::Texture tex{.name = "t", .format = scene::TextureFormat::Rgba8Srgb};
    scene::TextureMip mip{.width = texW, .height = texH};
    for (uint32_t i = 0; i < texW * texH; ++i)
        for (uint32_t c = 0; c < 4; ++c) mip.pixels.push_back(static_cast<uint8_t>((i * 37 + c * 91) & 0xff));
    tex.mips.push_back(std::move(mip));
    model.textures.push_back(std::move(tex));
    model.instances.push_back({.mesh = 0});
    return model;
}

void writePng(const std::filesystem::path& path, uint32_t w, uint32_t h, const std::vector<uint8_t>& rgba) {
    stbi_write_png(path.c_str(), static_cast<int>(w), static_cast<int>(h), 4, rgba.data(),
                   static_cast<int>(w * 4));
}

std::string base64(const std::vector<uint8_t>& bytes) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t n = uint32_t{bytes[i]} << 16;
        if (i + 1 < bytes.size()) n |= uint32_t{bytes[i + 1]} << 8;
        if (i + 2 < bytes.size()) n |= bytes[i + 2];
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    }
    return out;
}

}  // namespace skyhook::asset::test
