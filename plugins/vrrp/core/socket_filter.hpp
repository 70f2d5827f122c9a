// The classic BPF program (SO_ATTACH_FILTER) a VRRP receive socket runs in the kernel, so that
// what cannot be for one of our instances is dropped before it costs a wake-up: a flood of
// protocol-112 junk then never reaches the VRRP thread, whose advert timers it would delay.
// It accepts a datagram only when its VRRP header says an advertisement (type 1) of a version
// an instance on the socket speaks, for a VRID one of them has, and, over IPv4 when every
// instance on the socket is in multicast mode, when the TTL is 255 (RFC 5798 §7.1; unicast
// peers may be routed, see advert_check.cpp). Everything else is checked again, fully, in user
// space (advert_check.cpp): the filter only sheds load.
//
// What the program sees: on an IPv4 raw socket the whole datagram, IP header included; on an
// IPv6 raw socket only the payload after the IPv6 header (its hop limit comes as ancillary
// data, so it is checked in user space only). With AH, the VRRP header follows the AH header,
// whose length is in its second byte (RFC 4302 §2.2: (len + 2) * 4 bytes).
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <set>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

struct SocketFilterSpec {
    Family family = Family::ipv4;
    std::uint8_t protocol = kIpProtoVrrp;  // or kIpProtoAh
    std::set<Version> versions;            // of the instances on the socket
    std::set<std::uint8_t> vrids;          // empty: nothing is accepted
    bool require_ttl_255 = true;           // IPv4 only: every instance is in multicast mode
    // keepalived.conf(5) log_unknown_vrids: adverts for every VRID reach user space, to be
    // logged there (the instances' VRIDs still decide whether anything is accepted at all).
    bool any_vrid = false;
    bool operator==(const SocketFilterSpec&) const = default;
};

// The program; every accepting path returns the whole datagram (0xffffffff), the others 0.
std::vector<sock_filter> socket_filter(const SocketFilterSpec& spec);

}  // namespace routerd::vrrp
