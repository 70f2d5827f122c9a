// tcp: Keepalived's TCP_CHECK — a target is up when a TCP connection to it succeeds within
// connect_timeout (keepalived.conf(5), "TCP healthchecker").
#include <routerd/plugin.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "connect_set.hpp"
#include "socket_target.hpp"

namespace routerd::checks {
namespace {

struct TcpSettings {
    boost::asio::ip::tcp::endpoint endpoint;
    SourceBinding binding;
};

// An attempt on its way to the loop. Should the loop stop before it gets there, the
// destructor answers for it; once handed on, `done` is empty and says nothing.
struct PendingConnect {
    PendingConnect(std::shared_ptr<const TcpSettings> s, std::chrono::nanoseconds t,
                   sdk::ProbeDone d)
        : settings(std::move(s)), timeout(t), done(std::move(d)) {}
    PendingConnect(PendingConnect&&) = default;
    ~PendingConnect() { done({false, -1, "the checker stopped"}); }

    std::shared_ptr<const TcpSettings> settings;
    std::chrono::nanoseconds timeout;
    sdk::ProbeDone done;
};

class TcpProbe : public sdk::Probe {
  public:
    TcpProbe(IoThread& io, TcpSettings settings)
        : io_(io), settings_(std::make_shared<const TcpSettings>(std::move(settings))) {}

    void run(std::chrono::nanoseconds timeout, sdk::ProbeDone done) override {
        boost::asio::io_context& loop = io_.context();
        boost::asio::post(
            loop, [&loop, pending = PendingConnect{settings_, timeout, std::move(done)}]() mutable {
                boost::asio::use_service<ConnectSet>(loop).connect(
                    pending.settings->endpoint, pending.settings->binding, pending.timeout,
                    std::move(pending.done));
            });
    }

  private:
    IoThread& io_;
    std::shared_ptr<const TcpSettings> settings_;
};

class TcpChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(keys, target, true);
        if (!socket) return nullptr;
        return std::make_unique<TcpProbe>(
            io(), TcpSettings{{socket->endpoint.address, socket->endpoint.port},
                              std::move(socket->binding)});
    }
};

}  // namespace
}  // namespace routerd::checks

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::TcpChecker>("tcp", "1.0.0");
}
