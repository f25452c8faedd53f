#include "engine/net/visitor_link.hpp"

#include <algorithm>

#include <zmq.h>

#include "engine/core/log.hpp"
#include "engine/net/zmq_util.hpp"

namespace skyhook::net {

namespace {
constexpr int kBurst = 8;  // first clock requests, kBurstSpacing apart
constexpr int64_t kBurstSpacing = 30'000'000;
}  // namespace

Result<std::unique_ptr<VisitorLink>> VisitorLink::connect(const VisitorLinkOptions& options) {
    const auto colon = options.master.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == options.master.size())
        return Error::make("--master {}: expected host:port", options.master);
    std::unique_ptr<VisitorLink> v(new VisitorLink());
    v->m_options = options;
    v->m_id = randomSenderId();
    v->m_context = zmq_ctx_new();
    v->m_socket = zmq_socket(v->m_context, ZMQ_DEALER);
    if (!v->m_socket) return Error::make("zmq_socket: {}", zmq_strerror(zmq_errno()));
    setCommonOptions(v->m_socket);
    const std::string endpoint = "tcp://" + options.master;
    if (zmq_connect(v->m_socket, endpoint.c_str()) != 0)
        return Error::make("--master {}: {}", options.master, zmq_strerror(zmq_errno()));
    log::info("net", "visitor {:08x} following the master at {}", v->m_id, options.master);
    v->m_thread = std::thread([p = v.get()] { p->run(); });
    return v;
}

VisitorLink::~VisitorLink() {
    m_stop.store(true);
    if (m_thread.joinable()) m_thread.join();
    if (m_socket) {
        send(Goodbye{m_id});
        // Give the goodbye a moment to leave (linger is 0 so a dead master never blocks us).
        int linger = 200;
        zmq_setsockopt(m_socket, ZMQ_LINGER, &linger, sizeof linger);
        zmq_close(m_socket);
    }
    if (m_context) zmq_ctx_term(m_context);
}

void VisitorLink::send(Payload payload) {
    auto bytes = encode({.header = {.sender = m_id, .sequence = ++m_sequence, .timestamp = localNow()},
                         .payload = std::move(payload)},
                        m_options.key);
    zmq_send(m_socket, bytes.data(), bytes.size(), ZMQ_DONTWAIT);
}

double VisitorLink::showTime() {
    std::lock_guard lock(m_mutex);
    const double t = m_follower.update(localNow(), m_filter.offset());
    m_lastError = m_follower.lastError();
    return t;
}

ClockReport VisitorLink::clock() const {
    std::lock_guard lock(m_mutex);
    ClockReport r;
    r.synced = m_filter.ready() && m_follower.hasState();
    r.offsetNs = m_filter.offset();
    r.roundTripNs = m_filter.roundTrip();
    r.samples = m_filter.samples();
    r.errorS = m_lastError;
    if (m_follower.state()) r.state = *m_follower.state();
    r.master = m_follower.master();
    r.stateArrivedNs = m_stateArrived;
    r.displayedRevision = m_follower.displayedRevision();
    return r;
}

void VisitorLink::publishFrames(const FrameCounters& counters) {
    std::lock_guard lock(m_mutex);
    m_frames = counters;
    m_rate.update(counters.framesSubmitted, localNow());
}

Health VisitorLink::lastHealth() const {
    std::lock_guard lock(m_mutex);
    return m_lastHealth;
}

std::optional<Health> VisitorLink::healthDue(int64_t now) {
    std::lock_guard lock(m_mutex);
    const uint64_t displayed = m_follower.displayedRevision();
    const bool newRevision = displayed != m_reportedRevision;
    if (now < m_nextHealth && !newRevision) return std::nullopt;
    m_nextHealth = now + int64_t(m_options.healthInterval * 1e9);
    m_reportedRevision = displayed;
    m_rate.update(m_frames.framesSubmitted, now);  // a frame loop that stopped shows as 0 fps
    m_lastHealth = {.session = m_frames.session,
                    .synced = m_filter.ready() && m_follower.hasState(),
                    .framesSubmitted = m_frames.framesSubmitted,
                    .lateFrames = m_frames.lateFrames,
                    .recoveries = m_frames.recoveries,
                    .frameRate = m_rate.rate(),
                    .offsetNs = m_filter.offset(),
                    .roundTripNs = m_filter.roundTrip(),
                    .showErrorMs = float(m_lastError * 1e3),
                    .revision = displayed};
    ++m_stats.healthSent;
    return m_lastHealth;
}

bool VisitorLink::fromMaster(uint32_t sender, int64_t arrived) {
    if (m_master != 0 && sender != m_master) {
        const bool silent = double(arrived - m_masterHeard) * 1e-9 > m_options.masterTimeout;
        if (!m_masterGone && !silent) return false;
        log::info("net", "visitor {:08x}: following master {:08x} (master {:08x} {})", m_id, sender, m_master,
                  m_masterGone ? "left" : "went silent");
        m_masterGone = false;
    }
    m_master = sender;
    m_masterHeard = arrived;
    return true;
}

void VisitorLink::publishPose(Pose pose) {
    pose.visitor = m_id;
    std::lock_guard lock(m_mutex);
    m_pendingPose = pose;
}

std::vector<RemoteVisitor> VisitorLink::remotes() const {
    std::lock_guard lock(m_mutex);
    return m_remotes;
}

LinkStats VisitorLink::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void VisitorLink::handle(const std::vector<uint8_t>& bytes, int64_t arrived) {
    auto decoded = decode(bytes, m_options.key);
    if (auto* e = std::get_if<DecodeError>(&decoded)) {
        log::warn("net", "visitor {:08x}: rejected a message from the master at {}: {} ({} bytes)", m_id,
                  m_options.master, decodeErrorName(*e), bytes.size());
        std::lock_guard lock(m_mutex);
        ++m_stats.rejected;
        return;
    }
    Message& msg = std::get<Message>(decoded);
    const uint32_t sender = msg.header.sender;
    if (!m_replay.accept(sender, msg.header.sequence)) {
        log::warn("net", "visitor {:08x}: rejected a replayed message (sequence {}) from {}", m_id,
                  msg.header.sequence, m_options.master);
        std::lock_guard lock(m_mutex);
        ++m_stats.rejected;
        return;
    }
    if (!fromMaster(sender, arrived)) {
        log::warn("net", "visitor {:08x}: rejected a message from {:08x} at {}: it follows master {:08x}",
                  m_id, sender, m_options.master, m_master);
        std::lock_guard lock(m_mutex);
        ++m_stats.rejected;
        return;
    }
    std::lock_guard lock(m_mutex);
    ++m_stats.received;
    if (const auto* reply = std::get_if<ClockReply>(&msg.payload)) {
        m_filter.add({reply->t1, reply->t2, reply->t3, arrived});
    } else if (const auto* state = std::get_if<ShowState>(&msg.payload)) {
        const uint64_t current = m_follower.state() ? m_follower.state()->revision : 0;
        const bool newRevision = current != state->revision || m_follower.master() != sender;
        if (m_follower.setState(*state, sender)) {
            ++m_stats.states;
            if (newRevision) m_stateArrived = arrived;
        } else {
            log::warn("net", "visitor {:08x}: ignored an older show state (revision {}, following {})", m_id,
                      state->revision, current);
            ++m_stats.staleStates;
        }
    } else if (const auto* pose = std::get_if<Pose>(&msg.payload)) {
        if (pose->visitor == m_id) return;
        auto it = std::find_if(m_remotes.begin(), m_remotes.end(),
                               [&](const RemoteVisitor& r) { return r.id == pose->visitor; });
        if (it == m_remotes.end()) {
            log::info("net", "visitor {:08x}: sees visitor {:08x}", m_id, pose->visitor);
            it = m_remotes.insert(m_remotes.end(), RemoteVisitor{.id = pose->visitor});
        }
        it->pose = *pose;
        it->lastSeen = arrived;
        ++it->poses;
    } else if (const auto* bye = std::get_if<Goodbye>(&msg.payload)) {
        if (bye->visitor == sender) m_masterGone = true;
        std::erase_if(m_remotes, [&](const RemoteVisitor& r) { return r.id == bye->visitor; });
    } else {
        log::warn("net", "visitor {:08x}: rejected a {} from {}: only visitors send them", m_id,
                  msg.header.type == MessageType::Health ? "health report" : "clock request",
                  m_options.master);
        ++m_stats.rejected;
    }
}

void VisitorLink::run() {
    int requests = 0;
    int64_t nextRequest = 0;
    const auto interval = int64_t(m_options.syncInterval * 1e9);
    const auto timeout = int64_t(m_options.peerTimeout * 1e9);
    while (!m_stop.load()) {
        zmq_pollitem_t item{m_socket, 0, ZMQ_POLLIN, 0};
        zmq_poll(&item, 1, 2);
        while (true) {
            Received in = receive(m_socket, /*routed=*/false);
            if (!in.ok) break;
            handle(in.data, localNow());
        }
        const int64_t now = localNow();
        if (now >= nextRequest) {
            send(ClockRequest{localNow()});
            nextRequest = now + (++requests < kBurst ? kBurstSpacing : interval);
        }
        std::optional<Pose> pose;
        {
            std::lock_guard lock(m_mutex);
            pose.swap(m_pendingPose);
            const size_t before = m_remotes.size();
            std::erase_if(m_remotes, [&](const RemoteVisitor& r) {
                if (now - r.lastSeen <= timeout) return false;
                log::warn("net", "visitor {:08x}: visitor {:08x} silent for {:.1f} s: avatar removed", m_id,
                          r.id, m_options.peerTimeout);
                return true;
            });
            m_stats.dropped += before - m_remotes.size();
            if (pose) ++m_stats.posesSent;
        }
        if (pose) send(*pose);
        if (auto health = healthDue(now)) send(*health);
    }
}

}  // namespace skyhook::net
