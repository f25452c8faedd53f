#pragma once
// SKYHOOK_CHECK: a broken contract (a bug) panics with its source location. It stays on in release builds.
#include <source_location>
#include <string>

#include <fmt/format.h>

namespace skyhook {

[[noreturn]] void panic(const std::string& message, const std::source_location& where);

}  // namespace skyhook

#define SKYHOOK_CHECK(cond, ...)                                                                  \
    do {                                                                                          \
        if (!(cond)) [[unlikely]]                                                                 \
            ::skyhook::panic(std::string("check failed: " #cond ": ") + fmt::format(__VA_ARGS__), \
                             std::source_location::current());                                    \
    } while (0)

#define SKYHOOK_PANIC(...) ::skyhook::panic(fmt::format(__VA_ARGS__), std::source_location::current())
