#pragma once
// A generated part: one MeshBuilder per material (few, large meshes: one draw per material for the renderer,
// and whole surfaces for the cooker's simplifier), turned into an aiScene and written as glTF 2.0 through
// assimp's exporter.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "engine/core/result.hpp"
#include "tools/gen_parts/mesh_builder.hpp"

struct aiScene;

namespace skyhook::tools::parts {

// glTF metallic-roughness material. Emissive factors are glTF's [0, 1] (assimp 5.2's exporter does not write
// KHR_materials_emissive_strength): the renderer's exposure decides how bright "1" is.
struct MaterialDesc {
    std::string name;
    glm::vec4 baseColor{1.0f};
    float metallic = 0.0f;
    float roughness = 0.5f;
    glm::vec3 emissive{0.0f};
    bool doubleSided = false;
};

// The shared palette: every part draws from it, so a scene of many parts has few distinct materials.
namespace palette {
MaterialDesc steel();         // bare structural steel (chords, braces)
MaterialDesc darkSteel();     // plates, clamps, machinery
MaterialDesc whitePaint();    // painted hulls and cabins
MaterialDesc concrete();      // ground works
MaterialDesc glassLit();      // windows lit from inside (warm emissive)
MaterialDesc navLight();      // white navigation/flood lights (emissive)
MaterialDesc warningLight();  // red aviation/warning lights (emissive)
MaterialDesc solarPanel();    // dark blue cells
MaterialDesc plasmaThroat();  // the engine nozzle's throat (emissive blue)
MaterialDesc rubber();        // climber wheels
}  // namespace palette

class Part {
public:
    explicit Part(std::string name) : m_name(std::move(name)) {}

    // The builder for a material (created on first use; materials keep first-use order, so output is
    // deterministic). `uvMetres` of a new builder is the part's default.
    MeshBuilder& mesh(const MaterialDesc& material);

    const std::string& name() const { return m_name; }
    const std::vector<MaterialDesc>& materials() const { return m_materials; }
    // The builders, in material order (for tests and tools that inspect geometry before export).
    std::vector<std::reference_wrapper<const MeshBuilder>> meshes() const;
    float defaultUvMetres = 1.0f;

    uint32_t triangleCount() const;
    // Axis-aligned bounds of all geometry (the anchor is the origin).
    glm::vec3 boundsMin() const;
    glm::vec3 boundsMax() const;

    // One aiMesh per material, each placed by its own node under the root (identity transforms: geometry
    // is already in part space, metres, +Y up).
    std::unique_ptr<aiScene> toScene() const;

private:
    std::string m_name;
    std::vector<MaterialDesc> m_materials;
    std::vector<std::unique_ptr<MeshBuilder>> m_meshes;
};

// Writes <outDir>/<part name>.gltf + .bin through Assimp::Exporter("gltf2") and returns the .gltf path.
Result<std::filesystem::path> writeGltf(const Part& part, const std::filesystem::path& outDir);

}  // namespace skyhook::tools::parts
