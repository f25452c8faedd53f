#pragma once
// Result<T>: the error channel for failures the world can cause (missing file, bad packet, lost device).
// Bugs are not Results: they panic through SKYHOOK_CHECK (check.hpp).
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "engine/core/check.hpp"

namespace skyhook {

struct Error {
    std::string message;  // what is wrong, for a person: names the file, the position and the reason

    template <class... Args>
    static Error make(fmt::format_string<Args...> f, Args&&... args) {
        return Error{fmt::format(f, std::forward<Args>(args)...)};
    }
    // Adds context in front: "loading scene foo.json: <message>".
    Error context(const std::string& what) const { return Error{what + ": " + message}; }
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        SKYHOOK_CHECK(ok(), "Result::value() on an error: {}", std::get<1>(m_v).message);
        return std::get<0>(m_v);
    }
    const T& value() const& {
        SKYHOOK_CHECK(ok(), "Result::value() on an error: {}", std::get<1>(m_v).message);
        return std::get<0>(m_v);
    }
    T&& value() && {
        SKYHOOK_CHECK(ok(), "Result::value() on an error: {}", std::get<1>(m_v).message);
        return std::get<0>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        SKYHOOK_CHECK(!ok(), "Result::error() on a value");
        return std::get<1>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        SKYHOOK_CHECK(m_failed, "Result::error() on success");
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

}  // namespace skyhook

// Returns the error of a Result expression from the enclosing function (which returns a Result).
#define SKYHOOK_TRY(expr)                                      \
    do {                                                       \
        auto&& skyhook_try_r = (expr);                         \
        if (!skyhook_try_r.ok()) return skyhook_try_r.error(); \
    } while (0)
