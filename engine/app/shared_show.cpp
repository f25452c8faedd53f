#include "engine/app/shared_show.hpp"

#include <cmath>

#include <glm/gtc/quaternion.hpp>

#include "engine/app/xr_visitor.hpp"

namespace skyhook::app {

namespace {

net::WirePose wire(const xr::TrackedPose& p) {
    const glm::quat q = p.orientation;
    return {.position = {p.position.x, p.position.y, p.position.z},
            .orientation = {q.x, q.y, q.z, q.w},
            .valid = p.valid()};
}

glm::dvec3 toScene(const xr::Origin& origin, const net::WirePose& p, glm::dvec3 local) {
    const glm::dquat q(p.orientation[3], p.orientation[0], p.orientation[1], p.orientation[2]);
    const glm::dvec3 hall = glm::dvec3(p.position[0], p.position[1], p.position[2]) + q * local;
    return origin.position + origin.orientation * hall;
}

void ring(const net::WirePose& p, const xr::Origin& origin, double radius, int axis, glm::vec4 color,
          std::vector<render::OverlayLine>& lines) {
    constexpr int kSegments = 16;
    auto point = [&](int i) {
        const double a = 2.0 * M_PI * i / kSegments;
        glm::dvec3 v(0.0);
        v[(axis + 1) % 3] = radius * std::cos(a);
        v[(axis + 2) % 3] = radius * std::sin(a);
        return toScene(origin, p, v);
    };
    for (int i = 0; i < kSegments; ++i) lines.push_back({point(i), point(i + 1), color});
}

void box(const net::WirePose& p, const xr::Origin& origin, double half, glm::vec4 color,
         std::vector<render::OverlayLine>& lines) {
    auto corner = [&](int i) {
        return toScene(origin, p,
                       glm::dvec3(i & 1 ? half : -half, i & 2 ? half : -half, i & 4 ? half : -half));
    };
    for (int i = 0; i < 8; ++i)
        for (int bit : {1, 2, 4})
            if (!(i & bit)) lines.push_back({corner(i), corner(i | bit), color});
}

}  // namespace

net::VisitorSession visitorSession(xr::SessionState state, bool recovering) {
    using S = xr::SessionState;
    using V = net::VisitorSession;
    if (recovering) return V::Recovering;
    switch (state) {
        case S::None:
            return V::NoSession;
        case S::Idle:
            return V::Idle;
        case S::Ready:
            return V::Ready;
        case S::Synchronized:
            return V::Synchronized;
        case S::Visible:
            return V::Visible;
        case S::Focused:
            return V::Focused;
        case S::Stopping:
            return V::Stopping;
        case S::LossPending:
            return V::LossPending;
        case S::Exiting:
            return V::Exiting;
    }
    return V::NoSession;
}

net::FrameCounters frameCounters(XrVisitor& visitor) {
    const xr::FrameStats stats = visitor.stats();
    return {
        .session = visitorSession(visitor.hasHeadset() ? visitor.headset().state() : xr::SessionState::None,
                                  visitor.recovering()),
        .framesSubmitted = stats.framesSubmitted,
        .lateFrames = stats.skippedLate,
        .recoveries = visitor.recovery().recoveries()};
}

net::Pose poseFromInput(const xr::InputState& input) {
    net::Pose pose;
    pose.head = wire(input.head);
    for (size_t i = 0; i < 2; ++i) pose.hands[i] = wire(input.hands[i].grip);
    return pose;
}

glm::vec4 avatarColor(uint32_t visitor) {
    // Okabe–Ito colours: distinguishable for most colour-blind visitors too.
    static constexpr glm::vec4 kColors[] = {{0.90f, 0.62f, 0.00f, 1.0f}, {0.34f, 0.71f, 0.91f, 1.0f},
                                            {0.00f, 0.62f, 0.45f, 1.0f}, {0.94f, 0.89f, 0.26f, 1.0f},
                                            {0.00f, 0.45f, 0.70f, 1.0f}, {0.84f, 0.37f, 0.00f, 1.0f},
                                            {0.80f, 0.47f, 0.65f, 1.0f}};
    return kColors[(visitor * 2654435761u >> 16) % std::size(kColors)];
}

void appendAvatarLines(const net::Pose& pose, glm::vec4 color, const xr::Origin& origin,
                       std::vector<render::OverlayLine>& lines) {
    if (pose.head.valid)
        for (int axis = 0; axis < 3; ++axis) ring(pose.head, origin, 0.12, axis, color, lines);
    for (const net::WirePose& hand : pose.hands)
        if (hand.valid) box(hand, origin, 0.04, color, lines);
}

Result<std::unique_ptr<SharedShow>> SharedShow::connect(const SharedShowOptions& options) {
    auto key = net::loadVenueKey(options.keyFile);
    if (!key) return key.error();
    auto link = net::VisitorLink::connect({.master = options.master,
                                           .key = std::move(*key),
                                           .peerTimeout = options.peerTimeout,
                                           .clockSkewNs = options.clockSkewNs});
    if (!link) return link.error();
    auto show = std::make_unique<SharedShow>();
    show->m_link = std::move(*link);
    return show;
}

void SharedShow::frame(const xr::InputState& input, const xr::Origin& origin,
                       std::vector<render::OverlayLine>& lines) {
    m_link->publishPose(poseFromInput(input));
    for (const net::RemoteVisitor& r : m_link->remotes())
        appendAvatarLines(r.pose, avatarColor(r.id), origin, lines);
}

std::string SharedShow::summary() const {
    const net::ClockReport c = m_link->clock();
    return fmt::format(
        "offset {:.3f} ms, round trip {:.3f} ms ({} samples), show-time error {:.3f} ms, {} other "
        "visitor(s)",
        double(c.offsetNs) * 1e-6, double(c.roundTripNs) * 1e-6, c.samples, c.errorS * 1e3,
        m_link->remotes().size());
}

}  // namespace skyhook::app
