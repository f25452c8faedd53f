#include "engine/render/projection.hpp"

#include <algorithm>
#include <cmath>

#include "engine/scene/precision.hpp"

namespace skyhook::render {

glm::mat4 viewMatrix(const View& view, const glm::dvec3& origin) {
    glm::mat4 rotation = scene::viewRotationOnly(view.orientation);
    glm::vec3 offset = glm::vec3(view.position - origin);
    glm::mat4 translate(1.0f);
    translate[3] = glm::vec4(-offset, 1.0f);
    return rotation * translate;
}

glm::vec4 frustumTangents(const Projection& p, float aspect) {
    switch (p.kind) {
        case Projection::Kind::Symmetric: {
            float t = std::tan(p.verticalFov * 0.5f);
            return {-t * aspect, t * aspect, -t, t};
        }
        case Projection::Kind::OffAxis:
            return {p.tanLeft, p.tanRight, p.tanDown, p.tanUp};
        case Projection::Kind::Matrix: {
            // x_clip = m00 x + m20 z, w = -z: the frustum side where x_ndc = ±1 has x/(-z) = (±1 + m20) /
            // m00.
            const glm::mat4& m = p.matrix;
            float l = (-1.0f + m[2][0]) / m[0][0], r = (1.0f + m[2][0]) / m[0][0];
            // Y is flipped (m11 < 0): NDC -1 is the top.
            float a = (-1.0f + m[2][1]) / m[1][1], b = (1.0f + m[2][1]) / m[1][1];
            return {std::min(l, r), std::max(l, r), std::min(a, b), std::max(a, b)};
        }
    }
    return {-1, 1, -1, 1};
}

glm::mat4 projectionMatrix(const Projection& p, float aspect) {
    switch (p.kind) {
        case Projection::Kind::Symmetric:
            return scene::reversedZInfinitePerspective(p.verticalFov, aspect, p.nearPlane);
        case Projection::Kind::OffAxis:
            return scene::reversedZInfiniteOffAxis(p.tanLeft, p.tanRight, p.tanDown, p.tanUp, p.nearPlane);
        case Projection::Kind::Matrix:
            return p.matrix;
    }
    return glm::mat4(1.0f);
}

glm::mat4 cameraRelative(const glm::dmat4& world, const glm::dvec3& origin) {
    return scene::cameraRelativeModelMatrix(world, origin);
}

std::optional<FarField> farFieldView(const View& left, const View& right, VkExtent2D eyeExtent,
                                     float pixels) {
    if (pixels <= 0.0f || eyeExtent.width == 0 || eyeExtent.height == 0) return std::nullopt;
    const float aspect = float(eyeExtent.width) / float(eyeExtent.height);
    const View* eyes[2] = {&left, &right};
    // Both eyes' near planes (reversed-Z infinite: z_ndc = near / depth) and pixel sizes in tangent units.
    float nearPlane = 1e30f, pixelX = 1e30f, pixelY = 1e30f;
    glm::vec4 tangents[2];
    for (int e = 0; e < 2; ++e) {
        const glm::vec4 t = frustumTangents(eyes[e]->projection, aspect);
        if (!(std::isfinite(t.x) && std::isfinite(t.y) && std::isfinite(t.z) && std::isfinite(t.w) &&
              t.x < t.y && t.z < t.w && std::isfinite(eyes[e]->projection.nearPlane) &&
              eyes[e]->projection.nearPlane > 0.0f))
            return std::nullopt;  // not a frustum (projectionMatrix refuses it)
        const glm::mat4 p = projectionMatrix(eyes[e]->projection, aspect);
        if (p[2][2] != 0.0f || p[2][3] != -1.0f || p[3][2] <= 0.0f) return std::nullopt;
        nearPlane = std::min(nearPlane, p[3][2]);  // the nearer: no eye's split comes before the far view's
        tangents[e] = t;
        pixelX = std::min(pixelX, (tangents[e].y - tangents[e].x) / float(eyeExtent.width));
        pixelY = std::min(pixelY, (tangents[e].w - tangents[e].z) / float(eyeExtent.height));
    }
    for (const View* e : eyes) {
        const glm::dvec3& p = e->position;
        const glm::dquat& q = e->orientation;
        if (!std::isfinite(p.x + p.y + p.z + q.w + q.x + q.y + q.z))
            return std::nullopt;  // a pose gone wrong
    }
    const glm::dvec3 centre = 0.5 * (left.position + right.position);
    const double halfBaseline = 0.5 * glm::length(right.position - left.position);
    if (halfBaseline <= 1e-6) return std::nullopt;  // one eye: nothing to share
    const glm::dquat orientation = glm::slerp(left.orientation, right.orientation, 0.5);
    // A point at view depth z seen from an eye `halfBaseline` off the centre moves by halfBaseline / z in
    // tangent units: under `pixels` pixels beyond the split.
    const float split = float(halfBaseline / (double(pixels) * std::min(pixelX, pixelY)));
    // Not finite (a pose or projection a runtime got wrong), or too near to be worth a view of its own.
    if (!std::isfinite(split) || !(pixelX > 0.0f) || !(pixelY > 0.0f) || !(split > 2.0f * nearPlane))
        return std::nullopt;
    // The eyes' frustum corners seen from the centre's orientation: their tangent ranges' union.
    glm::vec4 u{1e30f, -1e30f, 1e30f, -1e30f};
    const glm::dquat toCentre = glm::inverse(orientation);
    for (int e = 0; e < 2; ++e)
        for (int c = 0; c < 4; ++c) {
            const glm::dvec3 local(c & 1 ? tangents[e].y : tangents[e].x,
                                   c & 2 ? tangents[e].w : tangents[e].z, -1.0);
            const glm::dvec3 d = toCentre * (eyes[e]->orientation * local);
            if (d.z > -0.2) return std::nullopt;  // an eye turned too far from the other
            const float x = float(d.x / -d.z), y = float(d.y / -d.z);
            u = {std::min(u.x, x), std::max(u.y, x), std::min(u.z, y), std::max(u.w, y)};
        }
    // Padding: the parallax still allowed at the split, and one more pixel for the bilinear taps; whole
    // pixels, so identical eyes land on its pixel grid.
    const float pad = std::ceil(pixels) + 1.0f;
    u += glm::vec4(-pad * pixelX, pad * pixelX, -pad * pixelY, pad * pixelY);
    // Not finite, or eyes turned far apart (one view for both would be too large): none.
    const float width = (u.y - u.x) / pixelX, height = (u.w - u.z) / pixelY;
    if (!(width >= 1.0f && width <= 4.0f * float(eyeExtent.width)) ||
        !(height >= 1.0f && height <= 4.0f * float(eyeExtent.height)) || !std::isfinite(u.x) ||
        !std::isfinite(u.z))
        return std::nullopt;
    FarField out;
    out.extent = {uint32_t(std::lround(width)), uint32_t(std::lround(height))};
    out.view.name = "far";
    out.view.position = centre;
    out.view.orientation = orientation;
    out.view.projection = {.kind = Projection::Kind::OffAxis,
                           .nearPlane = split,
                           .tanLeft = u.x,
                           .tanRight = u.y,
                           .tanDown = u.z,
                           .tanUp = u.w};
    out.view.viewport = {{0, 0}, out.extent};
    out.split = split;
    out.clearDepth = nearPlane / split;
    // A point nearer than the split lies within split × the frustum corner's slant of an eye.
    float slant = 1.0f;
    for (const glm::vec4& t : tangents)
        slant = std::max(slant,
                         std::sqrt(1.0f + std::max(t.x * t.x, t.y * t.y) + std::max(t.z * t.z, t.w * t.w)));
    out.nearRadius = 1.02f * split * slant + float(2.0 * halfBaseline);
    return out;
}

CascadeSet computeCascades(const View& view, VkExtent2D extent, const glm::vec3& sunDirection, uint32_t count,
                           float shadowDistance, uint32_t mapSize) {
    CascadeSet out;
    if (count == 0) return out;
    count = std::min<uint32_t>(count, SKYHOOK_MAX_CASCADES);
    float aspect = extent.height ? float(extent.width) / float(extent.height) : 1.0f;
    glm::vec4 tan = frustumTangents(view.projection, aspect);
    float nearPlane = std::max(view.projection.nearPlane, 0.01f);
    float farPlane = std::max(shadowDistance, nearPlane * 2.0f);
    // View → camera-relative world (the frame origin is this view's position).
    glm::mat3 toWorld = glm::mat3_cast(glm::quat(view.orientation));

    glm::vec3 forward = glm::normalize(sunDirection);
    glm::vec3 up = std::abs(forward.y) > 0.99f ? glm::vec3(1, 0, 0) : glm::vec3(0, 1, 0);
    glm::vec3 right = glm::normalize(glm::cross(forward, up));
    up = glm::cross(right, forward);

    float previous = nearPlane;
    const float lambda = 0.75f;
    for (uint32_t c = 0; c < count; ++c) {
        float f = float(c + 1) / float(count);
        float logSplit = nearPlane * std::pow(farPlane / nearPlane, f);
        float linSplit = nearPlane + (farPlane - nearPlane) * f;
        float split = lambda * logSplit + (1.0f - lambda) * linSplit;
        // Bounding sphere of the slice [previous, split].
        glm::vec3 corners[8];
        int k = 0;
        for (float d : {previous, split})
            for (float sx : {tan.x, tan.y})
                for (float sy : {tan.z, tan.w}) corners[k++] = toWorld * glm::vec3(sx * d, sy * d, -d);
        glm::vec3 center(0.0f);
        for (const auto& p : corners) center += p;
        center /= 8.0f;
        float radius = 0.0f;
        for (const auto& p : corners) radius = std::max(radius, glm::length(p - center));
        radius = std::ceil(radius * 16.0f) / 16.0f;  // quantised so the size does not flicker
        // Snapping moves the centre by up to one texel, so the map's half-size h is one texel more than the
        // sphere's radius (h = radius + 2h / mapSize), or the slice's edge can fall outside it.
        float halfSize = mapSize > 2 ? radius * float(mapSize) / float(mapSize - 2) : radius;

        // Snap the centre to whole shadow-map texels in light space. The grid must be fixed in the world, not
        // to the camera: snap the world-space centre (double) and express the result relative to the camera.
        double texel = 2.0 * double(halfSize) / double(mapSize);
        glm::dvec3 worldCenter = view.position + glm::dvec3(center);
        double eyeX = glm::dot(view.position, glm::dvec3(right)),
               eyeY = glm::dot(view.position, glm::dvec3(up));
        float cx = float(std::floor(glm::dot(worldCenter, glm::dvec3(right)) / texel) * texel - eyeX);
        float cy = float(std::floor(glm::dot(worldCenter, glm::dvec3(up)) / texel) * texel - eyeY);
        float cd = glm::dot(center, forward);
        // Casters up to one more radius towards the sun; depth clamp keeps anything nearer at depth 1.
        float dMin = cd - 2.0f * radius, dMax = cd + radius;
        glm::mat4 m(0.0f);
        // Rows: x = (right·p - cx)/h, y = (up·p - cy)/h, z = (dMax - forward·p)/(dMax - dMin).
        for (int i = 0; i < 3; ++i) {
            m[i][0] = right[i] / halfSize;
            m[i][1] = up[i] / halfSize;
            m[i][2] = -forward[i] / (dMax - dMin);
        }
        m[3][0] = -cx / halfSize;
        m[3][1] = -cy / halfSize;
        m[3][2] = dMax / (dMax - dMin);
        m[3][3] = 1.0f;
        out.viewProj[c] = m;
        out.splits[c] = split;
        previous = split;
    }
    return out;
}

}  // namespace skyhook::render
