#include "engine/scene/model.hpp"

#include <fmt/format.h>

namespace skyhook::scene {

ModelOutline outlineOf(const Model& model) {
    ModelOutline out;
    out.name = model.name;
    out.materials = model.materials;
    out.textureCount = static_cast<uint32_t>(model.textures.size());
    out.instances = model.instances;
    for (const Mesh& m : model.meshes)
        out.meshes.push_back({.name = m.name,
                              .material = m.material,
                              .boundsMin = m.boundsMin,
                              .boundsMax = m.boundsMax,
                              .vertexCount = m.vertices.size(),
                              .indexCount = m.indices.size(),
                              .lods = m.lods,
                              .meshletCount = m.meshlets.size(),
                              .meshletVertexCount = m.meshletVertices.size(),
                              .meshletTriangleBytes = m.meshletTriangles.size()});
    return out;
}

std::string outlineMismatch(const ModelOutline& outline, const Model& model) {
    if (outline.meshes.size() != model.meshes.size())
        return fmt::format("{} meshes, expected {}", model.meshes.size(), outline.meshes.size());
    if (outline.materials.size() != model.materials.size())
        return fmt::format("{} materials, expected {}", model.materials.size(), outline.materials.size());
    if (outline.instances.size() != model.instances.size())
        return fmt::format("{} mesh placements, expected {}", model.instances.size(),
                           outline.instances.size());
    for (size_t i = 0; i < model.meshes.size(); ++i) {
        const Mesh& m = model.meshes[i];
        const MeshOutline& o = outline.meshes[i];
        if (m.material != o.material || m.vertices.size() != o.vertexCount ||
            m.indices.size() != o.indexCount || m.lods.size() != o.lods.size() ||
            m.boundsMin != o.boundsMin || m.boundsMax != o.boundsMax)
            return fmt::format("mesh {} ('{}') differs from its outline", i, m.name);
    }
    for (size_t i = 0; i < model.materials.size(); ++i) {
        const Material& a = model.materials[i];
        const Material& b = outline.materials[i];
        if (a.alphaMode != b.alphaMode || a.doubleSided != b.doubleSided)
            return fmt::format("material {} ('{}') changed its alpha mode or sidedness", i, a.name);
    }
    for (size_t i = 0; i < model.instances.size(); ++i)
        if (model.instances[i].mesh != outline.instances[i].mesh ||
            model.instances[i].transform != outline.instances[i].transform)
            return fmt::format("mesh placement {} differs from its outline", i);
    return {};
}

}  // namespace skyhook::scene
