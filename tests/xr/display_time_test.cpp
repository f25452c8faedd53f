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

TEST_F(XrTest, TheSceneTimeOfAFrameIsTheShowTimeAtItsDisplayTime) {
    open();
    XrInstance instance = visitor->headset().instance().handle();
    ASSERT_TRUE(visitor->headset().displayClock().active()) << "Monado offers XR_KHR_convert_timespec_time";
    const Conversions c = load(instance);
    ASSERT_NE(c.toTimespec, nullptr);
    // The conversion itself: now → XrTime → CLOCK_MONOTONIC through the DisplayClock, within 1 µs.
    const int64_t now = monotonicNowNs();
    const timespec ts{time_t(now / 1'000'000'000), long(now % 1'000'000'000)};
    XrTime xrNow = 0;
    ASSERT_EQ(c.fromTimespec(instance, &ts, &xrNow), XR_SUCCESS);
    EXPECT_NEAR(double(visitor->headset().displayClock().toMonotonicNs(xrNow)), double(now), 1000.0);

    const ShowClock show;
    visitor->setFrameHook({.showTimeAt = show});
    int checked = 0;
    double leadMs = 0.0;
    ASSERT_TRUE(runUntil([&] { return checked >= 10; }, 30.0,
                         [&](const FrameResult& f) {
                             if (!f.rendered) return;
                             const app::XrFrameTiming& t = visitor->frameTiming();
                             EXPECT_EQ(t.displayTime, f.displayTime);
                             EXPECT_TRUE(t.exact);
                             timespec displayed{};
                             ASSERT_EQ(c.toTimespec(instance, f.displayTime, &displayed), XR_SUCCESS);
                             const int64_t displayNs = toNs(displayed);
                             EXPECT_NEAR(double(t.displayNs), double(displayNs), 1000.0);
                             EXPECT_NEAR(t.showTime, show(displayNs), 1e-6);
                             // When the photons arrive, after xrWaitFrame returned: not "now" when rendering
                             // began.
                             EXPECT_GT(displayNs, f.wokeNs);
                             EXPECT_LT(displayNs - f.wokeNs, 4 * f.displayPeriod);
                             leadMs += double(displayNs - f.wokeNs) * 1e-6;
                             ++checked;
                         }));
    RecordProperty("display_lead_ms", std::to_string(leadMs / checked));
    std::printf("  display time: %.2f ms after xrWaitFrame returned, on average over %d frames\n",
                leadMs / checked, checked);
    visitor->setFrameHook({});
}

TEST_F(XrTest, WithoutTheConversionTheDisplayTimeIsEstimatedWithinAFrame) {
    RawApi raw;
    raw.convertTimeToTimespec = [](XrInstance, XrTime, timespec*) { return XR_ERROR_FUNCTION_UNSUPPORTED; };
    open(kStereoScene, {}, raw);
    XrInstance instance = visitor->headset().instance().handle();
    const Conversions c = load(instance);
    ASSERT_NE(c.toTimespec, nullptr);
    const ShowClock show;
    visitor->setFrameHook({.showTimeAt = show});
    int checked = 0;
    double worstMs = 0.0;
    ASSERT_TRUE(runUntil([&] { return checked >= 20; }, 30.0,
                         [&](const FrameResult& f) {
                             if (!f.rendered) return;
                             const app::XrFrameTiming& t = visitor->frameTiming();
                             EXPECT_FALSE(t.exact);
                             EXPECT_NEAR(t.showTime, show(t.displayNs), 1e-6);
                             timespec displayed{};
                             ASSERT_EQ(c.toTimespec(instance, f.displayTime, &displayed), XR_SUCCESS);
                             const double errorNs = double(t.displayNs - toNs(displayed));
                             EXPECT_LT(std::abs(errorNs), double(f.displayPeriod))
                                 << "estimate off by " << errorNs * 1e-6 << " ms";
                             worstMs = std::max(worstMs, std::abs(errorNs) * 1e-6);
                             ++checked;
                         }));
    RecordProperty("estimate_worst_error_ms", std::to_string(worstMs));
    std::printf("  estimated display time: worst error %.3f ms over %d frames\n", worstMs, checked);
    visitor->setFrameHook({});
}

}  // namespace
}  // namespace skyhook::xr::test
