#pragma once
// Runs a shell command for the tests that drive programs from outside (the skyhook CLI, the part
// generators): its output (stdout, and stderr where the command redirects it) and exit code — 128 + the
// signal when a signal ended it.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace skyhook::test {

struct CommandOutcome {
    int exitCode = -1;
    std::string out;
};

inline CommandOutcome runCommand(const std::string& command) {
    CommandOutcome r;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
    const int status = pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

}  // namespace skyhook::test
