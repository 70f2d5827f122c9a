// A pidfd (Linux 5.3+): a descriptor that becomes readable when the process exits.
#pragma once

#include <sys/types.h>

namespace routerd::common {

// Close-on-exec. -1 with errno set if the process is gone or the kernel has no pidfds.
int open_pidfd(pid_t pid);

}  // namespace routerd::common
