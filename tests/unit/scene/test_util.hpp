#pragma once
// Shared helpers of the scene tests.
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/log.hpp"
#include "engine/scene/scene_file.hpp"

namespace skyhook::scene::test {

// Parses scene text as the file `name` in /shows/base (error messages name it).
inline Result<Scene> parseNamed(std::string_view json, std::string_view name) {
    return parseScene(json, "/shows/base", name);
}

// The scene, or a test failure with the parser's message.
inline Scene parseOkNamed(std::string_view json, std::string_view name) {
    auto r = parseNamed(json, name);
    if (!r.ok()) ADD_FAILURE() << r.error().message;
    return r.ok() ? std::move(r).value() : Scene{};
}

// The parser's error message, or a test failure when the text parses.
inline std::string parseErrorNamed(std::string_view json, std::string_view name) {
    auto r = parseNamed(json, name);
    if (r.ok()) {
        ADD_FAILURE() << "expected an error for " << json;
        return {};
    }
    return r.error().message;
}

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
