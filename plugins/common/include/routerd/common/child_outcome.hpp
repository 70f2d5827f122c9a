// How a child process ended, as every caller of the runner reports it.
#pragma once

#include <chrono>
#include <string>
#include <system_error>

namespace routerd::common {

struct ChildOutcome {
    enum class Kind { exited, killed, timed_out, not_started };
    Kind kind = Kind::exited;
    int value = 0;  // exit status (exited), signal (killed) or errno (not_started, 0 if none)
    std::chrono::milliseconds timeout{0};  // timed_out
    std::string error;                     // not_started: "could not exec /x: No such file ..."

    static ChildOutcome exited_with(int status) { return make(Kind::exited, status); }
    static ChildOutcome killed_by(int signal) { return make(Kind::killed, signal); }
    static ChildOutcome timed_out_after(std::chrono::milliseconds limit);
    static ChildOutcome not_started_because(std::string why, int error_number = 0);
    static ChildOutcome not_started_because(const std::system_error& error);
    // From a waitid() siginfo's si_code and si_status (CLD_EXITED, CLD_KILLED, CLD_DUMPED).
    static ChildOutcome from_wait(int code, int status);

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

}  // namespace routerd::common
