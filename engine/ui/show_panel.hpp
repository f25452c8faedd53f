#pragma once
// The show master's operator console (skyhook master --console): the show clock (time, playing or paused,
// rate, revision) with play / pause / seek / rate controls, and the table of visitors with their health,
// each row's status colour-coded (ok, late frames, stale, lost, left), then the last warnings and errors.
// Immediate-mode and passive: draw() reads a snapshot and returns what the operator asked for; the app
// applies the commands to the net::ShowClock (so the panel never touches the network, and is tested with a
// made-up table). Keys: Space plays or pauses (unless a text field has the keyboard).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/net/master.hpp"
#include "engine/ui/log_buffer.hpp"

namespace skyhook::ui {

struct ShowCommand {
    enum class Kind : uint8_t { Play, Pause, Seek, Rate };
    Kind kind = Kind::Play;
    double value = 0.0;  // Seek: show time (s); Rate: show seconds per second
    bool operator==(const ShowCommand&) const = default;
};

// What the console shows: a snapshot taken by the app once a frame.
struct ShowSnapshot {
    std::string show;      // the show file
    std::string endpoint;  // where the master listens
    net::ShowState clock;  // ShowClock::state() (its showTime holds now)
    std::vector<net::VisitorEntry> visitors;
    net::HealthThresholds thresholds;
    net::MasterStats stats;
    int64_t nowNs = 0;  // the master's steady clock, for ages and statuses
};

// The visitors table's text, one row per visitor (pure: tested without drawing).
inline constexpr size_t kVisitorColumns = 13;
extern const std::array<const char*, kVisitorColumns> kVisitorColumnNames;
struct VisitorRow {
    std::array<std::string, kVisitorColumns> cells;
    net::VisitorStatus status = net::VisitorStatus::Ok;
    bool behind = false;  // connected, but not displaying the clock's revision yet
};
std::vector<VisitorRow> visitorRows(const ShowSnapshot& snapshot);
// The show time as h:mm:ss.mmm (negative times get a sign).
std::string formatShowTime(double seconds);
// Status colours (sRGB, opaque; Okabe–Ito where they fit): the cell's background. Text on them is black.
std::array<float, 4> statusColor(net::VisitorStatus status);

class ShowPanel {
public:
    // Screen rectangles of the last frame's controls and status cells (tests, screenshots).
    struct Rect {
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        float cx() const { return (x0 + x1) * 0.5f; }
        float cy() const { return (y0 + y1) * 0.5f; }
    };
    struct Layout {
        Rect state;  // the PLAYING / PAUSED badge
        Rect play, pause, back, forward, seek, rate;
        std::vector<Rect> statusCells;  // one per row of visitorRows()
    };

    // One frame of the console filling the display; returns the operator's commands of this frame.
    std::vector<ShowCommand> draw(const ShowSnapshot& snapshot, const LogBuffer* log);
    const Layout& layout() const { return m_layout; }

private:
    void clock(const ShowSnapshot& snapshot, std::vector<ShowCommand>& commands);
    void visitors(const ShowSnapshot& snapshot);

    double m_seekTo = 0.0;
    float m_rate = 1.0f;
    uint64_t m_seenRevision = 0;  // the rate field follows the clock's rate at every change
    Layout m_layout;
};

}  // namespace skyhook::ui
