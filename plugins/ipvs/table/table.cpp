#include "routerd/ipvs/table/table.h"

#include <algorithm>

namespace routerd::ipvs {

std::string Destination::key() const {
    return join_host_port(address, port);
}

bool Destination::same_settings(const Destination& o) const {
    return address == o.address && port == o.port && weight == o.weight && method == o.method &&
           tun_type == o.tun_type && tun_port == o.tun_port && uthreshold == o.uthreshold &&
           lthreshold == o.lthreshold;
}

const Destination* Service::find(const std::string& destination_key) const {
    auto it = std::find_if(destinations.begin(), destinations.end(),
                           [&](const Destination& d) { return d.key() == destination_key; });
    return it == destinations.end() ? nullptr : &*it;
}

bool Service::same_settings(const Service& o) const {
    return key == o.key && protocol == o.protocol && address == o.address && port == o.port &&
           fwmark == o.fwmark && scheduler == o.scheduler && flags == o.flags &&
           persistence_timeout_ms == o.persistence_timeout_ms &&
           persistence_granularity == o.persistence_granularity &&
           persistence_engine == o.persistence_engine;
}

const Service* Table::find(const std::string& service_key) const {
    auto it = std::find_if(services.begin(), services.end(),
                           [&](const Service& s) { return s.key == service_key; });
    return it == services.end() ? nullptr : &*it;
}

std::string to_string(Method method) {
    switch (method) {
        case Method::nat:
            return "nat";
        case Method::dr:
            return "dr";
        case Method::tun:
            return "tun";
    }
    return "nat";
}

std::string to_string(TunType type) {
    switch (type) {
        case TunType::ipip:
            return "ipip";
        case TunType::gue:
            return "gue";
        case TunType::gre:
            return "gre";
    }
    return "ipip";
}

std::string to_string(Protocol protocol) {
    switch (protocol) {
        case Protocol::tcp:
            return "tcp";
        case Protocol::udp:
            return "udp";
        case Protocol::sctp:
            return "sctp";
    }
    return "tcp";
}

std::string to_string(SyncDaemon::State state) {
    return state == SyncDaemon::State::backup ? "backup" : "master";
}

std::string join_host_port(const std::string& address, uint16_t port) {
    const bool v6 = address.find(':') != std::string::npos;
    return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

std::string service_key(Protocol protocol, const std::string& address, uint16_t port) {
    return to_string(protocol) + ":" + join_host_port(address, port);
}

std::string fwmark_key(uint32_t fwmark) {
    return "fwmark:" + std::to_string(fwmark);
}

bool nat_crosses_families(const std::string& service_address, const std::string& destination,
                          Method method) {
    const auto v6 = [](const std::string& address) {
        return address.find(':') != std::string::npos;
    };
    return method == Method::nat && !service_address.empty() &&
           v6(service_address) != v6(destination);
}

}  // namespace routerd::ipvs
