#include "engine/asset/isolated_import.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/asset/cooked_format.hpp"
#include "engine/core/log.hpp"

namespace skyhook::asset {
namespace {

constexpr std::string_view kLog = "asset";
// Frames on the pipe: u8 kind, u64 payload length, payload.
enum class Frame : uint8_t { Log = 'L', Progress = 'P', Model = 'M', Failure = 'E' };
constexpr size_t kFrameHeader = 9;
// Far above any cooked model we can load; a larger length means the stream itself is broken.
constexpr uint64_t kMaxFrame = uint64_t{32} << 30;

void writeAll(int fd, const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ::_exit(3);  // the parent has gone: nobody is left to report to
        p += n;
        size -= static_cast<size_t>(n);
    }
}

void sendFrame(int fd, Frame kind, std::span<const uint8_t> a, std::span<const uint8_t> b = {}) {
    uint8_t header[kFrameHeader];
    header[0] = static_cast<uint8_t>(kind);
    uint64_t length = a.size() + b.size();
    std::memcpy(header + 1, &length, 8);
    writeAll(fd, header, sizeof header);
    writeAll(fd, a.data(), a.size());
    writeAll(fd, b.data(), b.size());
}

std::span<const uint8_t> asBytes(std::string_view s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

[[noreturn]] void runChild(int fd, const std::filesystem::path& source, const ImportOptions& importOptions,
                           const CookOptions& cookOptions, const IsolationOptions& isolation) {
    rlimit noCore{0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore);  // a crashing importer is expected; its core dump is not useful
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    if (isolation.memoryLimitBytes) {
        rlimit as{isolation.memoryLimitBytes, isolation.memoryLimitBytes};
        ::setrlimit(RLIMIT_AS, &as);
    }
#else
    (void)isolation;
#endif
    log::setStderr(false);
    log::addSink([fd](log::Level level, std::string_view module, std::string_view message) {
        // level, module length, module, message
        std::vector<uint8_t> payload{static_cast<uint8_t>(level),
                                     static_cast<uint8_t>(std::min<size_t>(module.size(), 255))};
        payload.insert(payload.end(), module.begin(), module.begin() + payload[1]);
        sendFrame(fd, Frame::Log, payload, asBytes(message));
    });
    auto progress = [fd](std::string_view stage, float fraction) {
        uint8_t f[4];
        std::memcpy(f, &fraction, 4);
        sendFrame(fd, Frame::Progress, f, asBytes(stage));
    };
    progress("import", 0.0f);
    auto model = importModel(source, importOptions);
    if (!model) {
        sendFrame(fd, Frame::Failure, asBytes(model.error().message));
        ::_exit(0);
    }
    progress("import", 1.0f);
    if (auto cooked = cookModel(*model, cookOptions, progress); !cooked) {
        sendFrame(fd, Frame::Failure, asBytes(cooked.error().message));
        ::_exit(0);
    }
    auto bytes = serializeCooked(*model);
    if (!bytes)
        sendFrame(fd, Frame::Failure, asBytes(bytes.error().message));
    else
        sendFrame(fd, Frame::Model, *bytes);
    ::close(fd);
    // _exit: the child must not run the parent's atexit handlers or static destructors.
    ::_exit(0);
}

// Collects frames from the child and acts on them.
struct FrameParser {
    std::vector<uint8_t> buffer;
    std::optional<std::vector<uint8_t>> model;
    std::optional<std::string> failure;
    std::string broken;

    void feed(const uint8_t* data, size_t n, const ProgressFn& progress) {
        buffer.insert(buffer.end(), data, data + n);
        size_t pos = 0;
        while (broken.empty() && buffer.size() - pos >= kFrameHeader) {
            uint64_t length = 0;
            std::memcpy(&length, buffer.data() + pos + 1, 8);
            if (length > kMaxFrame) {
                broken = fmt::format("frame of {} bytes from the importer", length);
                break;
            }
            if (buffer.size() - pos - kFrameHeader < length) break;
            const uint8_t* p = buffer.data() + pos + kFrameHeader;
            handle(static_cast<Frame>(buffer[pos]), std::span<const uint8_t>(p, length), progress);
            pos += kFrameHeader + length;
        }
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(pos));
    }

    void handle(Frame kind, std::span<const uint8_t> payload, const ProgressFn& progress) {
        auto text = [](std::span<const uint8_t> s) { return std::string(s.begin(), s.end()); };
        switch (kind) {
            case Frame::Log:
                if (payload.size() >= 2 && payload.size() >= 2u + payload[1] && payload[0] <= 3)
                    log::write(static_cast<log::Level>(payload[0]), text(payload.subspan(2, payload[1])),
                               text(payload.subspan(2u + payload[1])));
                break;
            case Frame::Progress:
                if (payload.size() >= 4 && progress) {
                    float f = 0;
                    std::memcpy(&f, payload.data(), 4);
                    progress(text(payload.subspan(4)), f);
                }
                break;
            case Frame::Model:
                model.emplace(payload.begin(), payload.end());
                break;
            case Frame::Failure:
                failure = text(payload);
                break;
            default:
                broken = fmt::format("unknown frame kind {}", static_cast<int>(kind));
        }
    }
};

}  // namespace

Result<scene::Model> importModelIsolated(const std::filesystem::path& source,
                                         const ImportOptions& importOptions, const CookOptions& cookOptions,
                                         const IsolationOptions& isolation, ProgressFn progress) {
    const std::string where = source.string();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return Error::make("{}: cannot create a pipe ({})", where, std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) {
        int err = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return Error::make("{}: cannot fork the importer ({})", where, std::strerror(err));
    }
    if (pid == 0) {
        ::close(fds[0]);
        runChild(fds[1], source, importOptions, cookOptions, isolation);
    }
    ::close(fds[1]);
    const int fd = fds[0];
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + isolation.timeout;
    FrameParser parser;
    bool eof = false, reaped = false, timedOut = false;
    int status = 0;
    std::vector<uint8_t> chunk(size_t{1} << 16);
    // Read until EOF and the child has exited. Waiting on both (not EOF alone) matters: another process
    // forked meanwhile may hold a copy of the pipe's write end, so EOF might never come.
    while (!(eof && reaped)) {
        if (!reaped && ::waitpid(pid, &status, WNOHANG) == pid) reaped = true;
        if (!eof) {
            ssize_t n = ::read(fd, chunk.data(), chunk.size());
            if (n > 0) {
                parser.feed(chunk.data(), static_cast<size_t>(n), progress);
                // A child that never stops writing must still meet the deadline.
                if (Clock::now() < deadline) continue;
                timedOut = true;
                break;
            }
            if (n == 0)
                eof = true;
            else if (errno != EAGAIN && errno != EINTR)
                eof = true;
            if (reaped && n < 0 && errno == EAGAIN) eof = true;  // exited and drained
        }
        if (eof && reaped) break;
        auto now = Clock::now();
        if (now >= deadline) {
            timedOut = true;
            break;
        }
        int waitMs = static_cast<int>(std::min<int64_t>(
            50, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1));
        if (eof) {
            ::usleep(static_cast<useconds_t>(waitMs) * 1000);
        } else {
            pollfd p{fd, POLLIN, 0};
            ::poll(&p, 1, waitMs);
        }
    }
    ::close(fd);
    if (timedOut) {
        if (!reaped) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        return Error::make("{}: importer timed out after {} ms", where, isolation.timeout.count());
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        return Error::make("importer crashed (signal {}: {}) on {}", sig, strsignal(sig), where);
    }
    if (!parser.broken.empty()) return Error::make("{}: broken importer stream: {}", where, parser.broken);
    if (parser.failure) return Error{*parser.failure};
    if (!parser.model) {
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return Error::make("{}: importer exited with status {} without a result (out of memory?)", where,
                           code);
    }
    return readCookedBytes(*parser.model, where + " (cooked by the importer process)");
}

}  // namespace skyhook::asset
