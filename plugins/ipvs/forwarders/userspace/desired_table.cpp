#include "routerd/ipvs/userspace/desired_table.h"

#include <charconv>
#include <limits>

namespace routerd::ipvs::userspace {

namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& where, const std::string& message) {
    throw TableError(where + ": " + message);
}

const json& member(const json& object, const char* name, const std::string& where) {
    const auto it = object.find(name);
    if (it == object.end()) {
        refuse(where + "." + name, "missing");
    }
    return *it;
}

std::string string_at(const json& object, const char* name, const std::string& where,
                      std::optional<std::string> fallback = std::nullopt) {
    if (!object.contains(name) && fallback) {
        return *fallback;
    }
    const json& value = member(object, name, where);
    if (!value.is_string()) {
        refuse(where + "." + name, "expected a string, found " + value.dump());
    }
    return value.get<std::string>();
}

uint64_t integer_at(const json& object, const char* name, const std::string& where, uint64_t max,
                    std::optional<uint64_t> fallback = std::nullopt) {
    if (!object.contains(name) && fallback) {
        return *fallback;
    }
    const json& value = member(object, name, where);
    if (!value.is_number_unsigned()) {  // nlohmann reads non-negative integers as unsigned
        refuse(where + "." + name,
               "expected an integer 0.." + std::to_string(max) + ", found " + value.dump());
    }
    const uint64_t v = value.get<uint64_t>();
    if (v > max) {
        refuse(where + "." + name,
               std::to_string(v) + " is out of range 0.." + std::to_string(max));
    }
    return v;
}

boost::asio::ip::address address_at(const json& object, const std::string& where) {
    const std::string text = string_at(object, "address", where);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(text, ec);
    if (ec) {
        refuse(where + ".address", "'" + text + "' is not an IP address");
    }
    return address;
}

// A dotted netmask for IPv4, a prefix length for IPv6 (or IPv4); empty: every bit.
std::array<uint8_t, 16> parse_granularity(const std::string& text, bool v6,
                                          const std::string& where) {
    std::array<uint8_t, 16> mask{};
    mask.fill(0xff);
    if (text.empty()) {
        return mask;
    }
    if (!v6 && text.find('.') != std::string::npos) {
        boost::system::error_code ec;
        const auto netmask = boost::asio::ip::make_address_v4(text, ec);
        if (ec) {
            refuse(where, "'" + text + "' is not a netmask");
        }
        const auto bytes = netmask.to_bytes();
        std::copy(bytes.begin(), bytes.end(), mask.begin());
        return mask;
    }
    unsigned bits = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bits);
    const unsigned max_bits = v6 ? 128 : 32;
    if (error != std::errc() || end != text.data() + text.size() || bits > max_bits) {
        refuse(where, "'" + text + "' is neither a netmask nor a prefix length 0.." +
                          std::to_string(max_bits));
    }
    mask.fill(0);
    for (unsigned bit = 0; bit < bits; ++bit) {
        mask[bit / 8] |= static_cast<uint8_t>(0x80u >> (bit % 8));
    }
    return mask;
}

DestinationSpec parse_destination(const json& object, const std::string& where, bool v6) {
    if (!object.is_object()) {
        refuse(where, "expected an object");
    }
    if (auto why = unsupported_method(string_at(object, "method", where, "nat"))) {
        refuse(where + ".method", *why);
    }
    DestinationSpec d;
    d.address = address_at(object, where);
    if (d.address.is_v6() != v6) {
        refuse(where + ".address", "the real server's family differs from the virtual server's");
    }
    d.port = static_cast<uint16_t>(integer_at(object, "port", where, 65535));
    if (d.port == 0) {
        refuse(where + ".port", "a real server needs a port");
    }
    constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
    d.weight = static_cast<uint32_t>(integer_at(object, "weight", where, kMax32, 1));
    d.uthreshold = static_cast<uint32_t>(integer_at(object, "uthreshold", where, kMax32, 0));
    d.lthreshold = static_cast<uint32_t>(integer_at(object, "lthreshold", where, kMax32, 0));
    return d;
}

ServiceSpec parse_service(const json& object, const std::string& where) {
    if (!object.is_object()) {
        refuse(where, "expected an object");
    }
    ServiceSpec s;
    s.key = string_at(object, "key", where);
    if (auto why = unsupported_fwmark(static_cast<int64_t>(
            integer_at(object, "fwmark", where, std::numeric_limits<uint32_t>::max(), 0)))) {
        refuse(where + ".fwmark", *why);
    }
    const std::string protocol = string_at(object, "protocol", where);
    if (auto why = unsupported_protocol(protocol)) {
        refuse(where + ".protocol", *why);
    }
    s.protocol = protocol == "udp" ? Protocol::udp : Protocol::tcp;
    s.address = address_at(object, where);
    s.port = static_cast<uint16_t>(integer_at(object, "port", where, 65535));
    if (s.port == 0) {
        refuse(where + ".port", "the userspace forwarder listens on one port; 0 (all) is not one");
    }
    s.scheduler = string_at(object, "scheduler", where, "wlc");
    s.flags = string_at(object, "flags", where, "");
    const ParsedFlags flags = parse_scheduler_flags(s.scheduler, s.flags);
    if (!flags.flags) {
        refuse(where + ".flags", flags.error);
    }
    if (auto why = unsupported_flags(*flags.flags)) {
        refuse(where + ".flags", *why);
    }
    s.persistence_timeout = std::chrono::milliseconds(integer_at(
        object, "persistence_timeout_ms", where, std::numeric_limits<uint32_t>::max(), 0));
    s.persistence_granularity = string_at(object, "persistence_granularity", where, "");
    s.persistence_mask = parse_granularity(s.persistence_granularity, s.address.is_v6(),
                                           where + ".persistence_granularity");
    const json& destinations = member(object, "destinations", where);
    if (!destinations.is_array()) {
        refuse(where + ".destinations", "expected an array");
    }
    for (std::size_t i = 0; i < destinations.size(); ++i) {
        const std::string at = where + ".destinations[" + std::to_string(i) + "]";
        DestinationSpec d = parse_destination(destinations[i], at, s.address.is_v6());
        for (const DestinationSpec& seen : s.destinations) {
            if (seen.key() == d.key()) {
                refuse(at, "real server " + d.key() + " is listed twice");
            }
        }
        s.destinations.push_back(std::move(d));
    }
    return s;
}

std::string endpoint_text(const boost::asio::ip::address& address, uint16_t port) {
    const std::string ip = address.to_string();
    return (address.is_v6() ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

}  // namespace

std::optional<std::string> unsupported_method(std::string_view method) {
    if (method == "nat") {
        return std::nullopt;
    }
    if (method == "dr" || method == "tun") {
        return "'" + std::string(method) +
               "' is not supported by the userspace forwarder: it proxies connections, which is "
               "NAT (use method \"nat\", or forwarder \"kernel\")";
    }
    return "'" + std::string(method) + "' is not one of nat, dr, tun";
}

std::optional<std::string> unsupported_protocol(std::string_view protocol) {
    if (protocol == "tcp" || protocol == "udp") {
        return std::nullopt;
    }
    if (protocol == "sctp") {
        return "sctp is not supported by the userspace forwarder (use forwarder \"kernel\")";
    }
    return "'" + std::string(protocol) + "' is not one of tcp, udp, sctp";
}

std::optional<std::string> unsupported_fwmark(int64_t fwmark) {
    if (fwmark == 0) {
        return std::nullopt;
    }
    return "fwmark services are not supported by the userspace forwarder: it accepts on an "
           "address and port (use forwarder \"kernel\")";
}

std::optional<std::string> unsupported_flags(const SchedulerFlags& flags) {
    if (!flags.one_packet) {
        return std::nullopt;
    }
    return "ops (one-packet scheduling) is not supported by the userspace forwarder: it keeps "
           "one flow per client address and port (use forwarder \"kernel\")";
}

std::string DestinationSpec::key() const {
    return endpoint_text(address, port);
}

std::string ServiceSpec::endpoint() const {
    return (protocol == Protocol::udp ? "udp:" : "tcp:") + endpoint_text(address, port);
}

DesiredTable parse_desired_table(std::string_view text) {
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded()) {
        throw TableError("the desired table is not valid JSON");
    }
    if (!document.is_object()) {
        throw TableError("the desired table is not a JSON object");
    }
    DesiredTable table;
    const json& services = member(document, "services", "table");
    if (!services.is_array()) {
        refuse("services", "expected an array");
    }
    for (std::size_t i = 0; i < services.size(); ++i) {
        const std::string where = "services[" + std::to_string(i) + "]";
        ServiceSpec s = parse_service(services[i], where);
        for (const ServiceSpec& seen : table.services) {
            if (seen.endpoint() == s.endpoint()) {
                refuse(where, "virtual server " + s.endpoint() + " is listed twice");
            }
        }
        table.services.push_back(std::move(s));
    }
    return table;
}

nlohmann::json to_json(const DestinationSpec& d) {
    return {{"address", d.address.to_string()},
            {"port", d.port},
            {"weight", d.weight},
            {"method", "nat"},
            {"uthreshold", d.uthreshold},
            {"lthreshold", d.lthreshold}};
}

nlohmann::json to_json(const ServiceSpec& s) {
    json destinations = json::array();
    for (const DestinationSpec& d : s.destinations) {
        destinations.push_back(to_json(d));
    }
    return {{"key", s.key},
            {"protocol", s.protocol == Protocol::udp ? "udp" : "tcp"},
            {"address", s.address.to_string()},
            {"port", s.port},
            {"fwmark", 0},
            {"scheduler", s.scheduler},
            {"flags", s.flags},
            {"persistence_timeout_ms", s.persistence_timeout.count()},
            {"persistence_granularity", s.persistence_granularity},
            {"destinations", destinations}};
}

}  // namespace routerd::ipvs::userspace
