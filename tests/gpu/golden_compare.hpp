#pragma once
// Image comparison for golden-image tests: per-case tolerances, a diff image for people to look at.
#include <cstdint>
#include <string>

#include "engine/core/image_io.hpp"

namespace skyhook::test {

struct Tolerance {
    uint32_t channelDelta = 8;            // a pixel is "different" when any channel differs by more than this
    double maxDifferentFraction = 0.002;  // ... and at most this fraction of pixels may be different
    double maxMeanDelta = 1.0;            // mean absolute channel difference over the image (0..255)
};

struct Comparison {
    bool sizeMatches = false;
    uint64_t differentPixels = 0;
    double differentFraction = 0.0;
    double meanDelta = 0.0;
    uint32_t maxDelta = 0;
    bool passed = false;
    std::string summary;  // one line for the test log
};

Comparison compareImages(const Rgba8Image& expected, const Rgba8Image& actual, const Tolerance& tolerance);
// Differences amplified on a dimmed copy of the expected image: red where a pixel is over the tolerance.
Rgba8Image diffImage(const Rgba8Image& expected, const Rgba8Image& actual, const Tolerance& tolerance);

}  // namespace skyhook::test
