#include "engine/scene/scene_file.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <glm/gtc/quaternion.hpp>

#include "engine/core/file.hpp"
#include "engine/core/log.hpp"
#include "engine/scene/detail/scene_parts.hpp"
#include "engine/scene/primitives.hpp"

namespace skyhook::scene {
namespace {

using detail::Json;
using detail::ObjectReader;
using detail::ParseContext;
using detail::Range;

constexpr int kFormatVersion = 1;
constexpr double kDegToRad = 0.017453292519943295;

// The planet's "cell" is resolved after the cells are read: its name and JSON path are returned.
struct PendingCell {
    std::optional<Json> name;
    std::string path;
};

void parsePlanet(ObjectReader& r, Planet& p, PendingCell& cell) {
    ParseContext& ctx = r.ctx();
    if (const Json* c = r.find("cell")) {
        cell.name = *c;
        cell.path = r.childPath("cell");
    }
    p.center = r.dvec3("center", p.center, {-1e12, 1e12});
    p.radius = r.number("radius", p.radius, {1.0, 1e10});
    p.atmosphereHeight = r.number("atmosphereHeight", p.atmosphereHeight, {0.0, 1e9});
    const auto coefficients = [&](std::string_view key, glm::vec3 fallback) {
        return r.color3(key, fallback, 1.0);  // per metre: 1 would be a wall
    };
    p.rayleighScattering = coefficients("rayleigh", p.rayleighScattering);
    p.rayleighScaleHeight = float(r.number("rayleighHeight", p.rayleighScaleHeight, {1.0, 1e8}));
    p.mieScattering = float(r.number("mie", p.mieScattering, {0.0, 1.0}));
    p.mieAbsorption = float(r.number("mieAbsorption", p.mieAbsorption, {0.0, 1.0}));
    p.mieScaleHeight = float(r.number("mieHeight", p.mieScaleHeight, {1.0, 1e8}));
    p.mieAnisotropy = float(r.number("mieG", p.mieAnisotropy, {-0.999, 0.999}));
    p.ozoneAbsorption = coefficients("ozone", p.ozoneAbsorption);
    p.ozonePeakAltitude = float(r.number("ozoneAltitude", p.ozonePeakAltitude, {0.0, 1e8}));
    p.ozoneHalfWidth = float(r.number("ozoneHalfWidth", p.ozoneHalfWidth, {1.0, 1e8}));
    p.groundAlbedo = float(r.number("groundAlbedo", p.groundAlbedo, {0.0, 1.0}));
    p.oceanColor = r.color3("ocean", p.oceanColor, 1.0);
    p.landColor = r.color3("land", p.landColor, 1.0);
    if (const Json* mask = r.object("continents")) {
        ObjectReader mr(ctx, *mask, r.childPath("continents"));
        detail::parseMask(mr, p.continents.emplace());
    }
    r.warnUnknownKeys();
}

void parseEnvironment(ObjectReader& r, Environment& env, PendingCell& planetCell) {
    std::string sky = r.choice("sky", "procedural", {"procedural", "color", "atmosphere"});
    env.sky = sky == "color"        ? Environment::Sky::Color
              : sky == "atmosphere" ? Environment::Sky::Atmosphere
                                    : Environment::Sky::Procedural;
    env.skyColor = r.color3("skyColor", env.skyColor, 1e6);
    env.skyIntensity = float(r.number("skyIntensity", env.skyIntensity, {0.0, 1e9}));
    env.exposureEv100 = float(r.number("exposure", env.exposureEv100, {-20.0, 30.0}));
    env.bloomStrength = float(r.number("bloom", env.bloomStrength, {0.0, 1.0}));
    env.starIntensity = float(r.number("stars", env.starIntensity, {0.0, 1e9}));
    if (const Json* planet = r.object("planet")) {
        ObjectReader pr(r.ctx(), *planet, r.childPath("planet"));
        parsePlanet(pr, env.planet, planetCell);
        if (!r.ctx().failed() && env.sky != Environment::Sky::Atmosphere)
            r.ctx().warn(r.childPath("planet"),
                         "a planet is drawn only with \"sky\": \"atmosphere\" (ignored)");
    }
    r.warnUnknownKeys();
}

Camera parseCamera(ObjectReader& r, size_t index) {
    Camera cam;
    cam.name = r.string("name", fmt::format("camera{}", index));
    cam.position = r.dvec3("position", cam.position);
    const bool lookAt = r.has("lookAt"), rotation = r.has("rotation"), ypr = r.has("yawPitchRollDeg");
    if (int(lookAt) + int(rotation) + int(ypr) > 1) {
        r.ctx().fail(r.path(), "give only one of \"lookAt\", \"rotation\" and \"yawPitchRollDeg\"");
    } else if (lookAt) {
        glm::dvec3 target = r.dvec3("lookAt", cam.position);
        glm::dvec3 d = target - cam.position;
        if (!r.ctx().failed() && !(glm::dot(d, d) > 1e-18))
            r.ctx().fail(r.childPath("lookAt"), "the camera looks at its own position");
        else if (!r.ctx().failed())
            cam.orientation = lookAtOrientation(cam.position, target);
    } else if (rotation) {
        double q[4];
        if (detail::readNumbers(r.ctx(), *r.find("rotation"), r.childPath("rotation"), q, 4, {-1e6, 1e6})) {
            glm::dquat quat(q[3], q[0], q[1], q[2]);
            double len = glm::length(quat);
            if (len > 1e-9)
                cam.orientation = quat / len;
            else
                r.ctx().fail(r.childPath("rotation"), "quaternion [x, y, z, w] has zero length");
        }
    } else if (ypr) {
        glm::dvec3 a = r.dvec3("yawPitchRollDeg", glm::dvec3(0.0), {-1e6, 1e6}) * kDegToRad;
        // Yaw about world +Y (positive turns left), then pitch about the camera's X (positive looks up), then
        // roll about its view axis.
        cam.orientation = glm::angleAxis(a.x, glm::dvec3(0, 1, 0)) *
                          glm::angleAxis(a.y, glm::dvec3(1, 0, 0)) * glm::angleAxis(a.z, glm::dvec3(0, 0, 1));
    }
    cam.verticalFov = float(r.number("fovDeg", 50.0, {0.1, 179.0}) * kDegToRad);
    cam.nearPlane = float(r.number("near", cam.nearPlane, {1e-6, 1e6}));
    r.warnUnknownKeys();
    return cam;
}

HapticCue parseHaptic(ObjectReader& r, size_t index) {
    HapticCue cue;
    cue.name = r.string("name", fmt::format("haptic{}", index));
    cue.time = r.number("time", 0.0, {0.0, 1e9});
    cue.duration = r.number("duration", cue.duration, {0.001, 10.0});
    cue.amplitude = float(r.number("amplitude", cue.amplitude, {0.0, 1.0}));
    cue.frequency = float(r.number("frequency", cue.frequency, {0.0, 1000.0}));
    const std::string hands = r.choice("hands", "both", {"both", "left", "right"});
    cue.hands = hands == "left"    ? HapticCue::Hands::Left
                : hands == "right" ? HapticCue::Hands::Right
                                   : HapticCue::Hands::Both;
    if (!r.has("time")) r.ctx().fail(r.path(), "a haptic cue needs its show \"time\" (seconds)");
    r.warnUnknownKeys();
    return cue;
}

template <class Parse>
void parseArray(ParseContext& ctx, ObjectReader& top, std::string_view key, Parse&& parse) {
    const Json* items = top.array(key);
    if (!items) return;
    for (size_t i = 0; i < items->size() && !ctx.failed(); ++i) {
        ObjectReader r(ctx, (*items)[i], fmt::format("{}/{}", top.childPath(key), i));
        parse(r, i);
    }
}

}  // namespace

namespace detail {

Light parseLight(ObjectReader& r, size_t index) {
    Light light;
    light.name = r.string("name", fmt::format("light{}", index));
    std::string type = r.choice("type", "point", {"directional", "point", "spot"});
    light.type = type == "directional" ? LightType::Directional
                 : type == "spot"      ? LightType::Spot
                                       : LightType::Point;
    light.position = r.dvec3("position", light.position);
    glm::dvec3 direction(light.direction);
    std::string directionKey = "direction";
    if (r.has("direction") && r.has("lookAt")) {
        r.ctx().fail(r.path(), "give either \"direction\" or \"lookAt\", not both");
    } else if (r.has("lookAt")) {
        direction = r.dvec3("lookAt", light.position) - light.position;
        directionKey = "lookAt";
    } else {
        direction = r.dvec3("direction", direction, {-1e9, 1e9});
    }
    if (!r.ctx().failed()) {
        double len = glm::length(direction);
        if (len > 1e-12 && std::isfinite(len))
            light.direction = glm::vec3(direction / len);
        else
            r.ctx().fail(r.childPath(directionKey), "the light's direction has zero length");
    }
    light.color = r.color3("color", light.color, 1e3);
    light.intensity = float(r.number("intensity", light.intensity, {0.0, 1e12}));
    light.range = float(r.number("range", light.range, {0.0, 1e12}));
    double inner = r.number("innerConeDeg", 0.0, {0.0, 90.0});
    double outer = r.number("outerConeDeg", 45.0, {0.0, 90.0});
    if (!r.ctx().failed() && inner > outer)
        r.ctx().fail(r.childPath("innerConeDeg"),
                     fmt::format("inner cone {}° is wider than the outer cone {}°", inner, outer));
    light.innerConeAngle = float(inner * kDegToRad);
    light.outerConeAngle = float(outer * kDegToRad);
    light.castsShadows = r.boolean("castShadows", light.castsShadows);
    r.warnUnknownKeys();
    return light;
}

Material parseMaterial(ObjectReader& r, Material m) {
    m.baseColorFactor = r.color4("baseColor", m.baseColorFactor);
    m.metallicFactor = float(r.number("metallic", m.metallicFactor, {0.0, 1.0}));
    m.roughnessFactor = float(r.number("roughness", m.roughnessFactor, {0.0, 1.0}));
    m.emissiveFactor = r.color3("emissive", m.emissiveFactor, 1e6);
    m.emissiveStrength = float(r.number("emissiveStrength", m.emissiveStrength, {0.0, 1e9}));
    std::string alpha = r.choice("alphaMode", "opaque", {"opaque", "mask", "blend"});
    m.alphaMode = alpha == "mask" ? AlphaMode::Mask : alpha == "blend" ? AlphaMode::Blend : AlphaMode::Opaque;
    m.alphaCutoff = float(r.number("alphaCutoff", m.alphaCutoff, {0.0, 1.0}));
    m.doubleSided = r.boolean("doubleSided", m.doubleSided);
    return m;
}

}  // namespace detail

Result<Scene> parseScene(std::string_view json, const std::filesystem::path& baseDir,
                         std::string_view nameForErrors) {
    ParseContext ctx(nameForErrors);
    auto root = detail::readDocument(json, ctx, nameForErrors);
    if (!root) return root.error();
    ObjectReader top(ctx, *root, "");
    Scene scene;
    scene.name = detail::readVersionAndName(top, kFormatVersion, nameForErrors);

    PendingCell planetCell;
    if (const Json* env = top.object("environment")) {
        ObjectReader r(ctx, *env, top.childPath("environment"));
        parseEnvironment(r, scene.environment, planetCell);
    }
    parseArray(ctx, top, "cameras",
               [&](ObjectReader& r, size_t i) { scene.cameras.push_back(parseCamera(r, i)); });
    parseArray(ctx, top, "lights",
               [&](ObjectReader& r, size_t i) { scene.lights.push_back(detail::parseLight(r, i)); });
    detail::CellTable cells;
    if (const Json* c = top.find("cells")) detail::parseCells(ctx, *c, top.childPath("cells"), scene, cells);
    if (planetCell.name && !ctx.failed())
        scene.environment.planet.cell = detail::cellIndex(ctx, *planetCell.name, planetCell.path, cells);

    detail::MaterialTable materials;
    if (const Json* table = top.object("materials")) {
        for (const auto& [name, value] : table->items()) {
            if (ctx.failed()) break;
            ObjectReader r(ctx, value, top.childPath("materials") + "/" + detail::pointerToken(name));
            Material m = detail::parseMaterial(r, defaultPrimitiveMaterial());
            m.name = name;
            r.warnUnknownKeys();
            materials.emplace(name, std::move(m));
        }
    }
    if (const Json* nodes = top.find("nodes"))
        detail::parseNodes(ctx, *nodes, top.childPath("nodes"), materials, cells, baseDir, scene);
    if (const Json* rules = top.find("instances"))
        detail::parseInstanceRules(ctx, *rules, top.childPath("instances"), materials, cells, baseDir, scene);
    if (const Json* rules = top.find("lightRules"))
        detail::parseLightRules(ctx, *rules, top.childPath("lightRules"), cells, scene);
    parseArray(ctx, top, "haptics",
               [&](ObjectReader& r, size_t i) { scene.haptics.push_back(parseHaptic(r, i)); });
    std::stable_sort(scene.haptics.begin(), scene.haptics.end(),
                     [](const HapticCue& a, const HapticCue& b) { return a.time < b.time; });
    // Last: tracks name the nodes, cameras, lights and rules above.
    if (const Json* tracks = top.find("tracks"))
        detail::parseTracks(ctx, *tracks, top.childPath("tracks"), scene);
    top.warnUnknownKeys();
    if (ctx.failed()) return ctx.error();

    if (scene.cameras.empty()) {
        scene.cameras.push_back(defaultCameraFor(scene));
        log::info("scene", "{}: no cameras; added \"default\" framing the scene", nameForErrors);
    }
    return scene;
}

Result<Scene> loadSceneFile(const std::filesystem::path& path) {
    auto text = readFileText(path);
    if (!text) return text.error();
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (ec) return Error::make("{}: cannot make the path absolute: {}", path.string(), ec.message());
    return parseScene(*text, absolute.parent_path(), path.string());
}

Camera defaultCameraFor(const Scene& scene) {
    Camera cam;
    cam.name = "default";
    std::vector<glm::dmat4> world = scene.worldMatrices();
    glm::dvec3 lo(std::numeric_limits<double>::max()), hi(-std::numeric_limits<double>::max());
    bool any = false;
    // Nodes with geometry decide the framing; a scene of bare transforms falls back to all nodes.
    for (int pass = 0; pass < 2 && !any; ++pass) {
        for (size_t i = 0; i < world.size(); ++i) {
            if (pass == 0 && scene.nodes[i].model < 0) continue;
            glm::dvec3 p(world[i][3]);
            // Primitives are one metre across: half a diagonal of the scaled unit cube bounds the object.
            double extent =
                0.87 * std::max({glm::length(glm::dvec3(world[i][0])), glm::length(glm::dvec3(world[i][1])),
                                 glm::length(glm::dvec3(world[i][2]))});
            lo = glm::min(lo, p - extent);
            hi = glm::max(hi, p + extent);
            any = true;
        }
        if (pass == 1) break;
        // Instance rules frame the scene too (by their bounds' corners in world space), so a scene of rules
        // alone is not looked at from one metre away.
        std::vector<glm::dmat4> cells = scene.cellMatrices();
        for (const InstanceRule& rule : scene.instanceRules) {
            const Bounds b = ruleBounds(rule);
            const glm::dmat4 m = rule.cell >= 0 ? cells[rule.cell] : glm::dmat4(1.0);
            for (int corner = 0; corner < 8; ++corner) {
                glm::dvec3 c((corner & 1) ? b.max.x : b.min.x, (corner & 2) ? b.max.y : b.min.y,
                             (corner & 4) ? b.max.z : b.min.z);
                glm::dvec3 p(m * glm::dvec4(c, 1.0));
                lo = glm::min(lo, p);
                hi = glm::max(hi, p);
                any = true;
            }
        }
    }
    if (!any) lo = glm::dvec3(-1.0), hi = glm::dvec3(1.0);
    glm::dvec3 centre = 0.5 * (lo + hi);
    double radius = std::max(0.5, 0.5 * glm::length(hi - lo));
    double distance = radius / std::sin(0.5 * double(cam.verticalFov)) * 1.1;
    cam.position = centre + glm::normalize(glm::dvec3(0.0, 0.35, 1.0)) * distance;
    cam.orientation = lookAtOrientation(cam.position, centre);
    cam.nearPlane = float(std::clamp(distance * 1e-3, 0.05, 100.0));
    return cam;
}

}  // namespace skyhook::scene
