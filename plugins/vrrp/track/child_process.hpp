// fork/exec of one script, and how it ended. Blocking: call spawn_child() off the loop.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

#include "command.hpp"

namespace routerd::vrrp::track {

struct SpawnedChild {
    pid_t pid = -1;
    int pidfd = -1;  // readable once the child exits; the caller owns it
};

// The child leads its own process group (a timeout then kills the script's children too),
// has stdin/stdout/stderr on /dev/null, no other inherited descriptors, default signal
// dispositions and an empty signal mask (the daemon's blocked signals would otherwise make
// it deaf to SIGTERM), and the identity of command.run_as. Returns once exec succeeded;
// throws std::system_error naming the program if fork, the identity change or exec failed
// (the child reports exec's errno through a close-on-exec pipe).
SpawnedChild spawn_child(const Command& command);

struct ChildOutcome {
    enum class Kind { exited, killed, timed_out, not_started };
    Kind kind = Kind::exited;
    int value = 0;                         // exit status (exited) or signal (killed)
    std::chrono::milliseconds timeout{0};  // timed_out
    std::string error;                     // not_started

    static ChildOutcome exited_with(int status) { return make(Kind::exited, status); }
    static ChildOutcome killed_by(int signal) { return make(Kind::killed, signal); }
    static ChildOutcome timed_out_after(std::chrono::milliseconds limit);
    static ChildOutcome not_started_because(std::string why);

    // keepalived.conf(5): a script succeeds when it exits 0.
    bool success() const { return kind == Kind::exited && value == 0; }
    std::string describe() const;  // "exit status 3", "timed out after 2000 ms", ...
    bool operator==(const ChildOutcome&) const = default;

  private:
    static ChildOutcome make(Kind kind, int value) {
        ChildOutcome outcome;
        outcome.kind = kind;
        outcome.value = value;
        return outcome;
    }
};

ChildOutcome outcome_of_wait_status(int status);

}  // namespace routerd::vrrp::track
