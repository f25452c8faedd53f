#include "tools/gen_textured_gltf/gen_textured_gltf.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <system_error>
#include <vector>

#include <assimp/Exporter.hpp>
#include <assimp/GltfMaterial.h>
#include <assimp/material.h>
#include <assimp/scene.h>
#include <stb_image_write.h>

namespace skyhook::tools {
namespace {

constexpr int kSize = 256;
constexpr int kCells = 8;  // checker cells per edge
constexpr int kCell = kSize / kCells;

struct Image {
    std::vector<uint8_t> rgba = std::vector<uint8_t>(size_t{kSize} * kSize * 4, 255);
    uint8_t* at(int x, int y) { return &rgba[(size_t(y) * kSize + x) * 4]; }
};

// 3×5 digits, one row per byte (bit 2 = left column).
constexpr uint8_t kDigits[10][5] = {{7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7},
                                    {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1},
                                    {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}};

void hueToRgb(float h, uint8_t* out) {
    for (int c = 0; c < 3; ++c) {
        float k = std::fmod(h * 6.0f + (c == 0 ? 0.0f : c == 1 ? 4.0f : 2.0f), 6.0f);
        float v = 1.0f - std::max(0.0f, std::min({k, 4.0f - k, 1.0f}));
        out[c] = static_cast<uint8_t>(60 + 180 * v);
    }
}

// A checker of coloured cells, each with diagonal stripes and its number (0..63) drawn in a 3×5 font, so
// orientation and UV seams are visible in renders.
Image baseColor() {
    Image img;
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x) {
            int cx = x / kCell, cy = y / kCell, cell = cy * kCells + cx;
            uint8_t* p = img.at(x, y);
            hueToRgb(static_cast<float>(cell) / (kCells * kCells), p);
            if ((cx + cy) % 2 == 1) {
                for (int c = 0; c < 3; ++c) p[c] = static_cast<uint8_t>(p[c] / 2);
            }
            if (((x + y) / 4) % 4 == 0) {
                for (int c = 0; c < 3; ++c) p[c] = static_cast<uint8_t>(p[c] * 3 / 4);
            }
            int lx = x % kCell, ly = y % kCell;
            if (lx == 0 || ly == 0) p[0] = p[1] = p[2] = 20;
            // Two digits, 3×5 font scaled by 3, at (6, 8) inside the cell.
            int digitX = (lx - 6) / 3, digitY = (ly - 8) / 3;
            if (lx >= 6 && ly >= 8 && digitY < 5 && digitX < 7 && digitX != 3) {
                int which = digitX < 3 ? cell / 10 : cell % 10;
                int col = digitX < 3 ? digitX : digitX - 4;
                if (kDigits[which][digitY] & (4 >> col)) p[0] = p[1] = p[2] = 250;
            }
        }
    return img;
}

float tileHeight(float x, float y) {
    // Rounded tiles: flat tops, bevelled edges, 16 tiles per edge.
    float fx = std::fmod(x, 16.0f) / 16.0f, fy = std::fmod(y, 16.0f) / 16.0f;
    float edge = std::min({fx, 1.0f - fx, fy, 1.0f - fy});
    return std::min(edge * 5.0f, 1.0f);
}

Image normalMap() {
    Image img;
    const float strength = 4.0f;
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x) {
            float dx = tileHeight(x + 1.0f, y + 0.5f) - tileHeight(x, y + 0.5f);
            float dy = tileHeight(x + 0.5f, y + 1.0f) - tileHeight(x + 0.5f, y);
            float n[3] = {-dx * strength, -dy * strength, 1.0f};
            float len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
            uint8_t* p = img.at(x, y);
            for (int c = 0; c < 3; ++c)
                p[c] = static_cast<uint8_t>(std::lround((n[c] / len * 0.5f + 0.5f) * 255.0f));
        }
    return img;
}

// glTF packing: G roughness (rising along rows), B metallic (alternate columns metal/dielectric), R unused.
Image metallicRoughness() {
    Image img;
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x) {
            uint8_t* p = img.at(x, y);
            p[0] = 255;
            p[1] = static_cast<uint8_t>(40 + (y / kCell) * 200 / (kCells - 1));
            p[2] = (x / kCell) % 2 == 0 ? 255 : 0;
        }
    return img;
}

Result<void> writePng(const std::filesystem::path& path, const Image& img) {
    if (!stbi_write_png(path.c_str(), kSize, kSize, 4, img.rgba.data(), kSize * 4))
        return Error::make("{}: cannot write the PNG", path.string());
    return {};
}

aiMesh* newMesh(const char* name, const std::vector<aiVector3D>& pos, const std::vector<aiVector3D>& nrm,
                const std::vector<aiVector3D>& uv, const std::vector<unsigned>& indices, unsigned material) {
    auto* m = new aiMesh();
    m->mName = name;
    m->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
    m->mMaterialIndex = material;
    m->mNumVertices = static_cast<unsigned>(pos.size());
    m->mVertices = new aiVector3D[pos.size()];
    m->mNormals = new aiVector3D[pos.size()];
    m->mTextureCoords[0] = new aiVector3D[pos.size()];
    m->mNumUVComponents[0] = 2;
    std::copy(pos.begin(), pos.end(), m->mVertices);
    std::copy(nrm.begin(), nrm.end(), m->mNormals);
    std::copy(uv.begin(), uv.end(), m->mTextureCoords[0]);
    m->mNumFaces = static_cast<unsigned>(indices.size() / 3);
    m->mFaces = new aiFace[m->mNumFaces];
    for (unsigned f = 0; f < m->mNumFaces; ++f) {
        m->mFaces[f].mNumIndices = 3;
        m->mFaces[f].mIndices = new unsigned[3]{indices[f * 3], indices[f * 3 + 1], indices[f * 3 + 2]};
    }
    return m;
}

// UVs in assimp's convention (origin bottom-left); the glTF exporter flips them to glTF's top-left.
aiMesh* uvSphere(unsigned material) {
    const int segments = 64, rings = 32;
    std::vector<aiVector3D> pos, nrm, uv;
    std::vector<unsigned> idx;
    for (int r = 0; r <= rings; ++r) {
        float v = static_cast<float>(r) / rings, theta = v * std::numbers::pi_v<float>;
        for (int s = 0; s <= segments; ++s) {
            float u = static_cast<float>(s) / segments, phi = u * 2.0f * std::numbers::pi_v<float>;
            aiVector3D n(std::sin(theta) * std::cos(phi), std::cos(theta), -std::sin(theta) * std::sin(phi));
            pos.push_back(n);
            nrm.push_back(n);
            uv.emplace_back(u, 1.0f - v, 0.0f);
        }
    }
    for (int r = 0; r < rings; ++r)
        for (int s = 0; s < segments; ++s) {
            unsigned a = r * (segments + 1) + s, b = a + 1, c = a + segments + 1, d = c + 1;
            if (r != 0) idx.insert(idx.end(), {a, c, b});
            if (r != rings - 1) idx.insert(idx.end(), {b, c, d});
        }
    return newMesh("sphere", pos, nrm, uv, idx, material);
}

aiMesh* cube(unsigned material) {
    std::vector<aiVector3D> pos, nrm, uv;
    std::vector<unsigned> idx;
    const aiVector3D axes[3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    for (int face = 0; face < 6; ++face) {
        aiVector3D n = axes[face / 2] * (face % 2 ? -1.0f : 1.0f);
        aiVector3D t = axes[(face / 2 + 1) % 3], b = n ^ t;  // ^ is assimp's cross product
        unsigned base = static_cast<unsigned>(pos.size());
        for (int k = 0; k < 4; ++k) {
            float su = (k == 1 || k == 2) ? 1.0f : -1.0f, sv = k >= 2 ? 1.0f : -1.0f;
            pos.push_back(n + t * su + b * sv);
            nrm.push_back(n);
            uv.emplace_back(su * 0.5f + 0.5f, sv * 0.5f + 0.5f, 0.0f);
        }
        idx.insert(idx.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
    }
    return newMesh("emitter", pos, nrm, uv, idx, material);
}

void setTexture(aiMaterial* m, aiTextureType type, const char* file) {
    aiString path(file);
    m->AddProperty(&path, AI_MATKEY_TEXTURE(type, 0));
}

std::unique_ptr<aiScene> buildScene() {
    auto s = std::make_unique<aiScene>();
    s->mNumMaterials = 2;
    s->mMaterials = new aiMaterial*[2];

    auto* painted = new aiMaterial();
    aiString name("painted_tiles");
    painted->AddProperty(&name, AI_MATKEY_NAME);
    aiColor4D white(1, 1, 1, 1);
    painted->AddProperty(&white, 1, AI_MATKEY_BASE_COLOR);
    painted->AddProperty(&white, 1, AI_MATKEY_COLOR_DIFFUSE);
    float one = 1.0f;
    painted->AddProperty(&one, 1, AI_MATKEY_METALLIC_FACTOR);
    painted->AddProperty(&one, 1, AI_MATKEY_ROUGHNESS_FACTOR);
    setTexture(painted, aiTextureType_BASE_COLOR, kBaseColorPng);
    setTexture(painted, aiTextureType_DIFFUSE, kBaseColorPng);
    setTexture(painted, aiTextureType_NORMALS, kNormalPng);
    setTexture(painted, aiTextureType_UNKNOWN,
               kMetallicRoughnessPng);  // glTF's packed metallic-roughness slot
    s->mMaterials[0] = painted;

    auto* glow = new aiMaterial();
    aiString glowName("glow");
    glow->AddProperty(&glowName, AI_MATKEY_NAME);
    aiColor4D grey(0.1f, 0.1f, 0.1f, 1.0f);
    glow->AddProperty(&grey, 1, AI_MATKEY_BASE_COLOR);
    glow->AddProperty(&grey, 1, AI_MATKEY_COLOR_DIFFUSE);
    aiColor3D emissive(1.0f, 0.6f, 0.2f);
    glow->AddProperty(&emissive, 1, AI_MATKEY_COLOR_EMISSIVE);
    float zero = 0.0f, half = 0.5f;
    glow->AddProperty(&zero, 1, AI_MATKEY_METALLIC_FACTOR);
    glow->AddProperty(&half, 1, AI_MATKEY_ROUGHNESS_FACTOR);
    s->mMaterials[1] = glow;

    s->mNumMeshes = 2;
    s->mMeshes = new aiMesh* [2] { uvSphere(0), cube(1) };

    s->mRootNode = new aiNode("root");
    auto* sphereNode = new aiNode("sphere");
    sphereNode->mNumMeshes = 1;
    sphereNode->mMeshes = new unsigned[1]{0};
    auto* cubeNode = new aiNode("emitter");
    cubeNode->mNumMeshes = 1;
    cubeNode->mMeshes = new unsigned[1]{1};
    aiMatrix4x4 scale, move;
    aiMatrix4x4::Scaling(aiVector3D(0.25f), scale);
    aiMatrix4x4::Translation(aiVector3D(1.6f, 0.8f, 0.0f), move);
    cubeNode->mTransformation = move * scale;
    aiNode* children[] = {sphereNode, cubeNode};
    s->mRootNode->addChildren(2, children);
    return s;
}

}  // namespace

Result<std::filesystem::path> writeTexturedGltf(const std::filesystem::path& outDir) {
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) return Error::make("{}: cannot create the folder ({})", outDir.string(), ec.message());
    SKYHOOK_TRY(writePng(outDir / kBaseColorPng, baseColor()));
    SKYHOOK_TRY(writePng(outDir / kNormalPng, normalMap()));
    SKYHOOK_TRY(writePng(outDir / kMetallicRoughnessPng, metallicRoughness()));

    std::unique_ptr<aiScene> scene = buildScene();
    const std::filesystem::path gltf = outDir / "textured.gltf";
    Assimp::Exporter exporter;
    if (exporter.Export(scene.get(), "gltf2", gltf.string()) != AI_SUCCESS)
        return Error::make("{}: assimp's glTF 2.0 exporter failed: {}", gltf.string(),
                           exporter.GetErrorString());
    return gltf;
}

}  // namespace skyhook::tools
