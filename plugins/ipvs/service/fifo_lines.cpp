#include "routerd/ipvs/service/fifo_lines.h"

#include <arpa/inet.h>

namespace routerd::ipvs {
namespace {

// inet_ntop's form of an address (what Keepalived prints), or the text as it is.
std::string canonical(const std::string& address) {
    const int family = address.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    unsigned char bytes[16];
    char text[INET6_ADDRSTRLEN];
    if (inet_pton(family, address.c_str(), bytes) != 1 ||
        inet_ntop(family, bytes, text, sizeof text) == nullptr)
        return address;
    return text;
}

// Keepalived's inet_sockaddrtotrio(): "[ADDRESS]:PROTOCOL:PORT".
std::string trio(const std::string& address, Protocol protocol, uint16_t port) {
    return "[" + canonical(address) + "]:" + to_string(protocol) + ":" + std::to_string(port);
}

// Keepalived's format_vs().
std::string virtual_server_text(const VirtualServer& vs) {
    if (!vs.group.empty()) return "[" + vs.group + "]:0";
    const ServiceAddress& first = vs.addresses.front();
    if (first.address.empty()) return "FWM " + std::to_string(first.fwmark);
    return trio(first.address, vs.protocol, first.port);
}

const char* state(bool up) {
    return up ? "UP" : "DOWN";
}

}  // namespace

std::string virtual_server_fifo_line(const VirtualServer& vs, bool quorum_up) {
    return "VS " + virtual_server_text(vs) + " " + state(quorum_up) + "\n";
}

bool writes_quorum_line(std::optional<bool> was_up, bool now_up, bool has_sorry_server) {
    if (was_up) return *was_up != now_up;
    return now_up || has_sorry_server;
}

std::string real_server_fifo_line(const RealServerNotice& notice) {
    const VirtualServer& vs = *notice.virtual_server;
    const RealServer& rs = *notice.real_server;
    return "RS " + trio(rs.address, vs.protocol, rs.port) + " " + virtual_server_text(vs) + " " +
           state(notice.up) + "\n";
}

}  // namespace routerd::ipvs
