// Process-isolated import: results match in-process import, failures of the child (crash, out of memory,
// timeout) become Errors, and every glTF 2.0 / FBX / OBJ file of Debian's assimp-testmodels gives a cooked
// model or a clean Error — never a crash or a hang of this process.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>

#include "engine/asset/cook_cache.hpp"
#include "engine/asset/cooked_format.hpp"
#include "engine/asset/isolated_import.hpp"
#include "engine/core/file.hpp"
#include "engine/core/log.hpp"
#include "tests/unit/asset/asset_test_util.hpp"

namespace skyhook::asset {
namespace {

namespace fs = std::filesystem;

fs::path writeObjCube(const fs::path& dir) {
    std::ofstream(dir / "cube.obj") << "v -1 -1 -1\nv 1 -1 -1\nv 1 1 -1\nv -1 1 -1\n"
                                       "v -1 -1 1\nv 1 -1 1\nv 1 1 1\nv -1 1 1\n"
                                       "f 1 4 3 2\nf 5 6 7 8\nf 1 2 6 5\nf 2 3 7 6\nf 3 4 8 7\nf 4 1 5 8\n";
    return dir / "cube.obj";
}

TEST(IsolatedImport, MatchesInProcessImportAndCook) {
    auto dir = test::scratchDir("isolated_same");
    auto path = writeObjCube(dir);
    std::vector<std::string> stages;
    auto isolated =
        importModelIsolated(path, {}, {}, {}, [&](std::string_view s, float) { stages.emplace_back(s); });
    ASSERT_TRUE(isolated.ok()) << isolated.error().message;
    auto local = importModel(path);
    ASSERT_TRUE(local.ok());
    ASSERT_TRUE(cookModel(*local).ok());
    EXPECT_EQ(*serializeCooked(*isolated), *serializeCooked(*local));
    EXPECT_NE(std::find(stages.begin(), stages.end(), "import"), stages.end());
    EXPECT_NE(std::find(stages.begin(), stages.end(), "meshes"), stages.end());
}

TEST(IsolatedImport, ChildErrorsAndLogsReachTheParent) {
    auto dir = test::scratchDir("isolated_error");
    std::ofstream(dir / "broken.gltf") << "{\"asset\": {\"version\": \"2.0\"}, \"meshes\": [{]}";
    auto r = importModelIsolated(dir / "broken.gltf");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("broken.gltf"), std::string::npos);

    // A warning logged in the child (missing texture) arrives in the parent's log.
    std::ofstream(dir / "tex.mtl") << "newmtl m\nmap_Kd nowhere.png\n";
    std::ofstream(dir / "tex.obj")
        << "mtllib tex.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nusemtl m\nf 1/1 2/1 3/1\n";
    std::vector<std::string> warnings;
    int sink = log::addSink([&](log::Level l, std::string_view, std::string_view m) {
        if (l == log::Level::Warn) warnings.emplace_back(m);
    });
    log::setStderr(false);
    auto withWarning = importModelIsolated(dir / "tex.obj");
    log::setStderr(true);
    log::removeSink(sink);
    ASSERT_TRUE(withWarning.ok()) << withWarning.error().message;
    bool named = false;
    for (const auto& w : warnings) named |= w.find("nowhere.png") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(IsolatedImport, ChildOutOfMemoryOrTimeoutIsAnError) {
    auto dir = test::scratchDir("isolated_limits");
    auto path = writeObjCube(dir);
#if !defined(__SANITIZE_ADDRESS__)
    // Without new address space the child cannot read a 4 MB model: it dies (signal) or reports failure.
    {
        std::ofstream big(dir / "big.obj");
        const int n = 200;
        for (int y = 0; y <= n; ++y)
            for (int x = 0; x <= n; ++x) big << "v " << x << " " << (x * y) % 7 << " " << y << "\n";
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                int a = y * (n + 1) + x + 1;
                big << "f " << a << " " << a + 1 << " " << a + n + 2 << " " << a + n + 1 << "\n";
            }
    }
    auto starved = importModelIsolated(dir / "big.obj", {}, {}, {.memoryLimitBytes = 1});
    ASSERT_FALSE(starved.ok());
    EXPECT_NE(starved.error().message.find("big.obj"), std::string::npos) << starved.error().message;
    std::printf("[ limits   ] starved importer: %s\n", starved.error().message.c_str());
#endif
    auto late = importModelIsolated(path, {}, {}, {.timeout = std::chrono::milliseconds(0)});
    ASSERT_FALSE(late.ok());
    EXPECT_NE(late.error().message.find("timed out"), std::string::npos) << late.error().message;
}

TEST(CookCache, CookFileAndLoadCookedOrCook) {
    auto dir = test::scratchDir("cook_cache");
    ::setenv("SKYHOOK_CACHE_DIR", (dir / "cache").c_str(), 1);
    auto path = writeObjCube(dir);
    ASSERT_TRUE(cookFile(path, dir / "cube.skm").ok());
    ASSERT_TRUE(readCooked(dir / "cube.skm").ok());

    auto cachePath = cookedCachePath(path);
    ASSERT_TRUE(cachePath.ok());
    EXPECT_EQ(cachePath->parent_path(), dir / "cache" / "cooked");
    EXPECT_EQ(cachePath->extension(), ".skm");
    EXPECT_FALSE(fs::exists(*cachePath));
    auto first = loadCookedOrCook(path);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(fs::exists(*cachePath));
    auto second = loadCookedOrCook(path);  // from the cache
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*serializeCooked(*first), *serializeCooked(*second));

    // A corrupt cache file is not trusted: it is re-cooked.
    ASSERT_TRUE(writeFileBytes(*cachePath, std::vector<uint8_t>{1, 2, 3}).ok());
    log::setStderr(false);
    auto third = loadCookedOrCook(path);
    log::setStderr(true);
    ASSERT_TRUE(third.ok());
    EXPECT_TRUE(readCooked(*cachePath).ok());

    // Editing the source changes the key.
    std::ofstream(path, std::ios::app) << "# edited\n";
    auto edited = cookedCachePath(path);
    ASSERT_TRUE(edited.ok());
    EXPECT_NE(*edited, *cachePath);
    ::unsetenv("SKYHOOK_CACHE_DIR");
}

// assimp-testmodels installs under /usr/share/assimp/models (dpkg -L assimp-testmodels).
std::vector<fs::path> testModelFiles() {
    const fs::path root = "/usr/share/assimp/models";
    std::vector<fs::path> files;
    for (const char* folder : {"glTF2", "FBX", "OBJ"}) {
        std::error_code ec;
        if (!fs::is_directory(root / folder, ec)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root / folder, ec)) {
            if (!e.is_regular_file()) continue;
            std::string ext = e.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            if (ext == ".gltf" || ext == ".glb" || ext == ".fbx" || ext == ".obj") files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(IsolatedImport, AssimpTestModelsSweepGivesModelOrError) {
    auto files = testModelFiles();
    if (files.empty()) GTEST_SKIP() << "assimp-testmodels is not installed (/usr/share/assimp/models)";
    size_t imported = 0, cleanErrors = 0, crashed = 0, timedOut = 0;
    log::setStderr(false);
    auto start = std::chrono::steady_clock::now();
    for (const fs::path& file : files) {
        auto r = importModelIsolated(file, {}, {}, {.timeout = std::chrono::seconds(20)});
        if (r.ok()) {
            ++imported;
            EXPECT_FALSE(r->meshes.empty()) << file;
            continue;
        }
        const std::string& message = r.error().message;
        EXPECT_FALSE(message.empty()) << file;
        if (message.find("importer crashed") != std::string::npos) {
            ++crashed;
            std::printf("[ sweep    ] assimp crashed on %s: %s\n", file.c_str(), message.c_str());
        } else if (message.find("timed out") != std::string::npos) {
            ++timedOut;
            std::printf("[ sweep    ] assimp timed out on %s\n", file.c_str());
        } else {
            ++cleanErrors;
            EXPECT_NE(message.find(file.filename().string()), std::string::npos) << message;
        }
    }
    log::setStderr(true);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "[ sweep    ] %zu files: %zu imported+cooked, %zu clean errors, %zu importer crashes, %zu timeouts "
        "(%.1f s)\n",
        files.size(), imported, cleanErrors, crashed, timedOut, seconds);
    EXPECT_EQ(imported + cleanErrors + crashed + timedOut, files.size());
    EXPECT_GT(imported, files.size() / 2);
}

}  // namespace
}  // namespace skyhook::asset
