#include "engine/xr/recovery.hpp"

#include <algorithm>
#include <cmath>

namespace skyhook::xr {

double backoffDelay(const BackoffPolicy& policy, uint32_t attempt) {
    const double d = policy.initialSeconds * std::pow(policy.factor, double(std::min(attempt, 64u)));
    return std::min(d, policy.maxSeconds);
}

const char* recoveryActionName(RecoveryAction action) {
    switch (action) {
        case RecoveryAction::None:
            return "none";
        case RecoveryAction::StartSession:
            return "new session";
        case RecoveryAction::CreateInstance:
            return "new instance";
    }
    return "?";
}

double Recovery::schedule(double now, RecoveryAction action) {
    const double base = backoffDelay(m_policy, m_attempt);
    std::uniform_real_distribution<double> spread(-m_policy.jitter, m_policy.jitter);
    // Jitter may not take the delay over the cap or below zero.
    const double delay = std::clamp(base * (1.0 + spread(m_random)), 0.0, m_policy.maxSeconds);
    ++m_attempt;
    m_pending = action;
    m_inProgress = false;
    m_at = now + delay;
    return delay;
}

double Recovery::onSessionLost(double now) {
    ++m_sessionLosses;
    return schedule(now, m_needInstance ? RecoveryAction::CreateInstance : RecoveryAction::StartSession);
}

double Recovery::onInstanceLost(double now) {
    ++m_instanceLosses;
    m_needInstance = true;
    return schedule(now, RecoveryAction::CreateInstance);
}

double Recovery::onAttemptFailed(double now) {
    return schedule(now, m_needInstance ? RecoveryAction::CreateInstance : RecoveryAction::StartSession);
}

RecoveryAction Recovery::due(double now) {
    if (m_pending == RecoveryAction::None || now < m_at) return RecoveryAction::None;
    const RecoveryAction action = m_pending;
    m_pending = RecoveryAction::None;
    m_inProgress = true;
    return action;
}

void Recovery::onRecovered() {
    if (m_inProgress || m_attempt > 0) ++m_recoveries;
    m_inProgress = false;
    m_pending = RecoveryAction::None;
    m_needInstance = false;
    m_attempt = 0;
}

}  // namespace skyhook::xr
