#include "engine/asset/cook_cache.hpp"

#include <string>
#include <system_error>

#include "engine/asset/cooked_format.hpp"
#include "engine/asset/isolated_import.hpp"
#include "engine/core/file.hpp"
#include "engine/core/hash.hpp"
#include "engine/core/log.hpp"

namespace skyhook::asset {
namespace {

constexpr std::string_view kLog = "asset";

}  // namespace

Result<std::filesystem::path> cookedCachePath(const std::filesystem::path& source) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path absolute = fs::absolute(source, ec);
    if (ec) return Error::make("{}: cannot resolve its absolute path ({})", source.string(), ec.message());
    uintmax_t size = fs::file_size(absolute, ec);
    if (ec) return Error::make("{}: cannot read its size ({})", absolute.string(), ec.message());
    auto mtime = fs::last_write_time(absolute, ec);
    if (ec) return Error::make("{}: cannot read its modification time ({})", absolute.string(), ec.message());
    std::string key = fmt::format("{}\n{}\n{}\n{}", absolute.lexically_normal().string(), size,
                                  mtime.time_since_epoch().count(), kCookedFormatVersion);
    return cacheDir() / "cooked" / fmt::format("{:016x}.skm", hash64(key));
}

Result<void> cookFile(const std::filesystem::path& source, const std::filesystem::path& dest,
                      ProgressFn progress) {
    auto model = importModelIsolated(source, {}, {}, {}, std::move(progress));
    if (!model) return model.error();
    return writeCooked(*model, dest);
}

Result<scene::Model> loadCookedOrCook(const std::filesystem::path& source, ProgressFn progress) {
    auto cachePath = cookedCachePath(source);
    if (!cachePath) return cachePath.error();
    std::error_code ec;
    if (std::filesystem::exists(*cachePath, ec)) {
        auto cached = readCooked(*cachePath);
        if (cached) return cached;
        log::warn(kLog, "cooked cache for {} is unusable ({}); cooking again", source.string(),
                  cached.error().message);
    }
    auto model = importModelIsolated(source, {}, {}, {}, std::move(progress));
    if (!model) return model.error();
    // A cache that cannot be written (read-only disk) costs a re-cook next time, not this load.
    if (auto written = writeCooked(*model, *cachePath); !written)
        log::warn(kLog, "cannot write the cooked cache for {}: {}", source.string(), written.error().message);
    return model;
}

Result<scene::ModelOutline> cookedOutlineOrCook(const std::filesystem::path& source, ProgressFn progress) {
    auto cachePath = cookedCachePath(source);
    if (!cachePath) return cachePath.error();
    std::error_code ec;
    if (std::filesystem::exists(*cachePath, ec)) {
        auto outline = readCookedOutline(*cachePath);
        if (outline) return outline;
        log::warn(kLog, "cooked cache for {} is unusable ({}); cooking again", source.string(),
                  outline.error().message);
    }
    auto model = loadCookedOrCook(source, std::move(progress));
    if (!model) return model.error();
    return scene::outlineOf(*model);
}

}  // namespace skyhook::asset
