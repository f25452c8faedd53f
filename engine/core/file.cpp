#include "engine/core/file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include <unistd.h>

namespace skyhook {

Result<std::vector<uint8_t>> readFileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return Error::make("{}: cannot open ({})", path.string(), std::strerror(errno));
    std::streamsize size = in.tellg();
    if (size < 0) return Error::make("{}: cannot read its size", path.string());
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        return Error::make("{}: read failed after {} bytes", path.string(), in.gcount());
    return bytes;
}

Result<std::string> readFileText(const std::filesystem::path& path) {
    auto bytes = readFileBytes(path);
    if (!bytes) return bytes.error();
    return std::string(bytes->begin(), bytes->end());
}

Result<void> writeFileBytes(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    std::filesystem::path tmp = path;
    tmp += ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return Error::make("{}: cannot create ({})", tmp.string(), std::strerror(errno));
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) return Error::make("{}: write failed ({})", tmp.string(), std::strerror(errno));
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error::make("{}: cannot rename into place ({})", path.string(), ec.message());
    return {};
}

std::filesystem::path cacheDir() {
    if (const char* d = std::getenv("SKYHOOK_CACHE_DIR"); d && *d) return d;
    if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::filesystem::path(d) / "skyhook";
    if (const char* d = std::getenv("HOME"); d && *d) return std::filesystem::path(d) / ".cache" / "skyhook";
    return std::filesystem::temp_directory_path() / "skyhook-cache";
}

std::filesystem::path executableDir() {
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : p.parent_path();
}

}  // namespace skyhook
