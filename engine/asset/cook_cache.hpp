#pragma once
// The cooked-asset cache: how scenes that reference .gltf/.fbx/.obj sources are loaded. Shows only ever read
// cooked files; a source is imported (isolated) and cooked into the cache the first time it is needed.
#include <filesystem>

#include "engine/asset/cook.hpp"
#include "engine/core/result.hpp"
#include "engine/scene/model.hpp"

namespace skyhook::asset {

// skyhook::cacheDir()/"cooked"/<16 hex digits>.skm where the digits are hash64 of the source's absolute path,
// size, modification time and kCookedFormatVersion: editing the source or changing the format misses the
// cache.
Result<std::filesystem::path> cookedCachePath(const std::filesystem::path& source);

// `skyhook cook`: import (isolated) → cook → writeCooked(dest).
Result<void> cookFile(const std::filesystem::path& source, const std::filesystem::path& dest,
                      ProgressFn progress = {});

// The cached cooked model when present and valid; otherwise cooks (isolated) into the cache first. A corrupt
// cache file is logged, replaced and never trusted.
Result<scene::Model> loadCookedOrCook(const std::filesystem::path& source, ProgressFn progress = {});
// The cached cooked model's outline (its structure, read without its payload); cooks first when the cache has
// none. Streaming shows place a model from this and load its data later with loadCookedOrCook.
Result<scene::ModelOutline> cookedOutlineOrCook(const std::filesystem::path& source,
                                                ProgressFn progress = {});

}  // namespace skyhook::asset
