#include "tools/gen_parts/part.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <system_error>

#include <assimp/Exporter.hpp>
#include <assimp/material.h>
#include <assimp/scene.h>
#include <nlohmann/json.hpp>

namespace skyhook::tools::parts {

namespace palette {
MaterialDesc steel() {
    return {.name = "steel", .baseColor = {0.56f, 0.57f, 0.58f, 1.0f}, .metallic = 1.0f, .roughness = 0.45f};
}
MaterialDesc darkSteel() {
    return {
        .name = "dark_steel", .baseColor = {0.18f, 0.19f, 0.2f, 1.0f}, .metallic = 0.8f, .roughness = 0.6f};
}
MaterialDesc whitePaint() {
    return {
        .name = "white_paint", .baseColor = {0.82f, 0.83f, 0.8f, 1.0f}, .metallic = 0.0f, .roughness = 0.55f};
}
MaterialDesc concrete() {
    return {
        .name = "concrete", .baseColor = {0.45f, 0.44f, 0.42f, 1.0f}, .metallic = 0.0f, .roughness = 0.9f};
}
MaterialDesc glassLit() {
    return {.name = "window_lit",
            .baseColor = {0.05f, 0.06f, 0.07f, 1.0f},
            .metallic = 0.0f,
            .roughness = 0.1f,
            .emissive = {1.0f, 0.78f, 0.45f}};
}
MaterialDesc navLight() {
    return {.name = "nav_light",
            .baseColor = {0.9f, 0.9f, 0.9f, 1.0f},
            .metallic = 0.0f,
            .roughness = 0.3f,
            .emissive = {1.0f, 1.0f, 0.95f}};
}
MaterialDesc warningLight() {
    return {.name = "warning_light",
            .baseColor = {0.6f, 0.05f, 0.05f, 1.0f},
            .metallic = 0.0f,
            .roughness = 0.3f,
            .emissive = {1.0f, 0.08f, 0.05f}};
}
MaterialDesc solarPanel() {
    return {.name = "solar_panel",
            .baseColor = {0.04f, 0.07f, 0.2f, 1.0f},
            .metallic = 0.3f,
            .roughness = 0.25f,
            .doubleSided = true};
}
MaterialDesc plasmaThroat() {
    return {.name = "plasma_throat",
            .baseColor = {0.3f, 0.55f, 1.0f, 1.0f},
            .metallic = 0.0f,
            .roughness = 0.4f,
            .emissive = {0.35f, 0.65f, 1.0f}};
}
MaterialDesc rubber() {
    return {.name = "rubber", .baseColor = {0.03f, 0.03f, 0.03f, 1.0f}, .metallic = 0.0f, .roughness = 0.85f};
}
}  // namespace palette

MeshBuilder& Part::mesh(const MaterialDesc& material) {
    for (size_t i = 0; i < m_materials.size(); ++i)
        if (m_materials[i].name == material.name) return *m_meshes[i];
    m_materials.push_back(material);
    m_meshes.push_back(std::make_unique<MeshBuilder>());
    m_meshes.back()->uvMetres = defaultUvMetres;
    return *m_meshes.back();
}

std::vector<std::reference_wrapper<const MeshBuilder>> Part::meshes() const {
    std::vector<std::reference_wrapper<const MeshBuilder>> out;
    for (const auto& m : m_meshes) out.push_back(std::cref(*m));
    return out;
}

uint32_t Part::triangleCount() const {
    uint32_t n = 0;
    for (const auto& m : m_meshes) n += m->triangleCount();
    return n;
}

glm::vec3 Part::boundsMin() const {
    glm::vec3 lo(std::numeric_limits<float>::max());
    for (const auto& m : m_meshes)
        for (const glm::vec3& p : m->positions()) lo = glm::min(lo, p);
    return lo;
}

glm::vec3 Part::boundsMax() const {
    glm::vec3 hi(std::numeric_limits<float>::lowest());
    for (const auto& m : m_meshes)
        for (const glm::vec3& p : m->positions()) hi = glm::max(hi, p);
    return hi;
}

namespace {

aiMaterial* toAiMaterial(const MaterialDesc& d) {
    auto* m = new aiMaterial();
    aiString name(d.name);
    m->AddProperty(&name, AI_MATKEY_NAME);
    aiColor4D base(d.baseColor.r, d.baseColor.g, d.baseColor.b, d.baseColor.a);
    m->AddProperty(&base, 1, AI_MATKEY_BASE_COLOR);
    m->AddProperty(&base, 1, AI_MATKEY_COLOR_DIFFUSE);
    float metallic = d.metallic, roughness = d.roughness;
    m->AddProperty(&metallic, 1, AI_MATKEY_METALLIC_FACTOR);
    m->AddProperty(&roughness, 1, AI_MATKEY_ROUGHNESS_FACTOR);
    if (d.emissive != glm::vec3(0.0f)) {
        aiColor3D emissive(d.emissive.r, d.emissive.g, d.emissive.b);
        m->AddProperty(&emissive, 1, AI_MATKEY_COLOR_EMISSIVE);
    }
    int twoSided = d.doubleSided ? 1 : 0;
    m->AddProperty(&twoSided, 1, AI_MATKEY_TWOSIDED);
    return m;
}

aiMesh* toAiMesh(const std::string& name, const MeshBuilder& b, unsigned material) {
    auto* m = new aiMesh();
    m->mName = name;
    m->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
    m->mMaterialIndex = material;
    const size_t n = b.positions().size();
    m->mNumVertices = static_cast<unsigned>(n);
    m->mVertices = new aiVector3D[n];
    m->mNormals = new aiVector3D[n];
    m->mTextureCoords[0] = new aiVector3D[n];
    m->mNumUVComponents[0] = 2;
    for (size_t i = 0; i < n; ++i) {
        const glm::vec3 &p = b.positions()[i], &q = b.normals()[i];
        m->mVertices[i] = aiVector3D(p.x, p.y, p.z);
        m->mNormals[i] = aiVector3D(q.x, q.y, q.z);
        m->mTextureCoords[0][i] = aiVector3D(b.uvs()[i].x, b.uvs()[i].y, 0.0f);
    }
    const auto& idx = b.indices();
    m->mNumFaces = static_cast<unsigned>(idx.size() / 3);
    m->mFaces = new aiFace[m->mNumFaces];
    for (unsigned f = 0; f < m->mNumFaces; ++f) {
        m->mFaces[f].mNumIndices = 3;
        m->mFaces[f].mIndices = new unsigned[3]{idx[f * 3], idx[f * 3 + 1], idx[f * 3 + 2]};
    }
    return m;
}

// Collects the names of every "extensions" object's keys anywhere in the document.
void usedExtensions(const nlohmann::json& j, std::set<std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() == "extensions" && it.value().is_object())
                for (auto e = it.value().begin(); e != it.value().end(); ++e) out.insert(e.key());
            usedExtensions(it.value(), out);
        }
    } else if (j.is_array()) {
        for (const auto& v : j) usedExtensions(v, out);
    }
}

// assimp 5.2's glTF 2.0 exporter always declares KHR_materials_volume and FB_ngon_encoding in
// extensionsUsed, even when nothing uses them. The Khronos validator only reports FB_ngon_encoding as an
// unsupported extension (info), but a declared KHR_materials_volume tells loaders our materials have a
// volume, and artists' tools list both. Our files declare exactly what they use.
Result<void> dropUnusedExtensions(const std::filesystem::path& gltf) {
    std::ifstream in(gltf, std::ios::binary);
    if (!in) return Error::make("{}: cannot read what the exporter wrote", gltf.string());
    std::stringstream text;
    text << in.rdbuf();
    in.close();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return Error::make("{}: the exporter wrote invalid JSON", gltf.string());
    std::set<std::string> used;
    usedExtensions(doc, used);
    for (const char* key : {"extensionsUsed", "extensionsRequired"}) {
        if (!doc.contains(key)) continue;
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& e : doc[key])
            if (e.is_string() && used.count(e.get<std::string>())) kept.push_back(e);
        if (kept.empty())
            doc.erase(key);
        else
            doc[key] = kept;
    }
    std::ofstream out(gltf, std::ios::binary | std::ios::trunc);
    out << doc.dump(2) << '\n';
    if (!out) return Error::make("{}: cannot rewrite the file", gltf.string());
    return {};
}

}  // namespace

std::unique_ptr<aiScene> Part::toScene() const {
    auto s = std::make_unique<aiScene>();
    const unsigned count = static_cast<unsigned>(m_materials.size());
    s->mNumMaterials = count;
    s->mMaterials = new aiMaterial*[count];
    s->mNumMeshes = count;
    s->mMeshes = new aiMesh*[count];
    s->mRootNode = new aiNode(m_name);
    std::vector<aiNode*> children;
    for (unsigned i = 0; i < count; ++i) {
        const std::string meshName = m_name + "_" + m_materials[i].name;
        s->mMaterials[i] = toAiMaterial(m_materials[i]);
        s->mMeshes[i] = toAiMesh(meshName, *m_meshes[i], i);
        auto* node = new aiNode(meshName);
        node->mNumMeshes = 1;
        node->mMeshes = new unsigned[1]{i};
        children.push_back(node);
    }
    s->mRootNode->addChildren(count, children.data());
    return s;
}

Result<std::filesystem::path> writeGltf(const Part& part, const std::filesystem::path& outDir) {
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) return Error::make("{}: cannot create the folder ({})", outDir.string(), ec.message());
    std::unique_ptr<aiScene> scene = part.toScene();
    const std::filesystem::path gltf = outDir / (part.name() + ".gltf");
    Assimp::Exporter exporter;
    if (exporter.Export(scene.get(), "gltf2", gltf.string()) != AI_SUCCESS)
        return Error::make("{}: assimp's glTF 2.0 exporter failed: {}", gltf.string(),
                           exporter.GetErrorString());
    SKYHOOK_TRY(dropUnusedExtensions(gltf));
    return gltf;
}

}  // namespace skyhook::tools::parts
