#include "tcp_listener.h"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/socket_base.hpp>

#include "tcp_session.h"

namespace routerd::ipvs::userspace {

namespace {

using boost::asio::ip::tcp;

std::chrono::nanoseconds monotonic_now() {
    return std::chrono::steady_clock::now().time_since_epoch();
}

}  // namespace

TcpListener::TcpListener(boost::asio::io_context& context, const ServiceSpec& spec,
                         std::shared_ptr<ServiceBalancer> balancer,
                         std::shared_ptr<ForwarderState> state)
    : acceptor_(context),
      backoff_(context),
      balancer_(std::move(balancer)),
      state_(std::move(state)) {
    const tcp::endpoint endpoint(spec.address, spec.port);
    acceptor_.open(endpoint.protocol());
    if (endpoint.address().is_v6()) {
        acceptor_.set_option(boost::asio::ip::v6_only(true));
    }
    acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
    set_listener_options(acceptor_.native_handle());
    // Accepted connections inherit these (tcp(7)), which spares two calls per connection.
    acceptor_.set_option(tcp::no_delay(true));
    boost::system::error_code unsupported;  // before Linux 4.18; TcpSession copes without it
    acceptor_.set_option(AnnounceQueued(true), unsupported);
    acceptor_.bind(endpoint);
    acceptor_.listen(boost::asio::socket_base::max_listen_connections);
}

void TcpListener::close() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    backoff_.cancel();
}

void TcpListener::accept_next() {
    acceptor_.async_accept(peer_, [self = shared_from_this()](
                                      const boost::system::error_code& error, tcp::socket client) {
        self->on_accept(error, std::move(client));
    });
}

void TcpListener::on_accept(const boost::system::error_code& error, tcp::socket client) {
    if (error == boost::asio::error::operation_aborted || !acceptor_.is_open()) {
        return;  // closed
    }
    if (error) {
        // Out of descriptors or memory: accepting again at once would spin; wait a little.
        backoff_.expires_after(std::chrono::milliseconds(50));
        backoff_.async_wait([self = shared_from_this()](const boost::system::error_code& e) {
            if (!e) self->accept_next();
        });
        return;
    }
    accept_next();
    if (state_->open.load() >= state_->limits().max_connections) {
        ++state_->refused_max_connections;
        return;  // `client` closes as it goes out of scope
    }
    std::optional<Assignment> assignment = balancer_->assign(
        {peer_.address(), peer_.port(), service_.address(), service_.port()}, monotonic_now());
    if (!assignment) {
        ++state_->refused_no_server;
        return;
    }
    ++state_->accepted;
    std::make_shared<TcpSession>(std::move(client), std::move(*assignment), state_)->start();
}

}  // namespace routerd::ipvs::userspace
