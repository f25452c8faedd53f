#include "engine/asset/import_material.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include <assimp/GltfMaterial.h>
#include <assimp/material.h>
#include <stb_image.h>

#include "engine/core/file.hpp"
#include "engine/core/log.hpp"

namespace skyhook::asset::detail {
namespace {

constexpr std::string_view kLog = "asset";
namespace fs = std::filesystem;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string percentDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Decodes PNG/JPG/... bytes to RGBA8. Returns nothing (after a warning) when the image is unusable.
std::optional<scene::TextureMip> decode(const uint8_t* bytes, size_t size, const std::string& what,
                                        const ImportOptions& options) {
    if (size == 0 || size > size_t{INT32_MAX}) {
        log::warn(kLog, "texture {}: {} bytes is not a decodable image; material uses no texture", what,
                  size);
        return std::nullopt;
    }
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(bytes, static_cast<int>(size), &w, &h, &channels)) {
        log::warn(kLog, "texture {}: cannot decode ({}); material uses no texture", what,
                  stbi_failure_reason());
        return std::nullopt;
    }
    if (w <= 0 || h <= 0 || static_cast<uint32_t>(w) > options.maxTextureSize ||
        static_cast<uint32_t>(h) > options.maxTextureSize) {
        log::warn(kLog, "texture {}: {}x{} exceeds the {} limit; material uses no texture", what, w, h,
                  options.maxTextureSize);
        return std::nullopt;
    }
    stbi_uc* pixels = stbi_load_from_memory(bytes, static_cast<int>(size), &w, &h, &channels, 4);
    if (!pixels) {
        log::warn(kLog, "texture {}: cannot decode ({}); material uses no texture", what,
                  stbi_failure_reason());
        return std::nullopt;
    }
    scene::TextureMip mip{.width = static_cast<uint32_t>(w), .height = static_cast<uint32_t>(h)};
    mip.pixels.assign(pixels, pixels + size_t(w) * size_t(h) * 4);
    stbi_image_free(pixels);
    return mip;
}

class TextureLoader {
public:
    TextureLoader(const aiScene& s, const fs::path& modelPath, const ImportOptions& options,
                  scene::Model& model)
        : m_scene(s),
          m_dir(modelPath.parent_path()),
          m_modelName(modelPath.string()),
          m_options(options),
          m_model(model) {}

    // Index into model.textures for the texture in (type, slot), or kNoTexture. Cached per (path, format).
    int32_t load(const aiMaterial& mat, aiTextureType type, scene::TextureFormat format) {
        if (!m_options.loadTextures || mat.GetTextureCount(type) == 0) return scene::kNoTexture;
        aiString path;
        if (mat.GetTexture(type, 0, &path) != AI_SUCCESS || path.length == 0) return scene::kNoTexture;
        std::string key = path.C_Str();
        auto cached = m_cache.find({key, format});
        if (cached != m_cache.end()) return cached->second;
        int32_t index = scene::kNoTexture;
        if (auto mip = loadImage(key)) {
            index = static_cast<int32_t>(m_model.textures.size());
            scene::Texture tex{.name = key, .format = format};
            tex.mips.push_back(std::move(*mip));
            m_model.textures.push_back(std::move(tex));
        }
        m_cache[{key, format}] = index;
        return index;
    }

private:
    std::optional<scene::TextureMip> loadImage(const std::string& ref) {
        if (const aiTexture* embedded = m_scene.GetEmbeddedTexture(ref.c_str()))
            return loadEmbedded(*embedded, ref);
        if (!ref.empty() && ref[0] == '*') {
            log::warn(kLog, "{}: embedded texture {} does not exist; material uses no texture", m_modelName,
                      ref);
            return std::nullopt;
        }
        std::string decoded = percentDecode(ref);
        std::string slashes = decoded;
        std::replace(slashes.begin(), slashes.end(), '\\', '/');
        // Exporters write absolute paths from the author's machine and Windows separators: fall back to the
        // file name next to the model.
        for (const fs::path& candidate :
             {fs::path(ref), fs::path(decoded), fs::path(slashes), fs::path(slashes).filename()}) {
            if (candidate.empty()) continue;
            fs::path full = candidate.is_absolute() ? candidate : m_dir / candidate;
            std::error_code ec;
            if (!fs::is_regular_file(full, ec)) continue;
            auto bytes = readFileBytes(full);
            if (!bytes) {
                log::warn(kLog, "{}: texture {}: {}; material uses no texture", m_modelName, ref,
                          bytes.error().message);
                return std::nullopt;
            }
            return decode(bytes->data(), bytes->size(), full.string(), m_options);
        }
        log::warn(kLog, "{}: texture file {} not found (looked in {}); material uses no texture", m_modelName,
                  ref, m_dir.string());
        return std::nullopt;
    }

    std::optional<scene::TextureMip> loadEmbedded(const aiTexture& t, const std::string& ref) {
        std::string what = m_modelName + " embedded " + ref;
        if (!t.pcData) {
            log::warn(kLog, "texture {}: no data; material uses no texture", what);
            return std::nullopt;
        }
        if (t.mHeight == 0)  // compressed (PNG, JPG, ...): mWidth is the byte count
            return decode(reinterpret_cast<const uint8_t*>(t.pcData), t.mWidth, what, m_options);
        if (t.mWidth > m_options.maxTextureSize || t.mHeight > m_options.maxTextureSize) {
            log::warn(kLog, "texture {}: {}x{} exceeds the {} limit; material uses no texture", what,
                      t.mWidth, t.mHeight, m_options.maxTextureSize);
            return std::nullopt;
        }
        scene::TextureMip mip{.width = t.mWidth, .height = t.mHeight};
        mip.pixels.resize(size_t{t.mWidth} * t.mHeight * 4);
        for (size_t i = 0; i < size_t{t.mWidth} * t.mHeight; ++i) {  // aiTexel is BGRA
            mip.pixels[i * 4 + 0] = t.pcData[i].r;
            mip.pixels[i * 4 + 1] = t.pcData[i].g;
            mip.pixels[i * 4 + 2] = t.pcData[i].b;
            mip.pixels[i * 4 + 3] = t.pcData[i].a;
        }
        return mip;
    }

    const aiScene& m_scene;
    fs::path m_dir;
    std::string m_modelName;
    const ImportOptions& m_options;
    scene::Model& m_model;
    std::map<std::pair<std::string, scene::TextureFormat>, int32_t> m_cache;
};

float clamp01(float v) {
    return std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
}
float nonNegative(float v, float fallback) {
    return std::isfinite(v) && v >= 0.0f ? v : fallback;
}

// Blinn-Phong exponent → glTF perceptual roughness: alpha = sqrt(2 / (n + 2)) (Walter et al.) and glTF's
// roughness is sqrt(alpha).
float roughnessFromShininess(float shininess) {
    float n = std::max(0.0f, std::isfinite(shininess) ? shininess : 0.0f);
    return clamp01(std::pow(2.0f / (n + 2.0f), 0.25f));
}

int32_t firstTexture(TextureLoader& loader, const aiMaterial& mat, std::initializer_list<aiTextureType> types,
                     scene::TextureFormat format) {
    for (aiTextureType type : types)
        if (int32_t t = loader.load(mat, type, format); t != scene::kNoTexture) return t;
    return scene::kNoTexture;
}

scene::Material convert(const aiMaterial& mat, bool gltf, TextureLoader& loader) {
    using scene::TextureFormat;
    scene::Material out;
    aiString name;
    if (mat.Get(AI_MATKEY_NAME, name) == AI_SUCCESS) out.name = name.C_Str();

    aiColor4D color;
    if (mat.Get(AI_MATKEY_BASE_COLOR, color) == AI_SUCCESS) {
        out.baseColorFactor = {clamp01(color.r), clamp01(color.g), clamp01(color.b), clamp01(color.a)};
    } else if (mat.Get(AI_MATKEY_COLOR_DIFFUSE, color) == AI_SUCCESS) {
        out.baseColorFactor = {clamp01(color.r), clamp01(color.g), clamp01(color.b), 1.0f};
        float opacity = 1.0f;
        if (mat.Get(AI_MATKEY_OPACITY, opacity) == AI_SUCCESS) out.baseColorFactor.a = clamp01(opacity);
    }
    float f = 0.0f;
    if (mat.Get(AI_MATKEY_METALLIC_FACTOR, f) == AI_SUCCESS)
        out.metallicFactor = clamp01(f);
    else
        out.metallicFactor = 0.0f;  // non-PBR sources (OBJ, FBX Phong) describe dielectrics
    if (mat.Get(AI_MATKEY_ROUGHNESS_FACTOR, f) == AI_SUCCESS)
        out.roughnessFactor = clamp01(f);
    else if (mat.Get(AI_MATKEY_SHININESS, f) == AI_SUCCESS)
        out.roughnessFactor = roughnessFromShininess(f);

    aiColor3D emissive;
    if (mat.Get(AI_MATKEY_COLOR_EMISSIVE, emissive) == AI_SUCCESS)
        out.emissiveFactor = {nonNegative(emissive.r, 0), nonNegative(emissive.g, 0),
                              nonNegative(emissive.b, 0)};
    if (mat.Get(AI_MATKEY_EMISSIVE_INTENSITY, f) == AI_SUCCESS) out.emissiveStrength = nonNegative(f, 1.0f);

    int twoSided = 0;
    if (mat.Get(AI_MATKEY_TWOSIDED, twoSided) == AI_SUCCESS) out.doubleSided = twoSided != 0;

    aiString alphaMode;
    if (mat.Get(AI_MATKEY_GLTF_ALPHAMODE, alphaMode) == AI_SUCCESS) {
        std::string mode = alphaMode.C_Str();
        out.alphaMode = mode == "MASK"    ? scene::AlphaMode::Mask
                        : mode == "BLEND" ? scene::AlphaMode::Blend
                                          : scene::AlphaMode::Opaque;
        if (mat.Get(AI_MATKEY_GLTF_ALPHACUTOFF, f) == AI_SUCCESS) out.alphaCutoff = clamp01(f);
    } else if (!gltf && out.baseColorFactor.a < 1.0f) {
        out.alphaMode = scene::AlphaMode::Blend;
    }

    out.baseColorTexture = firstTexture(loader, mat, {aiTextureType_BASE_COLOR, aiTextureType_DIFFUSE},
                                        TextureFormat::Rgba8Srgb);
    out.normalTexture = firstTexture(loader, mat, {aiTextureType_NORMALS, aiTextureType_NORMAL_CAMERA},
                                     TextureFormat::Rgba8Unorm);
    if (mat.Get(AI_MATKEY_GLTF_TEXTURE_SCALE(aiTextureType_NORMALS, 0), f) == AI_SUCCESS && std::isfinite(f))
        out.normalScale = f;
    if (gltf) {
        // assimp's glTF importer puts the packed metallic-roughness texture in UNKNOWN and occlusion in
        // LIGHTMAP.
        out.metallicRoughnessTexture = firstTexture(
            loader, mat, {aiTextureType_UNKNOWN, aiTextureType_METALNESS}, TextureFormat::Rgba8Unorm);
        out.occlusionTexture =
            firstTexture(loader, mat, {aiTextureType_LIGHTMAP, aiTextureType_AMBIENT_OCCLUSION},
                         TextureFormat::Rgba8Unorm);
        if (mat.Get(AI_MATKEY_GLTF_TEXTURE_STRENGTH(aiTextureType_LIGHTMAP, 0), f) == AI_SUCCESS)
            out.occlusionStrength = clamp01(f);
    } else {
        // Elsewhere LIGHTMAP is a baked light map and UNKNOWN is anything; only true AO maps count.
        out.occlusionTexture =
            firstTexture(loader, mat, {aiTextureType_AMBIENT_OCCLUSION}, TextureFormat::Rgba8Unorm);
    }
    out.emissiveTexture = firstTexture(loader, mat, {aiTextureType_EMISSIVE, aiTextureType_EMISSION_COLOR},
                                       TextureFormat::Rgba8Srgb);
    // glTF multiplies the emissive texture by the factor, whose default is black: a textured emissive slot
    // from a non-glTF source (no factor) would vanish, so make the factor white there.
    if (!gltf && out.emissiveTexture != scene::kNoTexture && out.emissiveFactor == glm::vec3(0.0f))
        out.emissiveFactor = glm::vec3(1.0f);
    return out;
}

}  // namespace

void convertMaterials(const aiScene& s, const fs::path& modelPath, const ImportOptions& options,
                      scene::Model& model) {
    std::string ext = lower(modelPath.extension().string());
    bool gltf = ext == ".gltf" || ext == ".glb";
    TextureLoader loader(s, modelPath, options, model);
    for (unsigned i = 0; i < s.mNumMaterials && s.mMaterials; ++i) {
        if (!s.mMaterials[i]) {
            model.materials.push_back({.name = "default"});
            continue;
        }
        model.materials.push_back(convert(*s.mMaterials[i], gltf, loader));
    }
    if (model.materials.empty()) model.materials.push_back({.name = "default", .metallicFactor = 0.0f});
}

}  // namespace skyhook::asset::detail
