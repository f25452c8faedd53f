#include "engine/core/json_fields.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "engine/core/log.hpp"

namespace skyhook::json {
namespace {

std::string displayPath(std::string_view path) {
    return path.empty() ? std::string("/") : std::string(path);
}

size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string rangeText(Range r) {
    constexpr double kUnbounded = std::numeric_limits<double>::max();
    if (r.min != -kUnbounded && r.max != kUnbounded) return fmt::format("in [{}, {}]", r.min, r.max);
    if (r.min != -kUnbounded) return fmt::format(">= {}", r.min);
    return fmt::format("<= {}", r.max);
}

// Tracks the JSON pointer of what the parser is reading, through nlohmann's parse events, to name duplicates.
class DuplicateKeyFinder {
public:
    bool operator()(int, Json::parse_event_t event, Json& parsed) {
        using E = Json::parse_event_t;
        switch (event) {
            case E::object_start:
                m_stack.push_back({true});
                break;
            case E::array_start:
                m_stack.push_back({false});
                break;
            case E::key: {
                Frame& f = m_stack.back();
                f.key = parsed.get<std::string>();
                if (!f.keys.insert(f.key).second) m_duplicates.push_back(path());
                break;
            }
            case E::object_end:
            case E::array_end:
                m_stack.pop_back();
                elementDone();
                break;
            case E::value:
                elementDone();
                break;
        }
        return true;
    }
    const std::vector<std::string>& duplicates() const { return m_duplicates; }

private:
    struct Frame {
        bool object = false;
        std::set<std::string, std::less<>> keys;
        std::string key;
        size_t index = 0;
    };
    void elementDone() {
        if (!m_stack.empty() && !m_stack.back().object) ++m_stack.back().index;
    }
    std::string path() const {
        std::string p;
        for (const Frame& f : m_stack) {
            p += '/';
            p += f.object ? pointerToken(f.key) : std::to_string(f.index);
        }
        return p;
    }

    std::vector<Frame> m_stack;
    std::vector<std::string> m_duplicates;
};

}  // namespace

Json parseDocument(std::string_view text, ParseContext& ctx) {
    DuplicateKeyFinder finder;
    Json root = Json::parse(text.begin(), text.end(), std::ref(finder));
    for (const std::string& path : finder.duplicates())
        ctx.warn(path, "duplicate key: only the last value is used");
    return root;
}

std::string pointerToken(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string describe(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::object:
            return fmt::format("an object of {} keys", value.size());
        case Json::value_t::array:
            return fmt::format("an array of {} elements", value.size());
        case Json::value_t::string:
            return "a string";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::binary:
            return "binary data";
        case Json::value_t::discarded:
            return "nothing";
        default:
            return "a number";
    }
}

void ParseContext::fail(std::string_view path, std::string_view message) {
    if (!m_error) m_error = Error::make("{}: {}: {}", m_file, displayPath(path), message);
}

void ParseContext::warn(std::string_view path, std::string_view message) {
    log::warn("scene", "{}: {}: {}", m_file, displayPath(path), message);
}

double readNumber(ParseContext& ctx, const Json& value, const std::string& path, Range range) {
    if (!value.is_number()) {
        ctx.fail(path, fmt::format("expected a number, got {}", describe(value)));
        return 0.0;
    }
    double d = value.get<double>();
    // JSON has no NaN or infinity, but integers beyond double's range would otherwise become inf.
    if (!std::isfinite(d)) {
        ctx.fail(path, "expected a finite number");
        return 0.0;
    }
    if (d < range.min || d > range.max) {
        ctx.fail(path, fmt::format("expected a number {}, got {}", rangeText(range), d));
        return std::clamp(d, range.min, range.max);
    }
    return d;
}

bool readNumbers(ParseContext& ctx, const Json& value, const std::string& path, double* out, size_t count,
                 Range range) {
    if (!value.is_array() || value.size() != count) {
        ctx.fail(path, fmt::format("expected an array of {} numbers, got {}", count, describe(value)));
        return false;
    }
    for (size_t i = 0; i < count; ++i) {
        out[i] = readNumber(ctx, value[i], fmt::format("{}/{}", path, i), range);
        if (ctx.failed()) return false;
    }
    return true;
}

ObjectReader::ObjectReader(ParseContext& ctx, const Json& object, std::string path)
    : m_ctx(ctx), m_object(object), m_path(std::move(path)), m_valid(object.is_object()) {
    if (!m_valid) m_ctx.fail(m_path, fmt::format("expected an object, got {}", describe(object)));
}

const Json* ObjectReader::find(std::string_view key) {
    m_known.emplace(key);
    if (!m_valid || m_ctx.failed()) return nullptr;
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
}

bool ObjectReader::has(std::string_view key) {
    return find(key) != nullptr;
}

const Json* ObjectReader::typed(std::string_view key, bool (Json::*test)() const noexcept,
                                std::string_view expected) {
    const Json* v = find(key);
    if (v && !(v->*test)()) {
        m_ctx.fail(childPath(key), fmt::format("expected {}, got {}", expected, describe(*v)));
        return nullptr;
    }
    return v;
}

double ObjectReader::number(std::string_view key, double fallback, Range range) {
    const Json* v = find(key);
    return v ? readNumber(m_ctx, *v, childPath(key), range) : fallback;
}

uint64_t ObjectReader::integer(std::string_view key, uint64_t fallback, uint64_t min, uint64_t max) {
    const Json* v = find(key);
    if (!v) return fallback;
    double d = readNumber(m_ctx, *v, childPath(key));
    if (m_ctx.failed()) return fallback;
    if (d != std::floor(d) || d < double(min) || d > double(max)) {
        m_ctx.fail(childPath(key), fmt::format("expected an integer in [{}, {}], got {}", min, max, d));
        return fallback;
    }
    return static_cast<uint64_t>(d);
}

bool ObjectReader::boolean(std::string_view key, bool fallback) {
    const Json* v = typed(key, &Json::is_boolean, "true or false");
    return v ? v->get<bool>() : fallback;
}

std::string ObjectReader::string(std::string_view key, const std::string& fallback) {
    const Json* v = typed(key, &Json::is_string, "a string");
    return v ? v->get<std::string>() : fallback;
}

std::string ObjectReader::choice(std::string_view key, const std::string& fallback,
                                 std::initializer_list<std::string_view> allowed) {
    std::string s = string(key, fallback);
    if (m_ctx.failed() || std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
    std::string list;
    for (std::string_view a : allowed) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", a);
    m_ctx.fail(childPath(key), fmt::format("expected one of {}, got \"{}\"", list, s));
    return fallback;
}

glm::dvec3 ObjectReader::dvec3(std::string_view key, const glm::dvec3& fallback, Range range) {
    const Json* v = find(key);
    double xyz[3];
    if (!v || !readNumbers(m_ctx, *v, childPath(key), xyz, 3, range)) return fallback;
    return {xyz[0], xyz[1], xyz[2]};
}

glm::vec3 ObjectReader::color3(std::string_view key, const glm::vec3& fallback, double maxChannel) {
    const Json* v = find(key);
    double rgb[3];
    if (!v || !readNumbers(m_ctx, *v, childPath(key), rgb, 3, {0.0, maxChannel})) return fallback;
    return {float(rgb[0]), float(rgb[1]), float(rgb[2])};
}

glm::vec4 ObjectReader::color4(std::string_view key, const glm::vec4& fallback) {
    const Json* v = find(key);
    if (!v) return fallback;
    double rgba[4] = {0.0, 0.0, 0.0, 1.0};
    size_t n = v->is_array() && v->size() == 3 ? 3 : 4;
    if (!v->is_array() || (v->size() != 3 && v->size() != 4)) {
        m_ctx.fail(childPath(key), fmt::format("expected an array of 3 or 4 numbers, got {}", describe(*v)));
        return fallback;
    }
    if (!readNumbers(m_ctx, *v, childPath(key), rgba, n, {0.0, 1.0})) return fallback;
    return {float(rgba[0]), float(rgba[1]), float(rgba[2]), float(rgba[3])};
}

const Json* ObjectReader::object(std::string_view key) {
    return typed(key, &Json::is_object, "an object");
}

const Json* ObjectReader::array(std::string_view key) {
    return typed(key, &Json::is_array, "an array");
}

void ObjectReader::warnUnknownKeys() {
    if (!m_valid || m_ctx.failed()) return;
    for (const auto& [key, value] : m_object.items()) {
        if (m_known.count(key) || key == "comment" || (!key.empty() && key[0] == '_')) continue;
        std::string_view best;
        size_t bestDistance = std::max<size_t>(2, key.size() / 3) + 1;
        for (const std::string& k : m_known) {
            size_t d = editDistance(key, k);
            if (d < bestDistance) bestDistance = d, best = k;
        }
        m_ctx.warn(childPath(key), best.empty()
                                       ? std::string("unknown key (ignored)")
                                       : fmt::format("unknown key (ignored); did you mean \"{}\"?", best));
    }
}

Error syntaxError(std::string_view text, size_t byte, std::string_view fileName, std::string_view what) {
    // nlohmann reports the 1-based index of the last byte it read, which is the offending one.
    size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
    size_t line = 1;
    size_t lineStart = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') ++line, lineStart = i + 1;
    }
    // Columns count characters, not bytes: skip UTF-8 continuation bytes.
    size_t column = 1;
    for (size_t i = lineStart; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix: the
    // position is given our way in front.
    std::string_view message = what;
    if (size_t p = message.find(", column "); p != std::string_view::npos) {
        if (size_t colon = message.find(": ", p); colon != std::string_view::npos)
            message.remove_prefix(colon + 2);
    } else if (size_t bracket = message.find("] "); bracket != std::string_view::npos) {
        message.remove_prefix(bracket + 2);
    }
    return Error::make("{}:{}:{}: {}", fileName, line, column, message);
}

Result<Json> readDocument(std::string_view text, ParseContext& ctx, std::string_view fileName) {
    try {
        return parseDocument(text, ctx);
    } catch (const Json::parse_error& e) {
        return syntaxError(text, e.byte, fileName, e.what());
    } catch (const Json::exception& e) {
        std::string_view what = e.what();
        if (size_t p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
        return Error::make("{}: {}", fileName, what);
    }
}

std::string readVersionAndName(ObjectReader& top, uint64_t formatVersion, std::string_view fileName) {
    const uint64_t version = top.integer("version", formatVersion, 1, 1'000'000);
    if (!top.ctx().failed() && version != formatVersion)
        top.ctx().fail(
            top.childPath("version"),
            fmt::format("format version {} is newer than this Skyhook reads ({})", version, formatVersion));
    return top.string("name", std::filesystem::path(fileName).stem().string());
}

}  // namespace skyhook::json
