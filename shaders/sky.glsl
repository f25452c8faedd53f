// Procedural sky radiance (used by the sky pass and by ambient lighting, so both agree).
vec3 skyRadiance(vec3 dir, vec3 towardSun, vec3 tint, float intensity, bool withSunDisk) {
    float up = clamp(dir.y, -1.0, 1.0);
    vec3 zenith = vec3(0.18, 0.36, 0.85) * tint;
    vec3 horizon = vec3(0.70, 0.80, 0.95) * tint;
    vec3 ground = vec3(0.25, 0.22, 0.20);
    vec3 c;
    if (up >= 0.0) {
        c = mix(horizon, zenith, pow(up, 0.45));
    } else {
        c = mix(horizon * 0.6, ground, clamp(-up * 4.0, 0.0, 1.0));
    }
    float sunAmount = max(dot(dir, towardSun), 0.0);
    // Glow around the sun (Mie-like), brighter near the horizon.
    c += vec3(1.0, 0.85, 0.6) * pow(sunAmount, 8.0) * 0.5;
    if (withSunDisk && sunAmount > 0.99985) c += vec3(60.0, 55.0, 45.0);
    return c * intensity;
}
