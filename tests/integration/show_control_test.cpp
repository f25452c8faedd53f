// The operator's control of a shared show over loopback, with the master in this process (the test drives
// its ShowClock as the console does and reads its visitors' table):
// - every clock change (seek, pause, play, rate) is pushed at once to three `skyhook visitor` processes; the
//   periodic repeat is switched off, so only the push can bring it. Each visitor must display every
//   revision in order, none skipped, with the master's show time; arrival and display latencies are
//   measured against CLOCK_MONOTONIC (shared by every process here) and bounded;
// - the master's table holds exactly the health each visitor sent (in-process links and a hand-made
//   visitor speaking the wire format), classifies ok / late frames / stale / lost / left, and rejects
//   malformed or unauthenticated health reports;
// - a visitor link never lets an older, replayed or foreign master's state undo the one it follows;
// - `skyhook master --console` without a display runs headless (health summaries in the log), and
//   --screenshot without --console is a usage error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.h>

#include "engine/net/clock_sync.hpp"
#include "engine/net/master.hpp"
#include "engine/net/visitor_link.hpp"
#include "tests/integration/process_util.hpp"

namespace skyhook::net {
namespace {

using namespace skyhook::test;
constexpr const char* kKey = "show control test venue key 77";
constexpr int64_t kMs = 1'000'000;

VenueKey venueKey() {
    return *keyFromString(kKey);
}

std::optional<VisitorEntry> row(const Master& master, uint32_t id) {
    for (const VisitorEntry& v : master.visitors())
        if (v.id == id) return v;
    return std::nullopt;
}

// A peer built from raw ZeroMQ and the wire format: a hand-made visitor (DEALER) or master (ROUTER).
class RawPeer {
public:
    RawPeer(int type, const std::string& endpoint, bool bind) {
        m_context = zmq_ctx_new();
        m_socket = zmq_socket(m_context, type);
        int linger = 0;
        zmq_setsockopt(m_socket, ZMQ_LINGER, &linger, sizeof linger);
        if (bind) {
            EXPECT_EQ(zmq_bind(m_socket, endpoint.c_str()), 0);
            char bound[256] = {};
            size_t size = sizeof bound;
            zmq_getsockopt(m_socket, ZMQ_LAST_ENDPOINT, bound, &size);
            m_endpoint = bound;
        } else {
            EXPECT_EQ(zmq_connect(m_socket, endpoint.c_str()), 0);
        }
    }
    ~RawPeer() {
        zmq_close(m_socket);
        zmq_ctx_term(m_context);
    }
    const std::string& endpoint() const { return m_endpoint; }
    std::vector<uint8_t> make(uint32_t sender, uint64_t sequence, Payload payload,
                              const VenueKey& key = venueKey()) {
        return encode({.header = {.sender = sender, .sequence = sequence, .timestamp = steadyNowNs()},
                       .payload = std::move(payload)},
                      key);
    }
    void send(const std::vector<uint8_t>& bytes) {
        if (!m_routingId.empty()) zmq_send(m_socket, m_routingId.data(), m_routingId.size(), ZMQ_SNDMORE);
        zmq_send(m_socket, bytes.data(), bytes.size(), 0);
    }
    // A ROUTER learns where to send from the first message it receives.
    bool learnRoutingId() {
        zmq_pollitem_t item{m_socket, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&item, 1, 5000) <= 0) return false;
        char id[256];
        const int n = zmq_recv(m_socket, id, sizeof id, 0);
        if (n <= 0) return false;
        m_routingId.assign(id, size_t(n));
        char rest[4096];
        while (true) {  // the rest of that message
            int more = 0;
            size_t size = sizeof more;
            zmq_getsockopt(m_socket, ZMQ_RCVMORE, &more, &size);
            if (!more) break;
            zmq_recv(m_socket, rest, sizeof rest, 0);
        }
        return true;
    }

private:
    void* m_context = nullptr;
    void* m_socket = nullptr;
    std::string m_endpoint;
    std::string m_routingId;
};

// --- pushed clock changes, three visitor processes --------------------------------------------------------

struct Change {
    const char* what;
    std::function<void(ShowClock&)> apply;
    int64_t at = 0;   // steady ns just before the clock changed
    ShowState state;  // the clock just after
};

TEST(ShowControlLoopback, ClockChangesArePushedToEveryVisitorProcessAtOnce) {
    const fs::path dir = fs::path(SKYHOOK_TEST_TMP) / "show_control";
    fs::remove_all(dir);
    fs::create_directories(dir);
    setenv("SKYHOOK_VENUE_KEY", kKey, 1);
    ShowClock clock(10.0, /*playing=*/true);
    // No periodic repeats within the test: a visitor can only learn of a change from the push.
    auto started =
        Master::start({.bind = "tcp://127.0.0.1:*", .key = venueKey(), .stateInterval = 3600.0}, clock);
    ASSERT_TRUE(started) << started.error().message;
    Master& master = **started;
    const std::string address = master.endpoint().substr(std::string("tcp://").size());

    // Clock skews pretend two visitors' machines are off by +250 ms and -1.3 s.
    const std::vector<std::string> skews = {"0", "250", "-1300"};
    std::vector<pid_t> visitors;
    for (size_t i = 0; i < skews.size(); ++i)
        visitors.push_back(
            spawn({"visitor", "--master", address, "--duration", "120", "--fps", "60", "--clock-skew-ms",
                   skews[i], "--report", (dir / ("visitor" + std::to_string(i) + ".json")).string()},
                  dir / ("visitor" + std::to_string(i) + ".log")));
    auto allShow = [&](uint64_t revision, int64_t maxRoundTrip = INT64_MAX) {
        const std::vector<VisitorEntry> table = master.visitors();
        return table.size() == skews.size() &&
               std::all_of(table.begin(), table.end(), [&](const VisitorEntry& v) {
                   return v.health && v.health->synced && v.health->revision == revision &&
                          v.health->roundTripNs < maxRoundTrip;
               });
    };
    // Synced, with a clock exchange under 0.5 ms behind each offset estimate (its error is at most half the
    // round trip), so the show times compared below measure the push, not a first rough estimate.
    ASSERT_TRUE(waitUntil([&] { return allShow(clock.revision(), kMs / 2); }, 20s))
        << readText(dir / "visitor0.log");

    std::vector<Change> changes = {
        {"seek forward", [](ShowClock& c) { c.seek(500.0); }},
        {"pause", [](ShowClock& c) { c.pause(); }},
        {"seek while paused", [](ShowClock& c) { c.seek(120.0); }},
        {"play", [](ShowClock& c) { c.play(); }},
        {"rate x2", [](ShowClock& c) { c.setRate(2.0); }},
        {"seek back while playing", [](ShowClock& c) { c.seek(30.0); }},
        {"pause again", [](ShowClock& c) { c.pause(); }},
    };
    const uint64_t firstRevision = clock.revision();
    for (Change& change : changes) {
        change.at = steadyNowNs();
        change.apply(clock);
        change.state = clock.state();
        // Every visitor reports the revision it displays at once: wait for all three before the next change.
        ASSERT_TRUE(waitUntil([&] { return allShow(change.state.revision); }, 10s)) << change.what;
    }
    for (pid_t pid : visitors) kill(pid, SIGTERM);
    for (size_t i = 0; i < visitors.size(); ++i)
        EXPECT_EQ(waitFor(visitors[i], 15s), 0) << readText(dir / ("visitor" + std::to_string(i) + ".log"));

    // One push per change per visitor, and nothing else after the first state each got on joining.
    EXPECT_EQ(master.stats().statesPushed, changes.size() * skews.size());
    std::vector<double> arrival, display;
    for (size_t i = 0; i < skews.size(); ++i) {
        const nlohmann::json r = readJson(dir / ("visitor" + std::to_string(i) + ".json"));
        ASSERT_FALSE(r.is_discarded()) << i;
        EXPECT_EQ(r["states"].get<uint64_t>(), 1 + changes.size()) << i;
        EXPECT_EQ(r["stale_states"].get<uint64_t>(), 0u) << i;
        EXPECT_EQ(r["rejected"].get<uint64_t>(), 0u) << i;
        // Every revision displayed, in order, none skipped: the first state, then one per change.
        const nlohmann::json& revs = r["revisions"];
        ASSERT_EQ(revs.size(), 1 + changes.size()) << i << ": " << revs.dump();
        EXPECT_EQ(revs[0]["revision"].get<uint64_t>(), firstRevision) << i;
        for (size_t k = 0; k < changes.size(); ++k) {
            const Change& change = changes[k];
            const nlohmann::json& seen = revs[k + 1];
            ASSERT_EQ(seen["revision"].get<uint64_t>(), change.state.revision) << i << " " << change.what;
            const int64_t arrived = seen["arrived_ns"], displayed = seen["displayed_ns"];
            arrival.push_back(double(arrived - change.at) * 1e-6);
            display.push_back(double(displayed - change.at) * 1e-6);
            EXPECT_GT(arrived, change.at) << i << " " << change.what;
            EXPECT_GE(displayed, arrived) << i << " " << change.what;
            // The show time displayed is the master's at that instant (a seek jumps even backwards, a pause
            // freezes on the master's exact time).
            const ShowState& s = change.state;
            const double expected =
                s.showTime + (s.playing ? s.rate * double(displayed - s.masterTime) * 1e-9 : 0.0);
            EXPECT_NEAR(seen["show_time"].get<double>(), expected, 1e-3) << i << " " << change.what;
            EXPECT_EQ(seen["playing"].get<bool>(), s.playing) << i << " " << change.what;
            EXPECT_EQ(seen["rate"].get<double>(), s.rate) << i << " " << change.what;
        }
    }
    std::sort(arrival.begin(), arrival.end());
    std::sort(display.begin(), display.end());
    const double arrivalMedian = arrival[arrival.size() / 2], arrivalMax = arrival.back();
    const double displayMedian = display[display.size() / 2], displayMax = display.back();
    std::cout << "clock change -> visitor process, " << arrival.size() << " pushes: arrival median "
              << arrivalMedian << " ms, max " << arrivalMax << " ms; displayed (60 fps loop) median "
              << displayMedian << " ms, max " << displayMax << " ms\n";
    RecordProperty("push_arrival_max_us", int(arrivalMax * 1e3));
    RecordProperty("push_display_max_us", int(displayMax * 1e3));
    // Bounds: far under the 100 ms of the periodic repeat the push replaces; a display waits at most for
    // the visitor's next frame (16.7 ms at 60 fps) on top. Generous for two busy shared cores.
    EXPECT_LT(arrivalMax, 50.0);
    EXPECT_LT(displayMax, 50.0 + 1000.0 / 60.0);
}

// --- the master's table, health reports asserted exactly ---------------------------------------------------

TEST(ShowControlLoopback, MasterTableHoldsEachVisitorsHealthExactly) {
    ShowClock clock(0.0, true);
    MasterOptions options{.bind = "tcp://127.0.0.1:*", .key = venueKey(), .peerTimeout = 1.5};
    options.health.staleAfter = 0.5;
    auto started = Master::start(options, clock);
    ASSERT_TRUE(started) << started.error().message;
    Master& master = **started;
    const std::string address = master.endpoint().substr(std::string("tcp://").size());

    auto a = VisitorLink::connect({.master = address, .key = venueKey()});
    auto b = VisitorLink::connect({.master = address, .key = venueKey()});
    ASSERT_TRUE(a && b);
    VisitorLink& headset = **a;
    VisitorLink& laptop = **b;
    headset.publishFrames(
        {.session = VisitorSession::Focused, .framesSubmitted = 9000, .lateFrames = 3, .recoveries = 1});
    laptop.publishFrames({.session = VisitorSession::Headless, .framesSubmitted = 100});
    // Exactly what each link last sent (the master's copy equals it between two reports). The test is the
    // links' frame loop: it displays the show time.
    auto holds = [&](VisitorLink& link) {
        link.showTime();
        const auto v = row(master, link.id());
        return v && v->health && link.clock().synced && v->health->synced && *v->health == link.lastHealth();
    };
    ASSERT_TRUE(waitUntil([&] { return holds(headset) && holds(laptop); }, 10s));
    const VisitorEntry h = *row(master, headset.id()), l = *row(master, laptop.id());
    EXPECT_EQ(h.address, "127.0.0.1");
    EXPECT_EQ(h.health->session, VisitorSession::Focused);
    EXPECT_EQ(h.health->framesSubmitted, 9000u);
    EXPECT_EQ(h.health->lateFrames, 3u);
    EXPECT_EQ(h.health->recoveries, 1u);
    EXPECT_EQ(h.health->revision, clock.revision());
    EXPECT_GT(h.health->roundTripNs, 0);
    EXPECT_EQ(l.health->session, VisitorSession::Headless);
    EXPECT_EQ(l.health->framesSubmitted, 100u);
    const int64_t now = steadyNowNs();
    EXPECT_EQ(classify(h, now, master.thresholds()), VisitorStatus::LateFrames);  // 3 late frames just now
    EXPECT_EQ(classify(l, now, master.thresholds()), VisitorStatus::Ok);

    // A hand-made visitor reports once, then falls silent: stale after 0.5 s, lost (dropped) after 1.5 s,
    // its row kept with its last health.
    RawPeer raw(ZMQ_DEALER, master.endpoint(), false);
    const uint32_t rawId = 0xc0ffee;
    const Health rawHealth{.session = VisitorSession::Visible,
                           .synced = true,
                           .framesSubmitted = 4242,
                           .lateFrames = 0,
                           .recoveries = 2,
                           .frameRate = 72.0f,
                           .offsetNs = 123'456,
                           .roundTripNs = 654'321,
                           .showErrorMs = -0.25f,
                           .revision = clock.revision()};
    const uint64_t rejectedBefore = master.stats().rejected;
    raw.send(raw.make(rawId, 1, rawHealth));
    // Then malformed and unauthenticated reports: rejected, the row keeps the good one.
    Health bad = rawHealth;
    bad.frameRate = std::numeric_limits<float>::quiet_NaN();
    raw.send(raw.make(rawId, 2, bad));
    Health forged = rawHealth;
    forged.framesSubmitted = 1;
    raw.send(raw.make(rawId, 3, forged, *keyFromString("a key this hall never had")));
    ASSERT_TRUE(waitUntil([&] { return master.stats().rejected >= rejectedBefore + 2; }, 5s));
    const auto r = row(master, rawId);
    ASSERT_TRUE(r && r->health);
    EXPECT_EQ(*r->health, rawHealth);
    EXPECT_EQ(r->healthReports, 1u);
    EXPECT_EQ(master.stats().rejected, rejectedBefore + 2);
    EXPECT_TRUE(waitUntil(
        [&] {
            return classify(*row(master, rawId), steadyNowNs(), master.thresholds()) == VisitorStatus::Stale;
        },
        5s));
    EXPECT_TRUE(waitUntil([&] { return row(master, rawId)->goneNs != 0; }, 5s));
    const VisitorEntry lost = *row(master, rawId);
    EXPECT_EQ(classify(lost, steadyNowNs(), master.thresholds()), VisitorStatus::Lost);
    EXPECT_EQ(*lost.health, rawHealth);
    EXPECT_EQ(master.stats().dropped, 1u);

    // A visitor that says goodbye is listed as left; the others stay connected and never saw a health
    // report relayed to them (they would have rejected it).
    const uint32_t laptopId = laptop.id();
    b->reset();
    ASSERT_TRUE(waitUntil([&] { return row(master, laptopId)->goneNs != 0; }, 5s));
    EXPECT_EQ(classify(*row(master, laptopId), steadyNowNs(), master.thresholds()), VisitorStatus::Left);
    EXPECT_EQ(master.stats().visitors, 1u);
    EXPECT_EQ(headset.stats().rejected, 0u);
    EXPECT_EQ(master.visitors().front().id, headset.id());  // connected rows first
}

// --- a visitor follows one master, newest state first ------------------------------------------------------

TEST(ShowControlLoopback, AnOlderReplayedOrForeignStateNeverUndoesTheNewest) {
    RawPeer fakeMaster(ZMQ_ROUTER, "tcp://127.0.0.1:*", true);
    const std::string address = fakeMaster.endpoint().substr(std::string("tcp://").size());
    auto link = VisitorLink::connect({.master = address, .key = venueKey(), .masterTimeout = 30.0});
    ASSERT_TRUE(link);
    VisitorLink& v = **link;
    ASSERT_TRUE(fakeMaster.learnRoutingId());
    const uint32_t m1 = 0x11111111, m2 = 0x22222222;
    auto state = [](uint64_t revision, double showTime, bool playing) {
        return ShowState{.masterTime = steadyNowNs(),
                         .showTime = showTime,
                         .rate = 1.0,
                         .playing = playing,
                         .revision = revision};
    };
    auto shows = [&](uint64_t revision) {
        v.showTime();
        return v.clock().state.revision == revision;
    };
    const auto newest = fakeMaster.make(m1, 10, state(5, 42.0, false));
    fakeMaster.send(newest);
    ASSERT_TRUE(waitUntil([&] { return shows(5); }, 5s));
    // An older revision with a newer sequence (as if it had been delayed in some queue): refused.
    fakeMaster.send(fakeMaster.make(m1, 11, state(3, 900.0, true)));
    ASSERT_TRUE(waitUntil([&] { return v.stats().staleStates == 1; }, 5s));
    // The newest message replayed verbatim: refused by its sequence.
    fakeMaster.send(newest);
    ASSERT_TRUE(waitUntil([&] { return v.stats().rejected == 1; }, 5s));
    // Another master while the first is alive (a replay of an earlier master's traffic, say): refused.
    fakeMaster.send(fakeMaster.make(m2, 1, state(9, 7.0, true)));
    ASSERT_TRUE(waitUntil([&] { return v.stats().rejected == 2; }, 5s));
    EXPECT_EQ(v.showTime(), 42.0);
    EXPECT_EQ(v.clock().state.revision, 5u);
    EXPECT_EQ(v.clock().master, m1);
    // Once the first master says goodbye, a new one is followed from its own state (revisions start over).
    fakeMaster.send(fakeMaster.make(m1, 12, Goodbye{m1}));
    fakeMaster.send(fakeMaster.make(m2, 2, state(1, 7.0, false)));
    ASSERT_TRUE(waitUntil([&] { return v.clock().master == m2; }, 5s));
    EXPECT_EQ(v.showTime(), 7.0);
    EXPECT_EQ(v.stats().staleStates, 1u);
    EXPECT_EQ(v.stats().states, 2u);
}

// --- the console's options ------------------------------------------------------------------------------

TEST(ShowControlLoopback, MasterWithoutADisplayRunsHeadlessAndOptionsFailClearly) {
    const fs::path dir = fs::path(SKYHOOK_TEST_TMP) / "show_console_options";
    fs::create_directories(dir);
    setenv("SKYHOOK_VENUE_KEY", kKey, 1);
    const std::string scene = std::string(SKYHOOK_SOURCE_DIR) + "/scenes/sphere_grid.json";
    const pid_t noShot = spawn(
        {"master", scene, "--listen", "127.0.0.1", "--port", "0", "--screenshot", (dir / "x.png").string()},
        dir / "no_console.log");
    EXPECT_EQ(waitFor(noShot, 10s), 2);
    EXPECT_NE(readText(dir / "no_console.log").find("--screenshot needs --console"), std::string::npos);
    // No display: the console cannot open, the show runs on without it (and says so), exit 0.
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    const pid_t headless = spawn({"master", scene, "--listen", "127.0.0.1", "--port", "0", "--console",
                                  "--duration", "1.5", "--status-every", "0.5"},
                                 dir / "headless.log");
    EXPECT_EQ(waitFor(headless, 20s), 0) << readText(dir / "headless.log");
    const std::string log = readText(dir / "headless.log");
    EXPECT_NE(log.find("the master runs headless"), std::string::npos) << log;
    // The headless health summary, once a status period.
    EXPECT_NE(log.find("playing x1.00 rev 1 · 0 visitor(s)"), std::string::npos) << log;
}

}  // namespace
}  // namespace skyhook::net
