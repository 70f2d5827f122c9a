// ping: Keepalived's PING_CHECK — one ICMP / ICMPv6 echo; up when the reply comes within
// connect_timeout. It uses a datagram ICMP socket (no privilege needed where
// net.ipv4.ping_group_range allows the group) and falls back to a raw socket (root).
#include <routerd/plugin.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <array>
#include <atomic>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "icmp_echo.hpp"
#include "probe_operation.hpp"
#include "socket_target.hpp"

namespace routerd::checks::ping {
namespace {

struct PingSettings {
    boost::asio::ip::address address;
    SourceBinding binding;
};

// Sequence numbers tell our replies apart on a raw socket, which sees every echo reply.
std::atomic<uint16_t> next_sequence{1};

class PingOperation : public ProbeOperation {
  public:
    PingOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                  std::shared_ptr<const PingSettings> settings)
        : ProbeOperation(io, std::move(done)), settings_(std::move(settings)), socket_(io) {}

  private:
    void begin() override {
        const bool v6 = settings_->address.is_v6();
        const int family = v6 ? AF_INET6 : AF_INET;
        const int protocol = v6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP};
        int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
        raw_ = fd < 0;
        if (raw_) fd = ::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
        if (fd < 0) return fail("ICMP socket", {errno, boost::system::system_category()});
        socket_.assign(fd);
        boost::system::error_code ec = settings_->binding.apply(fd, family);
        // Connected: replies from other hosts are filtered by the kernel (a udp endpoint is
        // just a convenient sockaddr of the right family).
        const boost::asio::ip::udp::endpoint peer(settings_->address, 0);
        if (!ec && ::connect(fd, peer.data(), static_cast<socklen_t>(peer.size())) != 0)
            ec = {errno, boost::system::system_category()};
        if (ec) return finish(false, "ICMP socket: " + ec.message());
        sequence_ = next_sequence++;
        identifier_ = static_cast<uint16_t>(::getpid());
        static constexpr std::array<uint8_t, 16> kPayload{'r', 'o', 'u', 't', 'e', 'r', 'd', '-',
                                                          'p', 'i', 'n', 'g', 0,   0,   0,   0};
        request_ = build_echo_request(v6, identifier_, sequence_, kPayload);
        phase("waiting for the echo reply");
        socket_.async_write_some(
            boost::asio::buffer(request_),
            [self = self<PingOperation>()](boost::system::error_code ec, size_t) {
                if (self->finished()) return;
                if (ec) return self->finish(false, "send: " + ec.message());
                self->receive();
            });
    }

    void receive() {
        socket_.async_read_some(
            boost::asio::buffer(buffer_),
            [self = self<PingOperation>()](boost::system::error_code ec, size_t n) {
                if (self->finished()) return;
                if (ec) return self->finish(false, "receive: " + ec.message());
                const bool v6 = self->settings_->address.is_v6();
                const std::optional<EchoReply> reply = parse_echo_reply(
                    std::span<const uint8_t>(self->buffer_.data(), n), v6, self->raw_);
                // A datagram socket's identifier is the kernel's: match the sequence only.
                if (reply && reply->sequence == self->sequence_ &&
                    (!self->raw_ || reply->identifier == self->identifier_)) {
                    return self->finish(true, "");
                }
                self->receive();
            });
    }

    void release() override {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }

    std::shared_ptr<const PingSettings> settings_;
    boost::asio::posix::stream_descriptor socket_;
    bool raw_ = false;
    uint16_t sequence_ = 0;
    uint16_t identifier_ = 0;
    std::vector<uint8_t> request_;
    std::array<uint8_t, 2048> buffer_;
};

class PingChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(host(), keys, target, false);
        if (!socket) return nullptr;
        return std::make_unique<OperationProbe<PingOperation, PingSettings>>(
            io(), PingSettings{socket->endpoint.address, std::move(socket->binding)});
    }
};

}  // namespace
}  // namespace routerd::checks::ping

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::ping::PingChecker>("ping", "1.0.0");
}
