#include "daemon/sd_notify.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace routerd {

std::optional<NotifyAddress> notify_address(const char* notify_socket) {
    if (notify_socket == nullptr) return std::nullopt;
    const std::string_view name(notify_socket);
    if (name.empty() || (name[0] != '/' && name[0] != '@')) return std::nullopt;
    NotifyAddress to;
    // A path needs room for its terminating NUL; an abstract name is its bytes alone.
    const bool abstract = name[0] == '@';
    if (name.size() + (abstract ? 0 : 1) > sizeof(to.address.sun_path)) return std::nullopt;
    to.address.sun_family = AF_UNIX;
    std::memcpy(to.address.sun_path, name.data(), name.size());
    if (abstract) to.address.sun_path[0] = '\0';
    to.length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() + (abstract ? 0 : 1));
    return to;
}

bool send_notification(const NotifyAddress& address, std::string_view state) {
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const ssize_t sent =
        ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&address.address), address.length);
    const int error = errno;
    ::close(fd);
    errno = error;
    return sent == static_cast<ssize_t>(state.size());
}

void sd_notify_state(const std::string& state) {
    // Read each time, as sd_notify does: a service manager that is not there is no error.
    if (const auto to = notify_address(std::getenv("NOTIFY_SOCKET"))) send_notification(*to, state);
}

}  // namespace routerd
