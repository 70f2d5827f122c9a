#include "child_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include "pidfd.hpp"

namespace routerd::vrrp::track {

namespace {

// Everything here runs between fork and exec in a multi-threaded parent: async-signal-safe
// calls only, no allocation.
[[noreturn]] void exec_in_child(char* const* argv, const RunAs* run_as, int error_pipe) {
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig = 1; sig < NSIG; ++sig)
        ::signal(sig, SIG_DFL);
    ::setpgid(0, 0);
    int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        ::dup2(null_fd, 0);
        ::dup2(null_fd, 1);
        ::dup2(null_fd, 2);
    }
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);  // keeps error_pipe open until exec
    bool identity_ok =
        run_as == nullptr || (::setgroups(1, &run_as->gid) == 0 && ::setgid(run_as->gid) == 0 &&
                              ::setuid(run_as->uid) == 0);
    if (identity_ok)
        ::execv(argv[0], argv);
    int error = errno;
    [[maybe_unused]] auto written = ::write(error_pipe, &error, sizeof error);
    ::_exit(127);
}

}  // namespace

SpawnedChild spawn_child(const Command& command) {
    std::vector<char*> argv;
    for (const auto& arg : command.argv)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const std::string& program = command.argv.front();

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe for " + program);
    pid_t pid = ::fork();
    if (pid == 0)
        exec_in_child(argv.data(), command.run_as ? &*command.run_as : nullptr, pipe_fds[1]);
    int fork_error = errno;
    ::close(pipe_fds[1]);
    if (pid < 0) {
        ::close(pipe_fds[0]);
        throw std::system_error(fork_error, std::generic_category(), "fork for " + program);
    }
    ::setpgid(pid, pid);  // also here, so the group exists whichever side runs first

    int exec_error = 0;
    ssize_t got;
    do {
        got = ::read(pipe_fds[0], &exec_error, sizeof exec_error);
    } while (got < 0 && errno == EINTR);
    ::close(pipe_fds[0]);
    if (got > 0) {
        ::waitpid(pid, nullptr, 0);
        throw std::system_error(exec_error, std::generic_category(), "exec " + program);
    }
    int pidfd = open_pidfd(pid);
    if (pidfd < 0) {
        int error = errno;
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        throw std::system_error(error, std::generic_category(), "pidfd_open for " + program);
    }
    return {pid, pidfd};
}

ChildOutcome outcome_of_wait_status(int status) {
    if (WIFSIGNALED(status))
        return ChildOutcome::killed_by(WTERMSIG(status));
    return ChildOutcome::exited_with(WEXITSTATUS(status));
}

ChildOutcome ChildOutcome::timed_out_after(std::chrono::milliseconds limit) {
    ChildOutcome outcome = make(Kind::timed_out, 0);
    outcome.timeout = limit;
    return outcome;
}

ChildOutcome ChildOutcome::not_started_because(std::string why) {
    ChildOutcome outcome = make(Kind::not_started, 0);
    outcome.error = std::move(why);
    return outcome;
}

std::string ChildOutcome::describe() const {
    switch (kind) {
        case Kind::exited:
            return "exit status " + std::to_string(value);
        case Kind::killed:
            return "killed by signal " + std::to_string(value);
        case Kind::timed_out:
            return "timed out after " + std::to_string(timeout.count()) + " ms";
        case Kind::not_started:
            return "not started: " + error;
    }
    return {};
}

}  // namespace routerd::vrrp::track
