#include "routerd/common/child_outcome.hpp"

#include <signal.h>

namespace routerd::common {

ChildOutcome ChildOutcome::timed_out_after(std::chrono::milliseconds limit) {
    ChildOutcome outcome = make(Kind::timed_out, 0);
    outcome.timeout = limit;
    return outcome;
}

ChildOutcome ChildOutcome::not_started_because(std::string why, int error_number) {
    ChildOutcome outcome = make(Kind::not_started, error_number);
    outcome.error = std::move(why);
    return outcome;
}

ChildOutcome ChildOutcome::not_started_because(const std::system_error& error) {
    return not_started_because(error.what(), error.code().value());
}

ChildOutcome ChildOutcome::from_wait(int code, int status) {
    return code == CLD_EXITED ? exited_with(status) : killed_by(status);
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

}  // namespace routerd::common
