#pragma once
// Importing source assets (glTF 2.0, FBX, OBJ and whatever else assimp reads) into engine models.
// The result is an *uncooked* model: triangulated meshes with one LOD (no meshlets) and textures with mip 0
// only; cookModel (cook.hpp) makes it renderable. Runs assimp in this process: a malformed file can crash it,
// so tools that must survive any input use importModelIsolated (isolated_import.hpp) instead.
#include <cstdint>
#include <filesystem>

#include "engine/core/result.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::asset {

struct ImportOptions {
    // Smoothing angle used when the source has no normals (degrees; assimp's GenSmoothNormals).
    float smoothingAngleDegrees = 80.0f;
    // Load texture images (external files and embedded ones). Off gives materials without textures.
    bool loadTextures = true;
    // Largest accepted texture edge; bigger images are dropped with a warning (they could not be uploaded).
    uint32_t maxTextureSize = 16384;
};

// Total index count above which a model is refused: offsets and counts are 32-bit on the GPU.
inline constexpr uint64_t kMaxModelIndices = uint64_t{1} << 31;

// Errors name the file and assimp's reason. Missing or undecodable textures are warnings (logged, naming the
// file), not errors: the material simply has no texture in that slot.
Result<scene::Model> importModel(const std::filesystem::path& path, const ImportOptions& options = {});

}  // namespace skyhook::asset
