// The show is evaluated at each frame's predicted display time, on the clock the show runs on
// (CLOCK_MONOTONIC): through XR_KHR_convert_timespec_time, which Monado offers, and through the estimate from
// the frame loop when the conversion fails (injected through the RawApi). The scene time a frame is rendered
// at must be the show clock's time at that frame's display time within 1 µs.
#include <cmath>

#include "engine/xr/display_clock.hpp"
#include "engine/xr/xr_result.hpp"
#include "tests/xr/xr_test.hpp"

namespace skyhook::xr::test {
namespace {

int64_t toNs(const timespec& ts) {
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct Conversions {
    PFN_xrConvertTimeToTimespecTimeKHR toTimespec = nullptr;
    PFN_xrConvertTimespecTimeToTimeKHR fromTimespec = nullptr;
};

Conversions load(XrInstance instance) {
    Conversions c;
    auto to = loadFunction<PFN_xrConvertTimeToTimespecTimeKHR>(instance, "xrConvertTimeToTimespecTimeKHR");
    auto from = loadFunction<PFN_xrConvertTimespecTimeToTimeKHR>(instance, "xrConvertTimespecTimeToTimeKHR");
    EXPECT_TRUE(to.ok() && from.ok());
    if (to.ok()) c.toTimespec = *to;
    if (from.ok()) c.fromTimespec = *from;
    return c;
}

// A show clock: 1000 s at `anchor`, then real time.
struct ShowClock {
    int64_t anchor = monotonicNowNs();
    double operator()(int64_t ns) const { return 1000.0 + double(ns - anchor) * 1e-9; }
};

// Runs `count` rendered frames with a show clock as the frame hook's; `check` gets each frame, its timing and
// its display time converted by the runtime (the truth, whatever the visitor used).
class DisplayTime : public XrTest {
protected:
    void forRenderedFrames(
        int count,
        const std::function<void(const FrameResult&, const app::XrFrameTiming&, int64_t displayNs)>& check) {
        const XrInstance instance = visitor->headset().instance().handle();
        conversions = load(instance);
        ASSERT_NE(conversions.toTimespec, nullptr);
        visitor->setFrameHook({.showTimeAt = show});
        int checked = 0;
        EXPECT_TRUE(runUntil([&] { return checked >= count; }, 30.0,
                             [&](const FrameResult& f) {
                                 if (!f.rendered) return;
                                 timespec displayed{};
                                 ASSERT_EQ(conversions.toTimespec(instance, f.displayTime, &displayed),
                                           XR_SUCCESS);
                                 const app::XrFrameTiming& t = visitor->frameTiming();
                                 EXPECT_EQ(t.displayTime, f.displayTime);
                                 // The scene time the frame was rendered at is the show clock's at the
                                 // display time used.
                                 EXPECT_NEAR(t.showTime, show(t.displayNs), 1e-6);
                                 check(f, t, toNs(displayed));
                                 ++checked;
                             }));
        visitor->setFrameHook({});
    }
    const ShowClock show;
    Conversions conversions;
};

TEST_F(DisplayTime, TheSceneTimeOfAFrameIsTheShowTimeAtItsDisplayTime) {
    open();
    ASSERT_TRUE(visitor->headset().displayClock().active()) << "Monado offers XR_KHR_convert_timespec_time";
    // The conversion itself: now → XrTime → CLOCK_MONOTONIC through the DisplayClock, within 1 µs.
    const Conversions c = load(visitor->headset().instance().handle());
    ASSERT_NE(c.fromTimespec, nullptr);
    const int64_t now = monotonicNowNs();
    const timespec ts{time_t(now / 1'000'000'000), long(now % 1'000'000'000)};
    XrTime xrNow = 0;
    ASSERT_EQ(c.fromTimespec(visitor->headset().instance().handle(), &ts, &xrNow), XR_SUCCESS);
    EXPECT_NEAR(double(visitor->headset().displayClock().toMonotonicNs(xrNow)), double(now), 1000.0);

    double leadMs = 0.0;
    constexpr int kFrames = 10;
    forRenderedFrames(kFrames, [&](const FrameResult& f, const app::XrFrameTiming& t, int64_t displayNs) {
        EXPECT_TRUE(t.exact);
        EXPECT_NEAR(double(t.displayNs), double(displayNs), 1000.0);
        EXPECT_NEAR(t.showTime, show(displayNs), 1e-6);
        // When the photons arrive, after xrWaitFrame returned: not "now" when rendering began.
        EXPECT_GT(displayNs, f.wokeNs);
        EXPECT_LT(displayNs - f.wokeNs, 4 * f.displayPeriod);
        leadMs += double(displayNs - f.wokeNs) * 1e-6 / kFrames;
    });
    RecordProperty("display_lead_ms", std::to_string(leadMs));
    std::printf("  display time: %.2f ms after xrWaitFrame returned, on average over %d frames\n", leadMs,
                kFrames);
}

TEST_F(DisplayTime, WithoutTheConversionTheDisplayTimeIsEstimatedWithinAFrame) {
    RawApi raw;
    raw.convertTimeToTimespec = [](XrInstance, XrTime, timespec*) { return XR_ERROR_FUNCTION_UNSUPPORTED; };
    open(kStereoScene, {}, raw);
    double worstMs = 0.0;
    forRenderedFrames(20, [&](const FrameResult& f, const app::XrFrameTiming& t, int64_t displayNs) {
        EXPECT_FALSE(t.exact);
        const double errorNs = double(t.displayNs - displayNs);
        EXPECT_LT(std::abs(errorNs), double(f.displayPeriod))
            << "estimate off by " << errorNs * 1e-6 << " ms";
        worstMs = std::max(worstMs, std::abs(errorNs) * 1e-6);
    });
    RecordProperty("estimate_worst_error_ms", std::to_string(worstMs));
    std::printf("  estimated display time: worst error %.3f ms over 20 frames\n", worstMs);
}

}  // namespace
}  // namespace skyhook::xr::test
