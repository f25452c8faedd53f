#pragma once
// A visitor's link to the show master: a ZeroMQ DEALER socket on its own thread, so clock exchanges are
// stamped when they happen, not when the frame loop gets round to them. It sends a clock request every
// syncInterval (a quick burst first), keeps the ClockFilter and the master's latest ShowState (ordered: an
// older state never replaces a newer one, see ShowFollower), sends the pose the app publishes, and keeps
// the other visitors' latest poses, dropping a visitor whose poses stop for peerTimeout. It reports its
// health to the master every healthInterval and as soon as the frame loop displays a new show-state
// revision. It follows one master: messages from another sender are refused until that master said
// goodbye or was silent for masterTimeout (a restarted master is followed again; a replay of an earlier
// master's traffic cannot take over). The app calls showTime() / remotes() / publishPose() /
// publishFrames() from any thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/net/clock_sync.hpp"
#include "engine/net/message.hpp"
#include "engine/net/visitor_health.hpp"

namespace skyhook::net {

struct VisitorLinkOptions {
    std::string master;  // host:port
    VenueKey key;
    double peerTimeout = 1.5;     // s without a pose before another visitor's avatar goes
    double syncInterval = 0.2;    // s between clock requests (after the first burst)
    double healthInterval = 0.5;  // s between health reports (a new revision is reported at once)
    double masterTimeout = 2.0;   // s of silence before another master is followed
    int64_t clockSkewNs = 0;      // tests: pretend this machine's clock is off by this much
};

// What the app's frame loop knows about its frames (XR counters, or the headless loop's own).
struct FrameCounters {
    VisitorSession session = VisitorSession::Headless;
    uint64_t framesSubmitted = 0;
    uint64_t lateFrames = 0;
    uint32_t recoveries = 0;
};

struct ClockReport {
    bool synced = false;      // a clock reply and a show state have arrived
    int64_t offsetNs = 0;     // master clock − local clock, estimated
    int64_t roundTripNs = 0;  // of the sample the estimate comes from
    size_t samples = 0;
    double errorS = 0.0;  // master's show time − displayed show time at the last showTime()
    ShowState state;
    uint32_t master = 0;             // the master followed
    int64_t stateArrivedNs = 0;      // local steady ns (with the test skew) when `state`'s revision arrived
    uint64_t displayedRevision = 0;  // the revision the last showTime() displayed
};

struct RemoteVisitor {
    uint32_t id = 0;
    Pose pose;
    int64_t lastSeen = 0;  // local steady ns
    uint64_t poses = 0;
};

struct LinkStats {
    uint64_t received = 0;
    uint64_t rejected = 0;
    uint64_t posesSent = 0;
    uint64_t dropped = 0;      // visitors dropped after the timeout
    uint64_t states = 0;       // show states taken
    uint64_t staleStates = 0;  // show states refused as older than the one followed
    uint64_t healthSent = 0;
};

class VisitorLink {
public:
    static Result<std::unique_ptr<VisitorLink>> connect(const VisitorLinkOptions& options);
    ~VisitorLink();  // says goodbye to the master

    uint32_t id() const { return m_id; }
    // This machine's clock as the link sees it (steady ns + the test skew).
    int64_t localNow() const { return steadyNowNs() + m_options.clockSkewNs; }
    // The show time to display now: follows the master, slewed (see ShowFollower). 0 before the first state.
    double showTime();
    ClockReport clock() const;
    void publishPose(Pose pose);
    // The frame loop's counters, for the health reports (the link adds the clock's figures and the rate).
    void publishFrames(const FrameCounters& counters);
    // The last health report sent (tests, logs).
    Health lastHealth() const;
    std::vector<RemoteVisitor> remotes() const;
    LinkStats stats() const;

private:
    VisitorLink() = default;
    void run();
    void handle(const std::vector<uint8_t>& bytes, int64_t arrived);
    void send(Payload payload);
    // Whether a message from `sender` may be taken (one master at a time); updates the master followed.
    bool fromMaster(uint32_t sender, int64_t arrived);
    std::optional<Health> healthDue(int64_t now);

    VisitorLinkOptions m_options;
    uint32_t m_id = 0;
    void* m_context = nullptr;
    void* m_socket = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    uint64_t m_sequence = 0;    // network thread only
    ReplayGuard m_replay;       // network thread only
    uint32_t m_master = 0;      // network thread only: the master followed
    int64_t m_masterHeard = 0;  // its last message (local ns)
    bool m_masterGone = false;  // it said goodbye
    int64_t m_nextHealth = 0;   // network thread only
    uint64_t m_reportedRevision = 0;

    mutable std::mutex m_mutex;  // everything below
    ClockFilter m_filter;
    ShowFollower m_follower;
    double m_lastError = 0.0;
    int64_t m_stateArrived = 0;
    std::optional<Pose> m_pendingPose;
    FrameCounters m_frames;
    FrameRateMeter m_rate;
    Health m_lastHealth;
    std::vector<RemoteVisitor> m_remotes;
    LinkStats m_stats;
};

}  // namespace skyhook::net
