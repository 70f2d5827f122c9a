// The one place in routerd that starts programs: fork, a clean child, exec, and the
// pidfd through which the caller's event loop learns that it ended.
//
// The child:
//  - runs argv[0] as given (a path: no PATH search, no shell; shell_command() in
//    command_line.hpp builds the `/bin/sh -c` form for configurations that ask for a shell),
//  - gets exactly ChildSpec::env as its environment (none of the daemon's),
//  - has stdin, stdout and stderr on /dev/null (or stdin / stdout on a descriptor its caller
//    hands it) and no other descriptor: everything from 3 up is closed, whether or not the
//    daemon marked it close-on-exec,
//  - starts with default signal dispositions and an empty signal mask (a daemon blocks and
//    ignores signals; exec keeps both, and a script deaf to SIGTERM could not be stopped),
//  - leads a process group of its own, so that a timeout reaches whatever it started,
//  - runs as ChildSpec::run_as when set (setgroups, setgid, setuid before exec),
//  - with ChildSpec::script_security, is never started when the script would run as root and
//    a non-root user could change or replace it (script_security.hpp): checked at every
//    spawn, whatever the configuration check found, since the file may have changed.
// Whether exec (or the identity change) failed is reported through a close-on-exec pipe, so
// "could not exec /x: No such file or directory" never looks like a program's exit status 127.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "routerd/common/child_outcome.hpp"
#include "routerd/common/run_as.hpp"

namespace routerd::common {

// The environment every child gets unless its caller adds variables.
inline constexpr const char* kChildPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
std::vector<std::string> child_environment(std::vector<std::string> extra = {});

// keepalived.conf(5): a script that runs too long gets SIGTERM; one that ignores it gets
// SIGKILL this long afterwards, so that a stuck script can never wedge its caller.
inline constexpr std::chrono::milliseconds kDefaultKillGrace{1000};

struct ChildSpec {
    std::vector<std::string> argv;                       // argv[0]: the program's path
    std::vector<std::string> env = child_environment();  // "NAME=value", the whole environment
    std::optional<RunAs> run_as;                         // nullopt: the daemon's own identity
    // enable_script_security (script_policy.hpp): the script is `secured_program`, or argv[0]
    // when that is empty (a `/bin/sh -c LINE` child names the script LINE runs).
    bool script_security = false;
    std::string secured_program;
    std::chrono::milliseconds timeout{0};  // how long it may run (the caller's clock enforces it)
    std::chrono::milliseconds kill_grace = kDefaultKillGrace;
    // Descriptors the child gets as its stdin / stdout instead of /dev/null (-1: /dev/null);
    // the caller keeps its own. For a helper that must outlive the daemon and learn of its
    // death (end of file on a pipe only the daemon writes to), or hold an open file past it.
    int stdin_fd = -1;
    int stdout_fd = -1;
};

// A started child, owned: move-only. Not thread-safe; one thread at a time uses it.
class Child {
  public:
    // Forks and execs `spec`; returns once exec succeeded. Blocking only as long as fork and
    // exec take. Throws std::system_error naming the program and the step that failed
    // ("could not exec /x", "could not run /x as uid 65534", "fork for /x"), or with EPERM
    // the reason script security refuses it ("enable_script_security refuses /x: /srv is
    // writable by group 1000 (mode 0775)").
    static Child spawn(const ChildSpec& spec);

    Child(Child&& other) noexcept;
    Child& operator=(Child&& other) noexcept;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    // One not reaped yet is killed (SIGKILL to its group) and reaped: none is left behind.
    ~Child();

    pid_t pid() const { return pid_; }
    // Readable once the child has exited; Child keeps owning it.
    int pidfd() const { return pidfd_; }
    // Another close-on-exec pidfd of the child, for an event loop that owns what it watches
    // (an Asio descriptor closes its own). A separate open file, not a dup(): a loop that
    // makes it non-blocking must not make this Child's blocking waits return EAGAIN.
    // Throws std::system_error.
    int open_watch_pidfd() const;
    std::chrono::milliseconds timeout() const { return timeout_; }

    // Never blocks. The outcome once the child exited (it is then reaped), nullopt while it
    // runs. After on_deadline() the outcome is timed_out, and the rest of the process group
    // is killed before the leader is reaped (its zombie keeps the group id from being reused).
    std::optional<ChildOutcome> try_reap();
    // Blocks until the child exits; the outcome as try_reap() gives it.
    ChildOutcome wait();

    // The caller's deadline passed: the first call sends SIGTERM to the process group and
    // returns the grace after which to call again; the second sends SIGKILL and returns
    // nullopt. Nothing is sent once the child is reaped.
    std::optional<std::chrono::milliseconds> on_deadline();

    // SIGKILL to the process group and reap, blocking until the kernel has done it.
    void kill_and_reap();

    bool reaped() const { return pid_ < 0; }

  private:
    Child(pid_t pid, int pidfd, std::chrono::milliseconds timeout,
          std::chrono::milliseconds kill_grace);
    std::optional<ChildOutcome> reap(int options);
    void release();

    pid_t pid_ = -1;
    int pidfd_ = -1;
    std::chrono::milliseconds timeout_{0};
    std::chrono::milliseconds kill_grace_{0};
    int signals_sent_ = 0;  // by on_deadline(): 1 after SIGTERM, 2 after SIGKILL
};

}  // namespace routerd::common
