#pragma once
// glTF 2.0 metallic-roughness materials and their textures.
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace skyhook::scene {

enum class AlphaMode : uint32_t { Opaque = 0, Mask = 1, Blend = 2 };

inline constexpr int32_t kNoTexture = -1;

struct Material {
    std::string name;
    glm::vec4 baseColorFactor{1.0f};
    glm::vec3 emissiveFactor{0.0f};
    float emissiveStrength = 1.0f;
    float metallicFactor = 1.0f;
    float roughnessFactor = 1.0f;
    float normalScale = 1.0f;
    float occlusionStrength = 1.0f;
    AlphaMode alphaMode = AlphaMode::Opaque;
    float alphaCutoff = 0.5f;
    bool doubleSided = false;
    // Indices into Model::textures, kNoTexture when absent.
    int32_t baseColorTexture = kNoTexture;          // sRGB
    int32_t normalTexture = kNoTexture;             // linear, tangent space
    int32_t metallicRoughnessTexture = kNoTexture;  // linear: G roughness, B metallic
    int32_t occlusionTexture = kNoTexture;          // linear: R
    int32_t emissiveTexture = kNoTexture;           // sRGB
};

enum class TextureFormat : uint32_t { Rgba8Srgb = 0, Rgba8Unorm = 1 };

struct TextureMip {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> pixels;  // tightly packed RGBA8
};

struct Texture {
    std::string name;
    TextureFormat format = TextureFormat::Rgba8Srgb;
    std::vector<TextureMip> mips;  // mip 0 first; full chain down to 1×1 once cooked
};

}  // namespace skyhook::scene
