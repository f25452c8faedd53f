// Enforces the module dependency direction (engine/README.md) and the header rules of shared/DESIGN.md:
// a forbidden #include anywhere under engine/ fails this test, naming the file and the line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::set<std::string>> kAllowed = {
    {"core", {}},
    {"platform", {"core"}},
    {"gpu", {"core"}},
    {"scene", {"core"}},
    {"asset", {"core", "scene"}},
    {"render", {"core", "gpu", "scene"}},
    {"ui", {"core", "gpu", "platform", "render", "scene", "net"}},
    {"xr", {"core", "gpu", "render", "scene"}},
    {"net", {"core"}},
    {"venue", {"core", "platform", "gpu", "scene", "asset", "render", "ui", "xr", "net"}},
    {"app", {"core", "platform", "gpu", "scene", "asset", "render", "ui", "xr", "venue", "net"}},
};

// System headers a module may not see (by path prefix), so device code stays free of windowing and XR.
const std::map<std::string, std::vector<std::string>> kForbiddenSystem = {
    {"core", {"vulkan/", "GLFW/", "openxr/", "imgui", "assimp/"}},
    {"scene", {"vulkan/", "GLFW/", "openxr/", "imgui", "assimp/"}},
    {"gpu", {"GLFW/", "openxr/", "imgui", "assimp/", "zmq", "openssl/"}},
    {"render", {"GLFW/", "openxr/", "assimp/", "zmq", "openssl/"}},
    {"asset", {"vulkan/", "GLFW/", "openxr/", "imgui"}},
};

struct Violation {
    std::string where;
    std::string include;
};

std::vector<Violation> scan(const fs::path& engine) {
    std::vector<Violation> out;
    const std::regex inc(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
    for (const auto& entry : fs::recursive_directory_iterator(engine)) {
        if (!entry.is_regular_file()) continue;
        auto ext = entry.path().extension();
        if (ext != ".hpp" && ext != ".cpp" && ext != ".h") continue;
        std::string module = fs::relative(entry.path(), engine).begin()->string();
        auto allowed = kAllowed.find(module);
        std::ifstream in(entry.path());
        std::string line;
        int lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            std::smatch m;
            if (!std::regex_search(line, m, inc)) continue;
            std::string header = m[1];
            std::string where = entry.path().string() + ":" + std::to_string(lineNo);
            if (header.rfind("engine/", 0) == 0) {
                std::string target = header.substr(7, header.find('/', 7) - 7);
                if (target == module) continue;
                if (allowed == kAllowed.end() || !allowed->second.count(target))
                    out.push_back({where, header});
            } else if (auto f = kForbiddenSystem.find(module); f != kForbiddenSystem.end()) {
                for (const auto& prefix : f->second)
                    if (header.rfind(prefix, 0) == 0) out.push_back({where, header});
            }
        }
    }
    return out;
}

TEST(Architecture, NoForbiddenIncludes) {
    auto violations = scan(fs::path(SKYHOOK_SOURCE_DIR) / "engine");
    for (const auto& v : violations) ADD_FAILURE() << v.where << ": forbidden include " << v.include;
    EXPECT_TRUE(violations.empty());
}

TEST(Architecture, EveryModuleIsKnownAndHasReadme) {
    for (const auto& entry : fs::directory_iterator(fs::path(SKYHOOK_SOURCE_DIR) / "engine")) {
        if (!entry.is_directory()) continue;
        std::string module = entry.path().filename().string();
        EXPECT_TRUE(kAllowed.count(module)) << "engine/" << module << " is not in the dependency table";
        EXPECT_TRUE(fs::exists(entry.path() / "README.md")) << "engine/" << module << " has no README.md";
    }
}

TEST(Architecture, DetectsAForbiddenEdge) {
    // The scanner itself must be able to fail: plant a bad include in a temporary tree.
    fs::path root = fs::temp_directory_path() / "skyhook_arch_probe";
    fs::remove_all(root);
    fs::create_directories(root / "gpu");
    std::ofstream(root / "gpu" / "bad.cpp")
        << "#include \"engine/render/renderer.hpp\"\n#include <GLFW/glfw3.h>\n";
    // OpenXR stays in engine/xr: neither gpu nor render may see it, directly or through xr.
    fs::create_directories(root / "render");
    std::ofstream(root / "gpu" / "xr.hpp") << "#include <openxr/openxr.h>\n";
    std::ofstream(root / "render" / "xr.cpp")
        << "#include \"engine/xr/headset.hpp\"\n#include <openxr/openxr.h>\n";
    auto violations = scan(root);
    fs::remove_all(root);
    ASSERT_EQ(violations.size(), 5u);
}

TEST(Style, SourcesAreClangFormatted) {
    // clang-format's exit status says whether any file would change.
    std::string cmd = "cd '" SKYHOOK_SOURCE_DIR
                      "' && git ls-files -co --exclude-standard -- 'engine/*.cpp' "
                      "'engine/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'tools/*.cpp' "
                      "| xargs -r clang-format --dry-run -Werror 2>&1 | head -20";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string output;
    char buf[512];
    while (fgets(buf, sizeof buf, p)) output += buf;
    pclose(p);
    EXPECT_TRUE(output.empty()) << "run clang-format -i on these:\n" << output;
}

}  // namespace
