// The OpenXR validation path itself can fail a test: a deliberately invalid call is caught by the core
// validation layer and lands in the layer's log file — the file tests/xr/xr_env.sh checks after every test
// and the fixture checks after each XR test. (Debian 12's layer, OpenXR SDK 1.0.20, reports to no
// XR_EXT_debug_utils messenger; the loader's own messages do reach the engine's log through one.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/xr/debug_utils.hpp"
#include "engine/xr/instance.hpp"

namespace skyhook::xr::test {
namespace {

TEST(XrValidation, ADeliberatelyInvalidCallIsCaughtInTheLayersLog) {
    ASSERT_NE(std::getenv("XR_ENABLE_API_LAYERS"), nullptr) << "run through tests/xr/xr_env.sh";
    // This test's mistake goes to its own file, so the wrapper's file stays empty (it fails on anything
    // there).
    const std::filesystem::path file = SKYHOOK_BINARY_DIR "/xr_out/deliberate_core_validation.txt";
    std::filesystem::create_directories(file.parent_path());
    std::filesystem::remove(file);
    ASSERT_EQ(setenv("XR_CORE_VALIDATION_FILE_NAME", file.c_str(), 1), 0);

    DebugUtils debug;
    auto instance = Instance::create({.modules = {&debug}});
    ASSERT_TRUE(instance.ok()) << instance.error().message;
    EXPECT_TRUE(debug.active()) << "XR_EXT_debug_utils is not offered";

    XrSystemProperties properties{};  // type left XR_TYPE_UNKNOWN: invalid on purpose
    const XrResult r = xrGetSystemProperties((*instance)->handle(), (*instance)->system(), &properties);
    EXPECT_EQ(r, XR_ERROR_VALIDATION_FAILURE);
    instance = Error{"destroyed"};

    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("VUID-XrSystemProperties-type-type"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("xrGetSystemProperties"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace skyhook::xr::test
