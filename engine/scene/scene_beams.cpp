// Scene-file "beam" blocks of instance rules: the plasma jets of the planetary engines (beams.hpp).
#include <cmath>

#include <fmt/format.h>

#include "engine/scene/detail/scene_parts.hpp"

namespace skyhook::scene::detail {
namespace {

void parseIgnition(ObjectReader& r, BeamIgnition& ig) {
    ig.start = r.number("start", ig.start, {-1e9, 1e9});
    ig.duration = r.number("duration", ig.duration, {0.0, 1e9});
    ig.rampSeconds = r.number("rampSeconds", ig.rampSeconds, {0.0, 1e6});
    const std::string order = r.choice("order", "index", {"index", "longitude", "random"});
    ig.order = order == "longitude" ? IgnitionOrder::Longitude
               : order == "random"  ? IgnitionOrder::Random
                                    : IgnitionOrder::Index;
    ig.seed = r.integer("seed", ig.seed, 0, uint64_t(1) << 53);
    r.warnUnknownKeys();
}

}  // namespace

void parseBeam(ObjectReader& r, Beam& beam) {
    ParseContext& ctx = r.ctx();
    beam.origin = r.dvec3("origin", beam.origin, {-1e12, 1e12});
    const glm::dvec3 direction = r.dvec3("direction", beam.direction, {-1e9, 1e9});
    if (!ctx.failed()) {
        const double len = glm::length(direction);
        if (len > 1e-12 && std::isfinite(len))
            beam.direction = direction / len;
        else
            ctx.fail(r.childPath("direction"), "the beam's direction has zero length");
    }
    beam.length = r.number("length", beam.length, {1e-3, 1e12});
    beam.radius = r.number("radius", beam.radius, {1e-3, 1e9});
    beam.spread = r.number("spread", beam.spread, {0.0, 10.0});
    beam.color = r.color3("color", beam.color, 1e3);
    beam.intensity = float(r.number("intensity", beam.intensity, {0.0, 1e12}));
    if (const Json* ignition = r.object("ignition")) {
        ObjectReader ir(ctx, *ignition, r.childPath("ignition"));
        parseIgnition(ir, beam.ignition);
    }
    r.warnUnknownKeys();
}

}  // namespace skyhook::scene::detail
