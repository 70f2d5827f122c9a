// A generic-netlink socket to the kernel's IPVS family (libnl-genl-3): sends the codec's
// requests and collects their answers. Blocking, short calls; one socket per forwarder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "routerd/ipvs/kernel/netlink_codec.h"

struct nl_sock;

namespace routerd::ipvs::netlink {

class IpvsSocket {
  public:
    // Connects and resolves the IPVS family (the kernel loads ip_vs on that lookup when it
    // can); throws std::runtime_error saying so when the kernel has no ip_vs. With a namespace
    // file (net_namespace_ipvs), the socket is made in that network namespace, and so talks
    // to its IPVS.
    explicit IpvsSocket(const std::string& net_namespace = "");
    ~IpvsSocket();
    IpvsSocket(const IpvsSocket&) = delete;
    IpvsSocket& operator=(const IpvsSocket&) = delete;

    uint16_t family_id() const { return family_; }
    uint32_t next_seq() { return ++seq_; }

    // Sends a request and waits for its acknowledgement; throws with the kernel's errno text.
    void request(const Bytes& message, uint32_t seq);
    // Sends a dump request and returns every entry of the answer.
    std::vector<Message> dump(const Bytes& message, uint32_t seq);

  private:
    std::vector<Message> exchange(const Bytes& message, uint32_t seq, bool dump);

    nl_sock* sock_ = nullptr;
    uint16_t family_ = 0;
    uint32_t seq_ = 0;
};

}  // namespace routerd::ipvs::netlink
