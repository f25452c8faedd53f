#pragma once
// Loads models on worker threads while the show runs. The render thread hands over the jobs when a scene is
// set and takes what has arrived at frame boundaries (Renderer::render); nothing here touches the GPU.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/core/result.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::render {

class ModelStreamer {
public:
    using LoadFn = std::function<Result<scene::Model>(uint32_t index)>;
    // Starts `threads` workers that call `load` for each of `jobs` (model indices, taken in order). `load`
    // runs on those threads: it must be thread-safe and must not touch the renderer.
    ModelStreamer(std::vector<uint32_t> jobs, LoadFn load, uint32_t threads);
    // Drops the jobs not started and waits for the loads in progress (a scene change or shutdown).
    ~ModelStreamer();
    ModelStreamer(const ModelStreamer&) = delete;
    ModelStreamer& operator=(const ModelStreamer&) = delete;

    struct Arrived {
        uint32_t index = 0;
        Result<scene::Model> model;
    };
    // The loads finished since the last call, in the order they finished. Never blocks for a load.
    std::vector<Arrived> take();
    // Blocks until at least one more load has finished (or none is left), then take().
    std::vector<Arrived> waitAndTake();
    // Jobs not yet finished (queued, loading, or finished but not taken).
    uint32_t outstanding() const;

private:
    void work();

    LoadFn m_load;
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::deque<uint32_t> m_jobs;
    std::vector<Arrived> m_done;
    uint32_t m_outstanding = 0;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

}  // namespace skyhook::render
