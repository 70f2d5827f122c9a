#include "udp_listener.h"

#include <algorithm>

#include <boost/asio/ip/v6_only.hpp>

namespace routerd::ipvs::userspace {

namespace {

using boost::asio::ip::udp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxDatagram = 65535;

}  // namespace

// One client's flow: our socket connected to its real server, and the replies' loop.
class UdpFlow : public std::enable_shared_from_this<UdpFlow> {
  public:
    UdpFlow(boost::asio::io_context& context, udp::endpoint client, Assignment assignment,
            std::weak_ptr<UdpListener> listener, ForwarderState& state)
        : socket_(context),
          client_(std::move(client)),
          assignment_(std::move(assignment)),
          listener_(std::move(listener)),
          slot_(state),
          buffer_(kMaxDatagram),
          last_activity_(Clock::now()) {
        socket_.connect(udp::endpoint(assignment_.address, assignment_.port));
        socket_.non_blocking(true);
    }

    void start() { receive_next(); }
    void close() {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }
    // Datagrams are dropped, not queued, when the socket would block: UDP's own contract.
    void send(const uint8_t* data, std::size_t size) {
        last_activity_ = Clock::now();
        boost::system::error_code ignored;
        socket_.send(boost::asio::buffer(data, size), 0, ignored);
    }
    Clock::time_point last_activity() const { return last_activity_; }

  private:
    void receive_next() {
        socket_.async_receive(
            boost::asio::buffer(buffer_),
            [self = shared_from_this()](const boost::system::error_code& error, std::size_t size) {
                if (error == boost::asio::error::operation_aborted) {
                    return;
                }
                // ICMP port unreachable shows as an error: keep listening.
                if (!error) {
                    self->last_activity_ = Clock::now();
                    if (auto listener = self->listener_.lock()) {
                        listener->reply(self->client_, self->buffer_.data(), size);
                    }
                }
                self->receive_next();
            });
    }

    udp::socket socket_;
    udp::endpoint client_;
    Assignment assignment_;
    std::weak_ptr<UdpListener> listener_;
    OpenSlot slot_;
    std::vector<uint8_t> buffer_;
    Clock::time_point last_activity_;
};

UdpListener::UdpListener(boost::asio::io_context& context, const ServiceSpec& spec,
                         std::shared_ptr<ServiceBalancer> balancer,
                         std::shared_ptr<ForwarderState> state)
    : context_(context),
      socket_(context),
      sweeper_(context),
      balancer_(std::move(balancer)),
      state_(std::move(state)),
      buffer_(kMaxDatagram) {
    const udp::endpoint endpoint(spec.address, spec.port);
    socket_.open(endpoint.protocol());
    if (endpoint.address().is_v6()) {
        socket_.set_option(boost::asio::ip::v6_only(true));
    }
    set_listener_options(socket_.native_handle());
    socket_.bind(endpoint);
    socket_.non_blocking(true);
}

void UdpListener::start() {
    receive_next();
    sweep();
}

void UdpListener::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    sweeper_.cancel();
    for (auto& [client, flow] : flows_) {
        flow->close();
    }
    flows_.clear();
}

void UdpListener::reply(const udp::endpoint& client, const uint8_t* data, std::size_t size) {
    boost::system::error_code ignored;
    socket_.send_to(boost::asio::buffer(data, size), client, 0, ignored);
}

void UdpListener::receive_next() {
    socket_.async_receive_from(
        boost::asio::buffer(buffer_), sender_,
        [self = shared_from_this()](const boost::system::error_code& error, std::size_t size) {
            if (error == boost::asio::error::operation_aborted || !self->socket_.is_open()) {
                return;
            }
            if (!error) {
                self->on_datagram(size);
            }
            self->receive_next();
        });
}

void UdpListener::on_datagram(std::size_t size) {
    auto it = flows_.find(sender_);
    std::shared_ptr<UdpFlow> flow = it != flows_.end() ? it->second : open_flow(sender_);
    if (flow) {
        flow->send(buffer_.data(), size);
    }
}

std::shared_ptr<UdpFlow> UdpListener::open_flow(const udp::endpoint& client) {
    if (state_->open.load() >= state_->limits().max_connections) {
        ++state_->refused_max_connections;
        return nullptr;
    }
    const udp::endpoint local = socket_.local_endpoint();
    std::optional<Assignment> assignment =
        balancer_->assign({client.address(), client.port(), local.address(), local.port()},
                          Clock::now().time_since_epoch());
    if (!assignment) {
        ++state_->refused_no_server;
        return nullptr;
    }
    try {
        auto flow = std::make_shared<UdpFlow>(context_, client, std::move(*assignment),
                                              weak_from_this(), *state_);
        flow->start();
        flows_.emplace(client, flow);
        ++state_->accepted;
        return flow;
    } catch (const boost::system::system_error&) {
        ++state_->connect_failures;  // no route or no descriptor for the real server
        return nullptr;
    }
}

// Ends the flows idle for udp_idle_timeout, checking a few times per timeout.
void UdpListener::sweep() {
    const auto timeout = state_->limits().udp_idle_timeout;
    const auto now = Clock::now();
    std::erase_if(flows_, [&](auto& entry) {
        if (now - entry.second->last_activity() < timeout) {
            return false;
        }
        ++state_->idle_timeouts;
        entry.second->close();
        return true;
    });
    sweeper_.expires_after(std::clamp<Clock::duration>(timeout / 4, std::chrono::milliseconds(50),
                                                       std::chrono::seconds(5)));
    sweeper_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        if (!error) self->sweep();
    });
}

}  // namespace routerd::ipvs::userspace
