#version 460
// A beam's emission integrated along the view ray. Across the axis the profile is Gaussian, so along a
// straight ray it is a Gaussian in the ray parameter t: exp(-(dmin^2 + k^2 (t - t0)^2) / (2 sigma^2)), with
// dmin the ray's closest approach to the axis (at t0) and k the sine of the angle between them. Its integral
// is a difference of erfs. sigma and the emission vary along the axis, so the part of the ray within the
// beam's length and kBeamSigmas of its axis is cut into a few pieces, each integrated exactly with the
// values at its middle. The result is radiance (cd/m2), added to the HDR target.
#include "beam.glsl"

layout(location = 0) in vec3 inPosition;
layout(location = 1) flat in uint inBeam;
layout(location = 0) out vec4 outColor;

const float kSqrtHalfPi = 1.2533141;  // sqrt(pi / 2)
const float kInvSqrtTwoPi = 0.39894228;
const int kPieces = 4;

// Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
float erfApprox(float x) {
    float t = 1.0 / (1.0 + 0.3275911 * abs(x));
    float y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
                        t * exp(-x * x);
    return sign(x) * y;
}

void main() {
    GpuBeam b = pc.beams.v[inBeam];
    GpuBeamRule rule = pc.rules.v[b.rule];
    float level = beamLevel(b.delay, rule.color.w, pc.time);
    vec3 eye = beamEye();
    vec3 p = b.origin + pc.cells.v[b.cell].xyz;
    vec3 a = b.direction;
    vec3 ray = normalize(inPosition - eye);
    vec3 w = eye - p;  // the eye relative to the beam's origin
    float sEye = dot(w, a);
    float va = dot(ray, a);

    // The ray's stretch where the axial position s = sEye + t va lies within [0, length], t >= 0.
    float t1 = 0.0, t2 = 3.0e38;
    if (abs(va) > 1e-7) {
        float ta = -sEye / va, tb = (b.axisLength - sEye) / va;
        t1 = max(min(ta, tb), 0.0);
        t2 = max(ta, tb);
    } else if (sEye < 0.0 || sEye > b.axisLength) {
        discard;
    }
    // Closest approach to the axis line: through the cross product (no cancellation between big numbers).
    vec3 perp = ray - va * a;
    float k = length(perp);
    float t0 = 0.0, dmin;
    vec3 wPerp = w - sEye * a;
    if (k > 1e-6) {
        t0 = -dot(wPerp, perp) / (k * k);
        dmin = abs(dot(w, cross(ray, a))) / k;
    } else {
        dmin = length(wPerp);
    }
    float ppu = beamPixelsPerUnit();
    float sigmaMax = max(beamSigma(b, 0.0, length(p - eye), ppu), beamSigma(b, b.axisLength, length(p + a * b.axisLength - eye), ppu));
    if (dmin > kBeamSigmas * sigmaMax) discard;
    if (k > 1e-6) {
        float reach = sqrt(max(kBeamSigmas * kBeamSigmas * sigmaMax * sigmaMax - dmin * dmin, 0.0)) / k;
        t1 = max(t1, t0 - reach);
        t2 = min(t2, t0 + reach);
    }
    if (!(t2 > t1)) discard;

    // Emission per metre at the core is intensity / (sigma0 sqrt(2 pi)) so that straight across the core at
    // the origin the radiance is the intensity; widened by the flux rule and the pixel floor: sigma0 / sigma^2.
    float sigma0 = 0.5 * b.radius;
    float sum = 0.0;
    for (int i = 0; i < kPieces; ++i) {
        float ta = mix(t1, t2, float(i) / float(kPieces));
        float tb = mix(t1, t2, float(i + 1) / float(kPieces));
        float tm = 0.5 * (ta + tb);
        float s = clamp(sEye + tm * va, 0.0, b.axisLength);
        float sigma = beamSigma(b, s, length(a * s - w), ppu);
        float x = 1.0 - s / b.axisLength;
        float emission = kInvSqrtTwoPi * sigma0 / (sigma * sigma) * x * x;
        float c = k / (sigma * 1.4142135);
        float along;
        if (c * max(abs(ta - t0), abs(tb - t0)) < 1e-3)
            along = tb - ta;
        else
            along = kSqrtHalfPi * sigma / k * (erfApprox(c * (tb - t0)) - erfApprox(c * (ta - t0)));
        sum += emission * exp(-0.5 * dmin * dmin / (sigma * sigma)) * max(along, 0.0);
    }
    vec3 radiance = min(rule.color.rgb * (sum * level), vec3(pc.maxRadiance));
    outColor = vec4(radiance, 0.0);
}
