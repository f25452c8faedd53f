#include "engine/xr/guardian.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace skyhook::xr {

namespace {

double segmentDistance(const glm::dvec2& a, const glm::dvec2& b, const glm::dvec2& p) {
    const glm::dvec2 ab = b - a;
    const double len2 = glm::dot(ab, ab);
    const double t = len2 > 0.0 ? std::clamp(glm::dot(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    return glm::distance(a + t * ab, p);
}

bool insidePolygon(std::span<const glm::dvec2> poly, const glm::dvec2& p) {
    bool inside = false;
    for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        const glm::dvec2& a = poly[i];
        const glm::dvec2& b = poly[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            inside = !inside;
    }
    return inside;
}

}  // namespace

double boundaryDistance(std::span<const glm::dvec2> polygon, const glm::dvec2& p, bool* inside) {
    double d = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < polygon.size(); ++i)
        d = std::min(d, segmentDistance(polygon[i], polygon[(i + 1) % polygon.size()], p));
    if (inside) *inside = polygon.size() >= 3 && insidePolygon(polygon, p);
    return d;
}

std::vector<float> wallOpacities(const Venue& venue, std::span<const glm::vec3> points) {
    const size_t n = venue.bounds.size();
    std::vector<float> opacity(n, 0.0f);
    if (!venue.guardian.enabled || n < 3) return opacity;
    for (const glm::vec3& point : points) {
        const glm::dvec2 p(point.x, point.z);
        if (!insidePolygon(venue.bounds, p)) {
            std::fill(opacity.begin(), opacity.end(), 1.0f);
            return opacity;
        }
        for (size_t i = 0; i < n; ++i) {
            const double d = segmentDistance(venue.bounds[i], venue.bounds[(i + 1) % n], p);
            const float o = float(std::clamp(1.0 - d / venue.guardian.distance, 0.0, 1.0));
            opacity[i] = std::max(opacity[i], o);
        }
    }
    return opacity;
}

void guardianLines(const Venue& venue, std::span<const float> opacities, const Origin& origin,
                   std::vector<render::OverlayLine>& out) {
    const size_t n = std::min(venue.bounds.size(), opacities.size());
    const GuardianSettings& g = venue.guardian;
    auto scene = [&](const glm::dvec2& xz, double y) {
        return origin.position + origin.orientation * glm::dvec3(xz.x, y, xz.y);
    };
    const int rows = std::max(1, int(std::floor(g.height / g.spacing + 1e-9)));
    for (size_t i = 0; i < n; ++i) {
        if (opacities[i] <= 0.0f) continue;
        glm::vec4 color = g.color;
        color.a *= opacities[i];
        const glm::dvec2 a = venue.bounds[i], b = venue.bounds[(i + 1) % venue.bounds.size()];
        const double length = glm::distance(a, b);
        const int columns = std::max(1, int(std::ceil(length / g.spacing - 1e-9)));
        for (int c = 0; c <= columns; ++c) {
            const glm::dvec2 p = glm::mix(a, b, double(c) / double(columns));
            out.push_back({scene(p, 0.0), scene(p, g.height), color});
        }
        for (int r = 0; r <= rows; ++r) {
            const double y = g.height * double(r) / double(rows);
            out.push_back({scene(a, y), scene(b, y), color});
        }
    }
}

}  // namespace skyhook::xr
