// `skyhook xr` end to end under tests/xr/xr_env.sh: frames and exit code, a venue file and bad venue and
// action files, no runtime, and SIGTERM ending the session cleanly.
#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/app/xr_mirror.hpp"
#include "tests/run_command.hpp"

namespace {

const std::string kScene = SKYHOOK_SOURCE_DIR "/tests/xr/data/stereo_near.json";

using Outcome = skyhook::test::CommandOutcome;

// The skyhook program with `args` (stdout and stderr together), `env` assignments before it.
Outcome run(const std::string& args, const std::string& env = "") {
    return skyhook::test::runCommand(env + " '" + std::string(SKYHOOK_EXE) + "' " + args + " 2>&1");
}

TEST(XrCli, SubmitsTheRequestedFramesAndExitsCleanly) {
    Outcome r = run("--validation --msaa 1 xr '" + kScene + "' --frames 20");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("20 frame(s) submitted"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("first frame submitted after"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("session exiting"), std::string::npos) << r.out;
}

TEST(XrCli, AVenueFilePlacesTheVisitorAndBadFilesAreExitCodeThree) {
    const std::string venue = SKYHOOK_SOURCE_DIR "/scenes/venues/hall_a.json";
    Outcome r = run("--validation --msaa 1 xr '" + kScene + "' --frames 5 --venue '" + venue + "'");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("venue Hall A"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("4 profile(s) suggested"), std::string::npos) << r.out;

    const std::string badVenue = SKYHOOK_SOURCE_DIR "/tests/xr/data/bad_venue.json";
    r = run("xr '" + kScene + "' --frames 1 --venue '" + badVenue + "'");
    EXPECT_EQ(r.exitCode, 3) << r.out;
    EXPECT_NE(r.out.find("bad_venue.json: /bounds: the play area's edges 0–1 and 2–3 cross"),
              std::string::npos)
        << r.out;
    const std::string badActions = SKYHOOK_SOURCE_DIR "/tests/xr/data/bad_actions.json";
    r = run("xr '" + kScene + "' --frames 1 --actions '" + badActions + "'");
    EXPECT_EQ(r.exitCode, 3) << r.out;
    EXPECT_NE(
        r.out.find(
            "bad_actions.json: /profiles/~1interaction_profiles~1khr~1simple_controller/visitor~1trigger/0: "
            "/interaction_profiles/khr/simple_controller has no input "
            "\"/user/hand/left/input/trigger/value\""),
        std::string::npos)
        << r.out;
}

TEST(XrCli, NoRuntimeIsExitCodeSixWithAClearMessage) {
    Outcome r = run("xr '" + kScene + "' --frames 1", "XR_RUNTIME_JSON=/nonexistent/openxr_runtime.json");
    EXPECT_EQ(r.exitCode, 6) << r.out;
    EXPECT_NE(r.out.find("no usable OpenXR runtime"), std::string::npos) << r.out;
}

TEST(XrCli, WaitRuntimeRetriesWithBackoffThenGivesUpWithExitCodeSix) {
    const auto start = std::chrono::steady_clock::now();
    Outcome r = run("xr '" + kScene + "' --frames 1 --wait-runtime 1.2",
                    "XR_RUNTIME_JSON=/nonexistent/openxr_runtime.json");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.exitCode, 6) << r.out;
    EXPECT_GE(seconds, 1.2);
    // 0.5 s, then about 1 s (cut to what is left): each attempt logged with the reason.
    EXPECT_NE(r.out.find("retrying (attempt 1) in"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("retrying (attempt 2) in"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no usable OpenXR runtime"), std::string::npos) << r.out;
}

TEST(XrCli, TheMirrorWindowShowsFramesUnderXvfbWithoutHoldingUpTheHeadset) {
    if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) GTEST_SKIP() << "xvfb-run is not installed";
    Outcome r = run("--validation xr '" + kScene + "' --frames 30 --mirror",
                    "xvfb-run -a -s '-screen 0 1280x800x24'");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("mirror window: left eye"), std::string::npos) << r.out;
    // Every frame the eyes rendered was offered to the mirror; a busy one is skipped, not waited for.
    const size_t at = r.out.find("mirror: ");
    ASSERT_NE(at, std::string::npos) << r.out;
    EXPECT_GE(std::stoul(r.out.substr(at + 8)), 20u) << r.out;
}

TEST(XrCli, NoDisplayMeansNoMirrorButTheHeadsetRuns) {
    Outcome r = run("xr '" + kScene + "' --frames 3 --mirror", "env -u DISPLAY -u WAYLAND_DISPLAY");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("no mirror window"), std::string::npos) << r.out;
}

TEST(XrMirror, LetterboxKeepsTheEyesAspectCentred) {
    using skyhook::app::BlitRect;
    using skyhook::app::letterbox;
    // 4:3 eye in a 16:9 window: bars left and right.
    EXPECT_EQ(letterbox({320, 240}, {1280, 720}), (BlitRect{160, 0, 1120, 720}));
    // Into a tall window: bars above and below.
    EXPECT_EQ(letterbox({320, 240}, {400, 600}), (BlitRect{0, 150, 400, 450}));
    // Same aspect: the whole window; smaller window: scaled down.
    EXPECT_EQ(letterbox({320, 240}, {640, 480}), (BlitRect{0, 0, 640, 480}));
    EXPECT_EQ(letterbox({1000, 1000}, {100, 50}), (BlitRect{25, 0, 75, 50}));
    // Minimised or nothing to show: empty.
    EXPECT_EQ(letterbox({320, 240}, {0, 0}), BlitRect{});
    EXPECT_EQ(letterbox({0, 240}, {640, 480}), BlitRect{});
}

TEST(XrCli, SigtermEndsTheSessionThroughTheRuntime) {
    int pipeFds[2];
    ASSERT_EQ(pipe(pipeFds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        dup2(pipeFds[1], STDOUT_FILENO);
        dup2(pipeFds[1], STDERR_FILENO);
        close(pipeFds[0]);
        execl(SKYHOOK_EXE, SKYHOOK_EXE, "--msaa", "1", "xr", kScene.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(pipeFds[1]);
    std::string out;
    char buf[4096];
    bool signalled = false;
    // A watchdog: a process that ignores the signal must not hang the test.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (true) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            ADD_FAILURE() << "skyhook xr did not end within 60 s";
        }
        pollfd fd{.fd = pipeFds[0], .events = POLLIN};
        if (poll(&fd, 1, 100) == 0) continue;
        const ssize_t n = read(pipeFds[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, size_t(n));
        if (!signalled && out.find("first frame submitted after") != std::string::npos) {
            kill(pid, SIGTERM);
            signalled = true;
        }
    }
    close(pipeFds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(signalled) << out;
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status) << "\n" << out;
    EXPECT_EQ(WEXITSTATUS(status), 0) << out;
    EXPECT_NE(out.find("stop requested"), std::string::npos) << out;
    EXPECT_NE(out.find("session exiting"), std::string::npos) << out;
}

TEST(XrCli, FollowsAShowMasterAndReportsItsHealth) {
    // `skyhook master` in the background (it stops by itself), then a visitor of 20 frames following it.
    const std::string port = std::to_string(20000 + getpid() % 20000);
    const std::string key = "SKYHOOK_VENUE_KEY='xr cli test venue key 0123'";
    const std::string report = SKYHOOK_BINARY_DIR "/xr_cli_master.json";
    std::remove(report.c_str());
    const std::string master =
        key + " '" + std::string(SKYHOOK_EXE) + "' master '" + kScene + "' --listen 127.0.0.1 --port " +
        port + " --start 50 --duration 20 --report '" + report + "' >/dev/null 2>&1 & echo $!";
    FILE* p = popen(master.c_str(), "r");
    ASSERT_NE(p, nullptr);
    int masterPid = 0;
    ASSERT_EQ(fscanf(p, "%d", &masterPid), 1);
    pclose(p);
    Outcome r = run("--validation --msaa 1 xr '" + kScene + "' --frames 20 --master 127.0.0.1:" + port, key);
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("following the master at 127.0.0.1:" + port), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("shared show: offset"), std::string::npos) << r.out;
    // The master's table (its report is rewritten every second) lists the XR visitor, gone with a goodbye,
    // with the XR session's state and frame counters it reported.
    nlohmann::json row;
    for (int i = 0; i < 100 && row.is_null(); ++i) {
        std::ifstream in(report);
        const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
        if (!j.is_discarded() && j.contains("visitors"))
            for (const auto& v : j["visitors"])
                if (v["status"] == "left") row = v;
        if (row.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_FALSE(row.is_null()) << "the master's report never listed the visitor as left";
    ASSERT_TRUE(row.contains("health")) << row.dump();
    const nlohmann::json& h = row["health"];
    EXPECT_NE(h["session"], "headless") << h.dump();
    EXPECT_NE(h["session"], "no session") << h.dump();
    EXPECT_TRUE(h["synced"].get<bool>()) << h.dump();
    EXPECT_GT(h["frames_submitted"].get<uint64_t>(), 0u) << h.dump();
    EXPECT_LE(h["frames_submitted"].get<uint64_t>(), 20u) << h.dump();
    EXPECT_EQ(h["recoveries"].get<uint64_t>(), 0u) << h.dump();
    // Without a venue key the visitor refuses to start (exit code 2), naming what is missing.
    r = run("xr '" + kScene + "' --frames 1 --master 127.0.0.1:" + port, "env -u SKYHOOK_VENUE_KEY");
    EXPECT_EQ(r.exitCode, 2) << r.out;
    EXPECT_NE(r.out.find("no venue key"), std::string::npos) << r.out;
    kill(masterPid, SIGTERM);
}

}  // namespace
