// tcp: Keepalived's TCP_CHECK — a target is up when a TCP connection to it succeeds within
// connect_timeout (keepalived.conf(5), "TCP healthchecker").
#include <routerd/plugin.hpp>

#include <boost/asio/ip/tcp.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "connect_set.hpp"
#include "socket_target.hpp"

namespace routerd::checks {
namespace {

class TcpProbe : public sdk::Probe {
  public:
    TcpProbe(IoThread& io, ConnectTarget target)
        : io_(io), target_(std::make_shared<const ConnectTarget>(std::move(target))) {}

    void run(std::chrono::nanoseconds timeout, sdk::ProbeDone done) override {
        boost::asio::use_service<ConnectSet>(io_.context())
            .submit(target_, timeout, std::move(done));
    }

  private:
    IoThread& io_;
    std::shared_ptr<const ConnectTarget> target_;
};

class TcpChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(host(), keys, target, true);
        if (!socket) return nullptr;
        return std::make_unique<TcpProbe>(
            io(), ConnectTarget{{socket->endpoint.address, socket->endpoint.port},
                                std::move(socket->binding)});
    }
};

}  // namespace
}  // namespace routerd::checks

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::TcpChecker>("tcp", "1.0.0");
}
