#version 460
// A beam's emission integrated along the view ray. Across the axis the profile is Gaussian, so along a
// straight ray it is a Gaussian in the ray parameter t: exp(-(dmin^2 + k^2 (t - t0)^2) / (2 sigma^2)), with
// dmin the ray's closest approach to the axis (at t0) and k the sine of the angle between them. Its integral
// is a difference of erfs. sigma and the emission vary along the axis, so the part of the ray within the
// beam's length and kBeamSigmas of its axis is cut into a few pieces, each integrated exactly with the
// values at its middle (kBeamPieces for boxes; for ribbons, whose rays cross a thin jet at a slant, one per
// eighth of the length crossed, at most kBeamPieces). The result is radiance (cd/m2), added to the HDR
// target.
#include "beam.glsl"

layout(location = 0) in vec3 inPosition;
layout(location = 1) flat in vec4 inStart;  // xyz: the beam's origin, w: its length
layout(location = 2) flat in vec4 inAxis;   // xyz: its direction, w: its radius at the origin
layout(location = 3) flat in vec4 inColor;  // rgb: colour x intensity x level, w: spread
layout(location = 0) out vec4 outColor;

const float kSqrtHalfPi = 1.2533141;  // sqrt(pi / 2)
const float kInvSqrtTwoPi = 0.39894228;
const int kBeamPieces = 4;

// Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
float erfApprox(float x) {
    float t = 1.0 / (1.0 + 0.3275911 * abs(x));
    float y =
        1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
                  t * exp(-x * x);
    return sign(x) * y;
}

void main() {
    float axisLength = inStart.w, radius = inAxis.w, spread = inColor.w;
    vec3 eye = beamEye();
    vec3 p = inStart.xyz;
    vec3 a = inAxis.xyz;
    vec3 ray = normalize(inPosition - eye);
    vec3 w = eye - p;  // the eye relative to the beam's origin
    float sEye = dot(w, a);
    float va = dot(ray, a);

    // The ray's stretch where the axial position s = sEye + t va lies within [0, length], t >= 0.
    float t1 = 0.0, t2 = 3.0e38;
    if (abs(va) > 1e-7) {
        float ta = -sEye / va, tb = (axisLength - sEye) / va;
        t1 = max(min(ta, tb), 0.0);
        t2 = max(ta, tb);
    } else if (sEye < 0.0 || sEye > axisLength) {
        discard;
    }
    // The mono far field: an eye integrates the ray up to the split, the far field's view from it on.
    vec4 split = BEAM_VIEW.split;
    float depthRate = -(mat3(BEAM_VIEW.view) * ray).z;  // view depth per metre along the ray
    if (depthRate > 1e-6) {
        if (split.y > 0.0) t2 = min(t2, split.y / depthRate);
        if (split.x > 0.0) t1 = max(t1, split.x / depthRate);
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
    float sigmaMax = max(beamSigmaAt(radius, spread, 0.0, length(p - eye), ppu),
                         beamSigmaAt(radius, spread, axisLength, length(p + a * axisLength - eye), ppu));
    if (dmin > kBeamSigmas * sigmaMax) discard;
    if (k > 1e-6) {
        float reach = sqrt(max(kBeamSigmas * kBeamSigmas * sigmaMax * sigmaMax - dmin * dmin, 0.0)) / k;
        t1 = max(t1, t0 - reach);
        t2 = min(t2, t0 + reach);
    }
    if (!(t2 > t1)) discard;

    // Emission per metre at the core is intensity / (sigma0 sqrt(2 pi)) so that straight across the core at
    // the origin the radiance is the intensity; widened by the flux rule and the pixel floor: sigma0 /
    // sigma^2.
    float sigma0 = 0.5 * radius;
    float sum = 0.0;
    // A ribbon's ray crosses its thin beam at more than ~8 degrees: within 4 sigma of the axis it spans at
    // most ~56 sigma along it, over which sigma and the pixel floor hardly change; pieces follow the fade
    // (one for up to 1/8 of the length: a jet seen from the side).
    int pieces = kBeamPieces;
    if ((pc.flags & SKYHOOK_BEAM_RIBBON) != 0u)
        pieces = clamp(int(ceil(8.0 * abs(va) * (t2 - t1) / axisLength)), 1, kBeamPieces);
    for (int i = 0; i < pieces; ++i) {
        float ta = mix(t1, t2, float(i) / float(pieces));
        float tb = mix(t1, t2, float(i + 1) / float(pieces));
        float tm = 0.5 * (ta + tb);
        float s = clamp(sEye + tm * va, 0.0, axisLength);
        float sigma = beamSigmaAt(radius, spread, s, length(a * s - w), ppu);
        float x = 1.0 - s / axisLength;
        float emission = kInvSqrtTwoPi * sigma0 / (sigma * sigma) * x * x;
        float c = k / (sigma * 1.4142135);
        float along;
        if (c * max(abs(ta - t0), abs(tb - t0)) < 1e-3)
            along = tb - ta;
        else
            along = kSqrtHalfPi * sigma / k * (erfApprox(c * (tb - t0)) - erfApprox(c * (ta - t0)));
        sum += emission * exp(-0.5 * dmin * dmin / (sigma * sigma)) * max(along, 0.0);
    }
    vec3 radiance = min(inColor.rgb * sum, vec3(pc.maxRadiance));
    outColor = vec4(radiance, 0.0);
}
