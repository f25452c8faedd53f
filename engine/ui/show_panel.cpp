#include "engine/ui/show_panel.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include "engine/ui/panels.hpp"

namespace skyhook::ui {

const std::array<const char*, kVisitorColumns> kVisitorColumnNames = {
    "visitor",   "address",  "status",    "session", "fps",      "frames",   "late",
    "recovered", "error ms", "offset ms", "rtt ms",  "revision", "last seen"};

namespace {

const ImVec4 kBlack(0.0f, 0.0f, 0.0f, 1.0f);
const ImVec4 kGood(0.00f, 0.62f, 0.45f, 1.0f);
const ImVec4 kWarn(0.94f, 0.89f, 0.26f, 1.0f);
constexpr size_t kStatusColumn = 2;
constexpr size_t kRevisionColumn = 11;

ImVec4 toImVec4(const std::array<float, 4>& c) {
    return ImVec4(c[0], c[1], c[2], c[3]);
}

ShowPanel::Rect lastItemRect() {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return {a.x, a.y, b.x, b.y};
}

}  // namespace

std::string formatShowTime(double seconds) {
    const char* sign = seconds < 0.0 ? "-" : "";
    const auto ms = int64_t(std::llround(std::abs(seconds) * 1000.0));
    return fmt::format("{}{}:{:02}:{:02}.{:03}", sign, ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000);
}

std::array<float, 4> statusColor(net::VisitorStatus status) {
    switch (status) {
        case net::VisitorStatus::Ok:
            return {kGood.x, kGood.y, kGood.z, 1.0f};
        case net::VisitorStatus::LateFrames:
            return {kWarn.x, kWarn.y, kWarn.z, 1.0f};
        case net::VisitorStatus::Stale:
            return {0.90f, 0.62f, 0.00f, 1.0f};
        case net::VisitorStatus::Lost:
            return {0.84f, 0.20f, 0.20f, 1.0f};
        case net::VisitorStatus::Left:
            return {0.55f, 0.55f, 0.55f, 1.0f};
    }
    return {1.0f, 0.0f, 1.0f, 1.0f};
}

std::vector<VisitorRow> visitorRows(const ShowSnapshot& s) {
    std::vector<VisitorRow> rows;
    for (const net::VisitorEntry& v : s.visitors) {
        VisitorRow row;
        row.status = net::classify(v, s.nowNs, s.thresholds);
        auto& c = row.cells;
        c[0] = fmt::format("{:08x}", v.id);
        c[1] = v.address;
        c[2] = net::visitorStatusName(row.status);
        const double ago = double(s.nowNs - (v.goneNs ? v.goneNs : v.lastSeenNs)) * 1e-9;
        c[12] = fmt::format("{:.1f} s ago", std::max(0.0, ago));
        if (!v.health) {
            c[3] = "no report yet";
            for (size_t i = 4; i < 12; ++i) c[i].assign(1, '-');
            rows.push_back(std::move(row));
            continue;
        }
        const net::Health& h = *v.health;
        c[3] = net::visitorSessionName(h.session);
        if (!h.synced) c[3] += " (syncing)";
        c[4] = fmt::format("{:.1f}", h.frameRate);
        c[5] = fmt::format("{}", h.framesSubmitted);
        c[6] = fmt::format("{}", h.lateFrames);
        c[7] = fmt::format("{}", h.recoveries);
        c[8] = fmt::format("{:+.2f}", h.showErrorMs);
        c[9] = fmt::format("{:+.3f}", double(h.offsetNs) * 1e-6);
        c[10] = fmt::format("{:.2f}", double(h.roundTripNs) * 1e-6);
        c[11] = fmt::format("{}", h.revision);
        row.behind = !v.goneNs && h.revision != s.clock.revision;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<ShowCommand> ShowPanel::draw(const ShowSnapshot& snapshot, const LogBuffer* log) {
    std::vector<ShowCommand> commands;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(display);
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus;
    m_layout = {};
    if (ImGui::Begin("Skyhook show", nullptr, kFlags)) {
        clock(snapshot, commands);
        ImGui::Separator();
        visitors(snapshot);
        if (log) {
            ImGui::TextUnformatted("Log (warnings, errors)");
            drawLog(*log, std::max(60.0f, ImGui::GetContentRegionAvail().y));
        }
    }
    ImGui::End();
    return commands;
}

void ShowPanel::clock(const ShowSnapshot& s, std::vector<ShowCommand>& commands) {
    const net::ShowState& c = s.clock;
    if (c.revision != m_seenRevision) {
        m_seenRevision = c.revision;
        m_rate = float(c.rate);  // the field follows the clock until the operator edits it
    }
    ImGui::Text("show %s", s.show.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("  listening on %s", s.endpoint.c_str());

    ImGui::SetWindowFontScale(2.0f);
    ImGui::TextUnformatted(formatShowTime(c.showTime).c_str());
    ImGui::SameLine();
    // A badge, readable from across the control room: black on green (playing) or yellow (paused).
    const char* state = c.playing ? " PLAYING " : " PAUSED ";
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::CalcTextSize(state);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y),
                                              ImGui::GetColorU32(c.playing ? kGood : kWarn));
    ImGui::TextColored(kBlack, "%s", state);
    m_layout.state = lastItemRect();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Text("rate x%.2f   revision %llu   seeks %u   cue %u", c.rate,
                static_cast<unsigned long long>(c.revision), c.seekEpoch, c.cue);

    ImGui::BeginDisabled(c.playing);
    if (ImGui::Button("Play")) commands.push_back({.kind = ShowCommand::Kind::Play});
    m_layout.play = lastItemRect();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!c.playing);
    if (ImGui::Button("Pause")) commands.push_back({.kind = ShowCommand::Kind::Pause});
    m_layout.pause = lastItemRect();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("-10 s"))
        commands.push_back({.kind = ShowCommand::Kind::Seek, .value = std::max(0.0, c.showTime - 10.0)});
    m_layout.back = lastItemRect();
    ImGui::SameLine();
    if (ImGui::Button("+10 s"))
        commands.push_back({.kind = ShowCommand::Kind::Seek, .value = c.showTime + 10.0});
    m_layout.forward = lastItemRect();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110.0f);
    const bool enter =
        ImGui::InputDouble("##seek", &m_seekTo, 0.0, 0.0, "%.3f", ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Seek") || enter)
        commands.push_back(
            {.kind = ShowCommand::Kind::Seek,
             .value = std::clamp(m_seekTo, -net::ShowClock::kMaxShowTime, net::ShowClock::kMaxShowTime)});
    m_layout.seek = lastItemRect();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70.0f);
    ImGui::InputFloat("##rate", &m_rate, 0.0f, 0.0f, "%.2f");
    ImGui::SameLine();
    if (ImGui::Button("Set rate"))
        commands.push_back({.kind = ShowCommand::Kind::Rate, .value = std::clamp(double(m_rate), 0.0, 10.0)});
    m_layout.rate = lastItemRect();
    // Space plays or pauses, unless the operator is typing a time or a rate.
    if (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false))
        commands.push_back({.kind = c.playing ? ShowCommand::Kind::Pause : ShowCommand::Kind::Play});
}

void ShowPanel::visitors(const ShowSnapshot& s) {
    const std::vector<VisitorRow> rows = visitorRows(s);
    const net::HealthSummary sum = net::summarize(s.visitors, s.nowNs, s.thresholds, s.clock.revision);
    if (sum.connected == 0) {
        ImGui::TextDisabled("no visitors connected");
    } else {
        ImGui::TextColored(sum.atRevision == sum.connected ? kGood : kWarn,
                           "%u/%u visitor(s) showing revision %llu", sum.atRevision, sum.connected,
                           static_cast<unsigned long long>(s.clock.revision));
    }
    ImGui::SameLine();
    ImGui::TextDisabled(
        "  %llu message(s), %llu rejected, %llu dropped", static_cast<unsigned long long>(s.stats.received),
        static_cast<unsigned long long>(s.stats.rejected), static_cast<unsigned long long>(s.stats.dropped));
    // Room for every row (at least six), up to 60 % of the window: the log keeps the rest.
    const float rowHeight = ImGui::GetTextLineHeightWithSpacing() + 2.0f;
    const float height = std::min(std::max(6.0f, float(rows.size()) + 1.5f) * rowHeight,
                                  std::max(90.0f, ImGui::GetContentRegionAvail().y * 0.6f));
    constexpr ImGuiTableFlags kTable = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                       ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("visitors", int(kVisitorColumns), kTable, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* name : kVisitorColumnNames) ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
    for (const VisitorRow& row : rows) {
        ImGui::TableNextRow();
        for (size_t i = 0; i < kVisitorColumns; ++i) {
            ImGui::TableSetColumnIndex(int(i));
            if (i == kStatusColumn) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                       ImGui::GetColorU32(toImVec4(statusColor(row.status))));
                ImGui::TextColored(kBlack, "%s", row.cells[i].c_str());
                m_layout.statusCells.push_back(lastItemRect());
            } else if (i == kRevisionColumn && row.behind) {
                ImGui::TextColored(kWarn, "%s", row.cells[i].c_str());
            } else {
                ImGui::TextUnformatted(row.cells[i].c_str());
            }
        }
    }
    ImGui::EndTable();
}

}  // namespace skyhook::ui
