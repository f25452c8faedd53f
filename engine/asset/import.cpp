#include "engine/asset/import.hpp"

#include <cmath>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <assimp/Importer.hpp>
#include <assimp/config.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include "engine/asset/import_material.hpp"
#include "engine/core/log.hpp"

namespace skyhook::asset {
namespace {

constexpr std::string_view kLog = "asset";
// Bounds on the node walk: assimp builds trees, but a hostile file must not make us loop or explode.
constexpr size_t kMaxNodes = size_t{1} << 22;
constexpr size_t kMaxInstances = size_t{1} << 24;

bool finite(const aiVector3D& v) {
    return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

glm::mat4 toGlm(const aiMatrix4x4& m) {
    // aiMatrix4x4 is row-major (a1..a4 is the first row); glm is column-major.
    return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4, m.b4, m.c4,
                     m.d4);
}

// Any unit vector perpendicular to n: used when the source has no UVs, so tangent space is arbitrary but must
// still be orthonormal for the shader.
glm::vec3 perpendicular(const glm::vec3& n) {
    glm::vec3 axis = std::abs(n.x) < 0.9f ? glm::vec3(1, 0, 0) : glm::vec3(0, 1, 0);
    return glm::normalize(glm::cross(axis, n) == glm::vec3(0.0f) ? glm::vec3(0, 0, 1) : glm::cross(axis, n));
}

glm::vec3 safeNormal(const aiMesh& mesh, unsigned i) {
    if (mesh.mNormals) {
        const aiVector3D& n = mesh.mNormals[i];
        if (finite(n)) {
            glm::vec3 v(n.x, n.y, n.z);
            float len = glm::length(v);
            if (len > 1e-12f && std::isfinite(len)) return v / len;
        }
    }
    return {0.0f, 0.0f, 1.0f};
}

// `computedAfterFlip`: assimp computed the tangents itself, after FlipUVs, so its bitangents follow
// increasing flipped v (towards the image's bottom); glTF's bitangent points to the image's top.
// File-provided tangents come with bitangents already in glTF's convention.
glm::vec4 safeTangent(const aiMesh& mesh, unsigned i, const glm::vec3& n, bool computedAfterFlip) {
    if (mesh.mTangents && mesh.mBitangents && mesh.HasTextureCoords(0)) {
        const aiVector3D& t = mesh.mTangents[i];
        const aiVector3D& b = mesh.mBitangents[i];
        if (finite(t) && finite(b)) {
            // Gram-Schmidt against the (possibly re-normalised) normal; degenerate UVs give zero tangents.
            glm::vec3 tv(t.x, t.y, t.z);
            tv -= n * glm::dot(n, tv);
            float len = glm::length(tv);
            if (len > 1e-12f && std::isfinite(len)) {
                tv /= len;
                float sign = glm::dot(glm::cross(n, tv), glm::vec3(b.x, b.y, b.z)) < 0.0f ? -1.0f : 1.0f;
                if (computedAfterFlip) sign = -sign;
                return {tv, sign};
            }
        }
    }
    return {perpendicular(n), 1.0f};
}

Result<scene::Mesh> convertMesh(const aiMesh& src, const std::string& where, bool tangentsComputed) {
    scene::Mesh mesh;
    mesh.name = src.mName.length ? std::string(src.mName.C_Str()) : std::string();
    mesh.material = src.mMaterialIndex;
    mesh.vertices.resize(src.mNumVertices);
    for (unsigned i = 0; i < src.mNumVertices; ++i) {
        const aiVector3D& p = src.mVertices[i];
        if (!finite(p))
            return Error::make("{}: mesh '{}' has a non-finite vertex position at vertex {}", where,
                               mesh.name, i);
        scene::Vertex& v = mesh.vertices[i];
        v.position = {p.x, p.y, p.z};
        if (src.HasTextureCoords(0)) {
            const aiVector3D& uv = src.mTextureCoords[0][i];
            v.u = std::isfinite(uv.x) ? uv.x : 0.0f;
            v.v = std::isfinite(uv.y) ? uv.y : 0.0f;
        }
        v.normal = safeNormal(src, i);
        v.tangent = safeTangent(src, i, v.normal, tangentsComputed);
    }
    mesh.indices.reserve(size_t{src.mNumFaces} * 3);
    for (unsigned f = 0; f < src.mNumFaces; ++f) {
        const aiFace& face = src.mFaces[f];
        // Triangulate + SortByPType(remove points, lines) leave triangles only; anything else is skipped.
        if (face.mNumIndices != 3 || !face.mIndices) continue;
        for (unsigned k = 0; k < 3; ++k) {
            unsigned index = face.mIndices[k];
            if (index >= src.mNumVertices)
                return Error::make("{}: mesh '{}' face {} references vertex {} of {}", where, mesh.name, f,
                                   index, src.mNumVertices);
            mesh.indices.push_back(index);
        }
    }
    if (!mesh.vertices.empty()) {
        mesh.boundsMin = mesh.boundsMax = mesh.vertices[0].position;
        for (const scene::Vertex& v : mesh.vertices) {
            mesh.boundsMin = glm::min(mesh.boundsMin, v.position);
            mesh.boundsMax = glm::max(mesh.boundsMax, v.position);
        }
    }
    mesh.lods.push_back(
        {.indexOffset = 0, .indexCount = static_cast<uint32_t>(mesh.indices.size()), .error = 0});
    return mesh;
}

// Flattens the node tree into instances without recursion (deep hierarchies must not overflow the stack).
Result<std::vector<scene::MeshInstance>> flattenNodes(const aiScene& s, const std::vector<int64_t>& meshRemap,
                                                      const std::string& where) {
    std::vector<scene::MeshInstance> instances;
    if (!s.mRootNode) return instances;
    std::vector<std::pair<const aiNode*, glm::mat4>> stack{{s.mRootNode, glm::mat4(1.0f)}};
    size_t visited = 0;
    while (!stack.empty()) {
        auto [node, parent] = stack.back();
        stack.pop_back();
        if (++visited > kMaxNodes)
            return Error::make("{}: more than {} nodes (a cyclic hierarchy?)", where, kMaxNodes);
        glm::mat4 world = parent * toGlm(node->mTransformation);
        for (unsigned i = 0; i < node->mNumMeshes; ++i) {
            unsigned m = node->mMeshes[i];
            if (m >= meshRemap.size())
                return Error::make("{}: node references mesh {} of {}", where, m, meshRemap.size());
            if (meshRemap[m] < 0) continue;
            if (instances.size() >= kMaxInstances)
                return Error::make("{}: more than {} mesh instances", where, kMaxInstances);
            instances.push_back({.mesh = static_cast<uint32_t>(meshRemap[m]), .transform = world});
        }
        for (unsigned c = node->mNumChildren; c-- > 0;)
            if (node->mChildren && node->mChildren[c]) stack.emplace_back(node->mChildren[c], world);
    }
    return instances;
}

// Keeps only the materials some mesh uses (assimp adds a default material to some formats, and skipped meshes
// leave theirs behind), then only the textures those materials use.
// aiProcess_RemoveRedundantMaterials is not used for this: it fails scenes whose meshes no node references.
void dropUnusedMaterials(scene::Model& model) {
    std::vector<int64_t> remap(model.materials.size(), -1);
    std::vector<scene::Material> kept;
    for (scene::Mesh& mesh : model.meshes) {
        if (mesh.material >= model.materials.size()) mesh.material = 0;
        if (remap[mesh.material] < 0) {
            remap[mesh.material] = static_cast<int64_t>(kept.size());
            kept.push_back(std::move(model.materials[mesh.material]));
        }
        mesh.material = static_cast<uint32_t>(remap[mesh.material]);
    }
    model.materials = std::move(kept);

    std::vector<int32_t> textureRemap(model.textures.size(), scene::kNoTexture);
    std::vector<scene::Texture> keptTextures;
    for (scene::Material& m : model.materials)
        for (int32_t* t : {&m.baseColorTexture, &m.normalTexture, &m.metallicRoughnessTexture,
                           &m.occlusionTexture, &m.emissiveTexture}) {
            if (*t < 0 || static_cast<size_t>(*t) >= model.textures.size()) {
                *t = scene::kNoTexture;
                continue;
            }
            if (textureRemap[*t] == scene::kNoTexture) {
                textureRemap[*t] = static_cast<int32_t>(keptTextures.size());
                keptTextures.push_back(std::move(model.textures[*t]));
            }
            *t = textureRemap[*t];
        }
    model.textures = std::move(keptTextures);
}

}  // namespace

Result<scene::Model> importModel(const std::filesystem::path& path, const ImportOptions& options) {
    const std::string where = path.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return Error::make("{}: no such file", where);

    Assimp::Importer importer;
    importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    importer.SetPropertyBool(AI_CONFIG_PP_FD_REMOVE, true);
    importer.SetPropertyFloat(AI_CONFIG_PP_GSN_MAX_SMOOTHING_ANGLE, options.smoothingAngleDegrees);
    // FlipUVs: assimp's UV origin is bottom-left; our images are stored top row first and Vulkan samples v =
    // 0 at the top, so flipping restores the source's (glTF's) convention.
    const unsigned flags = aiProcess_Triangulate | aiProcess_SortByPType | aiProcess_FindDegenerates |
                           aiProcess_FindInvalidData | aiProcess_GenSmoothNormals |
                           aiProcess_JoinIdenticalVertices | aiProcess_ValidateDataStructure |
                           aiProcess_FlipUVs;
    const aiScene* s = nullptr;
    try {
        s = importer.ReadFile(path.string(), flags);
    } catch (const std::exception& e) {
        // assimp reports import failures through its error string, but allocation failures can still throw.
        return Error::make("{}: assimp failed: {}", where, e.what());
    }
    if (!s) {
        std::string reason = importer.GetErrorString();
        return Error::make("{}: assimp cannot import it: {}", where,
                           reason.empty() ? "unknown reason" : reason);
    }
    // AI_SCENE_FLAGS_INCOMPLETE (for example a glTF scene without nodes) is accepted when meshes exist: they
    // are placed at the origin below.
    if (s->mNumMeshes == 0 || !s->mMeshes) return Error::make("{}: no meshes", where);
    // Tangents: kept where the file has them; computed afterwards (so always after the UV flip) where not.
    std::vector<bool> tangentsComputed(s->mNumMeshes, false);
    for (unsigned m = 0; m < s->mNumMeshes; ++m)
        tangentsComputed[m] = s->mMeshes[m] && !s->mMeshes[m]->mTangents;
    try {
        s = importer.ApplyPostProcessing(aiProcess_CalcTangentSpace);
    } catch (const std::exception& e) {
        return Error::make("{}: assimp failed computing tangents: {}", where, e.what());
    }
    if (!s) return Error::make("{}: assimp failed computing tangents: {}", where, importer.GetErrorString());

    uint64_t totalIndices = 0;
    for (unsigned m = 0; m < s->mNumMeshes; ++m)
        if (s->mMeshes[m]) totalIndices += uint64_t{s->mMeshes[m]->mNumFaces} * 3;
    if (totalIndices > kMaxModelIndices)
        return Error::make("{}: {} indices exceed the limit of {}", where, totalIndices, kMaxModelIndices);

    scene::Model model;
    model.name = path.stem().string();
    std::vector<int64_t> meshRemap(s->mNumMeshes, -1);
    for (unsigned m = 0; m < s->mNumMeshes; ++m) {
        const aiMesh* src = s->mMeshes[m];
        if (!src || !src->mVertices || src->mNumVertices == 0) continue;
        auto mesh = convertMesh(*src, where, tangentsComputed[m]);
        if (!mesh) return mesh.error();
        if (mesh->indices.empty()) {
            log::warn(kLog, "{}: mesh '{}' has no triangles; skipped", where, mesh->name);
            continue;
        }
        meshRemap[m] = static_cast<int64_t>(model.meshes.size());
        model.meshes.push_back(std::move(*mesh));
    }
    if (model.meshes.empty()) return Error::make("{}: no meshes (no mesh has triangles)", where);

    auto instances = flattenNodes(*s, meshRemap, where);
    if (!instances) return instances.error();
    model.instances = std::move(*instances);
    if (model.instances.empty()) {
        // Meshes that no node places would be invisible; show them at the origin rather than drop them.
        for (uint32_t m = 0; m < model.meshes.size(); ++m) model.instances.push_back({.mesh = m});
    }

    detail::convertMaterials(*s, path, options, model);
    dropUnusedMaterials(model);
    log::debug(kLog, "{}: imported {} meshes, {} instances, {} materials, {} textures", where,
               model.meshes.size(), model.instances.size(), model.materials.size(), model.textures.size());
    return model;
}

}  // namespace skyhook::asset
