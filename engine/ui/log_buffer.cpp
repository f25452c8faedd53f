#include "engine/ui/log_buffer.hpp"

namespace skyhook::ui {

LogBuffer::LogBuffer(log::Level minLevel) : m_minLevel(minLevel) {
    m_sink = log::addSink([this](log::Level level, std::string_view module, std::string_view message) {
        if (level < m_minLevel) return;
        std::lock_guard lock(m_mutex);
        m_lines.push_back({level, fmt::format("[{}] {}", module, message)});
        if (m_lines.size() > kCapacity) m_lines.pop_front();
        ++m_total;
    });
}

LogBuffer::~LogBuffer() {
    log::removeSink(m_sink);
}

std::vector<LogBuffer::Line> LogBuffer::snapshot() const {
    std::lock_guard lock(m_mutex);
    return {m_lines.begin(), m_lines.end()};
}

size_t LogBuffer::total() const {
    std::lock_guard lock(m_mutex);
    return m_total;
}

}  // namespace skyhook::ui
