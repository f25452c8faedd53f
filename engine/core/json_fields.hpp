#pragma once
// Typed reads of JSON fields for every Skyhook file format (scenes, action maps, venues): errors carry the
// file and the JSON pointer of the offending value, keys nobody asked for are warned about (typos). Parsers
// include it in their .cpp files and link nlohmann_json themselves (its types appear here).
//
// Errors are sticky: the first one is kept and later reads return their fallbacks, so a parser reads like a
// list of fields and checks ParseContext::failed() once per object instead of after every read.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/result.hpp"

namespace skyhook::json {

using Json = nlohmann::json;

// RFC 6901 escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string pointerToken(std::string_view key);
// "a string", "a number", "an array of 2 elements", ... for "expected X, got Y" messages.
std::string describe(const Json& value);

class ParseContext {
public:
    explicit ParseContext(std::string_view fileName) : m_file(fileName) {}

    // Records `message` about the value at `path` unless an earlier error was recorded.
    void fail(std::string_view path, std::string_view message);
    // Logs a warning naming the file and the path; parsing continues.
    void warn(std::string_view path, std::string_view message);
    bool failed() const { return m_error.has_value(); }
    const Error& error() const { return *m_error; }
    const std::string& fileName() const { return m_file; }

private:
    std::string m_file;
    std::optional<Error> m_error;
};

struct Range {
    double min = -std::numeric_limits<double>::max();
    double max = std::numeric_limits<double>::max();
};

// Free-standing reads for values that are not fields of an object (array elements, whole documents).
double readNumber(ParseContext& ctx, const Json& value, const std::string& path, Range range = {});
// An array of exactly `count` numbers (each in range) into out[0..count).
bool readNumbers(ParseContext& ctx, const Json& value, const std::string& path, double* out, size_t count,
                 Range range = {});

// Reads one JSON object's fields by name, remembering which keys were asked about.
class ObjectReader {
public:
    // Fails (at `path`) when `object` is not an object; every read then returns its fallback.
    ObjectReader(ParseContext& ctx, const Json& object, std::string path);

    ParseContext& ctx() { return m_ctx; }
    const std::string& path() const { return m_path; }
    std::string childPath(std::string_view key) const { return m_path + "/" + pointerToken(key); }

    // Whether the key is present (and marks it known).
    bool has(std::string_view key);
    // The value of the key or nullptr (and marks it known).
    const Json* find(std::string_view key);

    double number(std::string_view key, double fallback, Range range = {});
    // An integer in [min, max].
    uint64_t integer(std::string_view key, uint64_t fallback, uint64_t min, uint64_t max);
    bool boolean(std::string_view key, bool fallback);
    std::string string(std::string_view key, const std::string& fallback);
    // One of `allowed`, else an error listing them.
    std::string choice(std::string_view key, const std::string& fallback,
                       std::initializer_list<std::string_view> allowed);
    glm::dvec3 dvec3(std::string_view key, const glm::dvec3& fallback, Range range = {});
    // Linear RGB, each channel >= 0 (emissive and light colours may exceed 1).
    glm::vec3 color3(std::string_view key, const glm::vec3& fallback, double maxChannel);
    // Linear RGBA in [0, 1]; [r, g, b] means alpha 1.
    glm::vec4 color4(std::string_view key, const glm::vec4& fallback);
    // An object (or nullptr when absent; an error when present but not an object).
    const Json* object(std::string_view key);
    // An array (or nullptr when absent; an error when present but not an array).
    const Json* array(std::string_view key);

    // Warns about every key that was never asked about, suggesting the closest known key. Keys starting with
    // "_" and "comment" are free-form notes and never warned about.
    void warnUnknownKeys();

private:
    const Json* typed(std::string_view key, bool (Json::*test)() const noexcept, std::string_view expected);

    ParseContext& m_ctx;
    const Json& m_object;
    std::string m_path;
    std::set<std::string, std::less<>> m_known;
    bool m_valid = false;
};

// Parses a JSON document (throwing nlohmann's exceptions on syntax errors) and warns about duplicate keys,
// which JSON allows but which silently drop all but the last value.
Json parseDocument(std::string_view text, ParseContext& ctx);

// "file:line:column: message" for a syntax error at byte offset `byte` (nlohmann's 1-based "last read" byte).
Error syntaxError(std::string_view text, size_t byte, std::string_view fileName, std::string_view what);

// parseDocument, with nlohmann's exceptions turned into the error: syntax errors with their line and column,
// others (out-of-range numbers and the like, which carry no position) with the file's name.
Result<Json> readDocument(std::string_view text, ParseContext& ctx, std::string_view fileName);

// The head every Skyhook JSON format starts with: "version" (a file newer than `formatVersion` fails) and
// "name" (default: the file's stem). Returns the name.
std::string readVersionAndName(ObjectReader& top, uint64_t formatVersion, std::string_view fileName);

}  // namespace skyhook::json
