#pragma once
// A made-up show for the console's tests (tests/unit/ui without a GPU, tests/window under Xvfb): six visitors
// at 100 s of the master's clock — ok, late frames, stale, lost, left, and one with no report yet.
#include "engine/ui/show_panel.hpp"

namespace skyhook::ui::test {

inline constexpr int64_t kSecond = 1'000'000'000;

inline net::Health fakeHealth(net::VisitorSession session, float fps, uint64_t frames, uint64_t late,
                              uint64_t revision) {
    return {.session = session,
            .synced = true,
            .framesSubmitted = frames,
            .lateFrames = late,
            .recoveries = 1,
            .frameRate = fps,
            .offsetNs = -1'300'012'000,
            .roundTripNs = 152'000,
            .showErrorMs = 0.084f,
            .revision = revision};
}

inline ShowSnapshot fakeShow(bool playing = true) {
    using net::VisitorSession;
    constexpr int64_t s = kSecond;
    ShowSnapshot show{
        .show = "scenes/space_elevator.json",
        .endpoint = "tcp://0.0.0.0:5870",
        .clock = {.masterTime = 100 * s,
                  .showTime = 100.0,
                  .rate = 1.5,
                  .playing = playing,
                  .seekEpoch = 2,
                  .revision = 7},
        .stats = {.received = 48'211, .rejected = 3, .relayed = 30'120, .visitors = 4, .dropped = 1},
        .nowNs = 100 * s};
    show.visitors = {
        {.id = 0x0a0b0c0d,
         .address = "10.0.0.11",
         .lastSeenNs = 100 * s - s / 10,
         .health = fakeHealth(VisitorSession::Focused, 89.9f, 9000, 0, 7)},
        {.id = 0x1,
         .address = "10.0.0.12",
         .lastSeenNs = 100 * s,
         .lastLateNs = 98 * s,
         .health = fakeHealth(VisitorSession::Focused, 71.5f, 7100, 4, 6)},
        {.id = 0x2,
         .address = "10.0.0.13",
         .lastSeenNs = 98 * s + s / 2,
         .health = fakeHealth(VisitorSession::Visible, 90.0f, 8000, 0, 7)},
        {.id = 0x3,
         .address = "10.0.0.14",
         .lastSeenNs = 90 * s,
         .health = fakeHealth(VisitorSession::Recovering, 0.0f, 10, 0, 5),
         .goneNs = 92 * s},
        {.id = 0x4,
         .address = "10.0.0.15",
         .lastSeenNs = 60 * s,
         .health = fakeHealth(VisitorSession::Stopping, 90.0f, 5400, 0, 7),
         .goneNs = 60 * s,
         .left = true},
        {.id = 0x5, .address = "10.0.0.16", .lastSeenNs = 100 * s},
    };
    return show;
}

}  // namespace skyhook::ui::test
