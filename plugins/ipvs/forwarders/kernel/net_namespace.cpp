#include "routerd/ipvs/kernel/net_namespace.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>

namespace routerd::ipvs::netlink {

void in_net_namespace(const std::string& path, const std::function<void()>& make) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("net_namespace: cannot open " + path + ": " +
                                 std::strerror(errno));
    std::exception_ptr failure;
    std::thread([&] {
        try {
            if (::setns(fd, CLONE_NEWNET) != 0) {
                const int error = errno;
                throw std::runtime_error("net_namespace: cannot enter " + path + ": " +
                                         std::strerror(error) +
                                         (error == EPERM ? " (it takes CAP_SYS_ADMIN)" : ""));
            }
            make();
        } catch (...) {
            failure = std::current_exception();
        }
    }).join();
    ::close(fd);
    if (failure) std::rethrow_exception(failure);
}

}  // namespace routerd::ipvs::netlink
