// Streaming: a show's first frame does not wait for its models. A loader that holds one model back (a latch)
// shows the scene without it, frames keep coming while it is pending, and it appears once it arrives; a
// model that fails mid-show becomes a placeholder; the deterministic mode waits for everything. Both draw
// paths, validation on.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "engine/app/offscreen.hpp"
#include "engine/app/session.hpp"
#include "engine/render/formats.hpp"
#include "engine/scene/primitives.hpp"
#include "tests/gpu/golden_compare.hpp"

namespace skyhook::test {
namespace {

// A ground-less scene: a red primitive cube (always there at once) on the left and a streamed model on the
// right, both glowing so their colours are unmistakable.
constexpr const char* kScene = R"({
  "version": 1,
  "name": "streaming",
  "environment": { "sky": "procedural", "skyIntensity": 8000, "exposure": 15, "bloom": 0.0 },
  "cameras": [ { "name": "main", "position": [0, 0.5, 4], "lookAt": [0, 0.5, 0], "fovDeg": 50 } ],
  "materials": { "red": { "baseColor": [1, 0, 0, 1], "emissive": [1, 0, 0], "emissiveStrength": 20000 } },
  "nodes": [
    { "name": "ready", "model": "primitive:cube", "material": "red", "position": [-0.9, 0.5, 0] },
    { "name": "streamed", "model": "parts/streamed.gltf", "position": [0.9, 0.5, 0] }
  ]
})";

// The streamed model: a green glowing cube.
scene::Model greenCube() {
    auto cube = scene::makePrimitiveModel("cube");
    scene::Model m = std::move(*cube);
    m.name = "streamed";
    m.materials[0].baseColorFactor = {0.0f, 1.0f, 0.0f, 1.0f};
    m.materials[0].emissiveFactor = {0.0f, 1.0f, 0.0f};
    m.materials[0].emissiveStrength = 20000.0f;
    return m;
}

struct Colours {
    size_t red = 0, green = 0, magenta = 0;
};
Colours count(const Rgba8Image& img) {
    Colours c;
    for (size_t p = 0; p < img.pixels.size(); p += 4) {
        const uint8_t* px = &img.pixels[p];
        if (px[0] > 150 && px[1] < 100 && px[2] < 100) ++c.red;
        if (px[1] > 150 && px[0] < 100 && px[2] < 100) ++c.green;
        if (px[0] > 150 && px[2] > 150 && px[1] < 100) ++c.magenta;
    }
    return c;
}

class Streaming : public ::testing::TestWithParam<render::DrawPath> {
protected:
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() /
              fmt::format("skyhook_streaming_{}_{}", ::getpid(), int(GetParam()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "streaming.json") << kScene;
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    // Opens the scene with `load` for the streamed model (its outline is known at once).
    app::Session* open(render::ModelLoader load, bool stream) {
        auto scene = app::loadScene(dir / "streaming.json");
        EXPECT_TRUE(scene.ok()) << (scene.ok() ? "" : scene.error().message);
        if (!scene) return nullptr;
        render::RenderSettings settings;
        settings.drawPath = GetParam();
        render::ModelSource source{.outline = [](const scene::ModelRef&) -> Result<scene::ModelOutline> {
                                       return scene::outlineOf(greenCube());
                                   },
                                   .load = std::move(load)};
        auto session = app::openSession(
            {.validation = true, .settings = settings, .streamModels = stream, .models = source},
            std::move(*scene));
        EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
        if (!session) return nullptr;
        if (GetParam() == render::DrawPath::Mesh && !(*session)->device->info().meshShader) return nullptr;
        auto offscreen = app::OffscreenRenderer::create(**session, {160, 120});
        EXPECT_TRUE(offscreen.ok());
        if (!offscreen) return nullptr;
        this->offscreen = std::move(*offscreen);
        auto cam = app::chooseCamera((*session)->scene, "main", "");
        view = app::viewFromCamera(*cam);
        this->session = std::move(*session);
        return this->session.get();
    }
    // Renders one frame; with `read`, waits for it and returns its pixels.
    Rgba8Image frame(bool read) {
        Rgba8Image out;
        auto keep = [&](uint64_t, Rgba8Image img) -> Result<void> {
            out = std::move(img);
            return {};
        };
        auto r = offscreen->renderFrame({view}, 0.0, read, keep);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        if (read) {
            EXPECT_TRUE(offscreen->finish(keep).ok());
        }
        return out;
    }
    // Renders frames until no model is pending (bounded), then one more that is read back.
    Rgba8Image frameOnceLoaded(app::Session& s) {
        for (int i = 0; i < 2000 && s.renderer->modelCounts().pending > 0; ++i) {
            frame(false);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        EXPECT_EQ(s.renderer->modelCounts().pending, 0u) << "the model never arrived";
        return frame(true);
    }

    std::filesystem::path dir;
    std::unique_ptr<app::Session> session;  // outlives the offscreen target
    std::unique_ptr<app::OffscreenRenderer> offscreen;
    render::View view;
};

// A latch the test opens; a watchdog opens it too, so a renderer that waited for the load fails the test
// (too few frames while pending) instead of hanging it.
struct Latch {
    std::promise<void> promise;
    std::shared_future<void> future = promise.get_future().share();
    std::once_flag once;
    void open() {
        std::call_once(once, [&] { promise.set_value(); });
    }
};

TEST_P(Streaming, FirstFrameDoesNotWaitAndTheModelAppearsLater) {
    Latch latch;
    std::thread watchdog([&] {
        if (latch.future.wait_for(std::chrono::seconds(60)) != std::future_status::ready) latch.open();
    });
    auto s = open(
        [f = latch.future](const scene::ModelRef&) -> Result<scene::Model> {
            f.wait();
            return greenCube();
        },
        true);
    if (!s) {
        latch.open();
        watchdog.join();
        if (!HasFailure()) GTEST_SKIP() << "no mesh shaders on this device";
        return;
    }
    EXPECT_EQ(s->renderer->modelCounts().pending, 1u);
    EXPECT_EQ(s->renderer->modelCounts().loaded, 1u) << "the primitive is there at once";
    const Colours first = count(frame(true));
    EXPECT_GT(first.red, 100u) << "the first frame shows what is loaded";
    EXPECT_EQ(first.green, 0u) << "and not the model still loading";
    // The frame loop goes on while the load is held back (not a timing test: frames are counted).
    uint32_t framesWhilePending = 0;
    for (int i = 0; i < 8; ++i) {
        frame(false);
        if (s->renderer->modelCounts().pending == 1) ++framesWhilePending;
    }
    EXPECT_EQ(framesWhilePending, 8u) << "frames kept coming while the model was loading";
    latch.open();
    const Colours later = count(frameOnceLoaded(*s));
    EXPECT_GT(later.green, 100u) << "the model is drawn once it has arrived";
    EXPECT_GT(later.red, 100u);
    EXPECT_EQ(later.magenta, 0u);
    EXPECT_EQ(s->renderer->modelCounts().loaded, 2u);
    EXPECT_EQ(s->renderer->placeholderCount(), 0u);
    EXPECT_EQ(s->device->validationMessages(), 0u);
    watchdog.join();
}

TEST_P(Streaming, ModelFailingMidShowBecomesAPlaceholder) {
    Latch latch;
    std::thread watchdog([&] {
        if (latch.future.wait_for(std::chrono::seconds(60)) != std::future_status::ready) latch.open();
    });
    auto s = open(
        [f = latch.future](const scene::ModelRef& ref) -> Result<scene::Model> {
            f.wait();
            return Error::make("{}: checksum mismatch (the test says so)", ref.path);
        },
        true);
    if (!s) {
        latch.open();
        watchdog.join();
        if (!HasFailure()) GTEST_SKIP() << "no mesh shaders on this device";
        return;
    }
    const Colours first = count(frame(true));
    EXPECT_EQ(first.magenta, 0u);
    latch.open();
    const Colours later = count(frameOnceLoaded(*s));
    EXPECT_GT(later.magenta, 100u) << "the failed model is a glowing magenta placeholder";
    EXPECT_EQ(later.green, 0u);
    EXPECT_GT(later.red, 100u) << "the rest of the show goes on";
    EXPECT_EQ(s->renderer->modelCounts().failed, 1u);
    EXPECT_EQ(s->renderer->placeholderCount(), 1u);
    EXPECT_EQ(s->device->validationMessages(), 0u);
    watchdog.join();
}

TEST_P(Streaming, DeterministicModeWaitsForEveryModel) {
    auto s = open(
        [](const scene::ModelRef&) -> Result<scene::Model> {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            return greenCube();
        },
        false);
    if (!s) {
        if (!HasFailure()) GTEST_SKIP() << "no mesh shaders on this device";
        return;
    }
    EXPECT_EQ(s->renderer->modelCounts().pending, 0u) << "the session opens with every model";
    EXPECT_EQ(s->renderer->modelCounts().loaded, 2u);
    const Colours first = count(frame(true));
    EXPECT_GT(first.green, 100u) << "the first frame already shows the slow model";
    EXPECT_GT(first.red, 100u);
    EXPECT_EQ(s->device->validationMessages(), 0u);
}

INSTANTIATE_TEST_SUITE_P(DrawPaths, Streaming,
                         ::testing::Values(render::DrawPath::Indirect, render::DrawPath::Mesh),
                         [](const auto& info) { return std::string(render::drawPathName(info.param)); });

}  // namespace
}  // namespace skyhook::test
