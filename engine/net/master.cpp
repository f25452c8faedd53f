#include "engine/net/master.hpp"

#include <chrono>
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
    uint64_t sequence = 0;
    ReplayGuard replay;
    struct Peer {
        std::string identity;  // the ROUTER's routing id
        std::string address;
        int64_t lastSeen = 0;
    };
    std::unordered_map<uint32_t, Peer> peers;  // by sender id
    mutable std::mutex statsMutex;
    MasterStats stats;

    ~Impl() {
        if (socket) zmq_close(socket);
        if (context) zmq_ctx_term(context);
    }
    void sendTo(const Peer& peer, const std::vector<uint8_t>& bytes) {
        zmq_send(socket, peer.identity.data(), peer.identity.size(), ZMQ_SNDMORE | ZMQ_DONTWAIT);
        zmq_send(socket, bytes.data(), bytes.size(), ZMQ_DONTWAIT);
    }
    std::vector<uint8_t> make(uint32_t self, Payload payload) {
        return encode({.header = {.sender = self, .sequence = ++sequence, .timestamp = steadyNowNs()},
                       .payload = std::move(payload)},
                      options.key);
    }
    void reject(const std::string& from, const std::string& why) {
        log::warn("net", "master: rejected a message from {}: {}", from, why);
        std::lock_guard lock(statsMutex);
        ++stats.rejected;
    }
};

Result<std::unique_ptr<Master>> Master::start(const MasterOptions& options, ShowClock& clock) {
    std::unique_ptr<Master> m(new Master());
    m->m_impl = std::make_unique<Impl>();
    Impl& impl = *m->m_impl;
    impl.options = options;
    impl.clock = &clock;
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
    log::info("net", "master {:08x} listening on {}", m->m_id, m->m_endpoint);
    m->m_thread = std::thread([p = m.get()] { p->run(); });
    return m;
}

Master::~Master() {
    m_stop.store(true);
    if (m_thread.joinable()) m_thread.join();
    if (m_impl && m_impl->socket)
        for (const auto& [id, peer] : m_impl->peers) m_impl->sendTo(peer, m_impl->make(m_id, Goodbye{m_id}));
}

MasterStats Master::stats() const {
    std::lock_guard lock(m_impl->statsMutex);
    return m_impl->stats;
}

void Master::run() {
    Impl& impl = *m_impl;
    const auto timeout = int64_t(impl.options.peerTimeout * 1e9);
    const auto interval = int64_t(impl.options.stateInterval * 1e9);
    int64_t nextState = 0;
    while (!m_stop.load()) {
        zmq_pollitem_t item{impl.socket, 0, ZMQ_POLLIN, 0};
        zmq_poll(&item, 1, 5);
        int64_t now = steadyNowNs();
        while (true) {
            Received in = receive(impl.socket, /*routed=*/true);
            if (!in.ok) break;
            const int64_t arrived = steadyNowNs();
            const std::string from = in.address.empty() ? "unknown peer" : in.address;
            auto decoded = decode(in.data, impl.options.key);
            if (auto* e = std::get_if<DecodeError>(&decoded)) {
                impl.reject(from, fmt::format("{} ({} bytes)", decodeErrorName(*e), in.data.size()));
                continue;
            }
            Message& msg = std::get<Message>(decoded);
            const uint32_t sender = msg.header.sender;
            if (!impl.replay.accept(sender, msg.header.sequence)) {
                impl.reject(from, fmt::format("replayed sequence {} from visitor {:08x}", msg.header.sequence,
                                              sender));
                continue;
            }
            auto known = impl.peers.find(sender);
            if (known != impl.peers.end() && known->second.identity != in.identity) {
                impl.reject(from,
                            fmt::format("visitor id {:08x} already used by another connection", sender));
                continue;
            }
            {
                std::lock_guard lock(impl.statsMutex);
                ++impl.stats.received;
            }
            const bool goodbye = msg.header.type == MessageType::Goodbye;
            if (msg.header.type == MessageType::ClockReply || msg.header.type == MessageType::ShowState) {
                impl.reject(from, fmt::format("a visitor ({:08x}) may not send {}", sender,
                                              msg.header.type == MessageType::ShowState ? "show state"
                                                                                        : "clock replies"));
                continue;
            }
            if (const auto* p = std::get_if<Pose>(&msg.payload); p && p->visitor != sender) {
                impl.reject(from, fmt::format("visitor {:08x} sent a pose for {:08x}", sender, p->visitor));
                continue;
            }
            if (goodbye) {
                if (known != impl.peers.end()) {
                    log::info("net", "master: visitor {:08x} ({}) left", sender, from);
                    impl.peers.erase(known);
                    for (const auto& [id, peer] : impl.peers)
                        impl.sendTo(peer, impl.make(m_id, Goodbye{sender}));
                }
                impl.replay.forget(sender);
                continue;
            }
            if (known == impl.peers.end()) {
                log::info("net", "master: visitor {:08x} joined from {}", sender, from);
                known = impl.peers.emplace(sender, Impl::Peer{in.identity, from, arrived}).first;
                impl.sendTo(known->second, impl.make(m_id, impl.clock->state()));
            }
            known->second.lastSeen = arrived;
            if (const auto* req = std::get_if<ClockRequest>(&msg.payload)) {
                impl.sendTo(known->second, impl.make(m_id, ClockReply{req->t1, arrived, steadyNowNs()}));
            } else if (const auto* pose = std::get_if<Pose>(&msg.payload)) {
                for (const auto& [id, peer] : impl.peers) {
                    if (id == sender) continue;
                    impl.sendTo(peer, impl.make(m_id, *pose));
                    std::lock_guard lock(impl.statsMutex);
                    ++impl.stats.relayed;
                }
            }
        }
        now = steadyNowNs();
        for (auto it = impl.peers.begin(); it != impl.peers.end();) {
            if (now - it->second.lastSeen <= timeout) {
                ++it;
                continue;
            }
            const uint32_t gone = it->first;
            log::warn("net", "master: visitor {:08x} ({}) silent for {:.1f} s: dropped", gone,
                      it->second.address, impl.options.peerTimeout);
            impl.replay.forget(gone);
            it = impl.peers.erase(it);
            for (const auto& [id, peer] : impl.peers) impl.sendTo(peer, impl.make(m_id, Goodbye{gone}));
            std::lock_guard lock(impl.statsMutex);
            ++impl.stats.dropped;
        }
        if (now >= nextState) {
            nextState = now + interval;
            for (const auto& [id, peer] : impl.peers) impl.sendTo(peer, impl.make(m_id, impl.clock->state()));
        }
        std::lock_guard lock(impl.statsMutex);
        impl.stats.visitors = uint32_t(impl.peers.size());
    }
}

}  // namespace skyhook::net
