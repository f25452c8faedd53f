// Scene-file cells, instance rules and light rules. Rules stay rules: parsing stores a generator's
// parameters (and a path's cumulative lengths) but never an instance, so a 10^8-instance rule costs as much
// to load as a 10-instance one.
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "engine/scene/detail/scene_parts.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::scene::detail {
namespace {

constexpr Range kCoordinateRange{-1e12, 1e12};
constexpr Range kLengthRange{1e-9, 1e12};

const Json* arrayWithin(ParseContext& ctx, const Json& value, const std::string& path, size_t limit,
                        std::string_view what) {
    if (!value.is_array()) {
        ctx.fail(path, fmt::format("expected an array of {}, got {}", what, describe(value)));
        return nullptr;
    }
    if (value.size() > limit) {
        ctx.fail(path, fmt::format("{} {} is more than the limit of {}", value.size(), what, limit));
        return nullptr;
    }
    return &value;
}

void checkCount(ParseContext& ctx, const std::string& path, uint64_t count, std::string_view why) {
    if (count == 0)
        ctx.fail(path, fmt::format("{} gives no instances", why));
    else if (count > kMaxRuleInstances)
        ctx.fail(path, fmt::format("{} gives {} instances, more than the limit of 2^40 ({}) per rule", why,
                                   count, kMaxRuleInstances));
}

void parsePath(ObjectReader& r, PathGenerator& p) {
    ParseContext& ctx = r.ctx();
    if (const Json* points = r.find("points")) {
        const std::string path = r.childPath("points");
        if (arrayWithin(ctx, *points, path, kMaxPathPoints, "points")) {
            if (points->size() < 2) ctx.fail(path, "a path needs at least 2 points");
            p.points.reserve(points->size());
            for (size_t i = 0; i < points->size() && !ctx.failed(); ++i) {
                double xyz[3];
                if (readNumbers(ctx, (*points)[i], fmt::format("{}/{}", path, i), xyz, 3, kCoordinateRange))
                    p.points.emplace_back(xyz[0], xyz[1], xyz[2]);
            }
        }
    } else {
        ctx.fail(r.path(), "a path needs \"points\": [[x, y, z], ...] (at least 2)");
    }
    const bool spacing = r.has("spacing"), every = r.has("every"), count = r.has("count");
    if (int(spacing) + int(every) + int(count) != 1)
        ctx.fail(r.path(), "give exactly one of \"spacing\" (or \"every\", metres) and \"count\"");
    const std::string countKey = count ? "count" : every ? "every" : "spacing";
    uint64_t n = 0;
    if (count)
        n = r.integer("count", 0, 1, kMaxRuleInstances);
    else
        p.spacing = r.number(countKey, 1.0, kLengthRange);
    p.align = r.boolean("align", p.align);
    p.twistPerMetre = r.number("twistDegPerMetre", 0.0, {-1e6, 1e6}) * 0.017453292519943295;
    p.offset = r.number("offset", p.offset, kCoordinateRange);
    p.wrap = r.boolean("wrap", p.wrap);
    r.warnUnknownKeys();
    if (ctx.failed()) return;
    if (!preparePath(p, n)) {
        ctx.fail(r.childPath("points"), "the path has no length (all its points coincide)");
        return;
    }
    checkCount(ctx, r.childPath(countKey), p.count,
               fmt::format("a path of {} m at {} m spacing", pathLength(p), p.spacing));
}

}  // namespace

void parseMask(ObjectReader& r, ContinentsMask& m) {
    ParseContext& ctx = r.ctx();
    if (!r.has("type")) ctx.fail(r.path(), "a mask needs \"type\": \"continents\"");
    r.choice("type", "continents", {"continents"});
    m.landFraction = r.number("threshold", m.landFraction, {0.0, 1.0});
    if (!ctx.failed() && m.landFraction <= 0.0)
        ctx.fail(r.childPath("threshold"), "a land fraction of 0 disables every instance");
    m.seed = r.integer("seed", m.seed, 0, uint64_t(1) << 53);
    m.frequency = r.number("frequency", m.frequency, {0.01, 1000.0});
    m.octaves = uint32_t(r.integer("octaves", m.octaves, 1, 12));
    r.warnUnknownKeys();
    if (!ctx.failed()) calibrateMask(m);
}

namespace {

void parseSphere(ObjectReader& r, SphereGenerator& s) {
    ParseContext& ctx = r.ctx();
    s.center = r.dvec3("center", s.center, kCoordinateRange);
    s.radius = r.number("radius", s.radius, kLengthRange);
    if (!r.has("count")) ctx.fail(r.path(), "a sphere needs \"count\": the number of candidates");
    s.count = r.integer("count", 0, 1, kMaxRuleInstances);
    s.seed = r.integer("seed", s.seed, 0, uint64_t(1) << 53);
    s.align = r.boolean("align", s.align);
    s.jitter = r.number("jitter", s.jitter, {0.0, 1e12});
    if (!ctx.failed() && s.jitter > s.radius)
        ctx.fail(r.childPath("jitter"), fmt::format("jitter {} m is more than the radius {} m (it is meant "
                                                    "to be small)",
                                                    s.jitter, s.radius));
    s.randomYaw = r.boolean("randomYaw", s.randomYaw);
    if (const Json* mask = r.object("mask")) {
        ObjectReader mr(ctx, *mask, r.childPath("mask"));
        parseMask(mr, s.mask.emplace());
    }
    r.warnUnknownKeys();
}

void parseGrid(ObjectReader& r, GridGenerator& g) {
    ParseContext& ctx = r.ctx();
    if (const Json* count = r.find("count")) {
        double n[3];
        const std::string path = r.childPath("count");
        if (readNumbers(ctx, *count, path, n, 3, {1.0, double(kMaxRuleInstances)})) {
            uint64_t total = 1;
            for (int i = 0; i < 3; ++i) {
                if (n[i] != std::floor(n[i]))
                    ctx.fail(fmt::format("{}/{}", path, i), "expected a whole number");
                g.count[i] = uint64_t(n[i]);
                // Each factor is ≤ 2^40, so checking after every step keeps the product from overflowing.
                total = total > kMaxRuleInstances ? total : total * g.count[i];
            }
            checkCount(ctx, path, total,
                       fmt::format("a grid of {}×{}×{}", g.count[0], g.count[1], g.count[2]));
        }
    } else {
        ctx.fail(r.path(), "a grid needs \"count\": [nx, ny, nz]");
    }
    if (const Json* spacing = r.find("spacing"); spacing && spacing->is_number())
        g.spacing = glm::dvec3(readNumber(ctx, *spacing, r.childPath("spacing"), kCoordinateRange));
    else
        g.spacing = r.dvec3("spacing", g.spacing, kCoordinateRange);
    g.centered = r.boolean("centered", g.centered);
    r.warnUnknownKeys();
}

// Exactly one of "path", "sphere" and "grid".
void parseGenerator(ObjectReader& r, RuleGenerator& g) {
    ParseContext& ctx = r.ctx();
    const bool path = r.has("path"), sphere = r.has("sphere"), grid = r.has("grid");
    if (int(path) + int(sphere) + int(grid) != 1) {
        ctx.fail(r.path(), "give exactly one generator: \"path\", \"sphere\" or \"grid\"");
        return;
    }
    const std::string_view key = path ? "path" : sphere ? "sphere" : "grid";
    const Json* object = r.object(key);
    if (!object) return;
    ObjectReader gr(ctx, *object, r.childPath(key));
    if (path) {
        g.kind = GeneratorKind::Path;
        parsePath(gr, g.path);
    } else if (sphere) {
        g.kind = GeneratorKind::Sphere;
        parseSphere(gr, g.sphere);
    } else {
        g.kind = GeneratorKind::Grid;
        parseGrid(gr, g.grid);
    }
}

}  // namespace

void parseCells(ParseContext& ctx, const Json& cells, const std::string& path, Scene& scene,
                CellTable& table) {
    if (!arrayWithin(ctx, cells, path, kMaxCells, "cells")) return;
    std::vector<std::string> parentNames(cells.size());
    for (size_t i = 0; i < cells.size() && !ctx.failed(); ++i) {
        ObjectReader r(ctx, cells[i], fmt::format("{}/{}", path, i));
        Cell& cell = scene.cells.emplace_back();
        if (!r.has("name")) ctx.fail(r.path(), "a cell needs a \"name\"");
        cell.name = r.string("name", "");
        cell.local.translation = r.dvec3("origin", glm::dvec3(0.0), kCoordinateRange);
        if (r.has("rotation") && r.has("rotationDeg"))
            ctx.fail(r.path(), "give either \"rotation\" (quaternion) or \"rotationDeg\" (Euler), not both");
        else if (const Json* q = r.find("rotation"))
            cell.local.rotation = parseQuaternion(ctx, *q, r.childPath("rotation"));
        else if (r.has("rotationDeg"))
            cell.local.rotation = eulerDegrees(r.dvec3("rotationDeg", glm::dvec3(0.0), {-1e6, 1e6}));
        parentNames[i] = r.string("parent", "");
        r.warnUnknownKeys();
        if (!ctx.failed() && !table.emplace(cell.name, int32_t(i)).second)
            ctx.fail(r.childPath("name"), fmt::format("a cell named \"{}\" is already defined", cell.name));
    }
    // Parents may come after their children: resolve names once all are known, then look for cycles.
    for (size_t i = 0; i < cells.size() && !ctx.failed(); ++i) {
        if (parentNames[i].empty()) continue;
        const std::string parentPath = fmt::format("{}/{}/parent", path, i);
        scene.cells[i].parent = cellIndex(ctx, Json(parentNames[i]), parentPath, table);
    }
    for (size_t i = 0; i < scene.cells.size() && !ctx.failed(); ++i) {
        std::string chain = scene.cells[i].name;
        int32_t c = scene.cells[i].parent;
        for (size_t steps = 0; c >= 0; ++steps, c = scene.cells[c].parent) {
            if (steps < 8) chain += " → " + scene.cells[c].name;
            if (c == int32_t(i) || steps > scene.cells.size()) {
                ctx.fail(fmt::format("{}/{}/parent", path, i), fmt::format("cells form a cycle: {}", chain));
                break;
            }
        }
    }
}

void parseInstanceRules(ParseContext& ctx, const Json& rules, const std::string& path,
                        const MaterialTable& materials, const CellTable& cells,
                        const std::filesystem::path& baseDir, Scene& scene) {
    if (!arrayWithin(ctx, rules, path, kMaxRules, "instance rules")) return;
    scene.instanceRules.reserve(rules.size());
    for (size_t i = 0; i < rules.size() && !ctx.failed(); ++i) {
        ObjectReader r(ctx, rules[i], fmt::format("{}/{}", path, i));
        InstanceRule& rule = scene.instanceRules.emplace_back();
        rule.name = r.string("name", r.path());
        if (const Json* model = r.find("model"))
            rule.model = modelIndex(ctx, *model, r.childPath("model"), baseDir, scene);
        else
            ctx.fail(r.path(), "an instance rule needs a \"model\"");
        if (const Json* material = r.find("material"))
            rule.material = parseMaterialRef(ctx, *material, r.childPath("material"), materials);
        if (const Json* cell = r.find("cell")) rule.cell = cellIndex(ctx, *cell, r.childPath("cell"), cells);
        rule.base = parseTransform(r);
        parseGenerator(r, rule.generator);
        if (const Json* beam = r.object("beam")) {
            ObjectReader br(ctx, *beam, r.childPath("beam"));
            parseBeam(br, rule.beam.emplace());
        }
        r.warnUnknownKeys();
    }
}

void parseLightRules(ParseContext& ctx, const Json& rules, const std::string& path, const CellTable& cells,
                     Scene& scene) {
    if (!arrayWithin(ctx, rules, path, kMaxRules, "light rules")) return;
    scene.lightRules.reserve(rules.size());
    for (size_t i = 0; i < rules.size() && !ctx.failed(); ++i) {
        ObjectReader r(ctx, rules[i], fmt::format("{}/{}", path, i));
        LightRule& rule = scene.lightRules.emplace_back();
        if (const Json* cell = r.find("cell")) rule.cell = cellIndex(ctx, *cell, r.childPath("cell"), cells);
        parseGenerator(r, rule.generator);
        // Last: parseLight reads the template's fields and warns about keys nobody read.
        rule.light = parseLight(r, i);
        rule.name = std::move(rule.light.name);
        rule.light.name.clear();
        if (!ctx.failed() && rule.light.type == LightType::Directional)
            ctx.fail(r.childPath("type"), "a light rule repeats point or spot lights, not directional ones");
    }
}

}  // namespace skyhook::scene::detail
