#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
#include "sky.glsl"
#include "atmosphere.glsl"
layout(set = 1, binding = 0) uniform sampler2D atmoTransmittanceLut;
layout(set = 1, binding = 1) uniform sampler2D atmoSkyViewLut;
layout(set = 1, binding = 2) uniform sampler2D atmoAerialLut;
#define ATMO_READ_VIEW_LUTS
#include "atmosphere_lut.glsl"
#include "clusters.glsl"

// Forward PBR (glTF metallic-roughness BRDF) into the HDR target. Lights: the sun with cascaded shadows,
// point and spot lights, emissive, and ambient from the procedural sky (split-sum approximation). With the
// atmosphere (skyMode SKYHOOK_SKY_ATMOSPHERE) sunlight arrives through the air, the ambient comes from the
// sky the CPU integrated for the fragment's altitude, and the air between the camera and the fragment
// dims and tints it (aerial perspective).

layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec4 inTangent;
layout(location = 3) in vec2 inUv;
layout(location = 4) flat in uint inMaterial;

layout(location = 0) out vec4 outColor;

// Slot 0 of the bindless table always holds a valid texture: even if the compiler flattens the branch, the
// fetch never touches an unwritten descriptor.
vec4 sampleTex(int index, vec2 uv, vec4 fallback) {
    if (index < 0) return fallback;
    return texture(textures[nonuniformEXT(max(index, 0))], uv);
}

float distributionGgx(float nDotH, float a) {
    float a2 = a * a;
    float d = nDotH * nDotH * (a2 - 1.0) + 1.0;
    return a2 / (PI * d * d);
}

float visibilitySmithGgxCorrelated(float nDotV, float nDotL, float a) {
    float a2 = a * a;
    float gv = nDotL * sqrt(nDotV * nDotV * (1.0 - a2) + a2);
    float gl = nDotV * sqrt(nDotL * nDotL * (1.0 - a2) + a2);
    return 0.5 / max(gv + gl, 1e-6);
}

vec3 fresnelSchlick(float vDotH, vec3 f0) {
    return f0 + (1.0 - f0) * pow(1.0 - vDotH, 5.0);
}

// Analytic fit of the split-sum environment BRDF (Karis, "Physically Based Shading on Mobile").
vec3 envBrdfApprox(vec3 f0, float roughness, float nDotV) {
    const vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022);
    const vec4 c1 = vec4(1.0, 0.0425, 1.04, -0.04);
    vec4 r = roughness * c0 + c1;
    float a004 = min(r.x * r.x, exp2(-9.28 * nDotV)) * r.x + r.y;
    vec2 ab = vec2(-1.04, 1.04) * a004 + r.zw;
    return f0 * ab.x + ab.y;
}

vec3 brdf(vec3 n, vec3 v, vec3 l, vec3 albedo, vec3 f0, float roughness, float metallic) {
    vec3 h = normalize(v + l);
    float nDotL = max(dot(n, l), 0.0);
    float nDotV = max(dot(n, v), 1e-4);
    float nDotH = max(dot(n, h), 0.0);
    float vDotH = max(dot(v, h), 0.0);
    float a = roughness * roughness;
    vec3 f = fresnelSchlick(vDotH, f0);
    vec3 specular = f * distributionGgx(nDotH, a) * visibilitySmithGgxCorrelated(nDotV, nDotL, a);
    vec3 diffuse = (1.0 - f) * (1.0 - metallic) * albedo / PI;
    return (diffuse + specular) * nDotL;
}

// A point or spot light: inverse-square falloff windowed to zero at its range, cone for spots.
vec3 shadeLight(GpuLight light, vec3 n, vec3 v, vec3 albedo, vec3 f0, float roughness, float metallic) {
    vec3 toLight = light.position + cellOffset(pc.frame, pc.cells, light.cell) - inPosition;
    float dist2 = max(dot(toLight, toLight), 1e-4);
    float window = dist2 / (light.range * light.range);
    float attenuation = clamp(1.0 - window * window, 0.0, 1.0) / dist2;
    vec3 l = toLight * inversesqrt(dist2);
    if (light.type == SKYHOOK_LIGHT_SPOT)
        attenuation *= smoothstep(light.cosOuter, light.cosInner, dot(-l, light.direction));
    if (attenuation <= 0.0) return vec3(0.0);
    return brdf(n, v, l, albedo, f0, roughness, metallic) * light.color * attenuation;
}

// The first (finest) cascade whose map contains the point; cascades follow the first view of the frame and
// are shared by every VIEW.
float sunShadow(vec3 position, vec3 normal, out uint cascadeOut) {
    cascadeOut = SKYHOOK_MAX_CASCADES;
    if (FRAME.sunColor.w < 0.5 || FRAME.cascadeCount == 0u) return 1.0;
    for (uint c = 0u; c < FRAME.cascadeCount; ++c) {
        // Normal offset against acne, scaled by the cascade's texel size in world units.
        float radius = 1.0 / length(vec3(VIEW.cascadeViewProj[c][0][0], VIEW.cascadeViewProj[c][1][0],
                                         VIEW.cascadeViewProj[c][2][0]));
        float texelWorld = 2.0 * radius * FRAME.shadowTexelSize;
        vec4 lightPos = VIEW.cascadeViewProj[c] * vec4(position + normal * texelWorld * 1.5, 1.0);
        vec3 ndc = lightPos.xyz / lightPos.w;
        vec2 uv = ndc.xy * 0.5 + 0.5;
        if (any(lessThan(uv, vec2(0.02))) || any(greaterThan(uv, vec2(0.98))) || ndc.z < 0.0) continue;
        cascadeOut = c;
        // 3x3 PCF with hardware 2x2 comparison filtering.
        vec2 texel = vec2(textureSize(shadowMap, 0).xy);
        float sum = 0.0;
        for (int y = -1; y <= 1; ++y)
            for (int x = -1; x <= 1; ++x)
                sum += texture(shadowMap, vec4(uv + vec2(x, y) / texel, float(c), min(ndc.z, 1.0)));
        return sum / 9.0;
    }
    return 1.0;
}

void main() {
    MaterialRef materials = pc.materials;
    GpuMaterial m = materials.v[inMaterial];

    vec4 base = m.baseColorFactor * sampleTex(m.baseColorTexture, inUv, vec4(1.0));
    if (m.alphaMode == SKYHOOK_ALPHA_MASK && base.a < m.alphaCutoff) discard;
    vec4 mr = sampleTex(m.metallicRoughnessTexture, inUv, vec4(1.0));
    float roughness = clamp(m.roughness * mr.g, 0.03, 1.0);
    float metallic = clamp(m.metallic * mr.b, 0.0, 1.0);
    float occlusion = mix(1.0, sampleTex(m.occlusionTexture, inUv, vec4(1.0)).r, m.occlusionStrength);
    vec3 emissive = m.emissive.rgb * sampleTex(m.emissiveTexture, inUv, vec4(1.0)).rgb;

    vec3 n = normalize(inNormal);
    if (!gl_FrontFacing) n = -n;
    if (m.normalTexture >= 0) {
        vec3 t = inTangent.xyz - n * dot(n, inTangent.xyz);
        if (dot(t, t) > 1e-12) {
            t = normalize(t);
            vec3 b = cross(n, t) * (inTangent.w < 0.0 ? -1.0 : 1.0);
            vec3 tn = sampleTex(m.normalTexture, inUv, vec4(0.5, 0.5, 1.0, 1.0)).xyz * 2.0 - 1.0;
            tn.xy *= m.normalScale;
            n = normalize(t * tn.x + b * tn.y + n * tn.z);
        }
    }
    // Toward this view's eye (the first view's sits at the origin; a second eye a few centimetres off it).
    vec3 v = normalize(FRAME.cullRegions[VIEW_ID].eye.xyz - inPosition);
    vec3 albedo = base.rgb;
    vec3 f0 = mix(vec3(0.04), albedo, metallic);

    vec3 color = vec3(0.0);
    uint cascade = SKYHOOK_MAX_CASCADES;
    const bool atmosphere = FRAME.skyMode == SKYHOOK_SKY_ATMOSPHERE;
    const bool atmosphereLuts = FRAME.atmosphere.radii.w > 0.5;  // else the reference ray-march
    vec3 atmoUp = vec3(0.0, 1.0, 0.0);
    float altitude = 0.0;
    if (atmosphere) {
        // The fragment's altitude without subtracting two numbers of 6.4×10^6 m (see atmoAltitudeAlong).
        float distance = length(inPosition);
        float r = FRAME.atmosphere.radii.x + FRAME.atmosphere.up.w;
        altitude = atmoAltitudeAlong(r, dot(inPosition, FRAME.atmosphere.up.xyz) / max(distance, 1e-6),
                                     FRAME.atmosphere.up.w, distance);
        atmoUp = normalize(FRAME.atmosphere.up.xyz * r + inPosition);
    }
    if (FRAME.sunDirection.w > 0.0) {
        vec3 l = -FRAME.sunDirection.xyz;
        float shadow = sunShadow(inPosition, n, cascade);
        vec3 sunLight = FRAME.sunColor.rgb * FRAME.sunDirection.w * shadow;
        if (atmosphere)
            sunLight *= atmosphereLuts
                            ? atmoLutTransmittance(FRAME.atmosphere, max(altitude, 0.0), dot(atmoUp, l))
                            : atmoTransmittanceToTop(FRAME.atmosphere, max(altitude, 0.0), dot(atmoUp, l), 8);
        color += brdf(n, v, l, albedo, f0, roughness, metallic) * sunLight;
    }
    for (uint i = 0u; i < FRAME.globalLightCount; ++i) {
        GpuLight light = pc.globals.v[i];
        color += brdf(n, v, -light.direction, albedo, f0, roughness, metallic) * light.color;
    }
    if (FRAME.clustered != 0u) {
        // Only the lights binned into this pixel's cluster.
        uvec4 grid = FRAME.clusterGrid;
        uvec2 tile = min(uvec2(gl_FragCoord.xy * VIEW.viewport.zw * vec2(grid.xy)), grid.xy - 1u);
        float viewDepth = -(VIEW.view * vec4(inPosition, 1.0)).z;
        uint cluster = clusterIndex(uvec3(tile, clusterSlice(viewDepth, FRAME.clusterDepth, grid.z)), grid);
        UintRef clusterLights = UintRef(VIEW.clusterLights);  // this view's lists (each eye has its own)
        uint count = min(UintRef(VIEW.clusterCounts).v[cluster], grid.w);
        for (uint i = 0u; i < count; ++i)
            color += shadeLight(frameLight(pc.frame, pc.lights, clusterLights.v[cluster * grid.w + i]), n, v,
                                albedo, f0, roughness, metallic);
    } else {
        for (uint i = 0u; i < FRAME.lightCount; ++i)
            color += shadeLight(frameLight(pc.frame, pc.lights, i), n, v, albedo, f0, roughness, metallic);
    }

    // Ambient from the sky: diffuse from the hemisphere around n, specular along the reflection.
    vec3 towardSun = -FRAME.sunDirection.xyz;
    vec3 irradianceDir = normalize(n + vec3(0.0, 0.6, 0.0));
    vec3 skyDiffuse = FRAME.skyMode == SKYHOOK_SKY_COLOR
                          ? FRAME.sky.rgb * FRAME.sky.w
                          : skyRadiance(irradianceDir, towardSun, FRAME.sky.rgb, FRAME.sky.w, false);
    vec3 r = reflect(-v, n);
    vec3 skySpecular = FRAME.skyMode == SKYHOOK_SKY_COLOR
                           ? FRAME.sky.rgb * FRAME.sky.w
                           : mix(skyRadiance(r, towardSun, FRAME.sky.rgb, FRAME.sky.w, false), skyDiffuse,
                                 roughness * roughness);
    if (atmosphere) {
        // Radiance equivalents (E / π) of the sky above the fragment and of the ground below it, blended by
        // how much a direction faces up; the ground's light fades with altitude.
        vec3 sunLux = FRAME.sunColor.rgb * FRAME.sunDirection.w;
        vec3 skyAbove = atmoAmbientAt(FRAME.atmosphere, altitude) * sunLux / PI;
        float muS = dot(FRAME.atmosphere.up.xyz, towardSun);
        vec3 groundSun = atmosphereLuts ? atmoLutTransmittance(FRAME.atmosphere, 0.0, muS)
                                        : atmoTransmittanceToTop(FRAME.atmosphere, 0.0, muS, 8);
        vec3 groundLight = atmoGroundAmbient(FRAME.atmosphere, muS) + groundSun * max(muS, 0.0);
        vec3 below = FRAME.atmosphere.ground.y * groundLight * sunLux / PI / (1.0 + altitude / 20000.0);
        float upD = dot(n, atmoUp) * 0.5 + 0.5;
        float upS = dot(r, atmoUp) * 0.5 + 0.5;
        skyDiffuse = mix(below, skyAbove, upD);
        skySpecular =
            mix(mix(below, skyAbove, smoothstep(0.35, 0.65, upS)), skyDiffuse, roughness * roughness);
    }
    float nDotV = max(dot(n, v), 1e-4);
    vec3 specularWeight = envBrdfApprox(f0, roughness, nDotV);
    color +=
        (skyDiffuse * albedo * (1.0 - metallic) * (1.0 - specularWeight) + skySpecular * specularWeight) *
        occlusion;
    color += emissive;
    if (atmosphere) {
        // Aerial perspective: the air between the camera and the fragment.
        float distance = length(inPosition);
        vec3 dir = inPosition / max(distance, 1e-6);
        float mu = dot(dir, FRAME.atmosphere.up.xyz);
        float t0, t1;
        bool hitsGround;
        if (atmosphereLuts) {
            vec3 transmittance;
            vec3 inScatter = atmoLutAerial(FRAME.atmosphere, dir, distance, towardSun, transmittance);
            color = color * transmittance + inScatter * FRAME.sunColor.rgb * FRAME.sunDirection.w;
        } else if (atmoSegment(FRAME.atmosphere, FRAME.atmosphere.up.w, mu, distance, t0, t1, hitsGround)) {
            vec3 transmittance;
            vec3 inScatter = atmoInScatter(FRAME.atmosphere, FRAME.atmosphere.up.w, FRAME.atmosphere.up.xyz,
                                           dir, towardSun, t0, t1, 12, 6, transmittance);
            color = color * transmittance + inScatter * FRAME.sunColor.rgb * FRAME.sunDirection.w;
        }
    }

    if (FRAME.debugView == SKYHOOK_DEBUG_ALBEDO)
        color = albedo / max(FRAME.exposure, 1e-12);
    else if (FRAME.debugView == SKYHOOK_DEBUG_NORMALS)
        color = (n * 0.5 + 0.5) / max(FRAME.exposure, 1e-12);
    else if (FRAME.debugView == SKYHOOK_DEBUG_ROUGHNESS_METALLIC)
        color = vec3(0.0, roughness, metallic) / max(FRAME.exposure, 1e-12);
    else if (FRAME.debugView == SKYHOOK_DEBUG_CASCADES) {
        const vec3 tints[5] =
            vec3[](vec3(1, 0.3, 0.3), vec3(0.3, 1, 0.3), vec3(0.3, 0.3, 1), vec3(1, 1, 0.3), vec3(1));
        color = tints[min(cascade, 4u)] * (0.3 + 0.7 * dot(albedo, vec3(0.33))) / max(FRAME.exposure, 1e-12);
    }
    outColor = vec4(color, m.alphaMode == SKYHOOK_ALPHA_BLEND ? base.a : 1.0);
}
