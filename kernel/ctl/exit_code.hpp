// routerctl's exit codes, documented in its --help and in docs/routerctl.md.
#pragma once

namespace routerd::ctl {

enum ExitCode : int {
    kExitOk = 0,
    kExitRouterdError = 1,  // routerd answered, and the answer is an error
    kExitUsage = 2,         // the command line is wrong; nothing was sent
    kExitUnreachable = 3,   // no answer: no socket, refused, closed, or not routerd's JSON
};

}  // namespace routerd::ctl
