#include "routerd/ipvs/kernel/netlink_codec.h"

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>

#include <routerd/ipvs/table/granularity.h>
#include <routerd/ipvs/table/scheduler_flags.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <stdexcept>

namespace routerd::ipvs::netlink {
namespace {

[[noreturn]] void bad(const std::string& what) {
    throw std::invalid_argument("IPVS netlink: " + what);
}

// --- writing -------------------------------------------------------------------------------

class Writer {
  public:
    Writer(uint16_t family_id, uint32_t seq, Command command, uint16_t flags) {
        nlmsghdr header{};
        header.nlmsg_type = family_id;
        header.nlmsg_flags = NLM_F_REQUEST | flags;
        header.nlmsg_seq = seq;
        append(&header, sizeof header);
        genlmsghdr genl{};
        genl.cmd = static_cast<uint8_t>(command);
        genl.version = IPVS_GENL_VERSION;
        append(&genl, sizeof genl);
    }

    void put(uint16_t type, const void* data, size_t len) {
        nlattr a{};
        a.nla_len = static_cast<uint16_t>(NLA_HDRLEN + len);
        a.nla_type = type;
        append(&a, sizeof a);
        append(data, len);
        pad();
    }
    void put_u8(uint16_t type, uint8_t v) { put(type, &v, sizeof v); }
    void put_u16(uint16_t type, uint16_t v) { put(type, &v, sizeof v); }
    void put_u32(uint16_t type, uint32_t v) { put(type, &v, sizeof v); }
    void put_be16(uint16_t type, uint16_t v) { put_u16(type, htons(v)); }
    void put_string(uint16_t type, const std::string& s) { put(type, s.c_str(), s.size() + 1); }

    // Nested attributes: begin() returns the offset that end() completes.
    size_t begin(uint16_t type) {
        const size_t at = bytes_.size();
        nlattr a{};
        a.nla_type = NLA_F_NESTED | type;
        append(&a, sizeof a);
        return at;
    }
    void end(size_t at) {
        const uint16_t len = static_cast<uint16_t>(bytes_.size() - at);
        std::memcpy(bytes_.data() + at, &len, sizeof len);
    }

    Bytes finish() {
        const uint32_t len = static_cast<uint32_t>(bytes_.size());
        std::memcpy(bytes_.data(), &len, sizeof len);  // nlmsg_len comes first
        return std::move(bytes_);
    }

  private:
    void append(const void* data, size_t len) {
        const auto* p = static_cast<const uint8_t*>(data);
        bytes_.insert(bytes_.end(), p, p + len);
    }
    void pad() { bytes_.resize(NLA_ALIGN(bytes_.size()), 0); }

    Bytes bytes_;
};

bool is_v6(const std::string& address) {
    return address.find(':') != std::string::npos;
}

// union nf_inet_addr: 16 bytes, IPv4 in the first four.
std::array<uint8_t, 16> address_bytes(const std::string& address) {
    std::array<uint8_t, 16> out{};
    if (inet_pton(is_v6(address) ? AF_INET6 : AF_INET, address.c_str(), out.data()) != 1)
        bad("'" + address + "' is not an IP address");
    return out;
}

uint16_t protocol_number(Protocol p) {
    switch (p) {
        case Protocol::tcp:
            return IPPROTO_TCP;
        case Protocol::udp:
            return IPPROTO_UDP;
        case Protocol::sctp:
            return IPPROTO_SCTP;
    }
    return IPPROTO_TCP;
}

// What names a service (libipvs ipvs_nl_fill_service_attr): the family, then the fwmark, or
// the protocol, address and port.
void put_service_identity(Writer& w, const Service& s) {
    w.put_u16(IPVS_SVC_ATTR_AF, family_of(s));
    if (s.fwmark != 0) {
        w.put_u32(IPVS_SVC_ATTR_FWMARK, s.fwmark);
        return;
    }
    w.put_u16(IPVS_SVC_ATTR_PROTOCOL, protocol_number(s.protocol));
    const auto addr = address_bytes(s.address);
    w.put(IPVS_SVC_ATTR_ADDR, addr.data(), addr.size());
    w.put_be16(IPVS_SVC_ATTR_PORT, s.port);
}

uint32_t netmask_value(const Service& s) {
    if (family_of(s) == AF_INET6) return 128;  // a prefix length for IPv6 services
    const auto mask = persistence_mask(s.persistence_granularity, false);
    if (const auto* error = std::get_if<std::string>(&mask)) bad(*error);
    uint32_t value = 0;
    std::memcpy(&value, std::get<AddressMask>(mask).data(), sizeof value);
    return value;  // network order, as the kernel keeps it
}

uint32_t flag_bits(const Service& s) {
    const ParsedFlags parsed = parse_scheduler_flags(s.scheduler, s.flags);
    if (!parsed.flags) bad(parsed.error);
    return parsed.flags->ipvs_bits() | (s.persistence_timeout_ms > 0 ? IP_VS_SVC_F_PERSISTENT : 0);
}

uint32_t method_bits(Method m) {
    switch (m) {
        case Method::nat:
            return IP_VS_CONN_F_MASQ;
        case Method::dr:
            return IP_VS_CONN_F_DROUTE;
        case Method::tun:
            return IP_VS_CONN_F_TUNNEL;
    }
    return IP_VS_CONN_F_MASQ;
}

uint8_t tun_type_value(TunType t) {
    switch (t) {
        case TunType::ipip:
            return IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
        case TunType::gue:
            return IP_VS_CONN_F_TUNNEL_TYPE_GUE;
        case TunType::gre:
            return IP_VS_CONN_F_TUNNEL_TYPE_GRE;
    }
    return IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
}

uint32_t seconds_of(uint64_t ms) {
    return static_cast<uint32_t>((ms + 999) / 1000);
}

// --- reading -------------------------------------------------------------------------------

using Attributes = std::map<uint16_t, std::span<const uint8_t>>;

Attributes parse_attributes(std::span<const uint8_t> data) {
    Attributes out;
    size_t at = 0;
    while (at + NLA_HDRLEN <= data.size()) {
        nlattr a{};
        std::memcpy(&a, data.data() + at, sizeof a);
        if (a.nla_len < NLA_HDRLEN || at + a.nla_len > data.size())
            bad("attribute " + std::to_string(a.nla_type & NLA_TYPE_MASK) +
                " overruns its message");
        out[a.nla_type & NLA_TYPE_MASK] = data.subspan(at + NLA_HDRLEN, a.nla_len - NLA_HDRLEN);
        at += NLA_ALIGN(a.nla_len);
    }
    return out;
}

std::span<const uint8_t> need(const Attributes& attrs, uint16_t type, const char* name) {
    auto it = attrs.find(type);
    if (it == attrs.end()) bad(std::string("missing ") + name);
    return it->second;
}

template <class T>
T value(std::span<const uint8_t> data, const char* name) {
    if (data.size() < sizeof(T))
        bad(std::string(name) + " is " + std::to_string(data.size()) + " bytes, expected " +
            std::to_string(sizeof(T)));
    T v;
    std::memcpy(&v, data.data(), sizeof v);
    return v;
}

template <class T>
T optional_value(const Attributes& attrs, uint16_t type, const char* name, T fallback = 0) {
    auto it = attrs.find(type);
    return it == attrs.end() ? fallback : value<T>(it->second, name);
}

// IPVS keys services by AF_INET or AF_INET6; any other family is a malformed answer.
uint16_t known_family(uint16_t family) {
    if (family != AF_INET && family != AF_INET6)
        bad("address family " + std::to_string(family) + " is neither IPv4 nor IPv6");
    return family;
}

std::string address_text(std::span<const uint8_t> data, uint16_t family) {
    known_family(family);
    if (data.size() < (family == AF_INET6 ? 16u : 4u)) bad("address too short");
    char text[INET6_ADDRSTRLEN];
    inet_ntop(family, data.data(), text, sizeof text);
    return text;
}

// An IPv4 netmask as the kernel keeps it (network order), dotted.
std::string netmask_text(uint32_t mask) {
    return address_text({reinterpret_cast<const uint8_t*>(&mask), 4}, AF_INET);
}

Attributes nested(const Message& m, uint16_t type, const char* name) {
    return parse_attributes(need(parse_attributes(m.attributes), type, name));
}

std::string flags_text(const std::string& scheduler, uint32_t bits) {
    // Keepalived's names (keepalived.conf(5) lvs_flags) where the scheduler has them.
    const bool named = scheduler == "sh" || scheduler == "mh";
    std::string out;
    auto add = [&](const std::string& name) { out += (out.empty() ? "" : ",") + name; };
    if (bits & IP_VS_SVC_F_SCHED1) add(named ? scheduler + "-fallback" : "flag-1");
    if (bits & IP_VS_SVC_F_SCHED2) add(named ? scheduler + "-port" : "flag-2");
    if (bits & IP_VS_SVC_F_SCHED3) add("flag-3");
    if (bits & IP_VS_SVC_F_ONEPACKET) add("ops");
    return out;
}

}  // namespace

uint16_t family_of(const Service& s) {
    if (s.fwmark == 0) return is_v6(s.address) ? AF_INET6 : AF_INET;
    if (s.fwmark_family != 0) return s.fwmark_family;
    // A fwmark service has no address: it takes its real servers' family.
    return !s.destinations.empty() && is_v6(s.destinations[0].address) ? AF_INET6 : AF_INET;
}

Bytes encode_service(uint16_t family_id, uint32_t seq, Command command, const Service& service) {
    Writer w(family_id, seq, command, NLM_F_ACK);
    const size_t nest = w.begin(IPVS_CMD_ATTR_SERVICE);
    put_service_identity(w, service);
    if (command != Command::del_service) {
        // ip_vs_genl_parse_service wants all four on a full entry.
        w.put_string(IPVS_SVC_ATTR_SCHED_NAME, service.scheduler);
        const ip_vs_flags flags{flag_bits(service), ~0u};
        w.put(IPVS_SVC_ATTR_FLAGS, &flags, sizeof flags);
        w.put_u32(IPVS_SVC_ATTR_TIMEOUT, seconds_of(service.persistence_timeout_ms));
        w.put_u32(IPVS_SVC_ATTR_NETMASK, netmask_value(service));
        // Left out, the kernel runs none: a set_service without it drops the engine
        // (ip_vs_edit_service), as ipvsadm -E without --pe does.
        if (!service.persistence_engine.empty())
            w.put_string(IPVS_SVC_ATTR_PE_NAME, service.persistence_engine);
    }
    w.end(nest);
    return w.finish();
}

Bytes encode_destination(uint16_t family_id, uint32_t seq, Command command, const Service& service,
                         const Destination& d) {
    Writer w(family_id, seq, command, NLM_F_ACK);
    size_t nest = w.begin(IPVS_CMD_ATTR_SERVICE);
    put_service_identity(w, service);
    w.end(nest);
    nest = w.begin(IPVS_CMD_ATTR_DEST);
    const auto addr = address_bytes(d.address);
    w.put(IPVS_DEST_ATTR_ADDR, addr.data(), addr.size());
    w.put_be16(IPVS_DEST_ATTR_PORT, d.port);
    w.put_u16(IPVS_DEST_ATTR_ADDR_FAMILY, is_v6(d.address) ? AF_INET6 : AF_INET);
    if (command != Command::del_dest) {
        w.put_u32(IPVS_DEST_ATTR_FWD_METHOD, method_bits(d.method));
        w.put_u32(IPVS_DEST_ATTR_WEIGHT, d.weight);
        w.put_u32(IPVS_DEST_ATTR_U_THRESH, d.uthreshold);
        w.put_u32(IPVS_DEST_ATTR_L_THRESH, d.lthreshold);
        if (d.method == Method::tun) {
            w.put_u8(IPVS_DEST_ATTR_TUN_TYPE, tun_type_value(d.tun_type));
            if (d.tun_type == TunType::gue) w.put_be16(IPVS_DEST_ATTR_TUN_PORT, d.tun_port);
        }
    }
    w.end(nest);
    return w.finish();
}

Bytes encode_get_services(uint16_t family_id, uint32_t seq) {
    return Writer(family_id, seq, Command::get_service, NLM_F_DUMP).finish();
}

Bytes encode_get_destinations(uint16_t family_id, uint32_t seq, const Service& service) {
    Writer w(family_id, seq, Command::get_dest, NLM_F_DUMP);
    const size_t nest = w.begin(IPVS_CMD_ATTR_SERVICE);
    put_service_identity(w, service);
    w.end(nest);
    return w.finish();
}

Bytes encode_flush(uint16_t family_id, uint32_t seq) {
    return Writer(family_id, seq, Command::flush, NLM_F_ACK).finish();
}

Bytes encode_set_timeouts(uint16_t family_id, uint32_t seq, const ConnectionTimeouts& t) {
    Writer w(family_id, seq, Command::set_config, NLM_F_ACK);
    if (t.tcp != 0) w.put_u32(IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcp);
    if (t.tcpfin != 0) w.put_u32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpfin);
    if (t.udp != 0) w.put_u32(IPVS_CMD_ATTR_TIMEOUT_UDP, t.udp);
    return w.finish();
}

// The attributes as libipvs's ipvs_nl_fill_daemon_attr writes them: the port in host order.
Bytes encode_daemon(uint16_t family_id, uint32_t seq, Command command, const SyncDaemon& d) {
    Writer w(family_id, seq, command, NLM_F_ACK);
    const size_t nest = w.begin(IPVS_CMD_ATTR_DAEMON);
    w.put_u32(IPVS_DAEMON_ATTR_STATE,
              d.state == SyncDaemon::State::master ? IP_VS_STATE_MASTER : IP_VS_STATE_BACKUP);
    if (command == Command::new_daemon) {
        w.put_string(IPVS_DAEMON_ATTR_MCAST_IFN, d.interface);
        w.put_u32(IPVS_DAEMON_ATTR_SYNC_ID, d.syncid);
        if (d.maxlen != 0) w.put_u16(IPVS_DAEMON_ATTR_SYNC_MAXLEN, d.maxlen);
        if (d.port != 0) w.put_u16(IPVS_DAEMON_ATTR_MCAST_PORT, d.port);
        if (d.ttl != 0) w.put_u8(IPVS_DAEMON_ATTR_MCAST_TTL, d.ttl);
        if (!d.group.empty()) {
            const auto group = address_bytes(d.group);
            if (is_v6(d.group))
                w.put(IPVS_DAEMON_ATTR_MCAST_GROUP6, group.data(), 16);
            else
                w.put(IPVS_DAEMON_ATTR_MCAST_GROUP, group.data(), 4);
        }
    }
    w.end(nest);
    return w.finish();
}

Bytes encode_get_daemons(uint16_t family_id, uint32_t seq) {
    return Writer(family_id, seq, Command::get_daemon, NLM_F_DUMP).finish();
}

std::vector<Message> split(std::span<const uint8_t> buffer) {
    std::vector<Message> out;
    size_t at = 0;
    while (at < buffer.size()) {
        if (buffer.size() - at < sizeof(nlmsghdr)) bad("truncated message header");
        nlmsghdr h{};
        std::memcpy(&h, buffer.data() + at, sizeof h);
        if (h.nlmsg_len < sizeof h || h.nlmsg_len > buffer.size() - at)
            bad("message length " + std::to_string(h.nlmsg_len) + " does not fit the buffer");
        const auto body = buffer.subspan(at + sizeof h, h.nlmsg_len - sizeof h);
        Message m;
        m.type = h.nlmsg_type;
        m.flags = h.nlmsg_flags;
        m.seq = h.nlmsg_seq;
        if (h.nlmsg_type == NLMSG_ERROR) {
            m.error = value<int32_t>(body, "error code");
        } else if (h.nlmsg_type >= NLMSG_MIN_TYPE) {
            if (body.size() < GENL_HDRLEN) bad("truncated generic-netlink header");
            m.command = body[0];
            m.attributes.assign(body.begin() + GENL_HDRLEN, body.end());
        }
        out.push_back(std::move(m));
        at += NLMSG_ALIGN(h.nlmsg_len);
    }
    return out;
}

Service decode_service(const Message& message) {
    const Attributes a = nested(message, IPVS_CMD_ATTR_SERVICE, "service");
    Service s;
    const uint16_t family =
        known_family(value<uint16_t>(need(a, IPVS_SVC_ATTR_AF, "service family"), "family"));
    s.fwmark = optional_value<uint32_t>(a, IPVS_SVC_ATTR_FWMARK, "fwmark");
    const uint16_t protocol = optional_value<uint16_t>(a, IPVS_SVC_ATTR_PROTOCOL, "protocol");
    s.protocol = protocol == IPPROTO_UDP    ? Protocol::udp
                 : protocol == IPPROTO_SCTP ? Protocol::sctp
                                            : Protocol::tcp;
    if (s.fwmark == 0) {
        s.address = address_text(need(a, IPVS_SVC_ATTR_ADDR, "service address"), family);
        s.port = ntohs(value<uint16_t>(need(a, IPVS_SVC_ATTR_PORT, "service port"), "port"));
        s.key = service_key(s.protocol, s.address, s.port);
    } else {
        s.key = fwmark_key(s.fwmark);
        s.fwmark_family = family;
    }
    if (auto it = a.find(IPVS_SVC_ATTR_SCHED_NAME); it != a.end()) {
        const auto& name = it->second;
        s.scheduler.assign(name.begin(), std::find(name.begin(), name.end(), 0));
    }
    if (auto it = a.find(IPVS_SVC_ATTR_FLAGS); it != a.end())
        s.flags = flags_text(s.scheduler, value<ip_vs_flags>(it->second, "flags").flags);
    if (auto it = a.find(IPVS_SVC_ATTR_PE_NAME); it != a.end()) {
        const auto& name = it->second;
        s.persistence_engine.assign(name.begin(), std::find(name.begin(), name.end(), 0));
    }
    s.persistence_timeout_ms =
        uint64_t{optional_value<uint32_t>(a, IPVS_SVC_ATTR_TIMEOUT, "timeout")} * 1000;
    if (family == AF_INET) {
        s.persistence_granularity =
            netmask_text(optional_value<uint32_t>(a, IPVS_SVC_ATTR_NETMASK, "netmask", ~0u));
    }
    return s;
}

SyncDaemon decode_daemon(const Message& message) {
    const Attributes a = nested(message, IPVS_CMD_ATTR_DAEMON, "daemon");
    SyncDaemon d;
    const uint32_t state =
        value<uint32_t>(need(a, IPVS_DAEMON_ATTR_STATE, "daemon state"), "state");
    if (state != IP_VS_STATE_MASTER && state != IP_VS_STATE_BACKUP)
        bad("daemon state " + std::to_string(state) + " is neither master nor backup");
    d.state = state == IP_VS_STATE_MASTER ? SyncDaemon::State::master : SyncDaemon::State::backup;
    const auto& name = need(a, IPVS_DAEMON_ATTR_MCAST_IFN, "daemon interface");
    d.interface.assign(name.begin(), std::find(name.begin(), name.end(), 0));
    d.syncid = optional_value<uint32_t>(a, IPVS_DAEMON_ATTR_SYNC_ID, "sync id");
    d.maxlen = optional_value<uint16_t>(a, IPVS_DAEMON_ATTR_SYNC_MAXLEN, "maxlen");
    d.port = optional_value<uint16_t>(a, IPVS_DAEMON_ATTR_MCAST_PORT, "port");
    d.ttl = optional_value<uint8_t>(a, IPVS_DAEMON_ATTR_MCAST_TTL, "ttl");
    if (auto it = a.find(IPVS_DAEMON_ATTR_MCAST_GROUP6); it != a.end())
        d.group = address_text(it->second, AF_INET6);
    else if (auto it4 = a.find(IPVS_DAEMON_ATTR_MCAST_GROUP); it4 != a.end())
        d.group = address_text(it4->second, AF_INET);
    return d;
}

Destination decode_destination(const Message& message) {
    const Attributes a = nested(message, IPVS_CMD_ATTR_DEST, "destination");
    Destination d;
    const auto addr = need(a, IPVS_DEST_ATTR_ADDR, "destination address");
    uint16_t family = optional_value<uint16_t>(a, IPVS_DEST_ATTR_ADDR_FAMILY, "family", 0);
    if (family == 0) {
        // Older kernels leave the family out: the service's, as the address bytes tell.
        const bool v4 = std::all_of(addr.begin() + std::min<size_t>(4, addr.size()), addr.end(),
                                    [](uint8_t b) { return b == 0; });
        family = v4 ? AF_INET : AF_INET6;
    }
    d.address = address_text(addr, family);
    d.port = ntohs(value<uint16_t>(need(a, IPVS_DEST_ATTR_PORT, "destination port"), "port"));
    const uint32_t method =
        optional_value<uint32_t>(a, IPVS_DEST_ATTR_FWD_METHOD, "method") & IP_VS_CONN_F_FWD_MASK;
    d.method = method == IP_VS_CONN_F_DROUTE   ? Method::dr
               : method == IP_VS_CONN_F_TUNNEL ? Method::tun
                                               : Method::nat;
    d.weight = optional_value<uint32_t>(a, IPVS_DEST_ATTR_WEIGHT, "weight");
    d.uthreshold = optional_value<uint32_t>(a, IPVS_DEST_ATTR_U_THRESH, "upper threshold");
    d.lthreshold = optional_value<uint32_t>(a, IPVS_DEST_ATTR_L_THRESH, "lower threshold");
    d.active_connections = optional_value<uint32_t>(a, IPVS_DEST_ATTR_ACTIVE_CONNS, "active");
    d.inactive_connections = optional_value<uint32_t>(a, IPVS_DEST_ATTR_INACT_CONNS, "inactive");
    const uint8_t tun = optional_value<uint8_t>(a, IPVS_DEST_ATTR_TUN_TYPE, "tunnel type");
    d.tun_type = tun == IP_VS_CONN_F_TUNNEL_TYPE_GUE   ? TunType::gue
                 : tun == IP_VS_CONN_F_TUNNEL_TYPE_GRE ? TunType::gre
                                                       : TunType::ipip;
    d.tun_port = ntohs(optional_value<uint16_t>(a, IPVS_DEST_ATTR_TUN_PORT, "tunnel port"));
    return d;
}

std::string canonical_flags(const std::string& scheduler, const std::string& flags) {
    const ParsedFlags parsed = parse_scheduler_flags(scheduler, flags);
    if (!parsed.flags) bad(parsed.error);
    return flags_text(scheduler, parsed.flags->ipvs_bits());
}

Table canonical(const Table& table) {
    Table out = table;
    for (Service& s : out.services) {
        s.flags = canonical_flags(s.scheduler, s.flags);
        if (s.fwmark != 0) {
            s.protocol = Protocol::tcp;  // a fwmark service has no protocol of its own
            if (!s.destinations.empty()) s.fwmark_family = family_of(s);
        }
        s.persistence_timeout_ms = uint64_t{seconds_of(s.persistence_timeout_ms)} * 1000;
        if (family_of(s) == AF_INET6) {
            s.persistence_granularity = "255.255.255.255";  // IPv6 services report no netmask
        } else {
            // A prefix length reads back as a netmask.
            s.persistence_granularity = netmask_text(netmask_value(s));
        }
        for (Destination& d : s.destinations) {
            d.active_connections = 0;
            d.inactive_connections = 0;
            if (d.method != Method::tun) d.tun_type = TunType::ipip;
            if (d.method != Method::tun || d.tun_type != TunType::gue) d.tun_port = 0;
        }
    }
    return out;
}

void settle_fwmark_families(Table& desired, Table& running) {
    for (Service& want : desired.services) {
        auto have = std::find_if(running.services.begin(), running.services.end(),
                                 [&](const Service& s) { return s.key == want.key; });
        if (want.fwmark == 0 || have == running.services.end()) continue;
        if (want.destinations.empty() && want.fwmark_family == 0)
            want.fwmark_family = have->fwmark_family;
        else if (family_of(*have) != family_of(want))
            have->key += " (other family)";
    }
}

}  // namespace routerd::ipvs::netlink
