#include "routerd/ipvs/service/model_reader.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "routerd/ipvs/service/endpoint.h"
#include "routerd/ipvs/table/capabilities.h"
#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {
namespace {

using sdk::Config;

// Binding a port below 1024 takes CAP_NET_BIND_SERVICE (ip(7)).
constexpr uint16_t kFirstUnprivilegedPort = 1024;

// A multicast address in inet_ntop's form (what the kernel reports back); empty when `text`
// is not one.
std::string canonical_multicast(const std::string& text) {
    unsigned char bytes[16];
    char out[INET6_ADDRSTRLEN];
    const bool v6 = text.find(':') != std::string::npos;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) != 1) return "";
    const bool multicast = v6 ? bytes[0] == 0xff : (bytes[0] & 0xf0) == 0xe0;  // ff00::/8, 224/4
    if (!multicast || inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, out, sizeof out) == nullptr)
        return "";
    return out;
}

// The reader's state: errors are counted so that one pass reports all of them.
class Reader {
  public:
    explicit Reader(const ReaderEnvironment& env) : env_(env) {}

    std::optional<Model> read(const Config& ipvs) {
        Model model;
        if (!ipvs.present()) return model;
        if (auto f = ipvs["forwarder"]; f.present()) {
            auto choice = f.one_of({"auto", "kernel", "userspace"});
            if (!choice)
                fail();
            else if (*choice == "kernel")
                model.forwarder = ForwarderChoice::kernel;
            else if (*choice == "userspace")
                model.forwarder = ForwarderChoice::userspace;
        }
        model.keep_on_stop = flag(ipvs["keep_on_stop"]);
        model.rs_init_notifies = flag(ipvs["rs_init_notifies"]);
        forwarder_ = resolve_forwarder(model.forwarder, env_.kernel_has_ipvs) == "userspace"
                         ? ForwarderKind::userspace
                         : ForwarderKind::kernel;
        read_kernel_settings(ipvs, model);
        read_groups(ipvs["virtual_server_group"]);
        std::map<std::string, std::string> service_owner;  // service key -> virtual server
        for (const auto& [name, node] : ipvs["virtual_server"].entries()) {
            std::optional<VirtualServer> vs = read_virtual_server(name, node);
            if (!vs) continue;
            for (const std::string& key : vs->service_keys()) {
                auto [it, inserted] = service_owner.emplace(key, name);
                if (!inserted) {
                    node.error("service " + key + " is already virtual server '" + it->second +
                               "'");
                    fail();
                }
            }
            model.virtual_servers.push_back(std::move(*vs));
        }
        if (errors_ > 0) return std::nullopt;
        return model;
    }

  private:
    void fail() { ++errors_; }

    // A value that may be absent; present but wrong counts as an error (already reported).
    template <class T>
    std::optional<T> optional(const Config& node, std::optional<T> value) {
        if (!value && node.present()) fail();
        return value;
    }

    template <class T>
    std::optional<T> required(const Config& node, std::optional<T> value) {
        if (!value) {
            if (!node.present()) node.error("is required");
            fail();
        }
        return value;
    }

    // A string compared case-insensitively with `choices` (keepalived writes NAT, TCP, ...).
    std::optional<std::string> word(const Config& node,
                                    std::initializer_list<std::string_view> choices) {
        auto s = node.string();
        if (!s) {
            if (node.present()) fail();
            return std::nullopt;
        }
        std::string lower = *s;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string list;
        for (std::string_view c : choices) {
            if (c == lower) return lower;
            list += (list.empty() ? "" : ", ") + std::string(c);
        }
        node.error("'" + *s + "' is not one of " + list);
        fail();
        return std::nullopt;
    }

    std::optional<Endpoint> endpoint(const Config& node, PortRule rule = PortRule::required) {
        auto text = node.string();
        if (!text) {
            if (node.present()) fail();
            return std::nullopt;
        }
        auto parsed = parse_endpoint(*text, rule);
        if (auto* error = std::get_if<std::string>(&parsed)) {
            node.error(*error);
            fail();
            return std::nullopt;
        }
        return std::get<Endpoint>(parsed);
    }

    // A real or sorry server's address: its port may be left out (the packet's own port),
    // where the forwarder can do that.
    std::optional<Endpoint> real_server_endpoint(const Config& node) {
        std::optional<Endpoint> e = endpoint(node, PortRule::optional);
        if (!e) return e;
        if (auto why = unsupported_destination_port(forwarder_, e->port)) {
            node.error(*why + ": give its port, or set forwarder = \"kernel\"");
            fail();
            return std::nullopt;
        }
        return e;
    }

    uint32_t fwmark(const Config& node) {
        auto v = node.integer(1, UINT32_MAX);
        if (!v) {
            fail();
            return 0;
        }
        return static_cast<uint32_t>(*v);
    }

    void read_groups(const Config& groups) {
        for (const auto& [name, group] : groups.entries()) {
            std::vector<ServiceAddress> members;
            for (const Config& item : group["addresses"].items()) {
                if (auto e = endpoint(item)) members.push_back({e->address, e->port, 0});
            }
            for (const Config& item : group["fwmarks"].items()) {
                if (uint32_t mark = fwmark(item)) members.push_back({"", 0, mark});
            }
            if (members.empty() && !group["addresses"].present() && !group["fwmarks"].present()) {
                group.error("needs addresses = [\"VIP:port\", ...] and/or fwmarks = [N, ...]");
                fail();
            }
            groups_[name] = std::move(members);
        }
    }

    // Exactly one of address, fwmark and group says where the virtual server listens.
    std::vector<ServiceAddress> addresses_of(const Config& node) {
        const Config address = node["address"], mark = node["fwmark"], group = node["group"];
        const int given = address.present() + mark.present() + group.present();
        if (given != 1) {
            node.error(given == 0 ? "needs one of address, fwmark or group"
                                  : "takes only one of address, fwmark and group");
            fail();
            return {};
        }
        if (address.present()) {
            if (auto e = endpoint(address)) return {{e->address, e->port, 0}};
            return {};
        }
        if (mark.present()) {
            if (uint32_t m = fwmark(mark)) return {{"", 0, m}};
            return {};
        }
        auto name = group.string();
        if (!name) {
            fail();
            return {};
        }
        auto it = groups_.find(*name);
        if (it == groups_.end()) {
            group.error("no virtual_server_group named '" + *name + "'");
            fail();
            return {};
        }
        return it->second;
    }

    bool flag(const Config& node) { return optional(node, node.boolean()).value_or(false); }

    uint32_t count(const Config& node, int64_t min, uint32_t fallback, int64_t max = UINT32_MAX) {
        return static_cast<uint32_t>(optional(node, node.integer(min, max)).value_or(fallback));
    }

    std::string script(const Config& node) { return optional(node, node.string()).value_or(""); }

    // A notify or quorum script, which the plugin checks (script security, its identity).
    std::string notify_script(const Config& node) {
        std::string line = script(node);
        if (!line.empty() && env_.check_script && !env_.check_script(node, line)) fail();
        return line;
    }

    // The userspace forwarder listens on the virtual server's ports itself.
    void declare_low_ports(const Config& node, const std::vector<ServiceAddress>& addresses) {
        if (forwarder_ != ForwarderKind::userspace || !env_.require_privilege) return;
        for (const ServiceAddress& a : addresses) {
            if (a.port != 0 && a.port < kFirstUnprivilegedPort) {
                if (!env_.require_privilege(node, ROUTERD_PRIVILEGE_BIND_LOW_PORT)) fail();
                return;
            }
        }
    }

    // keepalived.conf(5) ip_family inet|inet6: "IP family for a fwmark service (only needed
    // if all real servers are tunnelled ...)".
    void read_ip_family(const Config& node, VirtualServer& vs) {
        const auto family = word(node, {"inet", "inet6"});
        if (!family) return;
        if (std::none_of(vs.addresses.begin(), vs.addresses.end(),
                         [](const ServiceAddress& a) { return a.fwmark != 0; })) {
            node.error("applies to fwmark virtual servers (an address has its own family)");
            fail();
            return;
        }
        vs.fwmark_family = *family == "inet6" ? AF_INET6 : AF_INET;
    }

    // keepalived.conf(5) persistence_engine: "currently only sip supported" (Linux has no
    // other ip_vs_pe_*). The kernel consults an engine only to find a persistent connection's
    // template (ip_vs_sched_persist), so one without persistence_timeout would do nothing.
    void read_persistence_engine(const Config& node, VirtualServer& vs) {
        const Config engine = node["persistence_engine"];
        const auto name = word(engine, {"sip"});
        if (!name) return;
        if (vs.persistence_timeout_ms == 0) {
            engine.error(
                "needs persistence_timeout (the kernel uses the engine only for "
                "persistent connections)");
            fail();
        }
        if (auto why = unsupported_persistence_engine(forwarder_, *name)) {
            engine.error(*why);
            fail();
        }
        vs.persistence_engine = *name;
    }

    // timeouts, flush, flush_on_stop, sync_daemon: settings of the kernel's IPVS.
    void read_kernel_settings(const Config& ipvs, Model& model) {
        if (const Config t = ipvs["timeouts"]; t.present()) {
            model.timeouts.tcp = timeout_seconds(t["tcp"]);
            model.timeouts.tcpfin = timeout_seconds(t["tcpfin"]);
            model.timeouts.udp = timeout_seconds(t["udp"]);
            if (!model.timeouts.any() && errors_ == 0) {
                t.error("needs at least one of tcp, tcpfin, udp (keepalived.conf(5) lvs_timeouts)");
                fail();
            }
        }
        model.flush = flag(ipvs["flush"]);
        if (auto f = word(ipvs["flush_on_stop"], {"none", "all", "vs"}))
            model.flush_on_stop = *f == "all"  ? FlushOnStop::all
                                  : *f == "vs" ? FlushOnStop::services
                                               : FlushOnStop::none;
        if (const Config d = ipvs["sync_daemon"]; d.present()) model.sync_daemon = sync_daemon(d);
        model.net_namespace = net_namespace(ipvs["net_namespace"]);
        if (model.has_kernel_settings() && model.forwarder == ForwarderChoice::userspace) {
            for (const char* key :
                 {"timeouts", "flush", "flush_on_stop", "sync_daemon", "net_namespace"}) {
                if (!ipvs[key].present()) continue;
                ipvs[key].error(
                    "is a setting of the kernel's IPVS: it needs forwarder = \"kernel\" "
                    "(or \"auto\" where ip_vs is loaded)");
                fail();
            }
        }
    }

    // keepalived.conf(5) net_namespace_ipvs NAME: `ip netns add NAME`'s /run/netns/NAME; an
    // absolute path names any namespace file (/proc/1/ns/net: the system's, which Keepalived's
    // net_namespace_ipvs without a NAME means). It must exist when the configuration is read.
    std::string net_namespace(const Config& node) {
        const auto text = optional(node, node.string());
        if (!text) return "";
        const bool path = !text->empty() && text->front() == '/';
        if (!path && (text->empty() || *text == "." || *text == ".." ||
                      text->find('/') != std::string::npos)) {
            node.error("'" + *text +
                       "' is neither a namespace name (as `ip netns add NAME` "
                       "takes) nor an absolute path");
            fail();
            return "";
        }
        // setns(2) for the IPVS socket, at start and whenever a reload names another one.
        if (env_.require_privilege &&
            !env_.require_privilege(node, ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE)) {
            fail();
            return "";
        }
        const std::string file = path ? *text : "/run/netns/" + *text;
        std::error_code error;
        if (!std::filesystem::exists(file, error)) {
            node.error("no network namespace '" + *text + "' (" + file + " is missing" +
                       (path ? ")" : ": create it with `ip netns add " + *text + "`)"));
            fail();
            return "";
        }
        return file;
    }

    // A connection timeout in whole seconds, 1 s .. 31 days (Keepalived's LVS_MAX_TIMEOUT);
    // 0 when absent (the kernel keeps its value).
    uint32_t timeout_seconds(const Config& node) {
        const auto d = optional(node, node.duration());
        if (!d) return 0;
        constexpr int64_t kMax = 31LL * 86400;
        const int64_t ns = d->count();
        if (ns % 1000000000 != 0 || ns < 1000000000 || ns / 1000000000 > kMax) {
            node.error("must be whole seconds from 1s to 31 days (" + std::to_string(kMax) + "s)");
            fail();
            return 0;
        }
        return static_cast<uint32_t>(ns / 1000000000);
    }

    SyncDaemonConfig sync_daemon(const Config& node) {
        SyncDaemonConfig out;
        SyncDaemon& d = out.settings;
        const Config ifname = node["interface"];
        d.interface = required(ifname, ifname.string()).value_or("");
        if (d.interface.size() >= 16) {  // IFNAMSIZ with its NUL
            ifname.error("'" + d.interface + "' is longer than an interface name (15 characters)");
            fail();
        }
        out.vrrp_instance = script(node["vrrp_instance"]);
        const Config syncid = node["syncid"];
        if (!out.vrrp_instance.empty() && !syncid.present()) {
            // Keepalived's default, the instance's virtual_router_id, lives in [vrrp].
            syncid.error(
                "is required with vrrp_instance (Keepalived takes the instance's "
                "virtual_router_id: write it here)");
            fail();
        }
        d.syncid = static_cast<uint32_t>(optional(syncid, syncid.integer(0, 255)).value_or(0));
        d.maxlen = static_cast<uint16_t>(
            optional(node["maxlen"], node["maxlen"].integer(1, 65507)).value_or(0));
        d.port = static_cast<uint16_t>(
            optional(node["port"], node["port"].integer(1, 65535)).value_or(0));
        d.ttl =
            static_cast<uint8_t>(optional(node["ttl"], node["ttl"].integer(1, 255)).value_or(0));
        if (auto g = optional(node["group"], node["group"].string())) {
            d.group = canonical_multicast(*g);
            if (d.group.empty()) {
                node["group"].error("'" + *g + "' is not an IPv4 or IPv6 multicast address");
                fail();
            }
        }
        return out;
    }

    std::optional<VirtualServer> read_virtual_server(const std::string& name, const Config& node) {
        const int errors_before = errors_;
        VirtualServer vs;
        vs.name = name;
        vs.addresses = addresses_of(node);
        vs.group = node["group"].string().value_or("");
        declare_low_ports(node, vs.addresses);
        if (auto p = word(node["protocol"], {"tcp", "udp", "sctp"}))
            vs.protocol = *p == "udp"    ? Protocol::udp
                          : *p == "sctp" ? Protocol::sctp
                                         : Protocol::tcp;
        if (auto s = optional(node["scheduler"], node["scheduler"].string())) vs.scheduler = *s;
        check_scheduler(node["scheduler"], vs.scheduler);
        read_flags(node["flags"], vs);
        const Forwarding forwarding = read_forwarding(node, "", Forwarding{});
        const auto [method, tun_type, tun_port] = forwarding;
        check_forwarder_runs(node, vs);
        const Config timeout = node["persistence_timeout"];
        if (auto t = optional(timeout, timeout.duration()))
            vs.persistence_timeout_ms = static_cast<uint64_t>(t->count() / 1000000);
        const Config granularity = node["persistence_granularity"];
        if (auto g = optional(granularity, granularity.string())) {
            if (!is_ipv4_netmask(*g)) {
                node["persistence_granularity"].error("'" + *g +
                                                      "' is not a netmask like 255.255.255.0");
                fail();
            }
            vs.persistence_granularity = *g;
        }
        read_persistence_engine(node, vs);
        vs.quorum = count(node["quorum"], 1, 1);
        vs.hysteresis = count(node["hysteresis"], 0, 0);
        vs.quorum_up = notify_script(node["quorum_up"]);
        vs.quorum_down = notify_script(node["quorum_down"]);
        vs.alpha = flag(node["alpha"]);
        vs.omega = flag(node["omega"]);
        vs.ha_suspend = script(node["ha_suspend"]);
        vs.smtp_alert = optional(node["smtp_alert"], node["smtp_alert"].boolean());
        read_ip_family(node["ip_family"], vs);
        for (const auto& [rs_name, rs_node] : node["real_server"].entries()) {
            std::optional<RealServer> rs =
                read_real_server(rs_name, rs_node, vs, method, tun_type, tun_port);
            if (!rs) continue;
            const bool duplicate =
                std::any_of(vs.real_servers.begin(), vs.real_servers.end(),
                            [&](const RealServer& other) { return other.key() == rs->key(); });
            if (duplicate) {
                rs_node["address"].error(rs->key() + " is already a real server of '" + name + "'");
                fail();
                continue;
            }
            vs.real_servers.push_back(std::move(*rs));
        }
        // keepalived.conf(5) sorry_server_lvs_method: the virtual server's method unless set.
        const Forwarding sorry_forwarding = read_forwarding(node, "sorry_server_", forwarding);
        if (node["sorry_server"].present()) {
            if (auto e = real_server_endpoint(node["sorry_server"])) {
                RealServer sorry;
                sorry.name = "sorry_server";
                sorry.address = e->address;
                sorry.port = e->port;
                sorry.method = sorry_forwarding.method;
                sorry.tun_type = sorry_forwarding.tun_type;
                sorry.tun_port = sorry_forwarding.tun_port;
                // keepalived.conf(5) sorry_server_inhibit: "applies inhibit_on_failure
                // behaviour to the sorry_server".
                sorry.inhibit_on_failure = flag(node["sorry_server_inhibit"]);
                vs.sorry_server = sorry;
            }
        } else {
            for (const char* key : {"sorry_server_inhibit", "sorry_server_method",
                                    "sorry_server_tun_type", "sorry_server_tun_port"}) {
                if (!node[key].present()) continue;
                node[key].error("applies to a virtual server with a sorry_server");
                fail();
            }
        }
        if (errors_ != errors_before) return std::nullopt;
        return vs;
    }

    struct Forwarding {
        Method method = Method::nat;
        TunType tun_type = TunType::ipip;
        uint16_t tun_port = 0;  // GUE's
    };

    // PREFIXmethod, PREFIXtun_type, PREFIXtun_port of `node`; absent ones keep `base`'s
    // (a tunnel type and port only while the method stays TUN).
    Forwarding read_forwarding(const Config& node, const std::string& prefix,
                               const Forwarding& base) {
        Forwarding f = base;
        const Config method = node[prefix + "method"];
        if (auto m = word(method, {"nat", "dr", "tun"})) {
            f.method = *m == "dr" ? Method::dr : *m == "tun" ? Method::tun : Method::nat;
            if (f.method != base.method) f = Forwarding{f.method};
        }
        const Config tun_type = node[prefix + "tun_type"];
        if (auto t = word(tun_type, {"ipip", "gue", "gre"}))
            f.tun_type = *t == "gue" ? TunType::gue : *t == "gre" ? TunType::gre : TunType::ipip;
        if (tun_type.present() && f.method != Method::tun) {
            tun_type.error("applies to " + prefix + "method = \"TUN\" only");
            fail();
        }
        if (tun_type.present() || node[prefix + "tun_port"].present() ||
            f.tun_type != base.tun_type)
            f.tun_port = read_tun_port(node[prefix + "tun_port"], f.tun_type);
        if (auto why = method.present() ? unsupported_method(forwarder_, f.method) : std::nullopt) {
            method.error(*why);
            fail();
        }
        return f;
    }

    // GUE encapsulates in UDP to this port of the real server (the kernel refuses GUE without
    // one); the other tunnel types have no port.
    uint16_t read_tun_port(const Config& port, TunType tun_type) {
        if (tun_type != TunType::gue) {
            if (port.present()) {
                port.error("applies to tun_type = \"gue\" only");
                fail();
            }
            return 0;
        }
        return static_cast<uint16_t>(required(port, port.integer(1, 65535)).value_or(0));
    }

    void check_scheduler(const Config& node, const std::string& scheduler) {
        if (!is_linux_scheduler(scheduler)) {
            std::string list;
            for (std::string_view s : linux_schedulers())
                list += (list.empty() ? "" : ", ") + std::string(s);
            node.error("unknown scheduler '" + scheduler + "' (one of " + list + ")");
            fail();
            return;
        }
        if (forwarder_ == ForwarderKind::userspace && env_.userspace_scheduler_available &&
            !env_.userspace_scheduler_available(scheduler)) {
            node.error("the userspace forwarder has no scheduler '" + scheduler +
                       "' (no scheduler plugin of that name is loaded)");
            fail();
        }
    }

    void read_flags(const Config& node, VirtualServer& vs) {
        std::string text;
        for (const Config& item : node.items()) {
            auto s = item.string();
            if (!s) {
                fail();
                return;
            }
            text += (text.empty() ? "" : ",") + *s;
        }
        const ParsedFlags parsed = parse_scheduler_flags(vs.scheduler, text);
        if (!parsed.flags) {
            node.error(parsed.error);
            fail();
            return;
        }
        // Linux takes ops on any service and ignores it but on UDP packets; keepalived drops it
        // with a warning and ipvsadm refuses it (fwmark services can carry UDP).
        const bool fwmark = std::any_of(vs.addresses.begin(), vs.addresses.end(),
                                        [](const ServiceAddress& a) { return a.fwmark != 0; });
        if (parsed.flags->one_packet && vs.protocol != Protocol::udp && !fwmark) {
            node.error("ops (one-packet scheduling) is for UDP virtual servers (or fwmark ones)");
            fail();
            return;
        }
        if (auto why = unsupported_flags(forwarder_, *parsed.flags)) {
            node.error(*why);
            fail();
            return;
        }
        vs.flags = text;
    }

    // The virtual server's addresses and protocol against what the forwarder runs.
    void check_forwarder_runs(const Config& node, const VirtualServer& vs) {
        for (const ServiceAddress& a : vs.addresses) {
            if (auto why = unsupported_fwmark(forwarder_, a.fwmark)) {
                node.error(*why);
                fail();
                return;
            }
        }
        if (auto why = unsupported_protocol(forwarder_, vs.protocol)) {
            node["protocol"].error(*why);
            fail();
        }
    }

    // `check`: one check table or an array of them. Keepalived runs every checker of a real
    // server and removes it while any of them fails (keepalived.conf(5), real_server: its
    // checkers); each is attached on its own, and the real server keeps every id.
    void read_checks(const Config& check, const VirtualServer& vs, RealServer& rs) {
        if (!check.present()) return;
        const bool array = check.type() == ROUTERD_CONFIG_ARRAY;
        if (array && check.items().empty()) {
            check.error("expected at least one check table");
            fail();
        }
        for (const Config& one : check.items()) {
            if (one.type() != ROUTERD_CONFIG_TABLE) {
                one.error(array
                              ? "expected a check table (type = \"tcp\", ...)"
                              : "expected a check table (type = \"tcp\", ...) or an array of them");
                fail();
            } else if (vs.alpha && !one["alpha"].boolean().value_or(false)) {
                // keepalived.conf(5) alpha: checkers start in the failed state. Here the
                // check decides its start state, and a check that starts up says nothing
                // until it changes: say it in the check table too.
                one.error("the virtual server has alpha = true: set alpha = true here too");
                fail();
            } else if (auto id = env_.attach_check(one, rs.check_target())) {
                // Identical checks share an id (the host runs one): kept once.
                if (std::find(rs.check_ids.begin(), rs.check_ids.end(), *id) == rs.check_ids.end())
                    rs.check_ids.push_back(*id);
            } else {
                fail();
            }
        }
    }

    std::optional<RealServer> read_real_server(const std::string& name, const Config& node,
                                               const VirtualServer& vs, Method method,
                                               TunType tun_type, uint16_t tun_port) {
        const int errors_before = errors_;
        RealServer rs;
        rs.name = name;
        rs.method = method;
        rs.tun_type = tun_type;
        rs.tun_port = tun_port;
        const Config address = node["address"];
        if (auto e = required(address, real_server_endpoint(address))) {
            rs.address = e->address;
            rs.port = e->port;
            if (!vs.addresses.empty() &&
                nat_crosses_families(vs.addresses[0].address, e->address, method)) {
                address.error(kNatCrossesFamilies);
                fail();
            }
            // IPVS takes a real server of another family than its service only tunnelled.
            const bool v6 = e->address.find(':') != std::string::npos;
            if (vs.fwmark_family != 0 && (vs.fwmark_family == AF_INET6) != v6 &&
                method != Method::tun) {
                address.error(
                    "a real server of another family than ip_family needs method = "
                    "\"TUN\"");
                fail();
            }
        }
        // IPVS weights are int (include/uapi/linux/ip_vs.h); keepalived.conf(5) allows 0..65535.
        rs.weight = static_cast<uint32_t>(
            optional(node["weight"], node["weight"].integer(0, 65535)).value_or(1));
        rs.inhibit_on_failure = flag(node["inhibit_on_failure"]);
        rs.notify_up = notify_script(node["notify_up"]);
        rs.notify_down = notify_script(node["notify_down"]);
        // Linux refuses connection thresholds above INT_MAX (ip_vs_add_dest: EINVAL).
        rs.uthreshold = count(node["uthreshold"], 0, 0, INT32_MAX);
        rs.lthreshold = count(node["lthreshold"], 0, 0, INT32_MAX);
        if (rs.uthreshold != 0 && rs.lthreshold > rs.uthreshold) {
            node["lthreshold"].error("is above uthreshold");
            fail();
        }
        if (errors_ == errors_before) read_checks(node["check"], vs, rs);
        if (errors_ != errors_before) return std::nullopt;
        return rs;
    }

    const ReaderEnvironment& env_;
    ForwarderKind forwarder_ = ForwarderKind::kernel;
    int errors_ = 0;
    std::map<std::string, std::vector<ServiceAddress>> groups_;
};

}  // namespace

std::string resolve_forwarder(ForwarderChoice choice, bool kernel_has_ipvs) {
    switch (choice) {
        case ForwarderChoice::kernel:
            return "kernel";
        case ForwarderChoice::userspace:
            return "userspace";
        case ForwarderChoice::automatic:
            break;
    }
    return kernel_has_ipvs ? "kernel" : "userspace";
}

std::optional<Model> read_model(const sdk::Config& ipvs, const ReaderEnvironment& env) {
    return Reader(env).read(ipvs);
}

}  // namespace routerd::ipvs
