// The per-frame data the GPU reads: frame uniforms (views, sun, sky, exposure, cascades, the frame origin the
// shaders offset the cells from), what tracks animate (poses, materials, lights) and the indirect draw
// commands, written into this frame slot's host-visible buffers.
#include <algorithm>
#include <cmath>
#include <bit>
#include <cstring>

#include <glm/gtc/matrix_inverse.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "engine/core/log.hpp"
#include "engine/render/atmosphere.hpp"
#include "engine/render/culling.hpp"
#include "engine/render/instances.hpp"
#include "engine/render/formats.hpp"
#include "engine/render/projection.hpp"
#include "engine/render/renderer.hpp"

namespace skyhook::render {

using namespace gpu_layout;

namespace {

template <class T>
std::span<const uint8_t> bytesOf(const std::vector<T>& v) {
    return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

// Host-visible buffers grow by half again so a slowly growing scene does not reallocate every frame; the old
// buffer is retired with the frame that used it.
Result<void> ensureBuffer(gpu::Device& device, gpu::Buffer& buffer, VkDeviceSize size,
                          VkBufferUsageFlags usage, const char* name) {
    size = std::max<VkDeviceSize>(size, 256);
    if (buffer && buffer.size() >= size) return {};
    auto b = gpu::Buffer::create(device, {.debugName = name,
                                          .size = size + size / 2,
                                          .usage = usage | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
                                          .memory = gpu::MemoryUsage::Upload});
    if (!b) return b.error();
    buffer = std::move(*b);
    return {};
}

// The planet and its atmosphere as the first view's camera sees them (skyMode SKYHOOK_SKY_ATMOSPHERE only;
// otherwise the block stays zero and no shader reads it).
void writeAtmosphere(FrameUniforms& fu, const scene::Scene& scene, const glm::dvec3& camera,
                     const glm::vec3& sunDirection, atmosphere::AmbientCache& ambient) {
    const scene::Environment& env = scene.environment;
    if (env.sky != scene::Environment::Sky::Atmosphere) return;
    glm::dmat4 cell(1.0);
    if (env.planet.cell >= 0) cell = scene.cellMatrices()[size_t(env.planet.cell)];
    // The ground ambient table is memoized; the sky table's rows are integrated by the atmosphere.ambient
    // pass.
    fu.atmosphere =
        atmosphere::pack(env, cell, camera, -sunDirection, {.ambientCache = &ambient, .skyAmbient = false});
}

}  // namespace

Result<void> Renderer::writeFrameData(FrameBuffers& fb, const ViewSet& views, double timeSeconds) {
    SKYHOOK_CHECK(!views.views.empty() && views.views.size() <= SKYHOOK_MAX_VIEWS,
                  "{} views (1..{} supported)", views.views.size(), SKYHOOK_MAX_VIEWS);
    const glm::dvec3 origin = views.views[0].position;  // camera-relative origin of this frame
    const scene::Environment& env = m_scene.environment;
    // Tracks write poses, path offsets, intensities and materials into the renderer's copy of the scene:
    // O(tracks), never O(scene). What the frame takes from it below is O(what is animated).
    if (!m_scene.tracks.empty()) scene::applyTracks(m_scene, timeSeconds);

    // The sun lights the sky and casts the cascaded shadows; every other light goes to the light list.
    const scene::Light* sun = m_sun >= 0 ? &m_scene.lights[m_sun] : nullptr;
    glm::vec3 sunDir = sun ? glm::normalize(sun->direction) : glm::vec3(0.0f, -1.0f, 0.0f);

    FrameUniforms fu{};
    fu.sunDirection = glm::vec4(sunDir, sun ? sun->intensity : 0.0f);
    bool shadows = sun && sun->castsShadows && m_settings.cascadeCount > 0;
    fu.sunColor = glm::vec4(sun ? sun->color : glm::vec3(0.0f), shadows ? 1.0f : 0.0f);
    // skyIntensity is in cd/m²: the procedural sky's horizon is about that bright; a colour sky is
    // skyColor × skyIntensity. The procedural sky takes its colour from its own gradient, not from skyColor.
    bool procedural = env.sky == scene::Environment::Sky::Procedural;
    fu.sky = glm::vec4(procedural ? glm::vec3(1.0f) : env.skyColor, env.skyIntensity);
    fu.skyMode = env.sky == scene::Environment::Sky::Procedural ? SKYHOOK_SKY_PROCEDURAL
                 : env.sky == scene::Environment::Sky::Color    ? SKYHOOK_SKY_COLOR
                                                                : SKYHOOK_SKY_ATMOSPHERE;
    writeAtmosphere(fu, m_scene, origin, sunDir, m_ambientCache);
    if (fu.skyMode == SKYHOOK_SKY_ATMOSPHERE && m_settings.atmosphereLuts) fu.atmosphere.radii.w = 1.0f;
    m_cameraAltitude = fu.skyMode == SKYHOOK_SKY_ATMOSPHERE ? fu.atmosphere.up.w : 0.0f;
    fu.exposure = exposureFromEv100(env.exposureEv100 + m_settings.exposureBias);
    fu.time = static_cast<float>(timeSeconds);
    fu.debugView = m_settings.debugView;
    fu.bloomStrength = env.bloomStrength;
    fu.cascadeCount = shadows ? std::min(m_settings.cascadeCount, uint32_t(SKYHOOK_MAX_CASCADES)) : 0u;
    fu.shadowTexelSize = 1.0f / static_cast<float>(m_settings.shadowMapSize);

    // Cascades follow the first view; every view samples the same shadow map.
    CascadeSet cascades = computeCascades(views.views[0], views.target.extent, sunDir, fu.cascadeCount,
                                          m_settings.shadowDistance, m_settings.shadowMapSize);
    for (size_t v = 0; v < views.views.size(); ++v) {
        const View& view = views.views[v];
        VkExtent2D ext = view.viewport.extent.width ? view.viewport.extent : views.target.extent;
        ViewUniforms& vu = fu.views[v];
        vu.view = viewMatrix(view, origin);
        vu.proj = projectionMatrix(view.projection, float(ext.width) / float(ext.height));
        vu.viewProj = vu.proj * vu.view;
        vu.invViewProj = glm::inverse(vu.viewProj);
        for (uint32_t c = 0; c < SKYHOOK_MAX_CASCADES; ++c) vu.cascadeViewProj[c] = cascades.viewProj[c];
        vu.cascadeSplits = cascades.splits;
        vu.viewport = glm::vec4(ext.width, ext.height, 1.0f / ext.width, 1.0f / ext.height);
        auto planes = frustumPlanes(vu.viewProj);
        for (size_t i = 0; i < planes.size(); ++i) vu.frustumPlanes[i] = planes[i];
        // Occlusion culling: this frame's projection, and how the last frame saw this frame's
        // camera-relative positions (its rotation, moved by the change of origin, in double).
        vu.proj2d = glm::vec4(vu.proj[0][0], vu.proj[1][1], vu.proj[2][0], vu.proj[2][1]);
        vu.occlusion = glm::vec4(vu.proj[3][2], 0.0f, 0.0f, 0.0f);
        if (occlusionActive()) {
            // The view's group keeps the pyramid, a layer per view; the view's last depth is usable when the
            // same group's image held it at the same layer.
            ViewGroup group{uint32_t(v), 1};
            for (const ViewGroup& g : m_groups)
                if (v >= g.first && v < g.first + g.count) group = g;
            if (v == group.first) SKYHOOK_TRY(ensurePyramid(group, ext));
            const Pyramid& image = m_pyramids[group.first];
            const Pyramid& p = m_pyramids[v];
            const VkExtent2D size = image.image.extent();
            vu.pyramid = glm::vec4(size.width, size.height, image.image.desc().mipLevels, 0.0f);
            if (p.valid && p.heldBy == group.first && p.layer == v - group.first) {
                vu.prevView = viewMatrix(p.view, p.view.position) *
                              glm::translate(glm::mat4(1.0f), glm::vec3(origin - p.view.position));
                vu.prevProj = glm::vec4(p.proj[0][0], p.proj[1][1], p.proj[2][0], p.proj[2][1]);
                vu.occlusion.y = p.proj[3][2];
                vu.occlusion.z = 1.0f;
            }
        }
    }

    // The frame origin as the shaders offset the scene's cells from it (the cell origins are static); the
    // dynamic cell's instances are posed relative to the frame origin itself.
    const GpuCellOrigin frameOrigin = splitOrigin(origin);
    fu.originHi = glm::vec4(frameOrigin.hi, 0.0f);
    fu.originLo = glm::vec4(frameOrigin.lo, 0.0f);
    SKYHOOK_TRY(writeDynamicInstances(fb, origin));
    SKYHOOK_TRY(writeAnimatedMaterials(fb));
    SKYHOOK_TRY(writeFrameLights(fb, origin));
    fu.staticInstanceCount = static_cast<uint32_t>(m_cpuInstances.size());
    fu.dynamicCell = m_cellCount;
    fu.spans = m_spanBuffer.address();
    fu.dynamicInstances = fb.dynamic.address();
    fu.dynamicRange = m_dynamicRange;
    for (uint32_t v = 0; v < SKYHOOK_VARIANTS; ++v) {
        fu.variantOffset[v] = m_drawOffsets[v];
        fu.variantCapacity[v] = m_drawCapacity[v];
    }

    // Directional lights besides the sun (few; the point and spot lights are in the static table).
    std::vector<GpuLight> globals;
    for (const auto& l : m_scene.lights) {
        if (&l == sun || l.type != scene::LightType::Directional) continue;
        GpuLight g{};
        g.color = l.color * l.intensity;
        g.direction = glm::normalize(l.direction);
        g.type = SKYHOOK_LIGHT_DIRECTIONAL;
        globals.push_back(g);
    }
    fu.globalLightCount = static_cast<uint32_t>(globals.size());
    fu.lightCount = m_frameLightCount;
    fu.staticLightCount = m_sceneLights.staticCount();
    fu.movingLightCount = static_cast<uint32_t>(m_sceneLights.moving().size());
    fu.lightScales = fb.lightScales.address();
    fu.movingLights = fb.movingLights.address();
    fu.clustered = m_settings.clusteredLights ? 1u : 0u;
    fu.clusterGrid = glm::uvec4(kClusterTiles.x, kClusterTiles.y, kClusterSlices, kLightsPerCluster);
    fu.clusterDepth = glm::vec4(kClusterNear, kClusterFar,
                                float(kClusterSlices) / std::log(kClusterFar / kClusterNear), 0.0f);

    constexpr VkBufferUsageFlags storage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    SKYHOOK_TRY(ensureBuffer(m_device, fb.uniforms, sizeof fu, storage, "frame.uniforms"));
    // The views' hidden areas: each view's triangles padded to the largest count (degenerate at the end).
    // Whole triangles only.
    auto hiddenVertices = [](const View& v) {
        return uint32_t(v.hiddenArea.size() - v.hiddenArea.size() % 3);
    };
    m_hiddenStride = 0;
    for (const View& v : views.views) m_hiddenStride = std::max(m_hiddenStride, hiddenVertices(v));
    if (m_hiddenStride) {
        const size_t count = size_t(m_hiddenStride) * views.views.size();
        SKYHOOK_TRY(
            ensureBuffer(m_device, fb.hiddenArea, count * sizeof(glm::vec2), storage, "frame.hidden_area"));
        auto* hidden = static_cast<glm::vec2*>(fb.hiddenArea.mapped());
        std::fill_n(hidden, count, glm::vec2(0.0f));
        for (size_t v = 0; v < views.views.size(); ++v)
            std::copy_n(views.views[v].hiddenArea.begin(), hiddenVertices(views.views[v]),
                        hidden + v * m_hiddenStride);
        fb.hiddenArea.flush();
    }
    SKYHOOK_TRY(
        ensureBuffer(m_device, fb.globals, globals.size() * sizeof(GpuLight), storage, "frame.globals"));
    // Culling output per view: commands (device-local) and counts (host-visible, read for statistics).
    if (fb.cull.size() > 0 && fb.cull[0].counts) {
        fb.cull[0].counts.invalidate();
        const uint32_t* counts = static_cast<const uint32_t*>(fb.cull[0].counts.mapped());
        m_stats.visible = 0;
        m_stats.droppedDraws = 0;
        for (uint32_t v = 0; v < SKYHOOK_VARIANTS; ++v) {
            m_stats.visible += counts[v];
            m_stats.droppedDraws += counts[v] > m_drawCapacity[v] ? counts[v] - m_drawCapacity[v] : 0u;
        }
        m_stats.visibleTriangles = counts[SKYHOOK_CULL_TRIANGLES];
        m_stats.visibleInstances = counts[SKYHOOK_CULL_INSTANCES];
        m_stats.deferredInstances = counts[SKYHOOK_CULL_DEFERRED];
        m_stats.lateInstances = 0;
        m_stats.lateMeshlets = 0;
        uint64_t lateMeshletTriangles = 0;
        if (fb.cull[0].lateCounts) {
            fb.cull[0].lateCounts.invalidate();
            const uint32_t* late = static_cast<const uint32_t*>(fb.cull[0].lateCounts.mapped());
            m_stats.visibleTriangles += late[SKYHOOK_CULL_TRIANGLES];
            m_stats.lateInstances = late[SKYHOOK_CULL_INSTANCES];
            m_stats.visibleInstances += late[SKYHOOK_CULL_INSTANCES];
            m_stats.lateMeshlets = m_meshPath ? late[SKYHOOK_CULL_MESHLETS] : 0u;
            lateMeshletTriangles = m_meshPath ? late[SKYHOOK_CULL_MESHLET_TRIANGLES] : 0u;
        }
        m_stats.visibleMeshlets = m_meshPath ? counts[SKYHOOK_CULL_MESHLETS] + m_stats.lateMeshlets : 0u;
        m_stats.meshletTriangles =
            m_meshPath ? counts[SKYHOOK_CULL_MESHLET_TRIANGLES] + lateMeshletTriangles : 0u;
        m_stats.deferredMeshlets = m_meshPath ? counts[SKYHOOK_CULL_DEFERRED_MESHLETS] : 0u;
    }
    fb.cull.resize(std::max(fb.cull.size(), views.views.size()));
    for (size_t v = 0; v < views.views.size(); ++v) {
        SKYHOOK_TRY(ensureCullBuffers(fb.cull[v], "view", uint32_t(v), true));
        fu.views[v].late = fb.cull[v].late.address();
        fu.views[v].lateCapacity = kMaxLateInstances;
        fu.views[v].lateCommands = fb.cull[v].lateCommands.address();
        fu.views[v].lateCounts = fb.cull[v].lateCounts.address();
        fu.views[v].clusterCounts = fb.cull[v].clusterCounts.address();
        fu.views[v].clusterLights = fb.cull[v].clusterLights.address();
    }
    fb.shadowCull.resize(SKYHOOK_MAX_CASCADES);
    for (uint32_t c = 0; c < fu.cascadeCount; ++c)
        SKYHOOK_TRY(ensureCullBuffers(fb.shadowCull[c], "shadow", c, false));

    // What culling culls against: each view's frustum, then each cascade's box (which has no near side:
    // casters nearer the sun than the box still cast, clamped to its depth).
    for (size_t v = 0; v < views.views.size(); ++v) {
        const ViewUniforms& vu = fu.views[v];
        CullRegion& r = fu.cullRegions[v];
        for (int i = 0; i < 5; ++i) r.planes[i] = vu.frustumPlanes[i];
        r.eye = glm::vec4(glm::vec3(views.views[v].position - origin), 0.0f);
        r.scale = glm::vec4(vu.viewport.y * 0.5f * std::abs(vu.proj[1][1]), 0.0f, 0.0f, 0.0f);
    }
    // Mono far fields: the far field's view draws what lies beyond its near plane (the split); each eye draws
    // and keeps only what is nearer than its depth at the split (cleared to it).
    for (const ViewGroup& g : m_groups) {
        if (g.farView < 0) continue;
        ViewUniforms& far = fu.views[g.farView];
        far.split = glm::vec4(far.proj[3][2], 0.0f, 0.0f, 0.0f);
        for (uint32_t v = g.first; v < g.first + g.count; ++v) {
            const float nearPlane = fu.views[v].proj[3][2], split = nearPlane / g.clearDepth;
            fu.views[v].split = glm::vec4(0.0f, split, float(g.farView), 0.0f);
            fu.cullRegions[v].scale.y = split - nearPlane;
        }
    }
    for (uint32_t c = 0; c < fu.cascadeCount; ++c) {
        const glm::mat4& m = cascades.viewProj[c];
        CullRegion& r = fu.cullRegions[SKYHOOK_MAX_VIEWS + c];
        auto planes = shadowCasterPlanes(m);
        for (int i = 0; i < 5; ++i) r.planes[i] = planes[i];
        // The box is 2·radius wide: one texel is 2·radius / mapSize.
        float radius = 1.0f / glm::length(glm::vec3(m[0][0], m[1][0], m[2][0]));
        r.eye = glm::vec4(0.0f, 0.0f, 0.0f, 2.0f * radius / float(m_settings.shadowMapSize));
    }
    std::memcpy(fb.uniforms.mapped(), &fu, sizeof fu);
    if (!globals.empty()) std::memcpy(fb.globals.mapped(), globals.data(), bytesOf(globals).size());
    for (gpu::Buffer* b : {&fb.uniforms, &fb.globals}) b->flush();
    m_stats.instances = m_cpuInstances.size() + m_generatedInstances + m_cpuDynamic.size();
    m_stats.generatedInstances = m_generatedInstances;
    m_stats.dynamicInstances = static_cast<uint32_t>(m_cpuDynamic.size());
    return {};
}

Result<void> Renderer::writeDynamicInstances(FrameBuffers& fb, const glm::dvec3& origin) {
    m_cpuDynamic.clear();
    m_dynamicRange = {glm::vec3(1e30f),
                      static_cast<uint32_t>(m_cpuInstances.size()),
                      glm::vec3(-1e30f),
                      0u,
                      0u,
                      0u,
                      0.0f,
                      0u};
    if (!m_dynamicSources.empty()) {
        // The tracks are applied (writeFrameData): posing is O(animated instances), never O(scene).
        const std::vector<glm::dmat4> cellFrames = m_scene.cellMatrices();
        // A node under a posed one (avatars) takes the app's pose, or is hidden while the app shows none.
        const auto nodeWorld = [&](int32_t n) -> std::optional<glm::dmat4> {
            glm::dmat4 m(1.0);
            int32_t root = n;
            for (int32_t i = n; i >= 0; i = m_scene.nodes[i].parent) {
                if (m_scene.nodes[i].posed) {
                    const auto pose = m_nodePoses.find(i);
                    if (pose == m_nodePoses.end()) return std::nullopt;
                    return pose->second * m;
                }
                m = m_scene.nodes[i].local.matrix() * m;
                root = i;
            }
            const int32_t cell = m_scene.nodes[root].cell;
            return cell >= 0 ? cellFrames[cell] * m : m;
        };
        auto add = [&](const glm::dmat4& world, const PartSource& src) {
            if (m_cpuDynamic.size() >= m_dynamicCapacity) {
                if (!m_dynamicOverflowLogged)
                    log::warn("render", "more than {} animated instances: the rest are not drawn",
                              m_dynamicCapacity);
                m_dynamicOverflowLogged = true;
                return;
            }
            GpuInstance in = InstancePacker::packAt(world, origin, m_cellCount, src.shape);
            const GpuMesh& mesh = m_gpuScene->meshes()[src.mesh];
            glm::vec4 sphere =
                transformSphere(unpackModel(in, m_cpuShapes[src.shape]),
                                glm::vec4((mesh.boundsMin + mesh.boundsMax) * 0.5f,
                                          glm::length(mesh.boundsMax - mesh.boundsMin) * 0.5f));
            m_dynamicRange.boundsMin = glm::min(m_dynamicRange.boundsMin, glm::vec3(sphere) - sphere.w);
            m_dynamicRange.boundsMax = glm::max(m_dynamicRange.boundsMax, glm::vec3(sphere) + sphere.w);
            m_dynamicRange.maxRadius = std::max(m_dynamicRange.maxRadius, sphere.w);
            m_cpuDynamic.push_back(in);
        };
        for (const PartSource& src : m_dynamicSources) {
            if (!src.rule) {
                if (const std::optional<glm::dmat4> world = nodeWorld(src.index))
                    add(*world * src.local, src);
                continue;
            }
            const scene::InstanceRule& rule = m_scene.instanceRules[src.index];
            const glm::dmat4 frame = rule.cell >= 0 ? cellFrames[rule.cell] : glm::dmat4(1.0);
            const uint64_t count = std::min<uint64_t>(scene::instanceCount(rule), m_dynamicCapacity);
            for (uint64_t i = 0; i < count; ++i)
                if (scene::instanceEnabled(rule, i))
                    add(frame * scene::generatorPlacement(rule.generator, i) * src.local, src);
        }
        m_dynamicRange.instanceCount = static_cast<uint32_t>(m_cpuDynamic.size());
    }
    SKYHOOK_TRY(ensureBuffer(m_device, fb.dynamic,
                             std::max<size_t>(m_cpuDynamic.size(), 1) * sizeof(GpuInstance),
                             VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "frame.dynamic_instances"));
    if (!m_cpuDynamic.empty()) {
        std::memcpy(fb.dynamic.mapped(), m_cpuDynamic.data(), bytesOf(m_cpuDynamic).size());
        fb.dynamic.flush();
    }
    return {};
}

Result<void> Renderer::writeFrameLights(FrameBuffers& fb, const glm::dvec3& origin) {
    // O(intensity groups + moving lights): a static scene writes one scale, whatever its light count.
    m_sceneLights.update(m_scene, origin, m_cellCount);
    const std::vector<float>& scales = m_sceneLights.scales();
    const std::vector<GpuLight>& moving = m_sceneLights.moving();
    m_frameLightCount = m_sceneLights.staticCount() + static_cast<uint32_t>(moving.size());
    constexpr VkBufferUsageFlags storage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    SKYHOOK_TRY(
        ensureBuffer(m_device, fb.lightScales, bytesOf(scales).size(), storage, "frame.light_scales"));
    SKYHOOK_TRY(ensureBuffer(m_device, fb.movingLights,
                             std::max<size_t>(m_sceneLights.movingCapacity(), 1) * sizeof(GpuLight), storage,
                             "frame.moving_lights"));
    std::memcpy(fb.lightScales.mapped(), scales.data(), bytesOf(scales).size());
    fb.lightScales.flush();
    if (!moving.empty()) {
        std::memcpy(fb.movingLights.mapped(), moving.data(), bytesOf(moving).size());
        fb.movingLights.flush();
    }
    return {};
}

Result<void> Renderer::writeAnimatedMaterials(FrameBuffers& fb) {
    if (m_animatedMaterials.empty()) return {};
    // The material table is small (one record per material): copy it and patch what tracks animate.
    std::vector<GpuMaterial> table = m_gpuScene->materialTable();
    for (const AnimatedMaterial& a : m_animatedMaterials) {
        const std::optional<scene::Material>& m = a.kind == scene::TrackTargetKind::Node
                                                      ? m_scene.nodes[a.index].material
                                                      : m_scene.instanceRules[a.index].material;
        if (m && a.material < table.size())
            table[a.material].emissive = glm::vec4(m->emissiveFactor * m->emissiveStrength, 0.0f);
    }
    SKYHOOK_TRY(ensureBuffer(m_device, fb.materials, bytesOf(table).size(),
                             VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "frame.materials"));
    std::memcpy(fb.materials.mapped(), table.data(), bytesOf(table).size());
    fb.materials.flush();
    return {};
}

Result<void> Renderer::ensurePyramid(ViewGroup group, VkExtent2D depthExtent) {
    if (m_pyramids.size() < group.first + group.count) m_pyramids.resize(group.first + group.count);
    Pyramid& p = m_pyramids[group.first];
    if (p.image && p.depthExtent.width == depthExtent.width && p.depthExtent.height == depthExtent.height &&
        p.image.desc().layers == group.count)
        return {};
    // Level 0: the largest power of two not above half the depth's size, per axis (each texel covers 2 to 4
    // pixels per axis: a quarter of the texels to write, the same pixels read); levels down to 1 × 1.
    auto floorPow2 = [](uint32_t v) { return v ? 1u << (31 - std::countl_zero(v)) : 1u; };
    const VkExtent2D size{floorPow2(std::max(depthExtent.width / 2, 1u)),
                          floorPow2(std::max(depthExtent.height / 2, 1u))};
    const uint32_t levels = 32 - std::countl_zero(std::max(size.width, size.height));
    auto image =
        gpu::Image::create(m_device, {.debugName = fmt::format("depth_pyramid{}", group.first),
                                      .format = VK_FORMAT_R32_SFLOAT,
                                      .extent = size,
                                      .mipLevels = levels,
                                      .layers = group.count,
                                      .usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT,
                                      .arrayView = true});
    if (!image) return image.error();
    // A new image holds no depth yet, for any view of the group.
    p.image = std::move(*image);
    p.initialized = false;
    p.depthExtent = depthExtent;
    for (uint32_t e = 0; e < group.count; ++e) m_pyramids[group.first + e].valid = false;
    return {};
}

Result<void> Renderer::ensureCullBuffers(ViewCull& vc, const char* kind, uint32_t index, bool clusters) {
    auto ensure = [&](gpu::Buffer& buffer, const char* what, VkDeviceSize size, VkBufferUsageFlags usage,
                      gpu::MemoryUsage memory) -> Result<void> {
        if (buffer && buffer.size() >= size) return {};
        auto b = gpu::Buffer::create(m_device, {.debugName = fmt::format("frame.{}{}.{}", kind, index, what),
                                                .size = size,
                                                .usage = usage | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
                                                .memory = memory});
        if (!b) return b.error();
        buffer = std::move(*b);
        return {};
    };
    constexpr VkBufferUsageFlags storage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    constexpr VkBufferUsageFlags indirect = VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT;
    constexpr VkBufferUsageFlags filled = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    SKYHOOK_TRY(ensure(vc.commands, "cull_commands", std::max<size_t>(m_commandCount, 1) * cullCommandBytes(),
                       storage | indirect, gpu::MemoryUsage::GpuOnly));
    // Host-visible: statistics and tests read the counts.
    SKYHOOK_TRY(ensure(vc.counts, "cull_counts", SKYHOOK_CULL_COUNTS * sizeof(uint32_t),
                       storage | indirect | filled, gpu::MemoryUsage::Readback));
    SKYHOOK_TRY(ensure(vc.work, "cull_work", (3 + VkDeviceSize(m_cellCount) + 1) * sizeof(uint32_t),
                       storage | indirect | filled, gpu::MemoryUsage::GpuOnly));
    if (!clusters) return {};
    // Views also cull in two phases against a depth pyramid.
    SKYHOOK_TRY(ensure(vc.late, "late",
                       (SKYHOOK_LATE_HEADER + VkDeviceSize(kMaxLateInstances)) * sizeof(uint32_t),
                       storage | indirect | filled, gpu::MemoryUsage::GpuOnly));
    SKYHOOK_TRY(ensure(vc.lateCommands, "late_commands",
                       std::max<size_t>(m_commandCount, 1) * cullCommandBytes(), storage | indirect,
                       gpu::MemoryUsage::GpuOnly));
    SKYHOOK_TRY(ensure(vc.lateCounts, "late_counts", SKYHOOK_CULL_COUNTS * sizeof(uint32_t),
                       storage | indirect | filled, gpu::MemoryUsage::Readback));
    const uint32_t clusterCount = kClusterTiles.x * kClusterTiles.y * kClusterSlices;
    SKYHOOK_TRY(ensure(vc.clusterCounts, "cluster_counts", clusterCount * sizeof(uint32_t), storage | filled,
                       gpu::MemoryUsage::GpuOnly));
    SKYHOOK_TRY(ensure(vc.clusterLights, "cluster_lights",
                       VkDeviceSize(clusterCount) * kLightsPerCluster * sizeof(uint32_t), storage,
                       gpu::MemoryUsage::GpuOnly));
    SKYHOOK_TRY(ensure(vc.lightStats, "light_stats", SKYHOOK_LIGHT_STATS * sizeof(uint32_t), storage | filled,
                       gpu::MemoryUsage::Readback));
    return {};
}

}  // namespace skyhook::render
