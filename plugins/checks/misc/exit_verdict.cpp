#include "exit_verdict.hpp"

#include <cstring>

namespace routerd::checks::misc {

Verdict judge(const ProgramEnd& end, bool dynamic) {
    switch (end.how) {
        case ProgramEnd::How::kTimedOut:
            return {false, -1, "killed after misc_timeout"};
        case ProgramEnd::How::kSignalled:
            return {false, -1, "killed by signal " + std::to_string(end.code)};
        case ProgramEnd::How::kNotStarted:
            return {
                false, -1,
                "could not start: " + (end.error.empty() ? std::strerror(end.code) : end.error)};
        case ProgramEnd::How::kExited:
            break;
    }
    if (end.code == 0) return {true, -1, ""};
    if (dynamic && end.code >= 2 && end.code <= 255)
        return {true, end.code - 2, "exit " + std::to_string(end.code)};
    return {false, -1, "exit " + std::to_string(end.code)};
}

}  // namespace routerd::checks::misc
