#include "virtual_route.hpp"

#include <gtest/gtest.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "netlink_decode.hpp"

namespace routerd::vrrp {
namespace {

using Decoded = test::Decoded<rtmsg>;

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

VirtualRoute route(const char* text) {
    return *VirtualRoute::parse(text);
}

std::vector<std::uint8_t> bytes(const char* text) {
    const IpAddress a = ip(text);
    return {a.bytes().begin(), a.bytes().end()};
}

TEST(VirtualRoute, TextReadsBack) {
    VirtualRoute r = route("10.0.0.0/8 via 172.16.0.1 dev eth1");
    EXPECT_EQ(r.destination, ip("10.0.0.0"));
    EXPECT_EQ(r.prefix, 8);
    EXPECT_EQ(r.via, ip("172.16.0.1"));
    EXPECT_EQ(r.dev, "eth1");
    r.metric = 7;
    r.src = ip("172.16.0.2");
    r.metrics = {{RTAX_MTU, 1400}};
    EXPECT_EQ(r.text(), "10.0.0.0/8 via 172.16.0.1 dev eth1");  // what identifies it

    EXPECT_EQ(route("2001:db8::/32").text(), "2001:db8::/32");
    EXPECT_EQ(VirtualRoute::parse("nonsense"), std::nullopt);
    EXPECT_EQ(VirtualRoute::parse("10.0.0.0/33"), std::nullopt);
    EXPECT_EQ(VirtualRoute::parse("10.0.0.0/8 tos"), std::nullopt);
    EXPECT_EQ(VirtualRoute::parse("10.0.0.0/8 proto 256"), std::nullopt);

    VirtualRoute every = route("10.50.0.0/16 via 172.16.0.254 dev eth0");
    every.table = 100;
    every.protocol = 12;
    every.tos = 4;
    every.onlink = true;
    EXPECT_EQ(every.text(),
              "10.50.0.0/16 via 172.16.0.254 dev eth0 table 100 proto 12 tos 4 onlink");
    EXPECT_EQ(VirtualRoute::parse(every.text()), every);

    VirtualRoute hole = route("2001:db8:63::/48");
    hole.type = RouteType::prohibit;
    hole.table = 100;
    EXPECT_EQ(hole.text(), "prohibit 2001:db8:63::/48 table 100");
    EXPECT_EQ(VirtualRoute::parse(hole.text()), hole);
    EXPECT_FALSE(hole.has_interface());
}

// `ip route add 10.60.0.0/16 via 172.16.9.254 dev eth0 table 6909 src 172.16.9.2 proto bird
// metric 5 tos 0x04 onlink mtu 1400 advmss 1360 features ecn rto_min 300ms`.
TEST(RouteRequest, AddCarriesEveryOption) {
    VirtualRoute r = route("10.60.0.0/16 via 172.16.9.254");
    r.table = 6909;
    r.src = ip("172.16.9.2");
    r.protocol = 12;
    r.metric = 5;
    r.tos = 4;
    r.onlink = true;
    r.metrics = {{RTAX_MTU, 1400},
                 {RTAX_ADVMSS, 1360},
                 {RTAX_FEATURES, RTAX_FEATURE_ECN},
                 {RTAX_RTO_MIN, 300}};
    const Decoded d = test::decode<rtmsg>(route_request(r, 4, true));
    EXPECT_EQ(d.header.nlmsg_type, RTM_NEWROUTE);
    EXPECT_EQ(d.header.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
    EXPECT_EQ(d.family.rtm_family, AF_INET);
    EXPECT_EQ(d.family.rtm_dst_len, 16);
    EXPECT_EQ(d.family.rtm_tos, 4);
    EXPECT_EQ(d.family.rtm_table, RT_TABLE_UNSPEC);  // too big for the header's byte
    EXPECT_EQ(d.family.rtm_protocol, 12);
    EXPECT_EQ(d.family.rtm_scope, RT_SCOPE_UNIVERSE);  // it has a gateway
    EXPECT_EQ(d.family.rtm_type, RTN_UNICAST);
    EXPECT_EQ(d.family.rtm_flags, unsigned{RTNH_F_ONLINK});
    EXPECT_EQ(d.attributes.at(RTA_DST), bytes("10.60.0.0"));
    EXPECT_EQ(d.attributes.at(RTA_GATEWAY), bytes("172.16.9.254"));
    EXPECT_EQ(d.attributes.at(RTA_PREFSRC), bytes("172.16.9.2"));
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, RTA_OIF), 4u);
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, RTA_PRIORITY), 5u);
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, RTA_TABLE), 6909u);
    const test::Attributes metrics = test::decode_attributes(d.attributes.at(RTA_METRICS), 0);
    EXPECT_EQ(metrics.size(), 4u);
    EXPECT_EQ(test::value<std::uint32_t>(metrics, RTAX_MTU), 1400u);
    EXPECT_EQ(test::value<std::uint32_t>(metrics, RTAX_ADVMSS), 1360u);
    EXPECT_EQ(test::value<std::uint32_t>(metrics, RTAX_FEATURES), unsigned{RTAX_FEATURE_ECN});
    EXPECT_EQ(test::value<std::uint32_t>(metrics, RTAX_RTO_MIN), 300u);
}

TEST(RouteRequest, DefaultsAreThoseOfIpRouteAdd) {
    // Without a gateway a unicast route is on the link; the kernel picks the metric; small
    // table ids go in the header too; routerd's routes are "proto keepalived".
    const Decoded d = test::decode<rtmsg>(route_request(route("10.66.0.0/16"), 4, true));
    EXPECT_EQ(d.family.rtm_scope, RT_SCOPE_LINK);
    EXPECT_EQ(d.family.rtm_table, RT_TABLE_MAIN);
    EXPECT_EQ(d.family.rtm_protocol, kProtocolKeepalived);
    EXPECT_EQ(d.family.rtm_flags, 0u);
    EXPECT_FALSE(d.attributes.contains(RTA_PRIORITY));
    EXPECT_FALSE(d.attributes.contains(RTA_METRICS));
    EXPECT_FALSE(d.attributes.contains(RTA_GATEWAY));

    VirtualRoute host = route("10.66.0.0/16");
    host.scope = RT_SCOPE_HOST;
    EXPECT_EQ(test::decode<rtmsg>(route_request(host, 4, true)).family.rtm_scope, RT_SCOPE_HOST);
}

TEST(RouteRequest, ABlackholeGoesThroughNoInterface) {
    VirtualRoute hole = route("2001:db8:63::/48");
    hole.type = RouteType::blackhole;
    const Decoded d = test::decode<rtmsg>(route_request(hole, 0, true));
    EXPECT_EQ(d.family.rtm_family, AF_INET6);
    EXPECT_EQ(d.family.rtm_type, RTN_BLACKHOLE);
    EXPECT_EQ(d.family.rtm_scope, RT_SCOPE_UNIVERSE);
    EXPECT_FALSE(d.attributes.contains(RTA_OIF));
    EXPECT_EQ(d.attributes.at(RTA_DST).size(), 16u);
}

TEST(RouteRequest, DeleteMatchesTheSameRouteInAnyScope) {
    VirtualRoute r = route("10.60.0.0/16 via 172.16.9.254 table 100 proto 12");
    const Decoded add = test::decode<rtmsg>(route_request(r, 4, true));
    const Decoded del = test::decode<rtmsg>(route_request(r, 4, false));
    EXPECT_EQ(del.header.nlmsg_type, RTM_DELROUTE);
    EXPECT_EQ(del.header.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    EXPECT_EQ(del.family.rtm_scope, RT_SCOPE_NOWHERE);  // as `ip route del`: any scope
    EXPECT_EQ(del.family.rtm_protocol, 12);
    EXPECT_EQ(del.attributes, add.attributes);
}

}  // namespace
}  // namespace routerd::vrrp
