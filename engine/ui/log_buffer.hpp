#pragma once
// The last warnings and errors, kept for the operator console. Registers a log sink for its lifetime.
// Thread-safe: the log may be written from any thread; the console reads on the main thread.
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "engine/core/log.hpp"

namespace skyhook::ui {

class LogBuffer {
public:
    static constexpr size_t kCapacity = 200;
    struct Line {
        log::Level level = log::Level::Info;
        std::string text;
    };

    explicit LogBuffer(log::Level minLevel = log::Level::Warn);
    ~LogBuffer();
    LogBuffer(const LogBuffer&) = delete;
    LogBuffer& operator=(const LogBuffer&) = delete;

    std::vector<Line> snapshot() const;
    size_t total() const;  // lines seen, including those dropped from the front

private:
    mutable std::mutex m_mutex;
    std::deque<Line> m_lines;
    size_t m_total = 0;
    log::Level m_minLevel;
    int m_sink = -1;
};

}  // namespace skyhook::ui
