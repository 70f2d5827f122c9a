// Which instance an incoming datagram is for. Instances share a socket per interface, family
// and protocol (VRRP or AH); on one socket the VRID in the VRRP header picks the instance, as
// RFC 5798 §7.1 has a router demultiplex. Pure: the endpoints feed it the bytes they received.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "codec.hpp"
#include "instance_config.hpp"

namespace routerd::vrrp {

// The socket an instance sends and receives on.
struct EndpointKey {
    std::string interface;
    Family family = Family::ipv4;
    std::uint8_t protocol = kIpProtoVrrp;                  // kIpProtoAh with AH authentication
    IpAddress group = vrrp_multicast_group(Family::ipv4);  // the multicast group it joins
    auto operator<=>(const EndpointKey&) const = default;
};

EndpointKey endpoint_key(const InstanceConfig& instance);

// `Target` names an instance (the router uses a pointer to it).
template <class Target>
class VridDemux {
  public:
    // At most one instance per socket and VRID (the configuration refuses two).
    void add(const EndpointKey& endpoint, std::uint8_t vrid, Target target) {
        targets_[{endpoint, vrid}] = target;
    }
    void remove(const EndpointKey& endpoint, std::uint8_t vrid) {
        targets_.erase({endpoint, vrid});
    }

    // IPv4: the whole datagram; IPv6: the VRRP message. nullopt, and counted in unknown(), for
    // another router's VRID or a datagram that is not VRRP at all.
    std::optional<Target> route(const EndpointKey& endpoint,
                                std::span<const std::uint8_t> datagram) {
        const std::optional<Peek> peek =
            endpoint.family == Family::ipv4 ? peek_ipv4(datagram) : peek_ipv6(datagram);
        const auto it = peek ? targets_.find({endpoint, peek->vrid}) : targets_.end();
        if (it == targets_.end()) {
            ++unknown_;
            return std::nullopt;
        }
        return it->second;
    }

    std::uint64_t unknown() const { return unknown_; }

  private:
    std::map<std::pair<EndpointKey, std::uint8_t>, Target> targets_;
    std::uint64_t unknown_ = 0;
};

}  // namespace routerd::vrrp
