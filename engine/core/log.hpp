#pragma once
// Logging: one process-wide log with pluggable sinks (stderr by default; the operator console adds its own).
// Thread-safe. Warnings and errors are counted so tests and the console can tell a clean run from a noisy
// one.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace skyhook::log {

enum class Level : uint8_t { Debug, Info, Warn, Error };

using Sink = std::function<void(Level, std::string_view module, std::string_view message)>;

void write(Level level, std::string_view module, std::string_view message);
void setMinLevel(Level level);
// Adds a sink; returns its id for removeSink.
int addSink(Sink sink);
void removeSink(int id);
// Whether the default stderr sink prints (tests silence it).
void setStderr(bool enabled);
uint64_t count(Level level);
const char* levelName(Level level);

template <class... Args>
void debug(std::string_view module, fmt::format_string<Args...> f, Args&&... a) {
    write(Level::Debug, module, fmt::format(f, std::forward<Args>(a)...));
}
template <class... Args>
void info(std::string_view module, fmt::format_string<Args...> f, Args&&... a) {
    write(Level::Info, module, fmt::format(f, std::forward<Args>(a)...));
}
template <class... Args>
void warn(std::string_view module, fmt::format_string<Args...> f, Args&&... a) {
    write(Level::Warn, module, fmt::format(f, std::forward<Args>(a)...));
}
template <class... Args>
void error(std::string_view module, fmt::format_string<Args...> f, Args&&... a) {
    write(Level::Error, module, fmt::format(f, std::forward<Args>(a)...));
}

}  // namespace skyhook::log
