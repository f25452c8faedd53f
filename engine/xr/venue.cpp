#include "engine/xr/venue.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/core/file.hpp"
#include "engine/core/json_fields.hpp"

namespace skyhook::xr {

namespace {

using json::Json;
using json::ObjectReader;
using json::ParseContext;
using json::Range;

constexpr uint64_t kFormatVersion = 1;
// Halls are tens of metres; a scene places them anywhere in it (real scale: up to 1e8 m).
constexpr Range kHallCoordinate{-1e4, 1e4};
constexpr Range kSceneCoordinate{-1e9, 1e9};

double cross(const glm::dvec2& a, const glm::dvec2& b) {
    return a.x * b.y - a.y * b.x;
}

// Proper or touching intersection of segments ab and cd.
bool segmentsIntersect(const glm::dvec2& a, const glm::dvec2& b, const glm::dvec2& c, const glm::dvec2& d) {
    const double d1 = cross(b - a, c - a), d2 = cross(b - a, d - a);
    const double d3 = cross(d - c, a - c), d4 = cross(d - c, b - c);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    auto onSegment = [](const glm::dvec2& p, const glm::dvec2& q, const glm::dvec2& r) {
        return std::min(p.x, q.x) <= r.x && r.x <= std::max(p.x, q.x) && std::min(p.y, q.y) <= r.y &&
               r.y <= std::max(p.y, q.y);
    };
    return (d1 == 0 && onSegment(a, b, c)) || (d2 == 0 && onSegment(a, b, d)) ||
           (d3 == 0 && onSegment(c, d, a)) || (d4 == 0 && onSegment(c, d, b));
}

void parseBounds(ParseContext& ctx, const Json& bounds, const std::string& path, Venue& v) {
    if (bounds.size() < 3 || bounds.size() > kMaxBoundsPoints) {
        ctx.fail(path, fmt::format("the play area needs 3 to {} points [x, z], got {}", kMaxBoundsPoints,
                                   bounds.size()));
        return;
    }
    for (size_t i = 0; i < bounds.size() && !ctx.failed(); ++i) {
        double xz[2] = {0.0, 0.0};
        if (json::readNumbers(ctx, bounds[i], fmt::format("{}/{}", path, i), xz, 2, kHallCoordinate))
            v.bounds.push_back({xz[0], xz[1]});
    }
    if (ctx.failed()) return;
    const size_t n = v.bounds.size();
    double area = 0.0;
    for (size_t i = 0; i < n; ++i) area += cross(v.bounds[i], v.bounds[(i + 1) % n]);
    if (std::abs(area) * 0.5 < 0.01) {
        ctx.fail(path, fmt::format("the play area encloses {:.3g} m²: its points lie on a line or repeat",
                                   std::abs(area) * 0.5));
        return;
    }
    // A simple polygon: edges that are not neighbours never meet.
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            const bool neighbours = j == i + 1 || (i == 0 && j == n - 1);
            if (neighbours) continue;
            if (segmentsIntersect(v.bounds[i], v.bounds[(i + 1) % n], v.bounds[j], v.bounds[(j + 1) % n])) {
                ctx.fail(path,
                         fmt::format("the play area's edges {}–{} and {}–{} cross: list the points in order "
                                     "around the area",
                                     i, (i + 1) % n, j, (j + 1) % n));
                return;
            }
        }
}

void parseCalibration(ObjectReader& r, Venue& v) {
    ParseContext& ctx = r.ctx();
    v.offset = r.dvec3("offset", glm::dvec3(0.0), kSceneCoordinate);
    const bool yaw = r.has("yaw_degrees");
    const Json* q = r.find("rotation");
    if (yaw && q) {
        ctx.fail(r.childPath("rotation"), "give either \"yaw_degrees\" or \"rotation\", not both");
        return;
    }
    if (yaw) {
        const double degrees = r.number("yaw_degrees", 0.0, {-360.0, 360.0});
        v.rotation = glm::angleAxis(glm::radians(degrees), glm::dvec3(0.0, 1.0, 0.0));
    } else if (q) {
        double xyzw[4] = {0.0, 0.0, 0.0, 1.0};
        if (!json::readNumbers(ctx, *q, r.childPath("rotation"), xyzw, 4, {-2.0, 2.0})) return;
        const glm::dquat rotation(xyzw[3], xyzw[0], xyzw[1], xyzw[2]);
        const double length = glm::length(rotation);
        if (std::abs(length - 1.0) > 1e-3) {
            ctx.fail(r.childPath("rotation"),
                     fmt::format("a rotation quaternion [x, y, z, w] has length 1, this one {:.6g}", length));
            return;
        }
        v.rotation = glm::normalize(rotation);
    }
    r.warnUnknownKeys();
}

void parseGuardian(ObjectReader& r, GuardianSettings& g) {
    g.enabled = r.boolean("enabled", g.enabled);
    g.distance = r.number("distance", g.distance, {0.01, 10.0});
    g.height = r.number("height", g.height, {0.1, 20.0});
    g.spacing = r.number("spacing", g.spacing, {0.05, 10.0});
    g.color = r.color4("color", g.color);
    r.warnUnknownKeys();
}

}  // namespace

Result<Venue> parseVenue(std::string_view json, std::string_view nameForErrors) {
    ParseContext ctx(nameForErrors);
    auto root = json::readDocument(json, ctx, nameForErrors);
    if (!root) return root.error();
    ObjectReader top(ctx, *root, "");
    Venue v;
    v.name = json::readVersionAndName(top, kFormatVersion, nameForErrors);
    // Only STAGE: the floor-level space whose origin and bounds the runtime's room set-up defines.
    top.choice("reference_space", "stage", {"stage"});
    if (const Json* c = top.object("calibration"); c && !ctx.failed()) {
        ObjectReader r(ctx, *c, top.childPath("calibration"));
        parseCalibration(r, v);
    } else if (!c && !ctx.failed()) {
        ctx.fail(top.childPath("calibration"), "missing: where the hall's STAGE origin sits in the scene");
    }
    const Json* bounds = top.array("bounds");
    if (!ctx.failed() && !bounds)
        ctx.fail(top.childPath("bounds"), "missing: the play area's polygon [[x, z], ...]");
    if (bounds && !ctx.failed()) parseBounds(ctx, *bounds, top.childPath("bounds"), v);
    if (const Json* g = top.object("guardian"); g && !ctx.failed()) {
        ObjectReader r(ctx, *g, top.childPath("guardian"));
        parseGuardian(r, v.guardian);
    }
    if (ctx.failed()) return ctx.error();
    top.warnUnknownKeys();
    return v;
}

Result<Venue> loadVenueFile(const std::filesystem::path& path) {
    auto text = readFileText(path);
    if (!text) return text.error();
    return parseVenue(*text, path.string());
}

std::string compareBoundsRect(const Venue& venue, float width, float depth, double tolerance) {
    glm::dvec2 lo(1e300), hi(-1e300);
    for (const glm::dvec2& p : venue.bounds) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    const glm::dvec2 rectLo(-0.5 * width, -0.5 * depth), rectHi(0.5 * width, 0.5 * depth);
    const double off = std::max(
        {glm::abs(lo - rectLo).x, glm::abs(lo - rectLo).y, glm::abs(hi - rectHi).x, glm::abs(hi - rectHi).y});
    if (off <= tolerance) return {};
    return fmt::format(
        "the runtime's play area is {:.2f} × {:.2f} m around the STAGE origin (x {:.2f}..{:.2f}, z "
        "{:.2f}..{:.2f}) "
        "but the venue's bounds span x {:.2f}..{:.2f}, z {:.2f}..{:.2f} (off by up to {:.2f} m): recalibrate "
        "the "
        "headset's room set-up or the venue file",
        width, depth, rectLo.x, rectHi.x, rectLo.y, rectHi.y, lo.x, hi.x, lo.y, hi.y, off);
}

}  // namespace skyhook::xr
