#pragma once
// Bounded random mutation of a text file for the parsers' fuzz tests (scene, action map and venue files):
// every mutated text must give a value or an Error with a message, never a crash, a hang or an unbounded
// allocation.
#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <string_view>

namespace skyhook::test {

inline std::string mutate(const std::string& original, std::mt19937& rng) {
    static constexpr std::string_view kPunctuation = "{}[],:\"-.0123456789eE \n\\";
    static constexpr std::string_view kTokens[] = {"null",
                                                   "true",
                                                   "1e308",
                                                   "-1e999",
                                                   "1000000",
                                                   "\"primitive:cube\"",
                                                   "{\"grid\":{\"count\":[99,99,99]}}",
                                                   "[[[[",
                                                   "\"\\u0000\""};
    std::string s = original;
    auto pick = [&](size_t n) {
        return n == 0 ? size_t(0) : std::uniform_int_distribution<size_t>(0, n - 1)(rng);
    };
    int edits = 1 + int(pick(4));
    for (int e = 0; e < edits; ++e) {
        size_t pos = pick(s.size() + 1);
        switch (pick(6)) {
            case 0:  // flip a bit
                if (!s.empty()) s[std::min(pos, s.size() - 1)] ^= char(1u << pick(8));
                break;
            case 1:  // replace with a random byte
                if (!s.empty()) s[std::min(pos, s.size() - 1)] = char(pick(256));
                break;
            case 2:  // delete a span
                s.erase(std::min(pos, s.size()), 1 + pick(16));
                break;
            case 3:  // insert JSON punctuation
                s.insert(pos, 1, kPunctuation[pick(kPunctuation.size())]);
                break;
            case 4: {  // duplicate a span somewhere else
                size_t from = pick(s.size() + 1);
                std::string span = s.substr(from, 1 + pick(64));
                s.insert(pick(s.size() + 1), span);
                break;
            }
            default:  // insert a troublesome token
                s.insert(pos, kTokens[pick(std::size(kTokens))]);
                break;
        }
    }
    return s;
}

}  // namespace skyhook::test
