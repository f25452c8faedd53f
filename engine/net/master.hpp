#pragma once
// The show master's network side: a ZeroMQ ROUTER socket (one TCP port) on its own thread. It answers clock
// requests at once (t2 stamped on arrival, t3 on sending), pushes the ShowClock's state to every visitor the
// moment it changes (the clock's change listener wakes the thread through an eventfd), repeats it every
// stateInterval and on first contact, relays each visitor's pose to the others, keeps the table of visitors
// with their health reports (visitor_health.hpp), and drops a visitor that has sent nothing for peerTimeout
// (telling the others with a Goodbye; its row stays, lost). Every message that fails decoding,
// authentication, the replay check or the role check is logged with the sender's address and counted;
// nothing a peer sends can stop the thread, and nothing on the operator's side (console, log) makes it wait.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/net/message.hpp"
#include "engine/net/show_clock.hpp"
#include "engine/net/visitor_health.hpp"

namespace skyhook::net {

struct MasterOptions {
    std::string bind = "tcp://*:5870";  // a ZeroMQ endpoint
    VenueKey key;
    double peerTimeout = 2.0;    // s without a message before a visitor is dropped (lost)
    double stateInterval = 0.1;  // s between show-state repeats (changes are pushed at once)
    HealthThresholds health;
};

struct MasterStats {
    uint64_t received = 0;       // accepted messages
    uint64_t rejected = 0;       // malformed, unauthenticated, replayed or out of role
    uint64_t relayed = 0;        // pose messages forwarded
    uint32_t visitors = 0;       // connected now
    uint64_t dropped = 0;        // visitors dropped after the timeout
    uint64_t statesPushed = 0;   // show states sent because the clock changed (one per visitor)
    uint64_t statesSent = 0;     // every show state sent, pushed, repeated or on first contact
    uint64_t healthReports = 0;  // health messages accepted
};

class Master {
public:
    // `clock` must outlive the Master (the operator console controls it). The Master is the clock's change
    // listener while it runs.
    static Result<std::unique_ptr<Master>> start(const MasterOptions& options, ShowClock& clock);
    ~Master();
    MasterStats stats() const;
    // The table: connected visitors, then lost and left ones until forgotten, in order of joining.
    std::vector<VisitorEntry> visitors() const;
    const HealthThresholds& thresholds() const;
    uint32_t id() const { return m_id; }
    // The endpoint bound, e.g. tcp://127.0.0.1:40123 (a bind to port * picks a free one).
    const std::string& endpoint() const { return m_endpoint; }

private:
    struct Impl;
    Master() = default;
    void run();

    std::unique_ptr<Impl> m_impl;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    uint32_t m_id = 0;
    std::string m_endpoint;
};

}  // namespace skyhook::net
