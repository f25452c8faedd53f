// Faults Monado cannot be made to produce on demand, injected by wrapping the raw calls (xr::RawApi) while
// everything else reaches the runtime: a lost session and a lost instance are recovered in the same process
// (renderer, scene and device stay up) and frames are submitted again; a session that is not FOCUSED (headset
// taken off) keeps xrWaitFrame pacing but does no GPU work for the eyes; the poses submitted are those of the
// second xrLocateViews (late latching); a frame that cannot be ready in the display period is ended with no
// layers; views the runtime calls valid but whose numbers are not (NaN) are treated as lost tracking.
#include <atomic>
#include <cmath>
#include <cstring>
#include <utility>

#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

// What the wrappers inject and what they saw.
struct Faults {
    XrResult waitFrameError = XR_SUCCESS;  // returned once by the next xrWaitFrame (the real call is skipped)
    XrDuration forcedPeriod = 0;           // reported as predictedDisplayPeriod while non-zero
    std::optional<XrSessionState> injectState;  // delivered by the next xrPollEvent
    bool corruptFov = false;                    // the right eye's field of view comes back NaN, flagged valid
    XrSession session = XR_NULL_HANDLE;
    uint32_t locatesThisFrame = 0;
    std::vector<uint32_t> locatesPerFrame;
    std::vector<XrView> lastLocated;
    std::vector<uint32_t> layerCounts;
    std::vector<XrPosef> submittedPoses;  // of the last frame with a projection layer
};

RawApi wrap(Faults& f) {
    RawApi raw;
    raw.waitFrame = [&f](XrSession s, const XrFrameWaitInfo* info, XrFrameState* state) {
        f.session = s;
        if (f.waitFrameError != XR_SUCCESS) return std::exchange(f.waitFrameError, XR_SUCCESS);
        const XrResult r = xrWaitFrame(s, info, state);
        if (f.forcedPeriod) state->predictedDisplayPeriod = f.forcedPeriod;
        f.locatesThisFrame = 0;
        return r;
    };
    raw.locateViews = [&f](XrSession s, const XrViewLocateInfo* info, XrViewState* state, uint32_t capacity,
                           uint32_t* count, XrView* views) {
        const XrResult r = xrLocateViews(s, info, state, capacity, count, views);
        if (f.corruptFov && views && *count > 1) views[1].fov.angleRight = std::nanf("");
        ++f.locatesThisFrame;
        if (views) f.lastLocated.assign(views, views + *count);
        return r;
    };
    raw.endFrame = [&f](XrSession s, const XrFrameEndInfo* info) {
        f.layerCounts.push_back(info->layerCount);
        f.locatesPerFrame.push_back(f.locatesThisFrame);
        if (info->layerCount) {
            const auto* p = reinterpret_cast<const XrCompositionLayerProjection*>(info->layers[0]);
            f.submittedPoses.clear();
            for (uint32_t i = 0; i < p->viewCount; ++i) f.submittedPoses.push_back(p->views[i].pose);
        }
        return xrEndFrame(s, info);
    };
    raw.pollEvent = [&f](XrInstance instance, XrEventDataBuffer* event) {
        if (f.injectState && f.session) {
            auto* changed = reinterpret_cast<XrEventDataSessionStateChanged*>(event);
            *changed = {XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
            changed->session = f.session;
            changed->state = *f.injectState;
            f.injectState.reset();
            return XR_SUCCESS;
        }
        return xrPollEvent(instance, event);
    };
    return raw;
}

class XrFaultTest : public XrTest {
protected:
    void openWithFaults() { open(kStereoScene, {}, wrap(faults)); }
    uint64_t submitted() { return visitor->framesSubmitted(); }
    Faults faults;
};

TEST_F(XrFaultTest, ALostSessionIsRecreatedAndTheProcessKeepsRendering) {
    openWithFaults();
    ASSERT_TRUE(runUntil([&] { return focused() && submitted() >= 3; }));
    const uint64_t before = submitted();
    faults.waitFrameError = XR_ERROR_SESSION_LOST;
    ASSERT_TRUE(runUntil([&] { return visitor->recovering(); }));
    EXPECT_FALSE(visitor->headset().hasSession());  // the lost session was destroyed at once
    ASSERT_TRUE(runUntil([&] { return !visitor->recovering() && focused() && submitted() >= before + 5; }));
    EXPECT_EQ(visitor->recovery().sessionLosses(), 1u);
    EXPECT_EQ(visitor->recovery().instanceLosses(), 0u);
    EXPECT_EQ(visitor->recovery().recoveries(), 1u);
    EXPECT_EQ(visitor->headset().sessionsStarted(), 2u);
}

TEST_F(XrFaultTest, ALostInstanceIsRecreatedKeepingTheEnginesDevice) {
    openWithFaults();
    ASSERT_TRUE(runUntil([&] { return focused() && submitted() >= 3; }));
    const uint64_t before = submitted();
    const VkDevice device = visitor->session().device->vk();
    const XrInstance oldInstance = visitor->headset().instance().handle();
    faults.waitFrameError = XR_ERROR_INSTANCE_LOST;
    ASSERT_TRUE(runUntil([&] { return visitor->recovering(); }));
    EXPECT_FALSE(visitor->hasHeadset());  // the lost instance was destroyed
    ASSERT_TRUE(runUntil([&] { return !visitor->recovering() && focused() && submitted() >= before + 5; }));
    EXPECT_EQ(visitor->recovery().instanceLosses(), 1u);
    EXPECT_EQ(visitor->recovery().recoveries(), 1u);
    EXPECT_EQ(visitor->session().device->vk(), device);
    (void)oldInstance;  // Monado may reuse the handle value: the loss count says it was made again
}

TEST_F(XrFaultTest, NotFocusedPausesTheEyesButXrWaitFrameStillPaces) {
    openWithFaults();
    ASSERT_TRUE(runUntil([&] { return focused() && submitted() >= 3; }));
    faults.injectState = XR_SESSION_STATE_VISIBLE;  // the headset was taken off
    ASSERT_TRUE(runUntil([&] { return visitor->headset().state() == SessionState::Visible; }));
    const uint64_t gpuFrames = visitor->session().ring->frameNumber();
    const FrameStats paused = visitor->stats();
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(runUntil([&] { return visitor->stats().framesEnded >= paused.framesEnded + 4; }));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(seconds, 0.1);  // four frames of a 20 fps runtime: paced, not spinning
    EXPECT_EQ(visitor->session().ring->frameNumber(), gpuFrames);  // no GPU work for the eyes
    EXPECT_EQ(visitor->stats().framesSubmitted, paused.framesSubmitted);
    EXPECT_GE(visitor->stats().skippedNotVisible, paused.skippedNotVisible + 4);
    faults.injectState = XR_SESSION_STATE_FOCUSED;  // back on
    ASSERT_TRUE(runUntil([&] { return submitted() >= paused.framesSubmitted + 3; }));
}

TEST_F(XrFaultTest, SubmittedPosesAreTheLateLatchedOnes) {
    openWithFaults();
    ASSERT_TRUE(runUntil([&] { return focused() && submitted() >= 5; }));
    ASSERT_EQ(faults.layerCounts.size(), faults.locatesPerFrame.size());
    for (size_t i = 0; i < faults.layerCounts.size(); ++i)
        if (faults.layerCounts[i]) {
            EXPECT_EQ(faults.locatesPerFrame[i], 2u) << "frame " << i;
        }
    ASSERT_EQ(faults.submittedPoses.size(), 2u);
    ASSERT_EQ(faults.lastLocated.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(std::memcmp(&faults.submittedPoses[i], &faults.lastLocated[i].pose, sizeof(XrPosef)), 0);
    }
    EXPECT_EQ(visitor->stats().lateLatched, visitor->stats().framesSubmitted);
}

TEST_F(XrFaultTest, AFrameThatWouldBeLateIsEndedWithNoLayers) {
    openWithFaults();
    ASSERT_TRUE(runUntil([&] { return focused() && submitted() >= 3; }));
    const FrameStats before = visitor->stats();
    const size_t firstFrame = faults.layerCounts.size();
    faults.forcedPeriod = 500'000;  // the runtime now says 0.5 ms per frame: nothing can be ready in time
    ASSERT_TRUE(runUntil([&] { return visitor->stats().framesEnded >= before.framesEnded + 6; }));
    const FrameStats after = visitor->stats();
    EXPECT_GE(after.skippedLate, before.skippedLate + 4);
    uint64_t empty = 0;
    for (size_t i = firstFrame; i < faults.layerCounts.size(); ++i) empty += faults.layerCounts[i] == 0;
    EXPECT_GE(empty, after.skippedLate - before.skippedLate);
    faults.forcedPeriod = 0;
    ASSERT_TRUE(runUntil([&] { return submitted() >= after.framesSubmitted + 3; }));
}

// A runtime that reports a NaN field of view as valid: those frames are ended without a picture (as with
// lost tracking), nothing is drawn from them, the process goes on, and frames come back when it does.
TEST_F(XrFaultTest, ViewsWithNanNumbersAreTreatedAsLostTracking) {
    openWithFaults();
    ASSERT_TRUE(runUntil([&] { return focused() && submitted() >= 3; }));
    const FrameStats before = visitor->stats();
    faults.corruptFov = true;
    ASSERT_TRUE(runUntil([&] { return visitor->stats().framesEnded >= before.framesEnded + 5; }));
    const FrameStats during = visitor->stats();
    EXPECT_GE(during.skippedNoTracking, before.skippedNoTracking + 4);
    EXPECT_LE(during.framesSubmitted, before.framesSubmitted + 1) << "a frame drawn from a NaN view";
    faults.corruptFov = false;
    ASSERT_TRUE(runUntil([&] { return submitted() >= during.framesSubmitted + 3; }));
}

}  // namespace
}  // namespace skyhook::xr::test
