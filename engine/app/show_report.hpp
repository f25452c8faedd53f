#pragma once
// The JSON of the shared show's reports (skyhook master --report, skyhook visitor --report): a visitor's
// health and the master's table rows, written whole (a temporary file renamed over the report, so a reader
// never sees half a file).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/net/message.hpp"
#include "engine/net/visitor_health.hpp"

namespace skyhook::app {

nlohmann::json healthJson(const net::Health& health);
nlohmann::json visitorJson(const net::VisitorEntry& visitor, int64_t nowNs,
                           const net::HealthThresholds& thresholds);
// No-op for an empty path.
void writeReport(const std::string& path, const nlohmann::json& report);

}  // namespace skyhook::app
