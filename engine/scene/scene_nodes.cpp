// Scene-file nodes: transforms, model references, materials, nested children and grid instancing rules.
// Parsing builds a small tree of NodeSpecs first so that a grid's expanded size is known (and bounded) before
// a single node is allocated; emission then flattens the tree parents-first.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <glm/gtc/quaternion.hpp>

#include "engine/scene/detail/scene_parts.hpp"
#include "engine/scene/primitives.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::scene::detail {
namespace {

constexpr std::string_view kPrimitivePrefix = "primitive:";
constexpr Range kScaleRange{-1e9, 1e9};
constexpr Range kSpacingRange{-1e9, 1e9};

enum class VaryProperty {
    Metallic,
    Roughness,
    EmissiveStrength,
    AlphaCutoff,
    BaseColorHue,
    BaseColor,
    Emissive
};

struct VaryRule {
    VaryProperty property = VaryProperty::Metallic;
    glm::vec4 from{0.0f};
    glm::vec4 to{0.0f};
    int axis = 0;
};

struct GridSpec {
    std::array<uint64_t, 3> count{1, 1, 1};
    glm::dvec3 spacing{1.0};
    bool centered = true;
    std::vector<VaryRule> vary;
};

struct NodeSpec {
    std::string name;
    Transform local;
    int32_t model = -1;
    int32_t cell = -1;
    std::optional<Material> material;
    std::optional<GridSpec> grid;
    std::vector<NodeSpec> children;
    uint64_t expandedCount = 1;  // this node and everything it expands to, saturated at kMaxSceneNodes + 1
};

uint64_t saturatingMul(uint64_t a, uint64_t b) {
    constexpr uint64_t kCap = kMaxSceneNodes + 1;
    if (a == 0 || b == 0) return 0;
    return a > kCap / b ? kCap : std::min(a * b, kCap);
}

uint64_t saturatingAdd(uint64_t a, uint64_t b) {
    return std::min(a + b, kMaxSceneNodes + 1);
}

// Hue in degrees replaces the colour's hue; saturation and value are kept (a grey stays grey).
glm::vec3 withHue(const glm::vec3& rgb, float hueDegrees) {
    float maxC = std::max({rgb.r, rgb.g, rgb.b});
    float minC = std::min({rgb.r, rgb.g, rgb.b});
    float chroma = maxC - minC;
    float h = std::fmod(std::fmod(hueDegrees, 360.0f) + 360.0f, 360.0f) / 60.0f;
    float x = chroma * (1.0f - std::abs(std::fmod(h, 2.0f) - 1.0f));
    glm::vec3 c;
    if (h < 1.0f)
        c = {chroma, x, 0.0f};
    else if (h < 2.0f)
        c = {x, chroma, 0.0f};
    else if (h < 3.0f)
        c = {0.0f, chroma, x};
    else if (h < 4.0f)
        c = {0.0f, x, chroma};
    else if (h < 5.0f)
        c = {x, 0.0f, chroma};
    else
        c = {chroma, 0.0f, x};
    return c + glm::vec3(minC);
}

void applyVary(const VaryRule& rule, float t, Material& m) {
    glm::vec4 value = glm::mix(rule.from, rule.to, t);
    switch (rule.property) {
        case VaryProperty::Metallic:
            m.metallicFactor = value.x;
            break;
        case VaryProperty::Roughness:
            m.roughnessFactor = value.x;
            break;
        case VaryProperty::EmissiveStrength:
            m.emissiveStrength = value.x;
            break;
        case VaryProperty::AlphaCutoff:
            m.alphaCutoff = value.x;
            break;
        case VaryProperty::BaseColorHue:
            m.baseColorFactor =
                glm::vec4(withHue(glm::vec3(m.baseColorFactor), value.x), m.baseColorFactor.a);
            break;
        case VaryProperty::BaseColor:
            m.baseColorFactor = value;
            break;
        case VaryProperty::Emissive:
            m.emissiveFactor = glm::vec3(value);
            break;
    }
}

}  // namespace

glm::dquat eulerDegrees(const glm::dvec3& deg) {
    glm::dvec3 rad = glm::radians(deg);
    // Rotate about X, then Y, then Z (axes of the parent frame): R = Rz * Ry * Rx.
    return glm::angleAxis(rad.z, glm::dvec3(0, 0, 1)) * glm::angleAxis(rad.y, glm::dvec3(0, 1, 0)) *
           glm::angleAxis(rad.x, glm::dvec3(1, 0, 0));
}

Transform parseTransform(ObjectReader& r) {
    ParseContext& ctx = r.ctx();
    Transform t;
    t.translation = r.dvec3("position", t.translation);
    bool hasQuat = r.has("rotation");
    bool hasEuler = r.has("rotationDeg");
    if (hasQuat && hasEuler) {
        ctx.fail(r.path(), "give either \"rotation\" (quaternion) or \"rotationDeg\" (Euler), not both");
    } else if (hasQuat) {
        t.rotation = parseQuaternion(ctx, *r.find("rotation"), r.childPath("rotation"));
    } else if (hasEuler) {
        glm::dvec3 deg = r.dvec3("rotationDeg", glm::dvec3(0.0), {-1e6, 1e6});
        t.rotation = eulerDegrees(deg);
    }
    if (const Json* s = r.find("scale")) {
        std::string path = r.childPath("scale");
        if (s->is_number())
            t.scale = glm::dvec3(readNumber(ctx, *s, path, kScaleRange));
        else
            t.scale = r.dvec3("scale", t.scale, kScaleRange);
        if (!ctx.failed() && (t.scale.x == 0.0 || t.scale.y == 0.0 || t.scale.z == 0.0))
            ctx.fail(path, "scale must not be zero (it would collapse the node and its children)");
    }
    return t;
}

glm::dquat parseQuaternion(ParseContext& ctx, const Json& value, const std::string& path) {
    double q[4];
    if (!readNumbers(ctx, value, path, q, 4, {-1e6, 1e6})) return glm::dquat(1.0, 0.0, 0.0, 0.0);
    glm::dquat quat(q[3], q[0], q[1], q[2]);  // JSON is [x, y, z, w] like glTF; glm takes w first
    double len = glm::length(quat);
    if (!(len > 1e-9)) {
        ctx.fail(path, "quaternion [x, y, z, w] has zero length");
        return glm::dquat(1.0, 0.0, 0.0, 0.0);
    }
    return quat / len;
}

int32_t modelIndex(ParseContext& ctx, const Json& value, const std::string& path,
                   const std::filesystem::path& baseDir, Scene& scene) {
    if (!value.is_string()) {
        ctx.fail(path,
                 fmt::format("expected a string (\"primitive:<name>\" or a path), got {}", describe(value)));
        return -1;
    }
    std::string ref = value.get<std::string>();
    ModelRef model;
    if (ref.starts_with(kPrimitivePrefix)) {
        std::string name = ref.substr(kPrimitivePrefix.size());
        auto names = primitiveNames();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            ctx.fail(path, fmt::format("unknown primitive \"{}\" (known primitives: {})", name,
                                       fmt::join(names, ", ")));
            return -1;
        }
        model.kind = ModelRef::Kind::Primitive;
        model.primitive = name;
    } else {
        if (ref.empty() || ref.find('\0') != std::string::npos) {
            ctx.fail(path, "expected \"primitive:<name>\" or an asset path, got an empty or invalid path");
            return -1;
        }
        std::filesystem::path p(ref);
        model.kind = ModelRef::Kind::Asset;
        model.path = (p.is_absolute() ? p : baseDir / p).lexically_normal().string();
    }
    // A linear scan: scenes reference a handful of models, and parsing does this once per node spec.
    for (size_t i = 0; i < scene.models.size(); ++i) {
        const ModelRef& m = scene.models[i];
        if (m.kind == model.kind && m.primitive == model.primitive && m.path == model.path)
            return static_cast<int32_t>(i);
    }
    scene.models.push_back(std::move(model));
    return static_cast<int32_t>(scene.models.size()) - 1;
}

std::optional<Material> parseMaterialRef(ParseContext& ctx, const Json& value, const std::string& path,
                                         const MaterialTable& materials) {
    if (value.is_object()) {
        ObjectReader mr(ctx, value, path);
        Material m = parseMaterial(mr, defaultPrimitiveMaterial());
        m.name = mr.string("name", path);
        mr.warnUnknownKeys();
        return m;
    }
    if (!value.is_string()) {
        ctx.fail(path, fmt::format("expected a material name or an object, got {}", describe(value)));
        return std::nullopt;
    }
    auto it = materials.find(value.get<std::string>());
    if (it != materials.end()) return it->second;
    std::string known;
    size_t listed = 0;
    for (const auto& [name, material] : materials) {
        if (++listed > 12) {
            known += ", ...";
            break;
        }
        known += fmt::format("{}\"{}\"", known.empty() ? "" : ", ", name);
    }
    ctx.fail(path, fmt::format("unknown material \"{}\" (defined in /materials: {})",
                               value.get<std::string>(), known.empty() ? "none" : known));
    return std::nullopt;
}

int32_t cellIndex(ParseContext& ctx, const Json& value, const std::string& path, const CellTable& cells) {
    if (!value.is_string()) {
        ctx.fail(path, fmt::format("expected a cell name, got {}", describe(value)));
        return -1;
    }
    const std::string name = value.get<std::string>();
    if (auto it = cells.find(name); it != cells.end()) return it->second;
    ctx.fail(path, fmt::format("unknown cell \"{}\" (cells are defined in /cells)", name));
    return -1;
}

namespace {

class NodeParser {
public:
    NodeParser(ParseContext& ctx, const MaterialTable& materials, const CellTable& cells,
               const std::filesystem::path& baseDir, Scene& scene)
        : m_ctx(ctx), m_materials(materials), m_cells(cells), m_baseDir(baseDir), m_scene(scene) {}

    NodeSpec parse(const Json& json, const std::string& path, int depth) {
        NodeSpec spec;
        ObjectReader r(m_ctx, json, path);
        spec.name = r.string("name", path);
        spec.local = parseTransform(r);
        if (const Json* cell = r.find("cell")) {
            if (depth > 0)
                m_ctx.fail(r.childPath("cell"), "only top-level nodes name a cell (children inherit it)");
            else
                spec.cell = cellIndex(m_ctx, *cell, r.childPath("cell"), m_cells);
        }
        if (const Json* model = r.find("model"))
            spec.model = modelIndex(m_ctx, *model, r.childPath("model"), m_baseDir, m_scene);
        if (const Json* material = r.find("material"))
            spec.material = parseMaterialRef(m_ctx, *material, r.childPath("material"), m_materials);
        if (const Json* grid = r.find("grid")) spec.grid = parseGrid(*grid, r.childPath("grid"));
        if (const Json* vary = r.find("vary")) {
            // Also accepted next to "grid" (not only inside it), since both read naturally.
            if (!spec.grid)
                r.ctx().fail(r.childPath("vary"), "\"vary\" needs a \"grid\" on the same node");
            else if (!spec.grid->vary.empty())
                r.ctx().fail(r.childPath("vary"), "\"vary\" is given both here and inside \"grid\"");
            else
                spec.grid->vary = parseVary(*vary, r.childPath("vary"), spec.grid->count);
        }
        if (const Json* children = r.array("children")) {
            if (depth >= kMaxNodeDepth) {
                m_ctx.fail(r.childPath("children"),
                           fmt::format("nodes nest deeper than {} levels", kMaxNodeDepth));
                return spec;
            }
            spec.children.reserve(children->size());
            for (size_t i = 0; i < children->size() && !m_ctx.failed(); ++i)
                spec.children.push_back(
                    parse((*children)[i], fmt::format("{}/children/{}", path, i), depth + 1));
        }
        r.warnUnknownKeys();

        uint64_t subtree = 1;
        for (const NodeSpec& c : spec.children) subtree = saturatingAdd(subtree, c.expandedCount);
        spec.expandedCount = subtree;
        if (spec.grid) {
            // The grid node stays as the cells' parent; each cell is a copy of the node with its children.
            const auto& n = spec.grid->count;
            uint64_t cells = saturatingMul(saturatingMul(n[0], n[1]), n[2]);
            spec.expandedCount = saturatingAdd(1, saturatingMul(cells, subtree));
            if (spec.expandedCount > kMaxSceneNodes && !m_ctx.failed())
                m_ctx.fail(r.childPath("grid"),
                           fmt::format("grid of {}×{}×{} expands to more than the limit of {} nodes", n[0],
                                       n[1], n[2], kMaxSceneNodes));
        }
        return spec;
    }

    void emit(const NodeSpec& spec, int32_t parent) {
        // Children inherit their root's cell.
        const int32_t savedCell = m_cell;
        if (parent < 0) m_cell = spec.cell;
        emitTree(spec, parent);
        m_cell = savedCell;
    }

private:
    void emitTree(const NodeSpec& spec, int32_t parent) {
        if (!spec.grid) {
            emitOne(spec.name, parent, spec.local, spec.model, spec.material);
            int32_t self = static_cast<int32_t>(m_scene.nodes.size()) - 1;
            for (const NodeSpec& c : spec.children) emit(c, self);
            return;
        }
        const GridSpec& g = *spec.grid;
        // Position and rotation place the whole grid; scale sizes each cell, so spacing stays in metres.
        Transform gridTransform = spec.local;
        gridTransform.scale = glm::dvec3(1.0);
        emitOne(spec.name, parent, gridTransform, -1, std::nullopt);
        const int32_t gridIndex = static_cast<int32_t>(m_scene.nodes.size()) - 1;
        const glm::dvec3 origin =
            g.centered ? -0.5 * glm::dvec3(g.count[0] - 1, g.count[1] - 1, g.count[2] - 1) * g.spacing
                       : glm::dvec3(0.0);
        for (uint64_t z = 0; z < g.count[2]; ++z) {
            for (uint64_t y = 0; y < g.count[1]; ++y) {
                for (uint64_t x = 0; x < g.count[0]; ++x) {
                    const std::array<uint64_t, 3> cell{x, y, z};
                    Transform t;
                    t.translation = origin + glm::dvec3(x, y, z) * g.spacing;
                    t.scale = spec.local.scale;
                    std::optional<Material> material = spec.material;
                    if (!g.vary.empty()) {
                        if (!material) material = defaultPrimitiveMaterial();
                        for (const VaryRule& rule : g.vary) {
                            uint64_t n = g.count[rule.axis];
                            float f = n > 1 ? float(double(cell[rule.axis]) / double(n - 1)) : 0.0f;
                            applyVary(rule, f, *material);
                        }
                    }
                    emitOne(fmt::format("{}[{},{},{}]", spec.name, x, y, z), gridIndex, t, spec.model,
                            std::move(material));
                    int32_t self = static_cast<int32_t>(m_scene.nodes.size()) - 1;
                    for (const NodeSpec& c : spec.children) emit(c, self);
                }
            }
        }
    }

    void emitOne(std::string name, int32_t parent, const Transform& local, int32_t model,
                 std::optional<Material> material) {
        Node& n = m_scene.nodes.emplace_back();
        n.name = std::move(name);
        n.parent = parent;
        n.local = local;
        n.model = model;
        n.material = std::move(material);
        n.cell = m_cell;
    }

    std::optional<GridSpec> parseGrid(const Json& value, const std::string& path) {
        GridSpec g;
        ObjectReader r(m_ctx, value, path);
        if (const Json* count = r.find("count")) {
            double n[3];
            if (readNumbers(m_ctx, *count, r.childPath("count"), n, 3, {1.0, double(kMaxSceneNodes)})) {
                for (int i = 0; i < 3; ++i) {
                    if (n[i] != std::floor(n[i]))
                        m_ctx.fail(fmt::format("{}/{}", r.childPath("count"), i), "expected a whole number");
                    g.count[i] = static_cast<uint64_t>(n[i]);
                }
            }
        } else {
            m_ctx.fail(path, "a grid needs \"count\": [nx, ny, nz]");
        }
        if (const Json* spacing = r.find("spacing"); spacing && spacing->is_number())
            g.spacing = glm::dvec3(readNumber(m_ctx, *spacing, r.childPath("spacing"), kSpacingRange));
        else
            g.spacing = r.dvec3("spacing", g.spacing, kSpacingRange);
        g.centered = r.boolean("centered", g.centered);
        if (const Json* vary = r.find("vary")) g.vary = parseVary(*vary, r.childPath("vary"), g.count);
        r.warnUnknownKeys();
        return g;
    }

    std::vector<VaryRule> parseVary(const Json& value, const std::string& path,
                                    const std::array<uint64_t, 3>& count) {
        struct Property {
            std::string_view key;
            VaryProperty property;
            int components;  // 1: a number per end; 3 or 4: a colour per end
            Range range;
        };
        static constexpr std::array<Property, 7> kProperties = {{
            {"metallic", VaryProperty::Metallic, 1, {0.0, 1.0}},
            {"roughness", VaryProperty::Roughness, 1, {0.0, 1.0}},
            {"emissiveStrength", VaryProperty::EmissiveStrength, 1, {0.0, 1e9}},
            {"alphaCutoff", VaryProperty::AlphaCutoff, 1, {0.0, 1.0}},
            {"baseColorHue", VaryProperty::BaseColorHue, 1, {-3600.0, 3600.0}},
            {"baseColor", VaryProperty::BaseColor, 4, {0.0, 1.0}},
            {"emissive", VaryProperty::Emissive, 3, {0.0, 1e6}},
        }};
        std::vector<VaryRule> rules;
        ObjectReader r(m_ctx, value, path);
        for (const Property& p : kProperties) {
            const Json* rule = r.find(p.key);
            if (!rule) continue;
            std::string rulePath = r.childPath(p.key);
            if (!rule->is_array() || rule->size() != 3 || !(*rule)[2].is_string()) {
                m_ctx.fail(rulePath, fmt::format("expected [from, to, \"x\" | \"y\" | \"z\"], got {}",
                                                 describe(*rule)));
                break;
            }
            VaryRule v;
            v.property = p.property;
            for (int end = 0; end < 2; ++end) {
                const Json& e = (*rule)[end];
                std::string endPath = fmt::format("{}/{}", rulePath, end);
                double d[4] = {0.0, 0.0, 0.0, 1.0};
                if (p.components == 1)
                    d[0] = readNumber(m_ctx, e, endPath, p.range);
                else if (p.components == 4 && e.is_array() && e.size() == 3)
                    readNumbers(m_ctx, e, endPath, d, 3, p.range);
                else
                    readNumbers(m_ctx, e, endPath, d, p.components, p.range);
                (end == 0 ? v.from : v.to) = glm::vec4(float(d[0]), float(d[1]), float(d[2]), float(d[3]));
            }
            std::string axis = (*rule)[2].get<std::string>();
            if (axis != "x" && axis != "y" && axis != "z") {
                m_ctx.fail(rulePath + "/2", fmt::format("expected \"x\", \"y\" or \"z\", got \"{}\"", axis));
                break;
            }
            v.axis = axis[0] - 'x';
            if (count[v.axis] < 2)
                m_ctx.warn(rulePath,
                           fmt::format("the grid has one cell along {}: only \"from\" is used", axis));
            rules.push_back(v);
        }
        r.warnUnknownKeys();
        return rules;
    }

    ParseContext& m_ctx;
    const MaterialTable& m_materials;
    const CellTable& m_cells;
    std::filesystem::path m_baseDir;
    Scene& m_scene;
    int32_t m_cell = -1;
};

}  // namespace

void parseNodes(ParseContext& ctx, const Json& nodes, const std::string& path, const MaterialTable& materials,
                const CellTable& cells, const std::filesystem::path& baseDir, Scene& scene) {
    if (!nodes.is_array()) {
        ctx.fail(path, fmt::format("expected an array of nodes, got {}", describe(nodes)));
        return;
    }
    NodeParser parser(ctx, materials, cells, baseDir, scene);
    std::vector<NodeSpec> roots;
    roots.reserve(nodes.size());
    uint64_t total = 0;
    for (size_t i = 0; i < nodes.size() && !ctx.failed(); ++i) {
        roots.push_back(parser.parse(nodes[i], fmt::format("{}/{}", path, i), 0));
        total = saturatingAdd(total, roots.back().expandedCount);
    }
    if (ctx.failed()) return;
    if (total > kMaxSceneNodes) {
        ctx.fail(path, fmt::format("the scene expands to more than the limit of {} nodes", kMaxSceneNodes));
        return;
    }
    scene.nodes.reserve(scene.nodes.size() + total);
    for (const NodeSpec& root : roots) parser.emit(root, -1);
}

}  // namespace skyhook::scene::detail
