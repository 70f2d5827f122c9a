#include "routerd/ipvs/userspace/desired_table.h"

#include "routerd/ipvs/table/capabilities.h"
#include "routerd/ipvs/table/codec.h"
#include "routerd/ipvs/table/granularity.h"

namespace routerd::ipvs::userspace {

namespace {

std::string endpoint_text(const boost::asio::ip::address& address, uint16_t port) {
    const std::string ip = address.to_string();
    return (address.is_v6() ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

DestinationSpec destination_spec(const Destination& d) {
    DestinationSpec spec;
    spec.address = boost::asio::ip::make_address(d.address);
    spec.port = d.port;
    spec.weight = d.weight;
    spec.uthreshold = d.uthreshold;
    spec.lthreshold = d.lthreshold;
    return spec;
}

Destination table_destination(const DestinationSpec& spec) {
    Destination d;
    d.address = spec.address.to_string();
    d.port = spec.port;
    d.weight = spec.weight;
    d.uthreshold = spec.uthreshold;
    d.lthreshold = spec.lthreshold;
    return d;
}

}  // namespace

std::string DestinationSpec::key() const {
    return endpoint_text(address, port);
}

std::string ServiceSpec::endpoint() const {
    return (protocol == Protocol::udp ? "udp:" : "tcp:") + endpoint_text(address, port);
}

DesiredTable read_desired_table(std::string_view json) {
    const Table table = table_from_json(json);
    check_supported(ForwarderKind::userspace, table);
    DesiredTable desired;
    for (const Service& s : table.services) {
        desired.services.push_back(service_spec(s));
    }
    return desired;
}

ServiceSpec service_spec(const Service& service) {
    ServiceSpec spec;
    spec.key = service.key;
    spec.protocol = service.protocol == ipvs::Protocol::udp ? Protocol::udp : Protocol::tcp;
    spec.address = boost::asio::ip::make_address(service.address);
    spec.port = service.port;
    spec.scheduler = service.scheduler;
    spec.flags = service.flags;
    spec.persistence_timeout = std::chrono::milliseconds(service.persistence_timeout_ms);
    spec.persistence_granularity = service.persistence_granularity;
    spec.persistence_mask = std::get<AddressMask>(
        persistence_mask(service.persistence_granularity, spec.address.is_v6()));
    for (const Destination& d : service.destinations) {
        spec.destinations.push_back(destination_spec(d));
    }
    return spec;
}

Service table_service(const ServiceSpec& spec) {
    Service service;
    service.key = spec.key;
    service.protocol = spec.protocol == Protocol::udp ? ipvs::Protocol::udp : ipvs::Protocol::tcp;
    service.address = spec.address.to_string();
    service.port = spec.port;
    service.scheduler = spec.scheduler;
    service.flags = spec.flags;
    service.persistence_timeout_ms = static_cast<uint64_t>(spec.persistence_timeout.count());
    service.persistence_granularity = spec.persistence_granularity;
    for (const DestinationSpec& d : spec.destinations) {
        service.destinations.push_back(table_destination(d));
    }
    return service;
}

}  // namespace routerd::ipvs::userspace
