#include "routerd/ipvs/service/script_runner.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>
#include <variant>

extern char** environ;

namespace routerd::ipvs {
namespace {

// The shell leads a process group of its own, so that a timeout can kill what it started.
std::variant<pid_t, std::string> spawn(const std::string& command) {
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = 0;
    const int error =
        posix_spawn(&pid, "/bin/sh", nullptr, &attr, const_cast<char* const*>(argv), environ);
    posix_spawnattr_destroy(&attr);
    if (error != 0) return std::string("cannot start /bin/sh: ") + std::strerror(error);
    return pid;
}

std::string describe(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 0 ? "" : "exit status " + std::to_string(WEXITSTATUS(status));
    return "killed by signal " + std::to_string(WTERMSIG(status));
}

// waitpid without the EINTRs; nullopt while it runs (with WNOHANG).
std::optional<std::string> reap(pid_t pid, int options) {
    int status = 0;
    for (;;) {
        const pid_t r = waitpid(pid, &status, options);
        if (r == pid) return describe(status);
        if (r == 0) return std::nullopt;
        if (errno != EINTR) return std::string("waitpid: ") + std::strerror(errno);
    }
}

}  // namespace

std::vector<std::string> run_scripts(const std::vector<std::string>& commands,
                                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<std::string> results(commands.size());
    std::vector<pid_t> running(commands.size(), 0);  // 0: done
    for (size_t i = 0; i < commands.size(); ++i) {
        const auto started = spawn(commands[i]);
        if (const auto* error = std::get_if<std::string>(&started))
            results[i] = *error;
        else
            running[i] = std::get<pid_t>(started);
    }
    for (;;) {
        bool waiting = false;
        for (size_t i = 0; i < commands.size(); ++i) {
            if (running[i] == 0) continue;
            if (std::optional<std::string> result = reap(running[i], WNOHANG)) {
                results[i] = std::move(*result);
                running[i] = 0;
            } else {
                waiting = true;
            }
        }
        if (!waiting) return results;
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (size_t i = 0; i < commands.size(); ++i) {
        if (running[i] == 0) continue;
        kill(-running[i], SIGKILL);
        reap(running[i], 0);
        results[i] = "timed out after " + std::to_string(timeout.count()) + " ms";
    }
    return results;
}

}  // namespace routerd::ipvs
