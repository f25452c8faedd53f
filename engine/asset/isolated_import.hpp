#pragma once
// Import + cook in a child process, so a source file that crashes or hangs assimp (or eats all memory) costs
// an Error, never the calling process. The child sends its log lines, progress and the cooked bytes over a
// pipe; the parent validates them with readCookedBytes like any other cooked file.
//
// Uses fork(): call it from a thread that holds no locks the child needs. A lock held by another thread at
// the moment of fork (for example the log's) can at worst stall the child, which the timeout turns into an
// Error.
#include <chrono>
#include <cstdint>
#include <filesystem>

#include "engine/asset/cook.hpp"
#include "engine/asset/import.hpp"
#include "engine/core/result.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::asset {

struct IsolationOptions {
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};
    // Address-space limit for the child (0 = none) so a runaway importer fails instead of swapping the
    // machine. Ignored in sanitizer builds, whose shadow memory needs a huge address space.
    uint64_t memoryLimitBytes = uint64_t{16} << 30;
};

// Returns the imported *and cooked* model. A child killed by a signal gives
// "importer crashed (signal N: name) on <file>"; one that runs past the timeout is killed and gives
// "importer timed out after N ms on <file>".
Result<scene::Model> importModelIsolated(const std::filesystem::path& source,
                                         const ImportOptions& importOptions = {},
                                         const CookOptions& cookOptions = {},
                                         const IsolationOptions& isolation = {}, ProgressFn progress = {});

}  // namespace skyhook::asset
