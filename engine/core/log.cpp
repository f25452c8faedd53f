#include "engine/core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <utility>
#include <vector>

#include "engine/core/check.hpp"

namespace skyhook::log {
namespace {

struct State {
    std::mutex mutex;
    std::vector<std::pair<int, Sink>> sinks;
    int nextId = 1;
    std::atomic<Level> minLevel{Level::Info};
    std::atomic<bool> toStderr{true};
    std::atomic<uint64_t> counts[4] = {};
};

State& state() {
    static State s;
    return s;
}

}  // namespace

const char* levelName(Level level) {
    switch (level) {
        case Level::Debug:
            return "debug";
        case Level::Info:
            return "info";
        case Level::Warn:
            return "warn";
        case Level::Error:
            return "error";
    }
    return "?";
}

void write(Level level, std::string_view module, std::string_view message) {
    State& s = state();
    s.counts[static_cast<int>(level)].fetch_add(1, std::memory_order_relaxed);
    if (level < s.minLevel.load(std::memory_order_relaxed)) return;
    std::lock_guard lock(s.mutex);
    if (s.toStderr.load(std::memory_order_relaxed)) {
        fmt::print(stderr, "[{}] {}: {}\n", levelName(level), module, message);
    }
    for (auto& [id, sink] : s.sinks) sink(level, module, message);
}

void setMinLevel(Level level) {
    state().minLevel = level;
}
void setStderr(bool enabled) {
    state().toStderr = enabled;
}

int addSink(Sink sink) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    int id = s.nextId++;
    s.sinks.emplace_back(id, std::move(sink));
    return id;
}

void removeSink(int id) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    std::erase_if(s.sinks, [id](const auto& p) { return p.first == id; });
}

uint64_t count(Level level) {
    return state().counts[static_cast<int>(level)].load();
}

}  // namespace skyhook::log

namespace skyhook {

void panic(const std::string& message, const std::source_location& where) {
    fmt::print(stderr, "[panic] {}:{} ({}): {}\n", where.file_name(), where.line(), where.function_name(),
               message);
    std::fflush(stderr);
    std::abort();
}

}  // namespace skyhook
