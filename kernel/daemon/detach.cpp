#include "daemon/detach.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace routerd {

Detacher::Detacher() {
    int fds[2];
    if (::pipe(fds) != 0) std::exit(1);
    const pid_t child = ::fork();
    if (child < 0) std::exit(1);
    if (child > 0) {
        ::close(fds[1]);
        char ready = 0;
        if (::read(fds[0], &ready, 1) == 1) std::_Exit(0);
        int status = 0;
        ::waitpid(child, &status, 0);
        std::_Exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
    }
    ::close(fds[0]);
    ready_fd_ = fds[1];
    ::setsid();
}

void Detacher::release() {
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO) ::close(null);
    }
    const char ready = 1;
    [[maybe_unused]] const ssize_t n = ::write(ready_fd_, &ready, 1);
    ::close(ready_fd_);
}

}  // namespace routerd
