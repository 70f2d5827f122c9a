#include "endpoints.hpp"

#include <boost/asio/post.hpp>

#include "instance.hpp"
#include "wakeup_budget.hpp"

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
            std::make_unique<VrrpSocket>(key.interface, ifindex, key.group, key.protocol);
        endpoint->readable = std::make_unique<boost::asio::posix::stream_descriptor>(
            io_, endpoint->socket->receive_fd());
        it = endpoints_.emplace(key, std::move(endpoint)).first;
        listen(*it->second);
    }
    demux_.add(key, config.params.vrid, &instance);
    it->second->members[config.params.vrid] =
        Member{config.params.version, !config.params.unicast()};
    update_filter(*it->second);
    return *it->second->socket;
}

void Endpoints::leave(const InstanceConfig& config) {
    const EndpointKey key = endpoint_key(config);
    demux_.remove(key, config.params.vrid);
    const auto it = endpoints_.find(key);
    if (it == endpoints_.end()) return;
    it->second->members.erase(config.params.vrid);
    // Closed when its last instance leaves: a VMAC made again has a new index, and a socket
    // bound to the old one would hear nothing.
    if (it->second->members.empty()) {
        endpoints_.erase(it);
        return;
    }
    update_filter(*it->second);
}

void Endpoints::log_unknown_vrids(UnknownVridLog log) {
    unknown_vrid_log_ = std::move(log);
    for (auto& [key, endpoint] : endpoints_)
        update_filter(*endpoint);
}

void Endpoints::update_filter(Endpoint& endpoint) {
    SocketFilterSpec spec;
    spec.family = endpoint.key.family;
    spec.protocol = endpoint.key.protocol;
    spec.any_vrid = static_cast<bool>(unknown_vrid_log_);
    for (const auto& [vrid, member] : endpoint.members) {
        spec.vrids.insert(vrid);
        spec.versions.insert(member.version);
        spec.require_ttl_255 = spec.require_ttl_255 && member.multicast;
    }
    if (endpoint.filter == spec) return;
    // Without its filter the socket still works: the filter only sheds load.
    if (endpoint.socket->attach_filter(socket_filter(spec))) {
        ++filter_errors_;
        return;
    }
    endpoint.filter = spec;
}

void Endpoints::listen(Endpoint& endpoint) {
    endpoint.readable->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                                  [this, &endpoint](const boost::system::error_code& ec) {
                                      if (ec) return;
                                      on_readable(endpoint);
                                  });
}

// One turn: at most kDatagramsPerWakeup datagrams. When the socket is empty, the next turn
// waits for it to turn readable. When datagrams are still waiting, the reactor (edge-
// triggered) would raise no new event for them, so the next turn is posted instead: it runs
// after the loop has polled once more and queued the timers that fell due meanwhile.
void Endpoints::on_readable(Endpoint& endpoint) {
    WakeupBudget budget;
    while (!budget.spent()) {
        const ReceivedBatch batch = endpoint.socket->receive(budget.next_batch());
        if (batch.consumed == 0) return listen(endpoint);
        budget.took(batch.consumed);
        for (const Received& datagram : batch.datagrams) {
            if (const std::optional<Instance*> instance =
                    demux_.route(endpoint.key, datagram.bytes)) {
                (*instance)->on_advert(datagram);
            } else if (unknown_vrid_log_) {
                log_unknown(endpoint.key, datagram);
            }
        }
    }
    ++yields_;
    // By key: the endpoint may be closed before the turn runs.
    boost::asio::post(io_, [alive = std::weak_ptr<Endpoints*>(alive_), key = endpoint.key] {
        const auto self = alive.lock();
        if (!self) return;
        const auto it = (*self)->endpoints_.find(key);
        if (it != (*self)->endpoints_.end()) (*self)->on_readable(*it->second);
    });
}

void Endpoints::log_unknown(const EndpointKey& key, const Received& datagram) {
    const std::optional<Peek> peek =
        key.family == Family::ipv4 ? peek_ipv4(datagram.bytes) : peek_ipv6(datagram.bytes);
    if (peek) unknown_vrid_log_(key.interface, peek->vrid, datagram.source);
}

ReceiveCounters Endpoints::counters() const {
    ReceiveCounters c;
    c.unknown_vrid = demux_.unknown();
    c.yields = yields_;
    c.filter_errors = filter_errors_;
    for (const auto& [key, endpoint] : endpoints_) {
        c.truncated += endpoint->socket->truncated();
        c.queue_full_drops += endpoint->socket->queue_full_drops();
    }
    return c;
}

}  // namespace routerd::vrrp
