#include "routerd/common/child_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "routerd/common/pidfd.hpp"
#include "routerd/common/script_security.hpp"

namespace routerd::common {

namespace {

// What the child writes to the report pipe when it cannot become the program.
struct Failure {
    enum Step : int { set_stdio, set_identity, exec } step;
    int error;
};

struct ExecArguments {
    const char* path;
    char* const* argv;
    char* const* envp;
    const RunAs* run_as;
    int stdin_fd;   // -1: /dev/null
    int stdout_fd;  // -1: /dev/null
    int report_fd;
    int max_fd;  // for kernels without close_range
};

[[noreturn]] void fail_in_child(int report_fd, Failure::Step step) {
    const Failure failure{step, errno};
    [[maybe_unused]] auto written = ::write(report_fd, &failure, sizeof failure);
    ::_exit(127);
}

// Everything here runs between fork and exec in a multi-threaded parent: async-signal-safe
// calls only, no allocation.
[[noreturn]] void become_program(const ExecArguments& args) {
    for (int sig = 1; sig < NSIG; ++sig)
        ::signal(sig, SIG_DFL);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::setpgid(0, 0);

    // The caller's descriptors are copied above 2 first, so that /dev/null on 0..2 cannot
    // overwrite one that happens to be there; the copies are close-on-exec.
    const int in_fd = args.stdin_fd < 0 ? -1 : ::fcntl(args.stdin_fd, F_DUPFD_CLOEXEC, 3);
    const int out_fd = args.stdout_fd < 0 ? -1 : ::fcntl(args.stdout_fd, F_DUPFD_CLOEXEC, 3);
    if ((args.stdin_fd >= 0 && in_fd < 0) || (args.stdout_fd >= 0 && out_fd < 0))
        fail_in_child(args.report_fd, Failure::set_stdio);
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(null_fd, 1) < 0 || ::dup2(null_fd, 2) < 0)
        fail_in_child(args.report_fd, Failure::set_stdio);
    if ((in_fd >= 0 && ::dup2(in_fd, 0) < 0) || (out_fd >= 0 && ::dup2(out_fd, 1) < 0))
        fail_in_child(args.report_fd, Failure::set_stdio);
    // Marked close-on-exec rather than closed: the report pipe must stay open until exec.
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = 3; fd < args.max_fd; ++fd) {
            if (fd != args.report_fd) ::close(fd);
        }
    }

    if (args.run_as != nullptr &&
        (::setgroups(1, &args.run_as->gid) != 0 || ::setgid(args.run_as->gid) != 0 ||
         ::setuid(args.run_as->uid) != 0))
        fail_in_child(args.report_fd, Failure::set_identity);
    ::execve(args.path, args.argv, args.envp);
    fail_in_child(args.report_fd, Failure::exec);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const std::string& s : strings)
        out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

std::string failed_step(const Failure& failure, const ChildSpec& spec) {
    const std::string& program = spec.argv.front();
    switch (failure.step) {
        case Failure::set_stdio:
            return "could not set up stdin, stdout and stderr for " + program;
        case Failure::set_identity:
            return "could not run " + program + " as uid " + std::to_string(spec.run_as->uid) +
                   " gid " + std::to_string(spec.run_as->gid);
        case Failure::exec:
            break;
    }
    return "could not exec " + program;
}

// The child's report: nothing (exec succeeded and closed the pipe) or one Failure.
std::optional<Failure> read_report(int fd) {
    Failure failure{};
    ssize_t got;
    do {
        got = ::read(fd, &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    if (got != static_cast<ssize_t>(sizeof failure)) return std::nullopt;
    return failure;
}

void kill_group(pid_t pid, int sig) {
    ::kill(-pid, sig);
    ::kill(pid, sig);  // in case the program left the group it was started in
}

}  // namespace

std::vector<std::string> child_environment(std::vector<std::string> extra) {
    extra.insert(extra.begin(), kChildPath);
    return extra;
}

Child Child::spawn(const ChildSpec& spec) {
    if (spec.argv.empty())
        throw std::system_error(EINVAL, std::generic_category(), "no program to run");
    const std::string& program = spec.argv.front();
    if (spec.script_security) {
        const std::string& script = spec.secured_program.empty() ? program : spec.secured_program;
        if (std::optional<std::string> why =
                script_security_refusal(script, spec.run_as.value_or(own_identity())))
            throw std::system_error(EPERM, std::generic_category(),
                                    "enable_script_security refuses " + script + ": " + *why);
    }
    const std::vector<char*> argv = c_strings(spec.argv);
    const std::vector<char*> envp = c_strings(spec.env);

    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe for " + program);
    const ExecArguments args{
        program.c_str(), argv.data(),    envp.data(), spec.run_as ? &*spec.run_as : nullptr,
        spec.stdin_fd,   spec.stdout_fd, report[1],   static_cast<int>(::sysconf(_SC_OPEN_MAX))};
    const pid_t pid = ::fork();
    if (pid == 0) become_program(args);
    const int fork_error = errno;
    ::close(report[1]);
    if (pid < 0) {
        ::close(report[0]);
        throw std::system_error(fork_error, std::generic_category(), "fork for " + program);
    }
    ::setpgid(pid, pid);  // also here, so the group exists whichever side runs first

    const std::optional<Failure> failure = read_report(report[0]);
    ::close(report[0]);
    if (failure) {
        ::waitpid(pid, nullptr, 0);
        throw std::system_error(failure->error, std::generic_category(),
                                failed_step(*failure, spec));
    }
    const int pidfd = open_pidfd(pid);
    if (pidfd < 0) {
        const int error = errno;
        kill_group(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        throw std::system_error(error, std::generic_category(), "pidfd_open for " + program);
    }
    return Child(pid, pidfd, spec.timeout, spec.kill_grace);
}

Child::Child(pid_t pid, int pidfd, std::chrono::milliseconds timeout,
             std::chrono::milliseconds kill_grace)
    : pid_(pid), pidfd_(pidfd), timeout_(timeout), kill_grace_(kill_grace) {}

Child::Child(Child&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::exchange(other.pidfd_, -1)),
      timeout_(other.timeout_),
      kill_grace_(other.kill_grace_),
      signals_sent_(other.signals_sent_) {}

Child& Child::operator=(Child&& other) noexcept {
    if (this != &other) {
        if (!reaped()) kill_and_reap();
        pid_ = std::exchange(other.pid_, -1);
        pidfd_ = std::exchange(other.pidfd_, -1);
        timeout_ = other.timeout_;
        kill_grace_ = other.kill_grace_;
        signals_sent_ = other.signals_sent_;
    }
    return *this;
}

Child::~Child() {
    if (!reaped()) kill_and_reap();
}

int Child::open_watch_pidfd() const {
    const int fd = open_pidfd(pid_);  // still ours: only this Child reaps it
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "pidfd_open");
    return fd;
}

std::optional<ChildOutcome> Child::try_reap() {
    return reap(WNOHANG);
}

ChildOutcome Child::wait() {
    return *reap(0);
}

std::optional<ChildOutcome> Child::reap(int options) {
    if (reaped()) return std::nullopt;
    const bool timed_out = signals_sent_ > 0;
    // A timed-out leader is only looked at (WNOWAIT): its zombie holds the group id while
    // the rest of its group is killed.
    siginfo_t info{};
    while (::waitid(P_PIDFD, static_cast<id_t>(pidfd_), &info,
                    WEXITED | options | (timed_out ? WNOWAIT : 0)) != 0) {
        if (errno == EINTR) continue;
        const int error = errno;
        release();
        return ChildOutcome::not_started_because(
            "waitid: " + std::generic_category().message(error), error);
    }
    if (info.si_pid == 0) return std::nullopt;  // WNOHANG, still running
    if (timed_out) {
        kill_group(pid_, SIGKILL);
        while (::waitid(P_PIDFD, static_cast<id_t>(pidfd_), &info, WEXITED) != 0 &&
               errno == EINTR) {
        }
    }
    release();
    return timed_out ? ChildOutcome::timed_out_after(timeout_)
                     : ChildOutcome::from_wait(info.si_code, info.si_status);
}

std::optional<std::chrono::milliseconds> Child::on_deadline() {
    if (reaped() || signals_sent_ == 2) return std::nullopt;
    ++signals_sent_;
    kill_group(pid_, signals_sent_ == 1 ? SIGTERM : SIGKILL);
    if (signals_sent_ == 1) return kill_grace_;
    return std::nullopt;
}

void Child::kill_and_reap() {
    if (reaped()) return;
    kill_group(pid_, SIGKILL);
    siginfo_t info{};
    while (::waitid(P_PIDFD, static_cast<id_t>(pidfd_), &info, WEXITED) != 0 && errno == EINTR) {
    }
    release();
}

void Child::release() {
    ::close(pidfd_);
    pidfd_ = -1;
    pid_ = -1;
}

}  // namespace routerd::common
