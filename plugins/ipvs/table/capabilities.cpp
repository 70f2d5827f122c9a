#include "routerd/ipvs/table/capabilities.h"

#include <algorithm>

#include "routerd/ipvs/table/codec.h"

namespace routerd::ipvs {
namespace {

constexpr std::string_view kLinuxSchedulers[] = {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
                                                 "sh", "sed", "nq", "fo",  "ovf",  "mh",    "twos"};

// "services[0].destinations[1].method: 'dr' is not supported by the userspace forwarder: ..."
void refuse_if(const std::optional<std::string>& why, const std::string& where,
               const std::string& value) {
    if (why)
        throw TableError("forwarding table: " + where + ": '" + value +
                         "' is not supported by the userspace forwarder: " + *why);
}

}  // namespace

std::span<const std::string_view> linux_schedulers() {
    return kLinuxSchedulers;
}

bool is_linux_scheduler(std::string_view name) {
    return std::find(std::begin(kLinuxSchedulers), std::end(kLinuxSchedulers), name) !=
           std::end(kLinuxSchedulers);
}

bool is_persistence_engine(std::string_view name) {
    return name == "sip";
}

std::optional<std::string> unsupported_method(ForwarderKind forwarder, Method method) {
    if (forwarder == ForwarderKind::kernel || method == Method::nat) return std::nullopt;
    return "the userspace forwarder only does NAT (it proxies connections); DR and TUN need "
           "forwarder = \"kernel\"";
}

std::optional<std::string> unsupported_protocol(ForwarderKind forwarder, Protocol protocol) {
    if (forwarder == ForwarderKind::kernel || protocol != Protocol::sctp) return std::nullopt;
    return "SCTP needs forwarder = \"kernel\"";
}

std::optional<std::string> unsupported_fwmark(ForwarderKind forwarder, uint32_t fwmark) {
    if (forwarder == ForwarderKind::kernel || fwmark == 0) return std::nullopt;
    return "fwmark virtual servers need forwarder = \"kernel\"";
}

std::optional<std::string> unsupported_flags(ForwarderKind forwarder, const SchedulerFlags& flags) {
    if (forwarder == ForwarderKind::kernel || !flags.one_packet) return std::nullopt;
    return "ops (one-packet scheduling) needs forwarder = \"kernel\" (the userspace forwarder "
           "keeps one flow per client address and port)";
}

std::optional<std::string> unsupported_persistence_engine(ForwarderKind forwarder,
                                                          std::string_view engine) {
    if (forwarder == ForwarderKind::kernel || engine.empty()) return std::nullopt;
    return "a persistence engine needs forwarder = \"kernel\" (the userspace forwarder keeps "
           "clients by address only)";
}

std::optional<std::string> unsupported_service_port(ForwarderKind forwarder, uint16_t port) {
    if (forwarder == ForwarderKind::kernel || port != 0) return std::nullopt;
    return "the userspace forwarder listens on one port; 0 (all) is not one";
}

std::optional<std::string> unsupported_destination_port(ForwarderKind forwarder, uint16_t port) {
    if (forwarder == ForwarderKind::kernel || port != 0) return std::nullopt;
    return "the userspace forwarder connects to one port of the real server; 0 (the client's) "
           "is not one";
}

void check_supported(ForwarderKind forwarder, const Table& table) {
    for (size_t i = 0; i < table.services.size(); ++i) {
        const Service& s = table.services[i];
        const std::string where = "services[" + std::to_string(i) + "]";
        refuse_if(unsupported_fwmark(forwarder, s.fwmark), where + ".fwmark",
                  std::to_string(s.fwmark));
        refuse_if(unsupported_protocol(forwarder, s.protocol), where + ".protocol",
                  to_string(s.protocol));
        refuse_if(unsupported_service_port(forwarder, s.port), where + ".port",
                  std::to_string(s.port));
        // table_from_json has refused flags that do not parse.
        const ParsedFlags flags = parse_scheduler_flags(s.scheduler, s.flags);
        if (flags.flags)
            refuse_if(unsupported_flags(forwarder, *flags.flags), where + ".flags", s.flags);
        refuse_if(unsupported_persistence_engine(forwarder, s.persistence_engine),
                  where + ".persistence_engine", s.persistence_engine);
        for (size_t j = 0; j < s.destinations.size(); ++j) {
            const Destination& d = s.destinations[j];
            const std::string at = where + ".destinations[" + std::to_string(j) + "]";
            refuse_if(unsupported_method(forwarder, d.method), at + ".method", to_string(d.method));
            refuse_if(unsupported_destination_port(forwarder, d.port), at + ".port",
                      std::to_string(d.port));
        }
    }
}

}  // namespace routerd::ipvs
