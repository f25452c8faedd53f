#include "engine/net/master.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

#include <zmq.h>

#include "engine/core/log.hpp"
#include "engine/net/clock_sync.hpp"
#include "engine/net/zmq_util.hpp"

namespace skyhook::net {

struct Master::Impl {
    MasterOptions options;
    ShowClock* clock = nullptr;
    void* context = nullptr;
    void* socket = nullptr;
    int wake = -1;  // eventfd: the clock changed
    uint32_t self = 0;
    uint64_t sequence = 0;
    uint64_t pushedRevision = 0;
    ReplayGuard replay;
    struct Peer {
        std::string identity;  // the ROUTER's routing id
        std::string address;
        int64_t lastSeen = 0;
        VisitorStatus logged = VisitorStatus::Ok;  // the status last logged
    };
    std::unordered_map<uint32_t, Peer> peers;  // connected, by sender id (network thread only)

    mutable std::mutex mutex;  // the table and the stats (written by the network thread only)
    std::map<uint32_t, VisitorEntry> table;
    MasterStats stats;

    ~Impl() {
        if (socket) zmq_close(socket);
        if (context) zmq_ctx_term(context);
        if (wake >= 0) close(wake);
    }
    void sendTo(const Peer& peer, const std::vector<uint8_t>& bytes) {
        zmq_send(socket, peer.identity.data(), peer.identity.size(), ZMQ_SNDMORE | ZMQ_DONTWAIT);
        zmq_send(socket, bytes.data(), bytes.size(), ZMQ_DONTWAIT);
    }
    std::vector<uint8_t> make(Payload payload) {
        return encode({.header = {.sender = self, .sequence = ++sequence, .timestamp = steadyNowNs()},
                       .payload = std::move(payload)},
                      options.key);
    }
    void sendState(const Peer& peer, const ShowState& state) {
        sendTo(peer, make(state));
        std::lock_guard lock(mutex);
        ++stats.statesSent;
    }
    void broadcast(const ShowState& state) {
        for (const auto& [id, peer] : peers) sendState(peer, state);
    }
    void reject(const std::string& from, const std::string& why) {
        log::warn("net", "master: rejected a message from {}: {}", from, why);
        std::lock_guard lock(mutex);
        ++stats.rejected;
    }
    // A connected visitor leaves the routing table; its row stays (lost or left) for the operator.
    void remove(uint32_t id, bool left, int64_t now) {
        peers.erase(id);
        replay.forget(id);
        for (const auto& [other, peer] : peers) sendTo(peer, make(Goodbye{id}));
        std::lock_guard lock(mutex);
        if (auto it = table.find(id); it != table.end()) {
            it->second.goneNs = now;
            it->second.left = left;
        }
        if (!left) ++stats.dropped;
    }

    void pushIfChanged();
    void handle(Received& in);
    void accept(uint32_t sender, Message& msg, const Received& in, const std::string& from, int64_t arrived);
    void housekeeping(int64_t now);
};

Result<std::unique_ptr<Master>> Master::start(const MasterOptions& options, ShowClock& clock) {
    std::unique_ptr<Master> m(new Master());
    m->m_impl = std::make_unique<Impl>();
    Impl& impl = *m->m_impl;
    impl.options = options;
    impl.clock = &clock;
    impl.wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (impl.wake < 0) return Error::make("master: eventfd failed");
    impl.context = zmq_ctx_new();
    impl.socket = zmq_socket(impl.context, ZMQ_ROUTER);
    if (!impl.socket) return Error::make("zmq_socket: {}", zmq_strerror(zmq_errno()));
    setCommonOptions(impl.socket);
    if (zmq_bind(impl.socket, options.bind.c_str()) != 0)
        return Error::make("master: cannot listen on {}: {}", options.bind, zmq_strerror(zmq_errno()));
    char endpoint[256] = {};
    size_t size = sizeof endpoint;
    zmq_getsockopt(impl.socket, ZMQ_LAST_ENDPOINT, endpoint, &size);
    m->m_endpoint = endpoint;
    m->m_id = randomSenderId();
    impl.self = m->m_id;
    impl.pushedRevision = clock.revision();
    log::info("net", "master {:08x} listening on {}", m->m_id, m->m_endpoint);
    // Called on the operator's thread: only a write to the eventfd, which never blocks.
    clock.setChangeListener([fd = impl.wake] {
        const uint64_t one = 1;
        (void)!write(fd, &one, sizeof one);
    });
    m->m_thread = std::thread([p = m.get()] { p->run(); });
    return m;
}

Master::~Master() {
    if (m_impl && m_impl->clock) m_impl->clock->setChangeListener({});
    m_stop.store(true);
    if (m_thread.joinable()) m_thread.join();
    if (m_impl && m_impl->socket)
        for (const auto& [id, peer] : m_impl->peers) m_impl->sendTo(peer, m_impl->make(Goodbye{m_id}));
}

MasterStats Master::stats() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->stats;
}

std::vector<VisitorEntry> Master::visitors() const {
    std::vector<VisitorEntry> out;
    {
        std::lock_guard lock(m_impl->mutex);
        for (const auto& [id, entry] : m_impl->table) out.push_back(entry);
    }
    std::stable_sort(out.begin(), out.end(), [](const VisitorEntry& a, const VisitorEntry& b) {
        return (a.goneNs != 0) != (b.goneNs != 0) ? a.goneNs == 0 : a.joinedNs < b.joinedNs;
    });
    return out;
}

const HealthThresholds& Master::thresholds() const {
    return m_impl->options.health;
}

void Master::Impl::pushIfChanged() {
    if (clock->revision() == pushedRevision) return;
    const ShowState state = clock->state();
    pushedRevision = state.revision;
    broadcast(state);
    std::lock_guard lock(mutex);
    stats.statesPushed += peers.size();
}

void Master::Impl::handle(Received& in) {
    const int64_t arrived = steadyNowNs();
    const std::string from = in.address.empty() ? "unknown peer" : in.address;
    auto decoded = decode(in.data, options.key);
    if (auto* e = std::get_if<DecodeError>(&decoded)) {
        reject(from, fmt::format("{} ({} bytes)", decodeErrorName(*e), in.data.size()));
        return;
    }
    Message& msg = std::get<Message>(decoded);
    const uint32_t sender = msg.header.sender;
    if (!replay.accept(sender, msg.header.sequence)) {
        reject(from, fmt::format("replayed sequence {} from visitor {:08x}", msg.header.sequence, sender));
        return;
    }
    if (auto known = peers.find(sender); known != peers.end() && known->second.identity != in.identity) {
        reject(from, fmt::format("visitor id {:08x} already used by another connection", sender));
        return;
    }
    if (msg.header.type == MessageType::ClockReply || msg.header.type == MessageType::ShowState) {
        reject(from, fmt::format("a visitor ({:08x}) may not send {}", sender,
                                 msg.header.type == MessageType::ShowState ? "show state" : "clock replies"));
        return;
    }
    if (const auto* p = std::get_if<Pose>(&msg.payload); p && p->visitor != sender) {
        reject(from, fmt::format("visitor {:08x} sent a pose for {:08x}", sender, p->visitor));
        return;
    }
    accept(sender, msg, in, from, arrived);
}

void Master::Impl::accept(uint32_t sender, Message& msg, const Received& in, const std::string& from,
                          int64_t arrived) {
    {
        std::lock_guard lock(mutex);
        ++stats.received;
    }
    auto known = peers.find(sender);
    if (msg.header.type == MessageType::Goodbye) {
        if (known != peers.end()) {
            log::info("net", "master: visitor {:08x} ({}) left", sender, from);
            remove(sender, /*left=*/true, arrived);
        }
        replay.forget(sender);
        return;
    }
    if (known == peers.end()) {
        log::info("net", "master: visitor {:08x} joined from {}", sender, from);
        known = peers.emplace(sender, Peer{in.identity, from, arrived}).first;
        {
            std::lock_guard lock(mutex);
            table[sender] = VisitorEntry{.id = sender, .address = from, .joinedNs = arrived};
        }
        sendState(known->second, clock->state());
    }
    known->second.lastSeen = arrived;
    {
        std::lock_guard lock(mutex);
        VisitorEntry& entry = table[sender];
        entry.lastSeenNs = arrived;
        ++entry.messages;
        if (const auto* health = std::get_if<Health>(&msg.payload)) {
            const uint64_t lateBefore = entry.health ? entry.health->lateFrames : 0;
            if (health->lateFrames > lateBefore) entry.lastLateNs = arrived;
            entry.health = *health;
            ++entry.healthReports;
            ++stats.healthReports;
        }
    }
    if (const auto* req = std::get_if<ClockRequest>(&msg.payload)) {
        sendTo(known->second, make(ClockReply{req->t1, arrived, steadyNowNs()}));
    } else if (const auto* pose = std::get_if<Pose>(&msg.payload)) {
        for (const auto& [id, peer] : peers) {
            if (id == sender) continue;
            sendTo(peer, make(*pose));
            std::lock_guard lock(mutex);
            ++stats.relayed;
        }
    }
}

// Drops silent visitors, logs status changes (the operator's record of the show), forgets old rows.
void Master::Impl::housekeeping(int64_t now) {
    const auto timeout = int64_t(options.peerTimeout * 1e9);
    std::vector<uint32_t> silent;
    for (const auto& [id, peer] : peers)
        if (now - peer.lastSeen > timeout) silent.push_back(id);
    for (uint32_t gone : silent) {
        log::warn("net", "master: visitor {:08x} ({}) silent for {:.1f} s: dropped (lost)", gone,
                  peers[gone].address, options.peerTimeout);
        remove(gone, /*left=*/false, now);
    }
    std::lock_guard lock(mutex);
    for (auto& [id, peer] : peers) {
        const VisitorEntry& entry = table[id];
        const VisitorStatus status = classify(entry, now, options.health);
        if (status == peer.logged) continue;
        if (status == VisitorStatus::Stale)
            log::warn("net", "master: visitor {:08x} ({}) silent for {:.1f} s: stale", id, peer.address,
                      double(now - peer.lastSeen) * 1e-9);
        else if (status == VisitorStatus::LateFrames)
            log::warn("net", "master: visitor {:08x} ({}) skipped late frames ({} so far)", id, peer.address,
                      entry.health ? entry.health->lateFrames : 0);
        else
            log::info("net", "master: visitor {:08x} ({}) ok again", id, peer.address);
        peer.logged = status;
    }
    const auto forget = int64_t(options.health.forgetAfter * 1e9);
    std::erase_if(table,
                  [&](const auto& row) { return row.second.goneNs && now - row.second.goneNs > forget; });
    stats.visitors = uint32_t(peers.size());
}

void Master::run() {
    Impl& impl = *m_impl;
    const auto interval = int64_t(impl.options.stateInterval * 1e9);
    // The first repeat one interval from now: a visitor gets the state on first contact anyway.
    int64_t nextState = steadyNowNs() + interval;
    while (!m_stop.load()) {
        zmq_pollitem_t items[2] = {{impl.socket, 0, ZMQ_POLLIN, 0}, {nullptr, impl.wake, ZMQ_POLLIN, 0}};
        zmq_poll(items, 2, 5);
        if (items[1].revents & ZMQ_POLLIN) {
            uint64_t count = 0;
            (void)!read(impl.wake, &count, sizeof count);
        }
        impl.pushIfChanged();  // before anything else: an operator's change goes out first
        while (true) {
            Received in = receive(impl.socket, /*routed=*/true);
            if (!in.ok) break;
            impl.handle(in);
        }
        const int64_t now = steadyNowNs();
        impl.housekeeping(now);
        if (now >= nextState) {
            nextState = now + interval;
            impl.broadcast(impl.clock->state());
        }
    }
}

}  // namespace skyhook::net
