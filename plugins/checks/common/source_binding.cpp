#include "source_binding.hpp"

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/ip/udp.hpp>

namespace routerd::checks {
namespace {

boost::system::error_code last_error() {
    return {errno, boost::system::system_category()};
}

}  // namespace

std::optional<SourceBinding> SourceBinding::read(const sdk::Config& check) {
    SourceBinding out;
    bool valid = true;
    const sdk::Config bindto = check["bindto"];
    if (std::optional<std::string> text = bindto.string()) {
        boost::system::error_code ec;
        out.address = boost::asio::ip::make_address(*text, ec);
        if (ec) {
            bindto.error("'" + *text + "' is not an IP address");
            valid = false;
        }
    } else if (bindto.present()) {
        valid = false;
    }
    const sdk::Config port = check["bind_port"];
    if (std::optional<int64_t> value = port.integer(1, 65535)) {
        out.port = static_cast<uint16_t>(*value);
    } else if (port.present()) {
        valid = false;
    }
    const sdk::Config interface = check["bind_if"];
    if (std::optional<std::string> name = interface.string()) {
        if (name->empty() || name->size() >= IFNAMSIZ) {
            interface.error("'" + *name + "' is not an interface name");
            valid = false;
        }
        out.interface = *name;
    } else if (interface.present()) {
        valid = false;
    }
    const sdk::Config mark = check["fwmark"];
    if (std::optional<int64_t> value = mark.integer(0, UINT32_MAX)) {
        out.mark = static_cast<uint32_t>(*value);
    } else if (mark.present()) {
        valid = false;
    }
    if (!valid) return std::nullopt;
    return out;
}

boost::system::error_code SourceBinding::apply(int fd, int family) const {
    if (!interface.empty() && ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(),
                                           static_cast<socklen_t>(interface.size())) != 0) {
        return last_error();
    }
    // Setting a mark needs CAP_NET_ADMIN; without it the check fails with EPERM, visibly.
    if (mark != 0 && ::setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0)
        return last_error();
    if (!address && port == 0) return {};
    // A checker reconnecting from a fixed port finds it in TIME_WAIT otherwise.
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    boost::asio::ip::address source = address.value_or(
        family == AF_INET6 ? boost::asio::ip::address(boost::asio::ip::address_v6())
                           : boost::asio::ip::address(boost::asio::ip::address_v4()));
    if ((family == AF_INET6) != source.is_v6())
        return boost::asio::error::address_family_not_supported;
    boost::asio::ip::udp::endpoint endpoint(source, port);
    if (source.is_v6() && source.to_v6().is_link_local() && !interface.empty()) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(endpoint.data());
        v6->sin6_scope_id = if_nametoindex(interface.c_str());
    }
    if (::bind(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size())) != 0)
        return last_error();
    return {};
}

}  // namespace routerd::checks
