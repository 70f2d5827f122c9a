// tcp: Keepalived's TCP_CHECK — a target is up when a TCP connection to it succeeds within
// connect_timeout (keepalived.conf(5), "TCP healthchecker").
#include <routerd/plugin.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <boost/asio/ip/tcp.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "probe_operation.hpp"
#include "socket_target.hpp"
#include "stream_connect.hpp"

namespace routerd::checks {
namespace {

using boost::asio::ip::tcp;

struct TcpSettings {
    tcp::endpoint endpoint;
    SourceBinding binding;
};

using QuickAck = boost::asio::detail::socket_option::boolean<IPPROTO_TCP, TCP_QUICKACK>;

class TcpOperation : public ProbeOperation {
  public:
    TcpOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                 std::shared_ptr<const TcpSettings> settings)
        : ProbeOperation(io, std::move(done)), settings_(std::move(settings)), socket_(io) {}

  private:
    void begin() override {
        phase("connecting");
        // The handshake is the whole check: with quick ACKs off the kernel delays the final
        // ACK, and release() resets the connection before it is sent, so the server's kernel
        // drops its half-open entry and the server never accepts, serves or logs a check
        // (HAProxy's L4 checks do the same). A server that cannot take connections does not
        // answer the SYN: that still fails.
        boost::system::error_code ignored;
        socket_.open(settings_->endpoint.protocol(), ignored);
        socket_.set_option(QuickAck(false), ignored);
        connect_from(socket_, settings_->endpoint, settings_->binding,
                     [self = self<TcpOperation>()](boost::system::error_code ec) {
                         self->finish(!ec, ec ? "connect: " + ec.message() : "");
                     });
    }
    // Closes with a reset, as HAProxy's checks do: a balancer probing thousands of servers
    // every few seconds would otherwise keep a TIME_WAIT socket per probe, and both sides
    // would spend a FIN exchange on a connection that carries nothing.
    void release() override {
        boost::system::error_code ignored;
        socket_.set_option(tcp::socket::linger(true, 0), ignored);
        socket_.close(ignored);
    }

    std::shared_ptr<const TcpSettings> settings_;
    tcp::socket socket_;
};

class TcpChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(keys, target, true);
        if (!socket) return nullptr;
        return std::make_unique<OperationProbe<TcpOperation, TcpSettings>>(
            io(), TcpSettings{{socket->endpoint.address, socket->endpoint.port},
                              std::move(socket->binding)});
    }
};

}  // namespace
}  // namespace routerd::checks

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::TcpChecker>("tcp", "1.0.0");
}
