#include "route_guard.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace routerd::announce_bgp {

namespace {

// $1 table, $2 protocol. The tun device moves to descriptor 3, so that nothing the script runs
// writes into it (it would be a packet). `read` ends at end of file: routerd is gone.
constexpr const char* kGuardScript = R"(exec 3>&1 >/dev/null 2>&1
withdraw() {
    ip -4 route flush table "$1" proto "$2"
    ip -6 route flush table "$1" proto "$2"
    exit 0
}
trap 'withdraw "$1" "$2"' TERM
read -r _
withdraw "$1" "$2"
)";

}  // namespace

RouteGuard::RouteGuard(int table, int protocol, int device_fd)
    : table_(table), protocol_(protocol), device_fd_(device_fd) {
    start();
}

RouteGuard::~RouteGuard() {
    child_.reset();  // SIGKILL and reap
    ::close(pipe_write_);
}

void RouteGuard::start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe for the route guard");
    common::ChildSpec spec;
    spec.argv = {"/bin/sh",
                 "-c",
                 kGuardScript,
                 "routerd-route-guard",
                 std::to_string(table_),
                 std::to_string(protocol_)};
    spec.stdin_fd = fds[0];
    spec.stdout_fd = device_fd_;
    try {
        child_.emplace(common::Child::spawn(spec));
    } catch (...) {
        ::close(fds[0]);
        ::close(fds[1]);
        throw;
    }
    ::close(fds[0]);
    if (pipe_write_ >= 0) ::close(pipe_write_);
    pipe_write_ = fds[1];
}

std::optional<std::string> RouteGuard::restart_if_ended() {
    const std::optional<common::ChildOutcome> outcome = child_->try_reap();
    if (!outcome) return std::nullopt;
    start();
    return "the route guard ended (" + outcome->describe() + "); started another";
}

}  // namespace routerd::announce_bgp
