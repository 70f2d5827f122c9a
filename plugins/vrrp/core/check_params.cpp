#include <algorithm>
#include <string>

#include "codec.hpp"

namespace routerd::vrrp {

std::optional<std::string> check_params(const InstanceParams& params, Family family) {
    if (params.vrid == 0) {
        return "vrid must be 1..255";
    }
    if (params.addresses.size() > 255) {
        return "at most 255 virtual addresses fit in an advertisement";
    }
    if (std::any_of(params.addresses.begin(), params.addresses.end(),
                    [family](const IpAddress& a) { return a.family() != family; })) {
        return "every virtual address must be of the instance's address family";
    }
    if (std::any_of(params.unicast_peers.begin(), params.unicast_peers.end(),
                    [family](const UnicastPeer& p) { return p.address.family() != family; })) {
        return "every unicast peer must be of the instance's address family";
    }
    if (params.auth_type != AuthType::none &&
        (params.version != Version::v2 || family != Family::ipv4)) {
        return "authentication exists only for VRRPv2 over IPv4 (RFC 5798 §9)";
    }
    const auto cs = params.advert_interval.count();
    if (params.version == Version::v2) {
        if (cs % 100 != 0 || cs < 100 || cs > 25500) {
            return "VRRPv2 advert_int must be whole seconds 1..255 (RFC 3768 §5.3.7)";
        }
    } else if (cs < 1 || cs > 0x0fff) {
        return "VRRPv3 advert_int must be 1..4095 centiseconds (RFC 5798 §5.2.7)";
    }
    return std::nullopt;
}

}  // namespace routerd::vrrp
