#include "tests/gpu/golden_compare.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace skyhook::test {

Comparison compareImages(const Rgba8Image& expected, const Rgba8Image& actual, const Tolerance& tolerance) {
    Comparison c;
    c.sizeMatches = expected.width == actual.width && expected.height == actual.height &&
                    expected.pixels.size() == actual.pixels.size();
    if (!c.sizeMatches) {
        c.summary = fmt::format("size {}x{} differs from the golden {}x{}", actual.width, actual.height,
                                expected.width, expected.height);
        return c;
    }
    uint64_t sum = 0;
    const size_t n = size_t(expected.width) * expected.height;
    for (size_t p = 0; p < n; ++p) {
        uint32_t pixelMax = 0;
        for (int ch = 0; ch < 3; ++ch) {
            uint32_t d =
                uint32_t(std::abs(int(expected.pixels[p * 4 + ch]) - int(actual.pixels[p * 4 + ch])));
            sum += d;
            pixelMax = std::max(pixelMax, d);
        }
        c.maxDelta = std::max(c.maxDelta, pixelMax);
        if (pixelMax > tolerance.channelDelta) ++c.differentPixels;
    }
    c.differentFraction = n ? double(c.differentPixels) / double(n) : 0.0;
    c.meanDelta = n ? double(sum) / double(n * 3) : 0.0;
    c.passed = c.differentFraction <= tolerance.maxDifferentFraction && c.meanDelta <= tolerance.maxMeanDelta;
    c.summary = fmt::format(
        "{} of {} pixels differ by more than {} ({:.4f}% allowed {:.4f}%), mean delta {:.3f} "
        "(allowed {:.3f}), max delta {}",
        c.differentPixels, n, tolerance.channelDelta, c.differentFraction * 100.0,
        tolerance.maxDifferentFraction * 100.0, c.meanDelta, tolerance.maxMeanDelta, c.maxDelta);
    return c;
}

Rgba8Image diffImage(const Rgba8Image& expected, const Rgba8Image& actual, const Tolerance& tolerance) {
    Rgba8Image out{expected.width, expected.height, std::vector<uint8_t>(expected.pixels.size(), 255)};
    if (expected.pixels.size() != actual.pixels.size()) return out;
    for (size_t p = 0; p < size_t(expected.width) * expected.height; ++p) {
        uint32_t d = 0;
        for (int ch = 0; ch < 3; ++ch)
            d = std::max<uint32_t>(
                d, uint32_t(std::abs(int(expected.pixels[p * 4 + ch]) - int(actual.pixels[p * 4 + ch]))));
        uint8_t grey =
            uint8_t((expected.pixels[p * 4] + expected.pixels[p * 4 + 1] + expected.pixels[p * 4 + 2]) / 12);
        bool over = d > tolerance.channelDelta;
        out.pixels[p * 4 + 0] = over ? 255 : uint8_t(std::min<uint32_t>(255, grey + d * 8));
        out.pixels[p * 4 + 1] = over ? 0 : grey;
        out.pixels[p * 4 + 2] = over ? 0 : grey;
        out.pixels[p * 4 + 3] = 255;
    }
    return out;
}

}  // namespace skyhook::test
