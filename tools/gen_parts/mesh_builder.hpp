#pragma once
// Mesh-building helpers shared by every part generator: boxes, tubes between two points, frusta, lathed
// profiles, tori, flat rings and spheres, each with real normals and UVs. Units are metres, +Y up.
//
// UVs are in metres divided by MeshBuilder::uvMetres, so a tiling texture keeps its size on every part
// (assimp's convention, origin bottom-left; the glTF exporter flips V).
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace skyhook::tools::parts {

// A right-handed orthonormal frame: where a primitive sits and how it is turned.
struct Frame {
    glm::vec3 origin{0.0f};
    glm::vec3 x{1.0f, 0.0f, 0.0f};
    glm::vec3 y{0.0f, 1.0f, 0.0f};
    glm::vec3 z{0.0f, 0.0f, 1.0f};

    glm::vec3 point(glm::vec3 local) const { return origin + x * local.x + y * local.y + z * local.z; }
    glm::vec3 direction(glm::vec3 local) const { return x * local.x + y * local.y + z * local.z; }

    static Frame at(glm::vec3 origin) { return Frame{.origin = origin}; }
    // A frame at `origin` turned by `radians` about +Y (x towards -z for positive angles, like glm::rotate).
    static Frame yawed(glm::vec3 origin, float radians);
    // A frame whose +Y is `axis` (normalised); x and z are chosen deterministically.
    static Frame alongAxis(glm::vec3 origin, glm::vec3 axis);
};

class MeshBuilder {
public:
    // Metres per UV unit (1 = a texture repeats every metre).
    float uvMetres = 1.0f;

    uint32_t addVertex(glm::vec3 position, glm::vec3 normal, glm::vec2 uv);
    void addTriangle(uint32_t a, uint32_t b, uint32_t c);
    // Counter-clockwise seen from the front: a, b, c, d.
    void addQuad(uint32_t a, uint32_t b, uint32_t c, uint32_t d);
    // A flat quad with its own four vertices (hard edges), normal from the winding.
    void flatQuad(glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d);
    // A rectangle centred at `center` facing `normal`, halfWidth × halfHeight, its height along `up`
    // (windows, panels). `up` must not be parallel to `normal`.
    void panel(glm::vec3 center, glm::vec3 normal, float halfWidth, float halfHeight,
               glm::vec3 up = {0.0f, 1.0f, 0.0f});

    // A box of the given half extents in `frame` (12 triangles, flat faces).
    void box(const Frame& frame, glm::vec3 halfExtents);
    void box(glm::vec3 center, glm::vec3 halfExtents) { box(Frame::at(center), halfExtents); }
    // A box spanning min..max (axis-aligned).
    void boxMinMax(glm::vec3 min, glm::vec3 max) { box((min + max) * 0.5f, (max - min) * 0.5f); }
    // A square-section beam from a to b (rectangular section halfWidth × halfDepth), e.g. struts and girders.
    void beam(glm::vec3 a, glm::vec3 b, float halfWidth, float halfDepth);

    // A cylinder from a to b: `segments` around, `lengthSegments` along, optional flat caps.
    void tube(glm::vec3 a, glm::vec3 b, float radius, int segments, bool caps = true, int lengthSegments = 1);
    // A truncated cone from a (radius ra) to b (radius rb).
    void frustum(glm::vec3 a, glm::vec3 b, float ra, float rb, int segments, bool caps = true,
                 int lengthSegments = 1);
    // A surface of revolution about `frame`'s +Y: profile points are (radius, height), outward normals for a
    // profile listed bottom to top. Normals are smooth along the profile except at points listed twice
    // (a crease). Radius 0 gives a pole (no degenerate triangles are written there).
    void lathe(const Frame& frame, const std::vector<glm::vec2>& profile, int segments);
    // A torus about `frame`'s +Y.
    void torus(const Frame& frame, float majorRadius, float minorRadius, int majorSegments,
               int minorSegments);
    // A flat ring (annulus) in `frame`'s XZ plane facing +Y; inner radius 0 gives a disc.
    void ring(const Frame& frame, float innerRadius, float outerRadius, int segments, bool twoSided = false);
    void sphere(glm::vec3 center, float radius, int segments, int rings);

    uint32_t vertexCount() const { return static_cast<uint32_t>(m_positions.size()); }
    uint32_t triangleCount() const { return static_cast<uint32_t>(m_indices.size() / 3); }
    const std::vector<glm::vec3>& positions() const { return m_positions; }
    const std::vector<glm::vec3>& normals() const { return m_normals; }
    const std::vector<glm::vec2>& uvs() const { return m_uvs; }
    const std::vector<uint32_t>& indices() const { return m_indices; }

private:
    std::vector<glm::vec3> m_positions;
    std::vector<glm::vec3> m_normals;
    std::vector<glm::vec2> m_uvs;
    std::vector<uint32_t> m_indices;
};

}  // namespace skyhook::tools::parts
