#include "routerd/ipvs/table/codec.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include <limits>

#include "routerd/ipvs/table/capabilities.h"
#include "routerd/ipvs/table/granularity.h"
#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw TableError("forwarding table: " + where + ": " + what);
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

// An IPv4 or IPv6 address in inet_ntop's form, so that one address has one key.
std::string address(const json& object, const std::string& where) {
    const std::string given = text(object, "address", where);
    if (given.empty()) return given;
    unsigned char bytes[16];
    const int family = given.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    char canonical[INET6_ADDRSTRLEN];
    if (inet_pton(family, given.c_str(), bytes) != 1 ||
        inet_ntop(family, bytes, canonical, sizeof canonical) == nullptr)
        bad(where + ".address", "'" + given + "' is not an IP address");
    return canonical;
}

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
    d.address = address(j, where);
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

void read_destinations(const json& j, const std::string& where, Service& s) {
    auto destinations = j.find("destinations");
    if (destinations == j.end()) return;
    if (!destinations->is_array()) bad(where + ".destinations", "expected an array");
    for (size_t i = 0; i < destinations->size(); ++i) {
        const std::string at = where + ".destinations[" + std::to_string(i) + "]";
        Destination d = destination_from((*destinations)[i], at);
        if (s.find(d.key()) != nullptr) bad(at, "duplicate destination " + d.key());
        if (nat_crosses_families(s.address, d.address, d.method))
            bad(at + ".address", kNatCrossesFamilies);
        s.destinations.push_back(std::move(d));
    }
}

Service service_from(const json& j, const std::string& where) {
    if (!j.is_object()) bad(where, "expected an object");
    Service s;
    s.protocol = choice(j, "protocol", where, kProtocols, Protocol::tcp);
    s.address = address(j, where);
    s.port = number<uint16_t>(j, "port", where);
    s.fwmark = number<uint32_t>(j, "fwmark", where);
    if (s.fwmark == 0 && s.address.empty()) bad(where, "needs an address or a fwmark");
    s.key = text(j, "key", where);
    const std::string expected =
        s.fwmark != 0 ? fwmark_key(s.fwmark) : service_key(s.protocol, s.address, s.port);
    if (s.key.empty()) s.key = expected;
    if (s.key != expected)
        bad(where + ".key", "'" + s.key + "' does not match its address ('" + expected + "')");
    if (const std::string family = text(j, "family", where); !family.empty()) {
        if (s.fwmark == 0) bad(where + ".family", "applies to fwmark services only");
        if (family != "inet" && family != "inet6")
            bad(where + ".family", "unknown value '" + family + "'");
        s.fwmark_family = family == "inet6" ? AF_INET6 : AF_INET;
    }
    s.scheduler = text(j, "scheduler", where, "wlc");
    s.flags = text(j, "flags", where);
    if (const ParsedFlags flags = parse_scheduler_flags(s.scheduler, s.flags); !flags.flags)
        bad(where + ".flags", flags.error);
    s.persistence_timeout_ms = number<uint64_t>(j, "persistence_timeout_ms", where);
    s.persistence_granularity = text(j, "persistence_granularity", where, "255.255.255.255");
    const bool v6 = s.address.find(':') != std::string::npos;
    const auto mask = persistence_mask(s.persistence_granularity, v6);
    if (const auto* error = std::get_if<std::string>(&mask))
        bad(where + ".persistence_granularity", *error);
    s.persistence_engine = text(j, "persistence_engine", where);
    if (!s.persistence_engine.empty() && !is_persistence_engine(s.persistence_engine))
        bad(where + ".persistence_engine", "unknown engine '" + s.persistence_engine + "'");
    read_destinations(j, where, s);
    return s;
}

constexpr SyncDaemon::State kDaemonStates[] = {SyncDaemon::State::master,
                                               SyncDaemon::State::backup};

SyncDaemon sync_daemon_from(const json& j, const std::string& where) {
    if (!j.is_object()) bad(where, "expected an object");
    SyncDaemon d;
    d.state = choice(j, "state", where, kDaemonStates, SyncDaemon::State::master);
    d.interface = text(j, "interface", where);
    if (d.interface.empty()) bad(where + ".interface", "is required");
    d.syncid = number<uint8_t>(j, "syncid", where);
    d.maxlen = number<uint16_t>(j, "maxlen", where);
    d.port = number<uint16_t>(j, "port", where);
    d.ttl = number<uint8_t>(j, "ttl", where);
    d.group = text(j, "group", where);
    return d;
}

KernelSettings kernel_settings_from(const json& doc) {
    KernelSettings k;
    auto it = doc.find("kernel");
    if (it == doc.end()) return k;
    if (!it->is_object()) bad("kernel", "expected an object");
    const json& j = *it;
    if (auto t = j.find("timeouts"); t != j.end()) {
        if (!t->is_object()) bad("kernel.timeouts", "expected an object");
        k.timeouts.tcp = number<uint32_t>(*t, "tcp", "kernel.timeouts");
        k.timeouts.tcpfin = number<uint32_t>(*t, "tcpfin", "kernel.timeouts");
        k.timeouts.udp = number<uint32_t>(*t, "udp", "kernel.timeouts");
    }
    if (auto daemons = j.find("sync_daemons"); daemons != j.end()) {
        if (!daemons->is_array()) bad("kernel.sync_daemons", "expected an array");
        for (size_t i = 0; i < daemons->size(); ++i) {
            const std::string at = "kernel.sync_daemons[" + std::to_string(i) + "]";
            SyncDaemon d = sync_daemon_from((*daemons)[i], at);
            for (const SyncDaemon& other : k.sync_daemons) {
                if (other.state == d.state) bad(at, "a second " + to_string(d.state) + " daemon");
            }
            k.sync_daemons.push_back(std::move(d));
        }
    }
    k.net_namespace = text(j, "net_namespace", "kernel");
    if (!k.net_namespace.empty() && k.net_namespace.front() != '/')
        bad("kernel.net_namespace", "'" + k.net_namespace + "' is not an absolute path");
    for (const char* flag : {"flush", "remove_services_whole"}) {
        auto f = j.find(flag);
        if (f == j.end()) continue;
        if (!f->is_boolean()) bad(std::string("kernel.") + flag, "expected true or false");
        (std::string_view(flag) == "flush" ? k.flush : k.remove_services_whole) = f->get<bool>();
    }
    return k;
}

json kernel_settings_json(const KernelSettings& k) {
    json daemons = json::array();
    for (const SyncDaemon& d : k.sync_daemons) {
        daemons.push_back({{"state", to_string(d.state)},
                           {"interface", d.interface},
                           {"syncid", d.syncid},
                           {"maxlen", d.maxlen},
                           {"port", d.port},
                           {"ttl", d.ttl},
                           {"group", d.group}});
    }
    return {{"timeouts",
             {{"tcp", k.timeouts.tcp}, {"tcpfin", k.timeouts.tcpfin}, {"udp", k.timeouts.udp}}},
            {"sync_daemons", daemons},
            {"flush", k.flush},
            {"remove_services_whole", k.remove_services_whole},
            {"net_namespace", k.net_namespace}};
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
        if (s.fwmark_family != 0)
            services.back()["family"] = s.fwmark_family == AF_INET6 ? "inet6" : "inet";
        if (!s.persistence_engine.empty())
            services.back()["persistence_engine"] = s.persistence_engine;
    }
    json doc{{"services", services}};
    if (table.kernel != KernelSettings{}) doc["kernel"] = kernel_settings_json(table.kernel);
    return doc.dump();
}

Table table_from_json(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) bad("document", "not valid JSON");
    if (!doc.is_object()) bad("document", "expected an object");
    Table table;
    table.kernel = kernel_settings_from(doc);
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
