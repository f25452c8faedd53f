#pragma once
// Fixture of the XR tests: a visitor (headset + renderer) against the runtime tests/xr/xr_env.sh points the
// loader at (Monado: in-process, null compositor at 20 fps, simulated HMD), with Vulkan validation and
// synchronization validation on the device and the OpenXR core validation layer on the instance. Any Vulkan
// validation message, OpenXR loader warning or core-validation message (in the file xr_env.sh gives the
// layer) fails the test.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/app/xr_visitor.hpp"
#include "engine/core/log.hpp"

namespace skyhook::xr::test {

inline const std::string kStereoScene = SKYHOOK_SOURCE_DIR "/tests/xr/data/stereo_near.json";
inline const std::string kAvatarScene = SKYHOOK_SOURCE_DIR "/tests/xr/data/avatar_wall.json";

class XrTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_sink = log::addSink([this](log::Level level, std::string_view module, std::string_view message) {
            if (level < log::Level::Warn || (module != "vulkan" && module != "openxr")) return;
            std::lock_guard lock(m_mutex);
            m_validation.emplace_back(std::string(module) + ": " + std::string(message));
        });
        ASSERT_NE(std::getenv("XR_RUNTIME_JSON"), nullptr)
            << "run the XR tests through tests/xr/xr_env.sh (ctest does): it points the loader at Monado";
        ASSERT_NE(std::getenv("XR_ENABLE_API_LAYERS"), nullptr) << "the OpenXR core validation layer is off";
        ASSERT_NE(std::getenv("XR_CORE_VALIDATION_FILE_NAME"), nullptr) << "core validation goes nowhere";
    }

    void TearDown() override {
        if (visitor) {
            EXPECT_EQ(visitor->validationMessages(), 0u);
            visitor.reset();
        }
        std::lock_guard lock(m_mutex);
        EXPECT_TRUE(m_validation.empty()) << "validation: " << m_validation.front();
        log::removeSink(m_sink);
        // The core validation layer writes to its file (xr_env.sh names it), not to a messenger.
        if (const char* file = std::getenv("XR_CORE_VALIDATION_FILE_NAME")) {
            std::ifstream in(file);
            std::stringstream text;
            text << in.rdbuf();
            EXPECT_TRUE(text.str().empty()) << "OpenXR core validation:\n" << text.str();
        }
    }

    // Small and quick: lavapipe renders both eyes every frame and the null compositor waits for it.
    static render::RenderSettings testSettings() {
        render::RenderSettings s;
        s.msaaSamples = 1;
        s.shadowMapSize = 512;
        s.bloom = false;
        return s;
    }

    void open(const std::string& scene = kStereoScene, std::optional<xr::Venue> venue = {},
              xr::RawApi raw = {}, bool avatars = false) {
        auto opened = app::XrVisitor::open({.scene = scene,
                                            .validation = true,
                                            .settings = testSettings(),
                                            .resolutionScale = 1.0f,
                                            .venue = std::move(venue),
                                            // Recovery tests wait milliseconds, not the show's seconds.
                                            .backoff = {.initialSeconds = 0.05, .maxSeconds = 0.5},
                                            .avatars = avatars,
                                            .raw = std::move(raw)});
        if (auto* f = std::get_if<app::XrOpenFailure>(&opened))
            FAIL() << "opening the visitor failed (exit code " << f->exitCode << "): " << f->message;
        visitor = std::move(std::get<std::unique_ptr<app::XrVisitor>>(opened));
    }

    // Steps the visitor until `done` says so; each framed step's result goes to `onFrame`. False on timeout
    // or an error (reported).
    bool runUntil(const std::function<bool()>& done, double timeoutSeconds = 30.0,
                  const std::function<void(const xr::FrameResult&)>& onFrame = {}) {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) {
                ADD_FAILURE() << "timed out after " << timeoutSeconds << " s in session state "
                              << sessionStateName(visitor->headset().state());
                return false;
            }
            auto step = visitor->step();
            if (!step) {
                ADD_FAILURE() << step.error().message;
                return false;
            }
            if (step->framed && onFrame) onFrame(step->frame);
            if (!step->framed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }
    bool focused() { return visitor->headset().state() == SessionState::Focused; }
    // Both eyes of the next rendered frame, read back from the swapchain layers (empty on timeout); that
    // frame's result (its views, as drawn) into `frame` when given.
    std::vector<Rgba8Image> captureEyes(xr::FrameResult* frame = nullptr) {
        visitor->captureNextFrame();
        bool rendered = false;
        EXPECT_TRUE(runUntil([&] { return rendered; }, 30.0,
                             [&](const xr::FrameResult& f) {
                                 if (!f.rendered || rendered) return;
                                 rendered = true;
                                 if (frame) *frame = f;
                             }));
        return visitor->takeCapture();
    }

    std::unique_ptr<app::XrVisitor> visitor;

private:
    std::mutex m_mutex;
    std::vector<std::string> m_validation;
    int m_sink = -1;
};

}  // namespace skyhook::xr::test
