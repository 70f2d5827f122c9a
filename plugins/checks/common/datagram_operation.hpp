#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/ip/udp.hpp>

#include "probe_operation.hpp"
#include "source_binding.hpp"

namespace routerd::checks {

// One request datagram and its answer, for the UDP-based checkers (dns, udp): a connected
// socket from the source binding, so that an ICMP port unreachable comes back as
// "connection refused" (Linux reports it on a connected UDP socket) and stray datagrams
// from other peers are never seen.
class DatagramOperation : public ProbeOperation {
  public:
    DatagramOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                      boost::asio::ip::udp::endpoint endpoint, const SourceBinding& binding)
        : ProbeOperation(io, std::move(done)),
          endpoint_(endpoint),
          binding_(binding),
          socket_(io) {}

  protected:
    struct Answer {
        bool up;
        std::string reason;
    };
    virtual std::vector<uint8_t> request() = 0;
    // A datagram arrived: the verdict, or nullopt to keep waiting (not ours).
    virtual std::optional<Answer> on_reply(std::span<const uint8_t> datagram) = 0;

  private:
    void begin() override;
    void release() override;
    void receive();

    boost::asio::ip::udp::endpoint endpoint_;
    const SourceBinding& binding_;
    boost::asio::ip::udp::socket socket_;
    std::vector<uint8_t> sent_;
    std::array<uint8_t, 65536> buffer_;
};

}  // namespace routerd::checks
