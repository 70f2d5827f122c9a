#include "routerd/common/pidfd.hpp"

#include <sys/syscall.h>
#include <unistd.h>

namespace routerd::common {

// glibc 2.36's <sys/pidfd.h> lacks C linkage for C++, so the raw system call.
int open_pidfd(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

}  // namespace routerd::common
