#pragma once
// Shared helpers of the scene tests.
#include <mutex>
#include <string>
#include <vector>

#include "engine/core/log.hpp"

namespace skyhook::scene::test {

// Collects warnings logged while it lives (and keeps them off stderr).
class WarningCapture {
public:
    WarningCapture() {
        log::setStderr(false);
        m_sink = log::addSink([this](log::Level level, std::string_view, std::string_view message) {
            if (level != log::Level::Warn) return;
            std::lock_guard lock(m_mutex);
            m_warnings.emplace_back(message);
        });
    }
    ~WarningCapture() {
        log::removeSink(m_sink);
        log::setStderr(true);
    }
    WarningCapture(const WarningCapture&) = delete;
    WarningCapture& operator=(const WarningCapture&) = delete;

    std::vector<std::string> warnings() {
        std::lock_guard lock(m_mutex);
        return m_warnings;
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_warnings;
    int m_sink = 0;
};

}  // namespace skyhook::scene::test
