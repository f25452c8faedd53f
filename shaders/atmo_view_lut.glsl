// What the sky-view and aerial-perspective passes share: the sun's transmittance from the LUT inside the
// march, and the direction of a grid texel in the camera's local frame (up = +Y, the sun in the XY plane).
#define ATMO_SUN_TRANSMITTANCE(a, h, mu, steps) atmoLutTransmittance(a, h, mu)
layout(set = 1, binding = 0) uniform sampler2D atmoTransmittanceLut;
vec3 atmoLutTransmittance(AtmosphereUniforms a, float h, float mu);
#include "atmosphere.glsl"
#include "atmosphere_lut.glsl"

// Texel (i, j) of a w × h grid: its direction and whether it is a ground row. The horizon rows are nudged to
// their own side so the ray-sphere test agrees with the half they belong to.
vec3 atmoGridDirection(AtmosphereUniforms a, ivec2 p, int w, int h, out bool ground) {
    int half_ = h / 2;
    ground = p.y < half_;
    vec2 xy = vec2(float(p.x) / float(w - 1),
                   ground ? float(half_ - 1 - p.y) / float(half_ - 1) : float(p.y - half_) / float(half_ - 1));
    float theta, azimuth;
    atmoDirectionAngles(a, a.up.w, xy, ground, theta, azimuth);
    float thetaH, thetaMin;
    atmoDirectionRange(a, a.up.w, thetaH, thetaMin);
    float nudge = 1e-5 * (ground ? PI - thetaH : thetaH - thetaMin) + 3e-7;
    theta = ground ? max(theta, thetaH + nudge) : min(theta, thetaH - nudge);
    return vec3(sin(theta) * cos(azimuth), cos(theta), sin(theta) * sin(azimuth));
}

vec3 atmoLocalSun(AtmosphereUniforms a) {
    float muS = clamp(dot(a.up.xyz, -FRAME.sunDirection.xyz), -1.0, 1.0);
    return vec3(sqrt(max(1.0 - muS * muS, 0.0)), muS, 0.0);
}
