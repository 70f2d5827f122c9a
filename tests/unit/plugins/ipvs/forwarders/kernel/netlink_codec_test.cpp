// The codec against an independent encoder: libnl's own message builder. Requests must match
// it byte for byte; answers shaped like the kernel's (ip_vs_ctl.c ip_vs_genl_fill_service /
// _fill_dest, with stats and counters) must decode.
#include "routerd/ipvs/kernel/netlink_codec.h"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <gtest/gtest.h>

#include <array>
#include <functional>

#include "routerd/ipvs/table/reconciler.h"

using namespace routerd::ipvs;
using namespace routerd::ipvs::netlink;

namespace {

constexpr uint16_t kFamily = 0x1d;

// A message built by libnl: `fill` adds the attributes.
Bytes libnl_message(uint32_t seq, uint8_t cmd, int flags, const std::function<void(nl_msg*)>& fill,
                    uint16_t type = kFamily) {
    nl_msg* msg = nlmsg_alloc();
    genlmsg_put(msg, 0, seq, type, 0, flags, cmd, IPVS_GENL_VERSION);
    fill(msg);
    const nlmsghdr* h = nlmsg_hdr(msg);
    const auto* p = reinterpret_cast<const uint8_t*>(h);
    Bytes out(p, p + h->nlmsg_len);
    nlmsg_free(msg);
    return out;
}

std::array<uint8_t, 16> addr(const char* text) {
    std::array<uint8_t, 16> out{};
    inet_pton(std::string(text).find(':') != std::string::npos ? AF_INET6 : AF_INET, text,
              out.data());
    return out;
}

Service web() {
    Service s;
    s.key = "tcp:172.16.0.100:80";
    s.address = "172.16.0.100";
    s.port = 80;
    s.scheduler = "sh";
    s.flags = "sh-port,sh-fallback";
    s.persistence_timeout_ms = 300000;
    s.persistence_granularity = "255.255.255.0";
    return s;
}

Destination rs1() {
    Destination d;
    d.address = "172.16.1.20";
    d.port = 8080;
    d.weight = 3;
    d.uthreshold = 100;
    d.lthreshold = 10;
    return d;
}

void put_identity(nl_msg* msg, const char* address, uint16_t port, uint16_t af = AF_INET,
                  uint16_t protocol = IPPROTO_TCP) {
    nla_put_u16(msg, IPVS_SVC_ATTR_AF, af);
    nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, protocol);
    const auto a = addr(address);
    nla_put(msg, IPVS_SVC_ATTR_ADDR, 16, a.data());
    nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(port));
}

void put_web_settings(nl_msg* msg) {
    nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, "sh");
    const ip_vs_flags flags{IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2, ~0u};
    nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof flags, &flags);
    nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, 300);
    in_addr mask{};
    inet_pton(AF_INET, "255.255.255.0", &mask);
    nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, mask.s_addr);
}

Bytes web_service_message(uint32_t seq, uint8_t cmd, int flags, bool settings) {
    return libnl_message(seq, cmd, flags, [&](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
        put_identity(msg, "172.16.0.100", 80);
        if (settings) put_web_settings(msg);
        nla_nest_end(msg, nest);
    });
}

void put_dest(nl_msg* msg, bool settings, uint32_t method = IP_VS_CONN_F_MASQ,
              uint8_t tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE, uint16_t tun_port = 0) {
    nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST | NLA_F_NESTED);
    const auto a = addr("172.16.1.20");
    nla_put(msg, IPVS_DEST_ATTR_ADDR, 16, a.data());
    nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(8080));
    nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET);
    if (settings) {
        nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, method);
        nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, 3);
        nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, 100);
        nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, 10);
        if (method == IP_VS_CONN_F_TUNNEL) nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, tun_type);
        if (tun_port != 0) nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, htons(tun_port));
    }
    nla_nest_end(msg, nest);
}

Bytes web_dest_message(uint32_t seq, uint8_t cmd, bool settings,
                       uint32_t method = IP_VS_CONN_F_MASQ,
                       uint8_t tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE, uint16_t tun_port = 0) {
    return libnl_message(seq, cmd, NLM_F_REQUEST | NLM_F_ACK, [&](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
        put_identity(msg, "172.16.0.100", 80);
        nla_nest_end(msg, nest);
        put_dest(msg, settings, method, tun_type, tun_port);
    });
}

Message only(const Bytes& bytes) {
    const auto messages = split(bytes);
    EXPECT_EQ(messages.size(), 1u);
    return messages.at(0);
}

}  // namespace

TEST(NetlinkCodec, NewServiceMatchesLibnl) {
    const Bytes ours = encode_service(kFamily, 7, Command::new_service, web());
    EXPECT_EQ(ours, web_service_message(7, IPVS_CMD_NEW_SERVICE, NLM_F_REQUEST | NLM_F_ACK, true));
    const Message m = only(ours);
    EXPECT_EQ(m.type, kFamily);
    EXPECT_EQ(m.seq, 7u);
    EXPECT_EQ(m.flags, NLM_F_REQUEST | NLM_F_ACK);
    EXPECT_EQ(m.command, IPVS_CMD_NEW_SERVICE);
}

TEST(NetlinkCodec, SetServiceMatchesLibnl) {
    EXPECT_EQ(encode_service(kFamily, 8, Command::set_service, web()),
              web_service_message(8, IPVS_CMD_SET_SERVICE, NLM_F_REQUEST | NLM_F_ACK, true));
}

TEST(NetlinkCodec, DelServiceCarriesOnlyTheIdentity) {
    EXPECT_EQ(encode_service(kFamily, 9, Command::del_service, web()),
              web_service_message(9, IPVS_CMD_DEL_SERVICE, NLM_F_REQUEST | NLM_F_ACK, false));
}

TEST(NetlinkCodec, ServiceRoundTrips) {
    const Service back =
        decode_service(only(encode_service(kFamily, 1, Command::new_service, web())));
    EXPECT_EQ(back.key, "tcp:172.16.0.100:80");
    EXPECT_EQ(back.address, "172.16.0.100");
    EXPECT_EQ(back.port, 80);
    EXPECT_EQ(back.protocol, Protocol::tcp);
    EXPECT_EQ(back.scheduler, "sh");
    EXPECT_EQ(back.flags, "sh-fallback,sh-port");
    EXPECT_EQ(back.persistence_timeout_ms, 300000u);
    EXPECT_EQ(back.persistence_granularity, "255.255.255.0");
    EXPECT_TRUE(back.same_settings(canonical(Table{{web()}}).services[0]));
}

// keepalived.conf(5) persistence_engine: IPVS_SVC_ATTR_PE_NAME after the settings, as
// libipvs ipvs_nl_fill_service_attr puts it (and ipvsadm --pe sip); set_service without it
// drops the engine, so it goes only where one is set.
TEST(NetlinkCodec, PersistenceEngineGoesAsPeName) {
    Service sip = web();
    sip.persistence_engine = "sip";
    for (const auto& [command, cmd] : {std::pair{Command::new_service, IPVS_CMD_NEW_SERVICE},
                                       std::pair{Command::set_service, IPVS_CMD_SET_SERVICE}}) {
        EXPECT_EQ(encode_service(kFamily, 3, command, sip),
                  libnl_message(3, cmd, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
                      nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
                      put_identity(msg, "172.16.0.100", 80);
                      put_web_settings(msg);
                      nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, "sip");
                      nla_nest_end(msg, nest);
                  }));
    }
    // Deleting names the service only.
    EXPECT_EQ(encode_service(kFamily, 9, Command::del_service, sip),
              web_service_message(9, IPVS_CMD_DEL_SERVICE, NLM_F_REQUEST | NLM_F_ACK, false));
    const Service back =
        decode_service(only(encode_service(kFamily, 1, Command::new_service, sip)));
    EXPECT_EQ(back.persistence_engine, "sip");
    EXPECT_TRUE(back.same_settings(canonical(Table{{sip}}).services[0]));
    // The engine is a setting: adding or removing it edits the service.
    EXPECT_FALSE(back.same_settings(canonical(Table{{web()}}).services[0]));
    EXPECT_EQ(decode_service(only(encode_service(kFamily, 1, Command::new_service, web())))
                  .persistence_engine,
              "");
}

TEST(NetlinkCodec, FwmarkServiceIsNamedByItsMark) {
    Service s;
    s.key = "fwmark:42";
    s.fwmark = 42;
    s.scheduler = "rr";
    const Bytes expected =
        libnl_message(3, IPVS_CMD_DEL_SERVICE, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
            nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
            nla_put_u16(msg, IPVS_SVC_ATTR_AF, AF_INET);
            nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, 42);
            nla_nest_end(msg, nest);
        });
    EXPECT_EQ(encode_service(kFamily, 3, Command::del_service, s), expected);
    const Service back = decode_service(only(encode_service(kFamily, 3, Command::new_service, s)));
    EXPECT_EQ(back.key, "fwmark:42");
    EXPECT_EQ(back.fwmark, 42u);
    EXPECT_EQ(back.persistence_timeout_ms, 0u);
}

TEST(NetlinkCodec, FwmarkServiceTakesItsDestinationsFamily) {
    Service s;
    s.fwmark = 5;
    Destination d;
    d.address = "2001:db8::20";
    d.port = 80;
    s.destinations = {d};
    const Bytes bytes = encode_service(kFamily, 1, Command::del_service, s);
    const Bytes expected =
        libnl_message(1, IPVS_CMD_DEL_SERVICE, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
            nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
            nla_put_u16(msg, IPVS_SVC_ATTR_AF, AF_INET6);
            nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, 5);
            nla_nest_end(msg, nest);
        });
    EXPECT_EQ(bytes, expected);
}

// An IPv6 fwmark service read back from the kernel knows its family without destinations, and
// asks for its destinations in it (it found none in IPv4 under a real kernel: ESRCH).
TEST(NetlinkCodec, FwmarkServiceReadBackKeepsItsFamily) {
    auto fwmark_identity = [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
        nla_put_u16(msg, IPVS_SVC_ATTR_AF, AF_INET6);
        nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, 8);
        nla_nest_end(msg, nest);
    };
    const Service back =
        decode_service(only(libnl_message(4, IPVS_CMD_NEW_SERVICE, NLM_F_MULTI, fwmark_identity)));
    EXPECT_EQ(back.key, "fwmark:8");
    EXPECT_EQ(back.fwmark_family, AF_INET6);
    EXPECT_EQ(encode_get_destinations(kFamily, 5, back),
              libnl_message(5, IPVS_CMD_GET_DEST, NLM_F_REQUEST | NLM_F_DUMP, fwmark_identity));
}

Service fwmark_service(uint32_t mark, const std::vector<std::string>& destinations) {
    Service s;
    s.key = fwmark_key(mark);
    s.fwmark = mark;
    for (const std::string& address : destinations) {
        Destination d;
        d.address = address;
        d.port = 80;
        s.destinations.push_back(d);
    }
    return s;
}

TEST(NetlinkCodec, CanonicalFwmarkServiceTakesItsDestinationsFamily) {
    const Table c = canonical(Table{{fwmark_service(8, {"2001:db8::20"}),
                                     fwmark_service(7, {"10.0.0.1"}), fwmark_service(9, {})}});
    EXPECT_EQ(c.services[0].fwmark_family, AF_INET6);
    EXPECT_EQ(c.services[1].fwmark_family, AF_INET);
    EXPECT_EQ(c.services[2].fwmark_family, 0);  // unknown: settle_fwmark_families decides
}

TEST(NetlinkCodec, FwmarkServiceWithoutDestinationsKeepsTheKernelsFamily) {
    Table desired = canonical(Table{{fwmark_service(8, {})}});
    Service v6 = fwmark_service(8, {"2001:db8::20"});
    v6.fwmark_family = AF_INET6;  // as read back
    Table running{{v6}};
    settle_fwmark_families(desired, running);
    EXPECT_EQ(desired.services[0].fwmark_family, AF_INET6);
    // Only the destination leaves; the service stays, in its family.
    const std::vector<Change> changes = reconcile(running, desired);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].kind, Change::Kind::remove_destination);
    EXPECT_EQ(family_of(changes[0].service), AF_INET6);
}

TEST(NetlinkCodec, FwmarkServiceOfAnotherFamilyIsReplaced) {
    // Added while it had no destination (IPv4), now with an IPv6 one: IPVS cannot switch.
    Table desired = canonical(Table{{fwmark_service(8, {"2001:db8::20"})}});
    Service v4 = fwmark_service(8, {});
    v4.fwmark_family = AF_INET;
    Table running{{v4}};
    settle_fwmark_families(desired, running);
    const std::vector<Change> changes = reconcile(running, desired);
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[0].kind, Change::Kind::remove_service);
    EXPECT_EQ(family_of(changes[0].service), AF_INET);
    EXPECT_EQ(changes[1].kind, Change::Kind::add_service);
    EXPECT_EQ(family_of(changes[1].service), AF_INET6);
    EXPECT_EQ(changes[2].kind, Change::Kind::add_destination);
}

// ip_family: a desired family wins over the kernel's, with or without destinations; an IPv4
// tunnelled destination does not make an inet6 service IPv4.
TEST(NetlinkCodec, IpFamilyDecidesAFwmarkServicesFamily) {
    Service want = fwmark_service(9, {"10.0.0.1"});
    want.destinations[0].method = Method::tun;
    want.fwmark_family = AF_INET6;
    Table desired = canonical(Table{{want}});
    EXPECT_EQ(desired.services[0].fwmark_family, AF_INET6);
    Service v4 = fwmark_service(9, {});
    v4.fwmark_family = AF_INET;
    Table running{{v4}};
    settle_fwmark_families(desired, running);
    const std::vector<Change> changes = reconcile(running, desired);
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[0].kind, Change::Kind::remove_service);
    EXPECT_EQ(changes[1].kind, Change::Kind::add_service);
    EXPECT_EQ(family_of(changes[1].service), AF_INET6);
    Table empty_desired = canonical(Table{{fwmark_service(9, {})}});
    empty_desired.services[0].fwmark_family = AF_INET6;
    Table running_again{{v4}};
    settle_fwmark_families(empty_desired, running_again);
    EXPECT_EQ(empty_desired.services[0].fwmark_family, AF_INET6);
}

TEST(NetlinkCodec, IPv6UdpService) {
    Service s;
    s.key = "udp:[2001:db8::53]:53";
    s.protocol = Protocol::udp;
    s.address = "2001:db8::53";
    s.port = 53;
    s.scheduler = "rr";
    const Bytes expected =
        libnl_message(2, IPVS_CMD_NEW_SERVICE, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
            nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
            put_identity(msg, "2001:db8::53", 53, AF_INET6, IPPROTO_UDP);
            nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, "rr");
            const ip_vs_flags flags{0, ~0u};
            nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof flags, &flags);
            nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, 0);
            nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, 128);  // a prefix length for IPv6
            nla_nest_end(msg, nest);
        });
    EXPECT_EQ(encode_service(kFamily, 2, Command::new_service, s), expected);
    const Service back = decode_service(only(expected));
    EXPECT_EQ(back.key, "udp:[2001:db8::53]:53");
    EXPECT_EQ(back.protocol, Protocol::udp);
}

TEST(NetlinkCodec, SctpAndOnePacketFlag) {
    Service s = web();
    s.protocol = Protocol::sctp;
    s.scheduler = "rr";
    s.flags = "ops";
    s.persistence_timeout_ms = 1;  // rounds up to a whole second
    const Service back = decode_service(only(encode_service(kFamily, 1, Command::new_service, s)));
    EXPECT_EQ(back.protocol, Protocol::sctp);
    EXPECT_EQ(back.flags, "ops");
    EXPECT_EQ(back.persistence_timeout_ms, 1000u);
}

TEST(NetlinkCodec, NewSetDelDestMatchLibnl) {
    EXPECT_EQ(encode_destination(kFamily, 4, Command::new_dest, web(), rs1()),
              web_dest_message(4, IPVS_CMD_NEW_DEST, true));
    EXPECT_EQ(encode_destination(kFamily, 5, Command::set_dest, web(), rs1()),
              web_dest_message(5, IPVS_CMD_SET_DEST, true));
    EXPECT_EQ(encode_destination(kFamily, 6, Command::del_dest, web(), rs1()),
              web_dest_message(6, IPVS_CMD_DEL_DEST, false));
}

TEST(NetlinkCodec, MethodsOnTheWire) {
    Destination d = rs1();
    d.method = Method::dr;
    EXPECT_EQ(encode_destination(kFamily, 1, Command::new_dest, web(), d),
              web_dest_message(1, IPVS_CMD_NEW_DEST, true, IP_VS_CONN_F_DROUTE));
    d.method = Method::tun;
    d.tun_type = TunType::gre;
    d.tun_port = 6080;  // only GUE has a port
    EXPECT_EQ(encode_destination(kFamily, 1, Command::new_dest, web(), d),
              web_dest_message(1, IPVS_CMD_NEW_DEST, true, IP_VS_CONN_F_TUNNEL));
}

// A real kernel refuses a GUE destination without its port (EINVAL).
TEST(NetlinkCodec, GueTunnelCarriesItsPort) {
    Destination d = rs1();
    d.method = Method::tun;
    d.tun_type = TunType::gue;
    d.tun_port = 6080;
    const Bytes bytes = encode_destination(kFamily, 1, Command::new_dest, web(), d);
    EXPECT_EQ(bytes, web_dest_message(1, IPVS_CMD_NEW_DEST, true, IP_VS_CONN_F_TUNNEL,
                                      IP_VS_CONN_F_TUNNEL_TYPE_GUE, 6080));
    const Destination back = decode_destination(only(bytes));
    EXPECT_EQ(back.tun_type, TunType::gue);
    EXPECT_EQ(back.tun_port, 6080);
    EXPECT_TRUE(back.same_settings(d));
    d.tun_type = TunType::ipip;
    Service s = web();
    s.destinations = {d};
    EXPECT_EQ(canonical(Table{{s}}).services[0].destinations[0].tun_port, 0);
}

TEST(NetlinkCodec, DestinationRoundTrips) {
    Destination d = rs1();
    d.method = Method::tun;
    d.tun_type = TunType::gre;
    const Destination back =
        decode_destination(only(encode_destination(kFamily, 1, Command::new_dest, web(), d)));
    EXPECT_TRUE(back.same_settings(d));
    const Service svc =
        decode_service(only(encode_destination(kFamily, 1, Command::del_dest, web(), d)));
    EXPECT_EQ(svc.key, "tcp:172.16.0.100:80");
}

TEST(NetlinkCodec, DumpRequests) {
    EXPECT_EQ(encode_get_services(kFamily, 11),
              libnl_message(11, IPVS_CMD_GET_SERVICE, NLM_F_REQUEST | NLM_F_DUMP, [](nl_msg*) {}));
    EXPECT_EQ(encode_get_destinations(kFamily, 12, web()),
              web_service_message(12, IPVS_CMD_GET_DEST, NLM_F_REQUEST | NLM_F_DUMP, false));
    EXPECT_EQ(encode_flush(kFamily, 13),
              libnl_message(13, IPVS_CMD_FLUSH, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg*) {}));
}

TEST(NetlinkCodec, KernelDumpAnswerDecodes) {
    // Two service entries, as ip_vs_genl_dump_services writes them (with stats), then DONE.
    auto entry = [](uint32_t seq, const char* vip) {
        return libnl_message(seq, IPVS_CMD_NEW_SERVICE, NLM_F_MULTI, [vip](nl_msg* msg) {
            nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
            put_identity(msg, vip, 80);
            put_web_settings(msg);
            nlattr* stats = nla_nest_start(msg, IPVS_SVC_ATTR_STATS | NLA_F_NESTED);
            nla_put_u32(msg, IPVS_STATS_ATTR_CONNS, 12345);
            nla_nest_end(msg, stats);
            nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, "sip");
            nla_nest_end(msg, nest);
        });
    };
    Bytes buffer = entry(20, "172.16.0.100");
    const Bytes second = entry(20, "172.16.0.101");
    buffer.insert(buffer.end(), second.begin(), second.end());
    nl_msg* done = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
    nlmsg_hdr(done)->nlmsg_seq = 20;
    int zero = 0;
    nlmsg_append(done, &zero, sizeof zero, NLMSG_ALIGNTO);
    const auto* p = reinterpret_cast<const uint8_t*>(nlmsg_hdr(done));
    buffer.insert(buffer.end(), p, p + nlmsg_hdr(done)->nlmsg_len);
    nlmsg_free(done);

    const auto messages = split(buffer);
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(decode_service(messages[0]).key, "tcp:172.16.0.100:80");
    EXPECT_EQ(decode_service(messages[1]).key, "tcp:172.16.0.101:80");
    EXPECT_EQ(decode_service(messages[1]).flags, "sh-fallback,sh-port");
    EXPECT_EQ(messages[2].type, NLMSG_DONE);
}

TEST(NetlinkCodec, KernelDestinationEntryWithCounters) {
    const Bytes entry = libnl_message(30, IPVS_CMD_NEW_DEST, NLM_F_MULTI, [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST | NLA_F_NESTED);
        const auto a = addr("2001:db8::20");
        nla_put(msg, IPVS_DEST_ATTR_ADDR, 16, a.data());
        nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(443));
        nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_DROUTE | 0x0100);  // + other bits
        nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, 0);
        nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, 0);
        nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, 0);
        nla_put_u32(msg, IPVS_DEST_ATTR_ACTIVE_CONNS, 17);
        nla_put_u32(msg, IPVS_DEST_ATTR_INACT_CONNS, 4);
        nla_put_u32(msg, IPVS_DEST_ATTR_PERSIST_CONNS, 2);
        nlattr* stats = nla_nest_start(msg, IPVS_DEST_ATTR_STATS | NLA_F_NESTED);
        nla_put_u32(msg, IPVS_STATS_ATTR_CONNS, 99);
        nla_nest_end(msg, stats);
        nla_nest_end(msg, nest);
    });
    const Destination d = decode_destination(only(entry));
    EXPECT_EQ(d.key(), "[2001:db8::20]:443");
    EXPECT_EQ(d.method, Method::dr);
    EXPECT_EQ(d.weight, 0u);
    EXPECT_FALSE(d.in());
    EXPECT_EQ(d.active_connections, 17u);
    EXPECT_EQ(d.inactive_connections, 4u);
}

TEST(NetlinkCodec, ErrorsAndAcknowledgements) {
    auto error_message = [](int error, uint32_t seq) {
        nl_msg* msg = nlmsg_alloc_simple(NLMSG_ERROR, 0);
        nlmsg_hdr(msg)->nlmsg_seq = seq;
        nlmsgerr e{};
        e.error = error;
        nlmsg_append(msg, &e, sizeof e, NLMSG_ALIGNTO);
        const auto* p = reinterpret_cast<const uint8_t*>(nlmsg_hdr(msg));
        Bytes out(p, p + nlmsg_hdr(msg)->nlmsg_len);
        nlmsg_free(msg);
        return out;
    };
    Message ack = only(error_message(0, 5));
    EXPECT_EQ(ack.type, NLMSG_ERROR);
    EXPECT_EQ(ack.error, 0);
    EXPECT_EQ(ack.seq, 5u);
    EXPECT_EQ(only(error_message(-EEXIST, 6)).error, -EEXIST);
}

TEST(NetlinkCodec, MalformedInputIsRefused) {
    const Bytes good = encode_service(kFamily, 1, Command::new_service, web());
    EXPECT_THROW(split(Bytes(good.begin(), good.begin() + 10)), std::invalid_argument);
    Bytes too_long = good;
    too_long[0] = static_cast<uint8_t>(too_long[0] + 8);  // nlmsg_len beyond the buffer
    EXPECT_THROW(split(too_long), std::invalid_argument);
    Bytes bad_attribute = good;
    bad_attribute[sizeof(nlmsghdr) + 4] = 0xff;  // the nested attribute's length
    bad_attribute[sizeof(nlmsghdr) + 5] = 0x0f;
    EXPECT_THROW(decode_service(only(bad_attribute)), std::invalid_argument);
    // A service without its nested table.
    const Bytes empty = encode_get_services(kFamily, 1);
    EXPECT_THROW(decode_service(only(empty)), std::invalid_argument);
    EXPECT_THROW(decode_destination(only(good)), std::invalid_argument);
}

// Found by fuzz_ipvs_netlink: a family other than AF_INET/AF_INET6 (in IPVS_SVC_ATTR_AF or
// IPVS_DEST_ATTR_ADDR_FAMILY) made inet_ntop fail, and the address was read from its
// uninitialised buffer; a fwmark service of family 0 read back as "follow the destinations",
// which is no family the kernel runs it in.
TEST(NetlinkCodec, UnknownAddressFamilyIsRefused) {
    const Bytes service = libnl_message(31, IPVS_CMD_NEW_SERVICE, NLM_F_MULTI, [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
        put_identity(msg, "172.16.0.100", 80, /*af=*/514);
        nla_nest_end(msg, nest);
    });
    EXPECT_THROW(decode_service(only(service)), std::invalid_argument);
    const Bytes fwmark = libnl_message(33, IPVS_CMD_NEW_SERVICE, NLM_F_MULTI, [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
        nla_put_u16(msg, IPVS_SVC_ATTR_AF, 0);
        nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, 7);
        nla_nest_end(msg, nest);
    });
    EXPECT_THROW(decode_service(only(fwmark)), std::invalid_argument);
    const Bytes destination = libnl_message(32, IPVS_CMD_NEW_DEST, NLM_F_MULTI, [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST | NLA_F_NESTED);
        const auto a = addr("172.16.1.20");
        nla_put(msg, IPVS_DEST_ATTR_ADDR, 16, a.data());
        nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(8080));
        nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, 514);
        nla_nest_end(msg, nest);
    });
    EXPECT_THROW(decode_destination(only(destination)), std::invalid_argument);
}

TEST(NetlinkCodec, EncoderRefusesWhatTheKernelWouldNot) {
    Service s = web();
    s.address = "not-an-address";
    EXPECT_THROW(encode_service(kFamily, 1, Command::new_service, s), std::invalid_argument);
    s = web();
    s.flags = "mh-port";  // scheduler sh
    EXPECT_THROW(encode_service(kFamily, 1, Command::new_service, s), std::invalid_argument);
}

TEST(NetlinkCodec, CanonicalTableComparesWithWhatTheKernelReports) {
    Service s = web();
    s.flags = "sh-port sh-fallback";
    s.persistence_timeout_ms = 1500;
    Destination d = rs1();
    d.tun_type = TunType::gre;  // meaningless without TUN
    d.active_connections = 5;
    s.destinations = {d};
    const Table c = canonical(Table{{s}});
    EXPECT_EQ(c.services[0].flags, "sh-fallback,sh-port");
    EXPECT_EQ(c.services[0].persistence_timeout_ms, 2000u);
    EXPECT_EQ(c.services[0].destinations[0].tun_type, TunType::ipip);
    EXPECT_EQ(c.services[0].destinations[0].active_connections, 0u);
    EXPECT_EQ(canonical_flags("rr", "flag-2,flag-1,flag-3"), "flag-1,flag-2,flag-3");
    EXPECT_EQ(canonical_flags("mh", "mh-port"), "mh-port");
}

// lvs_timeouts: ipvsadm --set's IPVS_CMD_SET_CONFIG; a zero timeout is left out (the kernel
// keeps its value), as ipvsadm leaves out what it was not given.
TEST(NetlinkCodec, SetTimeoutsMatchesLibnl) {
    EXPECT_EQ(encode_set_timeouts(kFamily, 21, ConnectionTimeouts{900, 120, 300}),
              libnl_message(21, IPVS_CMD_SET_CONFIG, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
                  nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, 900);
                  nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, 120);
                  nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, 300);
              }));
    EXPECT_EQ(encode_set_timeouts(kFamily, 22, ConnectionTimeouts{0, 0, 45}),
              libnl_message(22, IPVS_CMD_SET_CONFIG, NLM_F_REQUEST | NLM_F_ACK,
                            [](nl_msg* msg) { nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, 45); }));
}

SyncDaemon backup_daemon() {
    SyncDaemon d;
    d.state = SyncDaemon::State::backup;
    d.interface = "eth1";
    d.syncid = 51;
    d.maxlen = 1400;
    d.port = 8849;
    d.ttl = 2;
    d.group = "239.1.2.3";
    return d;
}

// lvs_sync_daemon: the attributes as libipvs's ipvs_nl_fill_daemon_attr writes them (the port
// in host order, the IPv4 group as four address bytes).
TEST(NetlinkCodec, NewDaemonMatchesLibnl) {
    EXPECT_EQ(encode_daemon(kFamily, 23, Command::new_daemon, backup_daemon()),
              libnl_message(23, IPVS_CMD_NEW_DAEMON, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
                  nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED);
                  nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_BACKUP);
                  nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "eth1");
                  nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, 51);
                  nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1400);
                  nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, 8849);
                  nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, 2);
                  const auto group = addr("239.1.2.3");
                  nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, group.data());
                  nla_nest_end(msg, nest);
              }));
    // The kernel's defaults for what is left at 0; an IPv6 group goes in its own attribute.
    SyncDaemon plain;
    plain.interface = "eth0";
    plain.group = "ff02::81";
    EXPECT_EQ(encode_daemon(kFamily, 24, Command::new_daemon, plain),
              libnl_message(24, IPVS_CMD_NEW_DAEMON, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
                  nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED);
                  nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_MASTER);
                  nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "eth0");
                  nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, 0);
                  const auto group = addr("ff02::81");
                  nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, group.data());
                  nla_nest_end(msg, nest);
              }));
}

TEST(NetlinkCodec, DelAndGetDaemonMatchLibnl) {
    EXPECT_EQ(encode_daemon(kFamily, 25, Command::del_daemon, backup_daemon()),
              libnl_message(25, IPVS_CMD_DEL_DAEMON, NLM_F_REQUEST | NLM_F_ACK, [](nl_msg* msg) {
                  nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED);
                  nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_BACKUP);
                  nla_nest_end(msg, nest);
              }));
    EXPECT_EQ(encode_get_daemons(kFamily, 26),
              libnl_message(26, IPVS_CMD_GET_DAEMON, NLM_F_REQUEST | NLM_F_DUMP, [](nl_msg*) {}));
}

// A GET_DAEMON dump entry as ip_vs_genl_dump_daemon writes it (every attribute, the unused
// group family's address too).
TEST(NetlinkCodec, KernelDaemonEntryDecodes) {
    const Bytes entry = libnl_message(27, IPVS_CMD_NEW_DAEMON, NLM_F_MULTI, [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED);
        nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_BACKUP);
        nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "eth1");
        nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, 51);
        nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1400);
        nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, 8849);
        nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, 2);
        const auto group = addr("239.1.2.3");
        nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, group.data());
        nla_nest_end(msg, nest);
    });
    EXPECT_EQ(decode_daemon(only(entry)), backup_daemon());
    // A daemon of its own state only (master and backup are the two the kernel runs).
    const Bytes odd = libnl_message(28, IPVS_CMD_NEW_DAEMON, NLM_F_MULTI, [](nl_msg* msg) {
        nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED);
        nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, 7);
        nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, "eth1");
        nla_nest_end(msg, nest);
    });
    EXPECT_THROW(decode_daemon(only(odd)), std::invalid_argument);
}
