#include "routerd/ipvs/service/table_json.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

namespace routerd::ipvs {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw std::invalid_argument("forwarding table: " + where + ": " + what);
}

template <class T>
T number(const json& object, const char* key, const std::string& where, T fallback = 0) {
    auto it = object.find(key);
    if (it == object.end()) return fallback;
    if (!it->is_number_unsigned() || it->get<uint64_t>() > std::numeric_limits<T>::max())
        bad(where + "." + key,
            "expected an integer 0.." + std::to_string(std::numeric_limits<T>::max()));
    return static_cast<T>(it->get<uint64_t>());
}

std::string text(const json& object, const char* key, const std::string& where,
                 std::string fallback = "") {
    auto it = object.find(key);
    if (it == object.end()) return fallback;
    if (!it->is_string()) bad(where + "." + key, "expected a string");
    return it->get<std::string>();
}

template <class E, size_t N>
E choice(const json& object, const char* key, const std::string& where, const E (&values)[N],
         E fallback) {
    const std::string value = text(object, key, where, to_string(fallback));
    for (E e : values) {
        if (to_string(e) == value) return e;
    }
    bad(where + "." + key, "unknown value '" + value + "'");
}

constexpr Method kMethods[] = {Method::nat, Method::dr, Method::tun};
constexpr TunType kTunTypes[] = {TunType::ipip, TunType::gue, TunType::gre};
constexpr Protocol kProtocols[] = {Protocol::tcp, Protocol::udp, Protocol::sctp};

json destination_json(const Destination& d, bool with_counters) {
    json j = {{"address", d.address},
              {"port", d.port},
              {"weight", d.weight},
              {"method", to_string(d.method)},
              {"tun_type", to_string(d.tun_type)},
              {"tun_port", d.tun_port},
              {"uthreshold", d.uthreshold},
              {"lthreshold", d.lthreshold}};
    if (with_counters) {
        j["active_connections"] = d.active_connections;
        j["inactive_connections"] = d.inactive_connections;
    }
    return j;
}

Destination destination_from(const json& j, const std::string& where) {
    if (!j.is_object()) bad(where, "expected an object");
    Destination d;
    d.address = text(j, "address", where);
    if (d.address.empty()) bad(where + ".address", "is required");
    d.port = number<uint16_t>(j, "port", where);
    d.weight = number<uint32_t>(j, "weight", where, 1);
    d.method = choice(j, "method", where, kMethods, Method::nat);
    d.tun_type = choice(j, "tun_type", where, kTunTypes, TunType::ipip);
    d.tun_port = number<uint16_t>(j, "tun_port", where);
    d.uthreshold = number<uint32_t>(j, "uthreshold", where);
    d.lthreshold = number<uint32_t>(j, "lthreshold", where);
    d.active_connections = number<uint32_t>(j, "active_connections", where);
    d.inactive_connections = number<uint32_t>(j, "inactive_connections", where);
    return d;
}

Service service_from(const json& j, const std::string& where) {
    if (!j.is_object()) bad(where, "expected an object");
    Service s;
    s.protocol = choice(j, "protocol", where, kProtocols, Protocol::tcp);
    s.address = text(j, "address", where);
    s.port = number<uint16_t>(j, "port", where);
    s.fwmark = number<uint32_t>(j, "fwmark", where);
    if (s.fwmark == 0 && s.address.empty()) bad(where, "needs an address or a fwmark");
    s.key = text(j, "key", where);
    const std::string expected =
        s.fwmark != 0 ? fwmark_key(s.fwmark) : service_key(s.protocol, s.address, s.port);
    if (s.key.empty()) s.key = expected;
    if (s.key != expected)
        bad(where + ".key", "'" + s.key + "' does not match its address ('" + expected + "')");
    s.scheduler = text(j, "scheduler", where, "wlc");
    s.flags = text(j, "flags", where);
    s.persistence_timeout_ms = number<uint64_t>(j, "persistence_timeout_ms", where);
    s.persistence_granularity = text(j, "persistence_granularity", where, "255.255.255.255");
    auto destinations = j.find("destinations");
    if (destinations != j.end()) {
        if (!destinations->is_array()) bad(where + ".destinations", "expected an array");
        for (size_t i = 0; i < destinations->size(); ++i) {
            s.destinations.push_back(destination_from(
                (*destinations)[i], where + ".destinations[" + std::to_string(i) + "]"));
        }
    }
    return s;
}

}  // namespace

std::string to_json(const Table& table, bool with_counters) {
    json services = json::array();
    for (const Service& s : table.services) {
        json destinations = json::array();
        for (const Destination& d : s.destinations)
            destinations.push_back(destination_json(d, with_counters));
        services.push_back({{"key", s.key},
                            {"protocol", to_string(s.protocol)},
                            {"address", s.address},
                            {"port", s.port},
                            {"fwmark", s.fwmark},
                            {"scheduler", s.scheduler},
                            {"flags", s.flags},
                            {"persistence_timeout_ms", s.persistence_timeout_ms},
                            {"persistence_granularity", s.persistence_granularity},
                            {"destinations", destinations}});
    }
    return json{{"services", services}}.dump();
}

Table table_from_json(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) bad("document", "not valid JSON");
    if (!doc.is_object()) bad("document", "expected an object");
    Table table;
    auto services = doc.find("services");
    if (services == doc.end()) return table;
    if (!services->is_array()) bad("services", "expected an array");
    for (size_t i = 0; i < services->size(); ++i) {
        Service s = service_from((*services)[i], "services[" + std::to_string(i) + "]");
        if (table.find(s.key) != nullptr)
            bad("services[" + std::to_string(i) + "]", "duplicate service " + s.key);
        table.services.push_back(std::move(s));
    }
    return table;
}

}  // namespace routerd::ipvs
