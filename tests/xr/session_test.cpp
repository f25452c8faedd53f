// The session against Monado: it reaches FOCUSED and frames go out with a projection layer; a requested exit
// goes through STOPPING to EXITING and a second session in the same process reaches FOCUSED again.
#include <algorithm>

#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

using S = SessionState;

// The states of `history` from index `from`, without the None markers of destroyed sessions.
std::vector<S> statesFrom(const std::vector<S>& history, size_t from) {
    std::vector<S> out;
    for (size_t i = from; i < history.size(); ++i)
        if (history[i] != S::None) out.push_back(history[i]);
    return out;
}

TEST_F(XrTest, SessionReachesFocusedAndSubmitsFortyFramesWithAProjectionLayer) {
    open();
    uint64_t rendered = 0, wanted = 0, framed = 0;
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().framesSubmitted() >= 40; }, 60.0,
                         [&](const FrameResult& f) {
                             ++framed;
                             // Frames before FOCUSED and frames that could not be ready in time are
                             // ended without a picture on purpose (frame_loop.hpp).
                             wanted += f.shouldRender && f.skipped != FrameSkip::NotVisible &&
                                       f.skipped != FrameSkip::Late;
                             rendered += f.rendered;
                             if (f.rendered) {
                                 EXPECT_EQ(f.views.size(), 2u);
                                 EXPECT_EQ(f.located.size(), 2u);
                             }
                         }));
    // Every frame the runtime wanted a picture for got one, and each went out with the projection layer.
    EXPECT_EQ(rendered, wanted);
    EXPECT_GE(rendered, 40u);
    EXPECT_EQ(visitor->headset().framesSubmitted(), rendered);
    const std::vector<S> states = statesFrom(visitor->headset().stateHistory(), 0);
    const std::vector<S> expected = {S::Idle, S::Ready, S::Synchronized, S::Visible, S::Focused};
    ASSERT_GE(states.size(), expected.size());
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), states.begin()));
    EXPECT_EQ(visitor->headset().session()->machine().unexpectedTransitions(), 0u);
    // A 2-layer sRGB swapchain written through UNORM views (the tone-mapping pass encodes sRGB itself).
    const Swapchain& swapchain = *visitor->headset().swapchain();
    EXPECT_EQ(swapchain.layers(), 2u);
    EXPECT_TRUE(swapchain.format().srgb);
    EXPECT_NE(swapchain.format().swapchain, swapchain.format().view);
    RecordProperty("first_frame_ms", std::to_string(visitor->firstFrameMs()));
    RecordProperty("cpu_ms_per_frame", std::to_string(visitor->frameCpuMs() / double(framed)));
}

TEST_F(XrTest, RequestedExitEndsTheSessionAndANewSessionReachesFocusedAgain) {
    open();
    ASSERT_TRUE(runUntil([&] { return focused() && visitor->headset().framesSubmitted() >= 3; }));
    const uint64_t firstSessionFrames = visitor->headset().framesSubmitted();
    const size_t firstSessionStates = visitor->headset().stateHistory().size();

    ASSERT_TRUE(visitor->requestExit().ok());
    ASSERT_TRUE(runUntil([&] { return visitor->headset().sessionFinished(); }));
    EXPECT_FALSE(visitor->headset().sessionLost());
    // FOCUSED -> VISIBLE -> SYNCHRONIZED -> STOPPING (xrEndSession) -> IDLE -> EXITING.
    const std::vector<S> ending = statesFrom(visitor->headset().stateHistory(), firstSessionStates);
    const std::vector<S> expectedEnd = {S::Visible, S::Synchronized, S::Stopping, S::Idle, S::Exiting};
    EXPECT_EQ(ending, expectedEnd);
    EXPECT_FALSE(visitor->headset().running());
    visitor->endSession();
    EXPECT_FALSE(visitor->headset().hasSession());

    const size_t before = visitor->headset().stateHistory().size();
    ASSERT_TRUE(visitor->startSession().ok());
    ASSERT_TRUE(runUntil(
        [&] { return focused() && visitor->headset().framesSubmitted() >= firstSessionFrames + 3; }));
    const std::vector<S> second = statesFrom(visitor->headset().stateHistory(), before);
    const std::vector<S> expected = {S::Idle, S::Ready, S::Synchronized, S::Visible, S::Focused};
    ASSERT_GE(second.size(), expected.size());
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), second.begin()));
    EXPECT_EQ(visitor->headset().sessionsStarted(), 2u);
}

}  // namespace
}  // namespace skyhook::xr::test
