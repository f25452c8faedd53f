#include "engine/app/show_report.hpp"

#include <cstdio>
#include <fstream>

namespace skyhook::app {

nlohmann::json healthJson(const net::Health& h) {
    return {{"session", net::visitorSessionName(h.session)},
            {"synced", h.synced},
            {"frames_submitted", h.framesSubmitted},
            {"late_frames", h.lateFrames},
            {"recoveries", h.recoveries},
            {"frame_rate", h.frameRate},
            {"offset_ns", h.offsetNs},
            {"round_trip_ns", h.roundTripNs},
            {"show_error_ms", h.showErrorMs},
            {"revision", h.revision}};
}

nlohmann::json visitorJson(const net::VisitorEntry& v, int64_t nowNs,
                           const net::HealthThresholds& thresholds) {
    nlohmann::json j = {{"id", v.id},
                        {"address", v.address},
                        {"status", net::visitorStatusName(net::classify(v, nowNs, thresholds))},
                        {"joined_ns", v.joinedNs},
                        {"last_seen_ns", v.lastSeenNs},
                        {"messages", v.messages},
                        {"health_reports", v.healthReports}};
    if (v.health) j["health"] = healthJson(*v.health);
    return j;
}

void writeReport(const std::string& path, const nlohmann::json& report) {
    if (path.empty()) return;
    std::ofstream(path + ".tmp") << report.dump() << "\n";
    std::rename((path + ".tmp").c_str(), path.c_str());
}

}  // namespace skyhook::app
