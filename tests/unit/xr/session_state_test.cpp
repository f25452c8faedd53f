// The session lifecycle's state machine, without a runtime.
#include <gtest/gtest.h>

#include "engine/xr/openxr.hpp"
#include "engine/xr/session_state.hpp"

namespace skyhook::xr {
namespace {

using S = SessionState;
using A = SessionAction;

TEST(SessionStateMachine, BeginsOnReadyAndEndsOnStoppingThenExits) {
    SessionStateMachine m;
    EXPECT_EQ(m.onStateChanged(S::Idle), A::None);
    EXPECT_FALSE(m.running());
    EXPECT_EQ(m.onStateChanged(S::Ready), A::Begin);
    m.onBegun();
    EXPECT_TRUE(m.running());
    EXPECT_EQ(m.onStateChanged(S::Synchronized), A::None);
    EXPECT_EQ(m.onStateChanged(S::Visible), A::None);
    EXPECT_EQ(m.onStateChanged(S::Focused), A::None);
    EXPECT_EQ(m.onStateChanged(S::Visible), A::None);
    EXPECT_EQ(m.onStateChanged(S::Synchronized), A::None);
    EXPECT_TRUE(m.running());
    EXPECT_EQ(m.onStateChanged(S::Stopping), A::End);
    m.onEnded();
    EXPECT_FALSE(m.running());
    EXPECT_FALSE(m.finished());
    EXPECT_EQ(m.onStateChanged(S::Idle), A::None);
    EXPECT_EQ(m.onStateChanged(S::Exiting), A::Destroy);
    EXPECT_TRUE(m.finished());
    EXPECT_EQ(m.unexpectedTransitions(), 0u);
    const std::vector<S> expected = {S::Idle,    S::Ready,        S::Synchronized, S::Visible, S::Focused,
                                     S::Visible, S::Synchronized, S::Stopping,     S::Idle,    S::Exiting};
    EXPECT_EQ(m.history(), expected);
}

TEST(SessionStateMachine, LossFromAnyStateIsDestroyAndRetryWithoutEnding) {
    for (S at : {S::Idle, S::Ready, S::Synchronized, S::Visible, S::Focused, S::Stopping}) {
        SessionStateMachine m;
        for (S s : {S::Idle, S::Ready, S::Synchronized, S::Visible, S::Focused}) {
            if (m.onStateChanged(s) == A::Begin) m.onBegun();
            if (s == at) break;
        }
        if (at == S::Stopping) {
            m.onStateChanged(S::Visible);
            m.onStateChanged(S::Synchronized);
            m.onStateChanged(S::Stopping);
        }
        EXPECT_EQ(m.onStateChanged(S::LossPending), A::DestroyAndRetry) << sessionStateName(at);
        EXPECT_FALSE(m.running()) << "a lost session is not ended: its calls would fail";
        EXPECT_TRUE(m.finished());
    }
}

TEST(SessionStateMachine, ACallReportingSessionLostActsAsLossPending) {
    SessionStateMachine m;
    m.onStateChanged(S::Idle);
    m.onStateChanged(S::Ready);
    m.onBegun();
    EXPECT_EQ(m.onLost(), A::DestroyAndRetry);
    EXPECT_EQ(m.state(), S::LossPending);
}

TEST(SessionStateMachine, UnexpectedTransitionsAreCountedAndFollowed) {
    SessionStateMachine m;
    m.onStateChanged(S::Idle);
    EXPECT_EQ(m.onStateChanged(S::Focused), A::None);  // skipping READY: the runtime is wrong, we follow it
    EXPECT_EQ(m.unexpectedTransitions(), 1u);
    EXPECT_EQ(m.state(), S::Focused);
    EXPECT_EQ(m.onStateChanged(S::Focused), A::None);  // repeats are not transitions
    EXPECT_EQ(m.unexpectedTransitions(), 1u);
}

TEST(SessionStateMachine, MapsOpenXrStates) {
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_IDLE), S::Idle);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_READY), S::Ready);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_SYNCHRONIZED), S::Synchronized);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_VISIBLE), S::Visible);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_FOCUSED), S::Focused);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_STOPPING), S::Stopping);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_LOSS_PENDING), S::LossPending);
    EXPECT_EQ(sessionStateFromXr(XR_SESSION_STATE_EXITING), S::Exiting);
    EXPECT_EQ(sessionStateFromXr(12345), S::None);
}

}  // namespace
}  // namespace skyhook::xr
