#include <gtest/gtest.h>

#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

Rgba8Image solid(uint32_t w, uint32_t h, uint8_t v) {
    return {w, h, std::vector<uint8_t>(size_t(w) * h * 4, v)};
}

TEST(GoldenCompare, IdenticalImagesPass) {
    auto a = solid(8, 8, 100);
    auto c = compareImages(a, a, {});
    EXPECT_TRUE(c.passed);
    EXPECT_EQ(c.differentPixels, 0u);
}

TEST(GoldenCompare, ToleranceIsRespectedAndCanFail) {
    auto a = solid(10, 10, 100), b = a;
    b.pixels[0] = 120;  // one pixel, delta 20
    Tolerance strict{.channelDelta = 8, .maxDifferentFraction = 0.0, .maxMeanDelta = 10.0};
    EXPECT_FALSE(compareImages(a, b, strict).passed);
    Tolerance loose{.channelDelta = 8, .maxDifferentFraction = 0.02, .maxMeanDelta = 10.0};
    EXPECT_TRUE(compareImages(a, b, loose).passed);
    Tolerance wide{.channelDelta = 30, .maxDifferentFraction = 0.0, .maxMeanDelta = 10.0};
    EXPECT_TRUE(compareImages(a, b, wide).passed);
    auto diff = diffImage(a, b, strict);
    EXPECT_EQ(diff.pixels[0], 255);
    EXPECT_EQ(diff.pixels[1], 0);
}

TEST(GoldenCompare, SizeMismatchFails) {
    auto c = compareImages(solid(4, 4, 0), solid(4, 5, 0), {});
    EXPECT_FALSE(c.passed);
    EXPECT_FALSE(c.sizeMatches);
}

}  // namespace
}  // namespace skyhook::test
