// Raw VRRP sockets for one interface and address family, as RFC 5798 §5.1 / §8 and Keepalived
// use them: a receiving socket (protocol 112, or 51 for AH) bound to the interface and joined
// to 224.0.0.18 / ff02::12, and a sending one with TTL / hop limit 255 and multicast loopback
// off. The VRRP plugin owns one per (interface, family, protocol) and routes what it receives
// to its instances by VRID.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "types.hpp"

namespace routerd::vrrp {

struct Received {
    std::vector<std::uint8_t> bytes;  // IPv4: the whole datagram; IPv6: the VRRP payload
    IpAddress source;
    IpAddress destination;
    std::uint8_t hop_limit = 0;  // IPv6 (ancillary data); IPv4 carries its TTL in the bytes
};

class VrrpSocket {
  public:
    // Throws std::runtime_error with the reason (e.g. "eth0: Operation not permitted").
    VrrpSocket(const std::string& interface, int ifindex, Family family, std::uint8_t protocol);
    ~VrrpSocket();
    VrrpSocket(const VrrpSocket&) = delete;
    VrrpSocket& operator=(const VrrpSocket&) = delete;

    int receive_fd() const { return receive_fd_; }
    // Next datagram, or nullopt when none is waiting (non-blocking).
    std::optional<Received> receive();
    // IPv4: `bytes` is the whole datagram (IP_HDRINCL); IPv6: the VRRP message, sent from
    // `source` (a link-local address or unicast_src_ip).
    std::optional<std::string> send(std::span<const std::uint8_t> bytes,
                                    const IpAddress& destination, const IpAddress& source);

  private:
    std::string interface_;
    int ifindex_;
    Family family_;
    int receive_fd_ = -1;
    int send_fd_ = -1;
};

}  // namespace routerd::vrrp
