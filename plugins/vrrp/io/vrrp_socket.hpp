// Raw VRRP sockets for one interface and address family, as RFC 5798 §5.1 / §8 and Keepalived
// use them: a receiving socket (protocol 112, or 51 for AH) bound to the interface and joined
// to 224.0.0.18 / ff02::12 (or [vrrp] mcast_group4 / mcast_group6), and a sending one with TTL /
// hop limit 255 and multicast loopback off. The VRRP plugin owns one per (interface, family,
// protocol) and routes what it receives to its instances by VRID.
#pragma once

#include <linux/filter.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "types.hpp"
#include "wakeup_budget.hpp"

namespace routerd::vrrp {

// A datagram received; `bytes` is valid until the socket's next receive.
struct Received {
    std::span<const std::uint8_t> bytes;  // IPv4: the whole datagram; IPv6: the VRRP payload
    IpAddress source;
    IpAddress destination;
    std::uint8_t hop_limit = 0;  // IPv6 (ancillary data); IPv4 carries its TTL in the bytes
};

// What one receive took from the socket: the datagrams to handle, and how many it consumed
// (more than those when some were truncated); none consumed: the socket is empty.
struct ReceivedBatch {
    std::span<const Received> datagrams;
    std::size_t consumed = 0;
};

class VrrpSocket {
  public:
    // Throws std::runtime_error with the reason (e.g. "eth0: Operation not permitted").
    // Joins the multicast `group` (its family is the socket's).
    VrrpSocket(const std::string& interface, int ifindex, const IpAddress& group,
               std::uint8_t protocol);
    ~VrrpSocket();
    VrrpSocket(const VrrpSocket&) = delete;
    VrrpSocket& operator=(const VrrpSocket&) = delete;

    int receive_fd() const { return receive_fd_; }
    // The datagrams waiting, up to `max` (at most kReceiveSlots), with one recvmmsg into
    // buffers reused from call to call; empty when none is waiting (non-blocking). One longer
    // than a slot (no advert is) is dropped and counted in truncated().
    ReceivedBatch receive(std::size_t max);
    // Has the kernel run `program` on every datagram before queueing it (socket_filter.hpp);
    // replaces the previous one. The reason when it cannot.
    std::optional<std::string> attach_filter(const std::vector<sock_filter>& program);

    std::uint64_t truncated() const { return truncated_; }
    // Datagrams the kernel dropped because the receive queue was full (SO_RXQ_OVFL), as of
    // the last datagram received.
    std::uint64_t queue_full_drops() const { return queue_full_drops_; }
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

    // The receive batch, allocated once.
    struct Slot {
        std::array<std::uint8_t, kReceiveSlotBytes> bytes;
        sockaddr_storage from;
        alignas(cmsghdr) std::array<char, 256> control;
    };
    std::vector<Slot> slots_;
    std::vector<Received> received_;
    std::uint64_t truncated_ = 0;
    std::uint64_t queue_full_drops_ = 0;
};

}  // namespace routerd::vrrp
