#include "endpoints.hpp"

#include "instance.hpp"

namespace routerd::vrrp {

Endpoints::Endpoint::~Endpoint() {
    if (readable) readable->release();  // the socket owns the descriptor
}

VrrpSocket& Endpoints::join(const InstanceConfig& config, int ifindex, Instance& instance) {
    const EndpointKey key = endpoint_key(config);
    auto it = endpoints_.find(key);
    if (it == endpoints_.end()) {
        auto endpoint = std::make_unique<Endpoint>();
        endpoint->key = key;
        endpoint->socket =
            std::make_unique<VrrpSocket>(key.interface, ifindex, key.family, key.protocol);
        endpoint->readable = std::make_unique<boost::asio::posix::stream_descriptor>(
            io_, endpoint->socket->receive_fd());
        it = endpoints_.emplace(key, std::move(endpoint)).first;
        listen(*it->second);
    }
    demux_.add(key, config.params.vrid, &instance);
    return *it->second->socket;
}

void Endpoints::leave(const InstanceConfig& config) {
    demux_.remove(endpoint_key(config), config.params.vrid);
}

void Endpoints::listen(Endpoint& endpoint) {
    endpoint.readable->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                                  [this, &endpoint](const boost::system::error_code& ec) {
                                      if (ec) return;
                                      on_readable(endpoint);
                                      listen(endpoint);
                                  });
}

void Endpoints::on_readable(Endpoint& endpoint) {
    while (std::optional<Received> datagram = endpoint.socket->receive()) {
        if (const std::optional<Instance*> instance = demux_.route(endpoint.key, datagram->bytes)) {
            (*instance)->on_advert(*datagram);
        }
    }
}

}  // namespace routerd::vrrp
