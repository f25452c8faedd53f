#include "engine/render/streaming.hpp"

#include <exception>

namespace skyhook::render {

ModelStreamer::ModelStreamer(std::vector<uint32_t> jobs, LoadFn load, uint32_t threads)
    : m_load(std::move(load)), m_jobs(jobs.begin(), jobs.end()), m_outstanding(uint32_t(jobs.size())) {
    threads = std::max(1u, std::min<uint32_t>(threads, uint32_t(jobs.size())));
    if (jobs.empty()) return;
    for (uint32_t t = 0; t < threads; ++t) m_threads.emplace_back([this] { work(); });
}

ModelStreamer::~ModelStreamer() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();
    }
    for (std::thread& t : m_threads) t.join();
}

void ModelStreamer::work() {
    for (;;) {
        uint32_t index = 0;
        {
            std::lock_guard lock(m_mutex);
            if (m_stop || m_jobs.empty()) return;
            index = m_jobs.front();
            m_jobs.pop_front();
        }
        // Bad input must never take the show down: an exception from a loader is a failed load too.
        Result<scene::Model> model = Error::make("model {}: the loader failed", index);
        try {
            model = m_load(index);
        } catch (const std::exception& e) {
            model = Error::make("model {}: the loader threw: {}", index, e.what());
        }
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back({index, std::move(model)});
        }
        m_arrived.notify_all();
    }
}

std::vector<ModelStreamer::Arrived> ModelStreamer::take() {
    std::lock_guard lock(m_mutex);
    std::vector<Arrived> out = std::move(m_done);
    m_done.clear();
    m_outstanding -= static_cast<uint32_t>(out.size());
    return out;
}

std::vector<ModelStreamer::Arrived> ModelStreamer::waitAndTake() {
    {
        std::unique_lock lock(m_mutex);
        m_arrived.wait(lock, [&] { return !m_done.empty() || m_outstanding == 0; });
    }
    return take();
}

uint32_t ModelStreamer::outstanding() const {
    std::lock_guard lock(m_mutex);
    return m_outstanding;
}

}  // namespace skyhook::render
