// Scene-file animation tracks: "target" names a node, camera, light or rule; "property" says what is keyed,
// and which properties a target accepts is checked here so applyTracks never meets a track it cannot apply.
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/scene/detail/scene_parts.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::scene::detail {
namespace {

struct PropertyInfo {
    std::string_view key;
    TrackProperty property;
    Range range;
};

constexpr PropertyInfo kProperties[] = {
    {"position", TrackProperty::Position, {-1e12, 1e12}},
    {"rotation", TrackProperty::Rotation, {-1e6, 1e6}},
    {"intensity", TrackProperty::Intensity, {0.0, 1e12}},
    {"emissiveStrength", TrackProperty::EmissiveStrength, {0.0, 1e9}},
    {"pathOffset", TrackProperty::PathOffset, {-1e12, 1e12}},
    {"beamIntensity", TrackProperty::BeamIntensity, {0.0, 1e9}},
};

template <class T>
std::unordered_map<std::string_view, int32_t> indexByName(const std::vector<T>& items) {
    std::unordered_map<std::string_view, int32_t> index;
    index.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) index.try_emplace(items[i].name, int32_t(i));  // first wins
    return index;
}

class TrackParser {
public:
    TrackParser(ParseContext& ctx, Scene& scene)
        : m_ctx(ctx),
          m_scene(scene),
          m_nodes(indexByName(scene.nodes)),
          m_cameras(indexByName(scene.cameras)),
          m_lights(indexByName(scene.lights)),
          m_instanceRules(indexByName(scene.instanceRules)),
          m_lightRules(indexByName(scene.lightRules)) {}

    Track parse(ObjectReader& r) {
        Track t;
        t.name = r.string("name", r.path());
        const std::string property = r.choice(
            "property", "position",
            {"position", "rotation", "intensity", "emissiveStrength", "pathOffset", "beamIntensity"});
        if (!r.has("property")) m_ctx.fail(r.path(), "a track needs a \"property\"");
        const PropertyInfo* info = &kProperties[0];
        for (const PropertyInfo& p : kProperties)
            if (p.key == property) info = &p;
        t.property = info->property;
        if (!r.has("target")) m_ctx.fail(r.path(), "a track needs a \"target\": \"node:NAME\", ...");
        resolveTarget(r.string("target", ""), r.childPath("target"), t);
        const std::string interpolation = r.choice("interpolation", "linear", {"linear", "step", "smooth"});
        t.interpolation = interpolation == "step"     ? Interpolation::Step
                          : interpolation == "smooth" ? Interpolation::Smooth
                                                      : Interpolation::Linear;
        t.loop = r.boolean("loop", t.loop);
        if (const Json* keys = r.array("keys"))
            parseKeys(*keys, r.childPath("keys"), *info, t);
        else
            m_ctx.fail(r.path(), "a track needs \"keys\": [[t, value...], ...]");
        if (m_ctx.failed()) return t;
        const double last = t.keys.back().time;
        t.duration = r.number("duration", last, {0.0, 1e9});
        if (!m_ctx.failed() && t.duration < last)
            m_ctx.fail(r.childPath("duration"),
                       fmt::format("duration {} s ends before the last key at {} s", t.duration, last));
        r.warnUnknownKeys();
        return t;
    }

private:
    void resolveTarget(const std::string& target, const std::string& path, Track& t) {
        if (m_ctx.failed()) return;
        const size_t colon = target.find(':');
        const std::string_view kind = std::string_view(target).substr(0, colon);
        const std::string_view name =
            colon == std::string::npos ? std::string_view() : std::string_view(target).substr(colon + 1);
        const auto find = [&](const std::unordered_map<std::string_view, int32_t>& index) {
            auto it = index.find(name);
            return it == index.end() ? -1 : it->second;
        };
        std::string_view allowed;
        if (kind == "node") {
            t.targetKind = TrackTargetKind::Node;
            t.target = find(m_nodes);
            allowed = "position, rotation, emissiveStrength";
        } else if (kind == "camera") {
            t.targetKind = TrackTargetKind::Camera;
            t.target = find(m_cameras);
            allowed = "position, rotation";
        } else if (kind == "light") {
            t.targetKind = TrackTargetKind::Light;
            t.target = find(m_lights);
            allowed = "position, intensity";
        } else if (kind == "rule") {
            // Instance rules first, then light rules.
            t.targetKind = TrackTargetKind::InstanceRule;
            t.target = find(m_instanceRules);
            allowed = "pathOffset, emissiveStrength, beamIntensity";
            if (t.target < 0) {
                t.targetKind = TrackTargetKind::LightRule;
                t.target = find(m_lightRules);
                allowed = "pathOffset, intensity";
            }
        } else {
            m_ctx.fail(path, fmt::format("expected \"node:NAME\", \"camera:NAME\", \"light:NAME\" or "
                                         "\"rule:NAME\", got \"{}\"",
                                         target));
            return;
        }
        if (t.target < 0) {
            m_ctx.fail(path, fmt::format("no {} named \"{}\"", kind, name));
            return;
        }
        const std::string_view property = kProperties[size_t(t.property)].key;
        if (allowed.find(property) == std::string_view::npos) {
            m_ctx.fail(path, fmt::format("\"{}\" cannot be animated on a {} (allowed: {})", property, kind,
                                         allowed));
            return;
        }
        checkTargetSupports(path, t);
    }

    void checkTargetSupports(const std::string& path, const Track& t) {
        const size_t i = size_t(t.target);
        if (t.property == TrackProperty::EmissiveStrength) {
            const bool material = t.targetKind == TrackTargetKind::Node
                                      ? m_scene.nodes[i].material.has_value()
                                      : m_scene.instanceRules[i].material.has_value();
            if (!material)
                m_ctx.fail(path, "emissiveStrength animates the target's \"material\", and it has none");
        }
        if (t.property == TrackProperty::BeamIntensity && t.targetKind == TrackTargetKind::InstanceRule &&
            !m_scene.instanceRules[i].beam)
            m_ctx.fail(path, "beamIntensity scales the rule's \"beam\", and it has none");
        if (t.property == TrackProperty::PathOffset) {
            const RuleGenerator& g = t.targetKind == TrackTargetKind::InstanceRule
                                         ? m_scene.instanceRules[i].generator
                                         : m_scene.lightRules[i].generator;
            if (g.kind != GeneratorKind::Path) m_ctx.fail(path, "pathOffset needs a rule with a \"path\"");
        }
    }

    void parseKeys(const Json& keys, const std::string& path, const PropertyInfo& info, Track& t) {
        if (keys.empty()) m_ctx.fail(path, "a track needs at least one key");
        if (keys.size() > kMaxTrackKeys)
            m_ctx.fail(path, fmt::format("{} keys is more than the limit of {}", keys.size(), kMaxTrackKeys));
        const int arity = trackArity(info.property);
        t.keys.reserve(m_ctx.failed() ? 0 : keys.size());
        for (size_t k = 0; k < keys.size() && !m_ctx.failed(); ++k) {
            const std::string keyPath = fmt::format("{}/{}", path, k);
            const Json& key = keys[k];
            if (!key.is_array() || key.size() != size_t(1 + arity)) {
                m_ctx.fail(keyPath, fmt::format("a {} key is [t, {} number{}], got {}", info.key, arity,
                                                arity == 1 ? "" : "s", describe(key)));
                return;
            }
            TrackKey out;
            out.time = readNumber(m_ctx, key[0], keyPath + "/0", {0.0, 1e9});
            for (int c = 0; c < arity; ++c)
                out.value[c] =
                    readNumber(m_ctx, key[c + 1], fmt::format("{}/{}", keyPath, c + 1), info.range);
            if (m_ctx.failed()) return;
            if (!t.keys.empty() && !(out.time > t.keys.back().time)) {
                m_ctx.fail(keyPath + "/0", fmt::format("key times must increase: {} s after {} s", out.time,
                                                       t.keys.back().time));
                return;
            }
            if (info.property == TrackProperty::Rotation) {
                const double length = glm::length(out.value);
                if (!(length > 1e-9)) {
                    m_ctx.fail(keyPath, "quaternion [x, y, z, w] has zero length");
                    return;
                }
                out.value /= length;
            }
            t.keys.push_back(out);
        }
    }

    ParseContext& m_ctx;
    Scene& m_scene;
    std::unordered_map<std::string_view, int32_t> m_nodes, m_cameras, m_lights, m_instanceRules, m_lightRules;
};

}  // namespace

void parseTracks(ParseContext& ctx, const Json& tracks, const std::string& path, Scene& scene) {
    if (!tracks.is_array()) {
        ctx.fail(path, fmt::format("expected an array of tracks, got {}", describe(tracks)));
        return;
    }
    if (tracks.size() > kMaxTracks) {
        ctx.fail(path, fmt::format("{} tracks is more than the limit of {}", tracks.size(), kMaxTracks));
        return;
    }
    TrackParser parser(ctx, scene);
    std::vector<Track> parsed;
    parsed.reserve(tracks.size());
    for (size_t i = 0; i < tracks.size() && !ctx.failed(); ++i) {
        ObjectReader r(ctx, tracks[i], fmt::format("{}/{}", path, i));
        parsed.push_back(parser.parse(r));
    }
    // Appended at the end: the parser's name indexes point into the scene's vectors.
    for (Track& t : parsed) scene.tracks.push_back(std::move(t));
}

}  // namespace skyhook::scene::detail
