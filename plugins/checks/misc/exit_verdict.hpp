#pragma once

#include <cstdint>
#include <string>

namespace routerd::checks::misc {

// How a MISC_CHECK program ended.
struct ProgramEnd {
    enum class How { kExited, kSignalled, kTimedOut, kNotStarted } how = How::kExited;
    int code = 0;  // exit code, signal number, or errno (kNotStarted)
    // kNotStarted: the runner's reason ("enable_script_security refuses /x: ..."), when it
    // gave one; else the errno's text is the reason.
    std::string error = {};
};

struct Verdict {
    bool up = false;
    int32_t weight = -1;  // -1: unchanged
    std::string reason;
};

// keepalived.conf(5), MISC_CHECK: exit 0 is success, anything else failure; with
// misc_dynamic, 1 is failure and 2..255 success with weight = code - 2 (0 keeps the weight).
// A program killed by a signal or by misc_timeout failed.
Verdict judge(const ProgramEnd& end, bool dynamic);

}  // namespace routerd::checks::misc
