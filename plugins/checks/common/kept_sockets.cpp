#include "kept_sockets.hpp"

#include <sys/socket.h>

namespace routerd::checks {
namespace {

// Kept sockets per family and loop: more than a loop's checks in flight at once in any
// realistic farm (each holds its socket for well under a millisecond on a LAN).
constexpr std::size_t kMaxIdle = 256;

std::size_t family_index(boost::asio::ip::tcp protocol) {
    return protocol == boost::asio::ip::tcp::v6() ? 1 : 0;
}

}  // namespace

std::optional<boost::asio::ip::tcp::socket> KeptSockets::take(boost::asio::ip::tcp protocol) {
    std::vector<boost::asio::ip::tcp::socket>& idle = idle_[family_index(protocol)];
    if (idle.empty()) return std::nullopt;
    std::optional<boost::asio::ip::tcp::socket> socket(std::move(idle.back()));
    idle.pop_back();
    return socket;
}

bool KeptSockets::keep(boost::asio::ip::tcp::socket& socket, boost::asio::ip::tcp protocol) {
    boost::system::error_code ignored;
    socket.cancel(ignored);
    std::vector<boost::asio::ip::tcp::socket>& idle = idle_[family_index(protocol)];
    const sockaddr unspecified{AF_UNSPEC, {}};
    if (idle.size() >= kMaxIdle ||
        ::connect(socket.native_handle(), &unspecified, sizeof unspecified) != 0) {
        return false;
    }
    idle.push_back(std::move(socket));
    return true;
}

void KeptSockets::shutdown() {
    for (std::vector<boost::asio::ip::tcp::socket>& idle : idle_)
        idle.clear();
}

}  // namespace routerd::checks
