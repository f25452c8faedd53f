#pragma once
// Recovering XR without restarting the show (pure: no OpenXR calls, the clock is passed in; unit-tested).
// A lost session (LOSS_PENDING, XR_ERROR_SESSION_LOST) needs a new session; a lost instance (instance loss
// pending, XR_ERROR_INSTANCE_LOST, the runtime restarting or not there yet) needs a new instance, then a new
// session. The renderer, the scene and the Vulkan device keep running meanwhile. Attempts are spaced by
// exponential back-off with jitter (so a hall of headsets does not hammer a restarting runtime in step),
// capped; every loss and attempt is logged with its reason by the caller. The back-off starts over once a
// session submits frames again.
#include <cstdint>
#include <random>
#include <string>

namespace skyhook::xr {

struct BackoffPolicy {
    double initialSeconds = 0.5;  // the first retry
    double factor = 2.0;          // each further retry waits this much longer ...
    double maxSeconds = 30.0;     // ... up to this
    double jitter = 0.2;          // ± this fraction of the delay, at random
};

// The delay before retry `attempt` (0: the first) without jitter: initial × factor^attempt, capped.
double backoffDelay(const BackoffPolicy& policy, uint32_t attempt);

enum class RecoveryAction : uint8_t {
    None,            // running, or waiting for the next attempt
    StartSession,    // create a new session on the current instance
    CreateInstance,  // destroy what is left of the old instance, create a new one, then a session
};
const char* recoveryActionName(RecoveryAction action);

class Recovery {
public:
    explicit Recovery(BackoffPolicy policy = {}, uint32_t seed = 0x5eed) : m_policy(policy), m_random(seed) {}

    // A loss (or a failed attempt to recover from one) at time `now` (seconds): schedules the next attempt.
    // An instance loss outranks a session loss until an instance is made again. Returns the delay.
    double onSessionLost(double now);
    double onInstanceLost(double now);
    // The attempt failed (the runtime is still away): the same action again, after a longer wait.
    double onAttemptFailed(double now);
    // The action whose time has come (then it is in progress until onRecovered or another loss).
    RecoveryAction due(double now);
    // The new instance was created: what remains is a session.
    void onInstanceCreated() { m_needInstance = false; }
    // A session submits frames again: the back-off starts over.
    void onRecovered();

    bool recovering() const { return m_pending != RecoveryAction::None || m_inProgress; }
    RecoveryAction pending() const { return m_pending; }
    double nextAttemptAt() const { return m_at; }
    uint32_t attempt() const { return m_attempt; }  // retries scheduled since the last recovery
    uint32_t sessionLosses() const { return m_sessionLosses; }
    uint32_t instanceLosses() const { return m_instanceLosses; }
    uint32_t recoveries() const { return m_recoveries; }

private:
    double schedule(double now, RecoveryAction action);

    BackoffPolicy m_policy;
    std::mt19937 m_random;
    RecoveryAction m_pending = RecoveryAction::None;
    bool m_inProgress = false;
    bool m_needInstance = false;
    double m_at = 0.0;
    uint32_t m_attempt = 0;
    uint32_t m_sessionLosses = 0;
    uint32_t m_instanceLosses = 0;
    uint32_t m_recoveries = 0;
};

}  // namespace skyhook::xr
