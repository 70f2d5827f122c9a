// The options of an address and of a route (keepalived.conf(5) virtual_ipaddress and
// virtual_routes, the same in static_ipaddress and static_routes).
#include <gtest/gtest.h>
#include <linux/rtnetlink.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::instance;
using test::parse;
using test::Parsed;

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

TEST(VrrpAddressOptions, EveryIpAddressOptionIsRead) {
    const Parsed p = parse(instance("", "") + R"(virtual_ipaddress = [
  { address = "192.168.60.1/24", brd = "+", scope = "link", label = "eth0:st" },
  { address = "192.168.60.2/24", brd = "-", scope = 200 },
  { address = "192.168.60.3/23", brd = "192.168.61.255", noprefixroute = true, autojoin = true },
  { address = "192.168.61.1", peer = "192.168.61.2/30" },
]
virtual_ipaddress_excluded = [
  { address = "2001:db8:60::1/64", nodad = false, home = true, mngtmpaddr = true, preferred_lft = "100s" },
  { address = "2001:db8:61::1", preferred_lft = "forever" },
  "2001:db8:62::1",
]
)");
    ASSERT_TRUE(p.config && p.config->instances.contains("VI_1"))
        << testing::PrintToString(p.errors);
    const std::vector<VirtualAddress>& a = p.config->instances.at("VI_1").addresses;
    ASSERT_EQ(a.size(), 7u);
    EXPECT_EQ(a[0].broadcast, ip("192.168.60.255"));
    EXPECT_EQ(a[0].scope, RT_SCOPE_LINK);
    EXPECT_EQ(a[0].label, "eth0:st");
    EXPECT_EQ(a[1].broadcast, ip("192.168.60.0"));
    EXPECT_EQ(a[1].scope, 200);
    EXPECT_EQ(a[2].broadcast, ip("192.168.61.255"));
    EXPECT_TRUE(a[2].noprefixroute && a[2].autojoin);
    EXPECT_FALSE(a[2].home || a[2].mngtmpaddr);
    EXPECT_EQ(a[3].text(), "192.168.61.1/30 peer 192.168.61.2");
    EXPECT_FALSE(a[4].nodad);
    EXPECT_TRUE(a[4].home && a[4].mngtmpaddr);
    EXPECT_EQ(a[4].preferred_lifetime(), 100u);
    EXPECT_EQ(a[5].preferred_lifetime(), kForever);
    EXPECT_TRUE(a[6].nodad);
    EXPECT_EQ(a[6].preferred_lifetime(), 0u);  // an IPv6 /128: deprecated, as Keepalived
}

TEST(VrrpAddressOptions, MistakesNameFileLineAndKey) {
    const Parsed p = parse(instance("", "") + R"(virtual_ipaddress = [
  { address = "192.168.60.1/24", brd = "x", scope = "moon" },
  { address = "2001:db8::1", brd = "+", scope = "link" },
  { address = "192.168.61.1/24", peer = "192.168.61.2" },
  { address = "192.168.61.1", peer = "2001:db8::2" },
  { address = "192.168.62.1", nodad = true, preferred_lft = "1500ms" },
]
)");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors,
              (std::vector<std::string>{
                  "routerd.toml:5:40: vrrp.instance.VI_1.virtual_ipaddress[0].brd: 'x' "
                  "is not an IPv4 or IPv6 address",
                  "routerd.toml:5:53: vrrp.instance.VI_1.virtual_ipaddress[0].scope: "
                  "'moon' is not a number from 0 to 255 or one of global, site, link, "
                  "host, nowhere",
                  "routerd.toml:6:36: vrrp.instance.VI_1.virtual_ipaddress[1].brd: is "
                  "for IPv4 addresses only (IPv6 takes its scope from the address and "
                  "has no broadcast)",
                  "routerd.toml:6:49: vrrp.instance.VI_1.virtual_ipaddress[1].scope: is for "
                  "IPv4 addresses only (IPv6 takes its scope from the address and has "
                  "no broadcast)",
                  "routerd.toml:7:15: vrrp.instance.VI_1.virtual_ipaddress[2].address: "
                  "takes no prefix length with peer: give it on the peer",
                  "routerd.toml:8:38: vrrp.instance.VI_1.virtual_ipaddress[3].peer: is "
                  "not of the same address family as 'address'",
                  "routerd.toml:9:39: vrrp.instance.VI_1.virtual_ipaddress[4].nodad: "
                  "is for IPv6 addresses only (IPv4 has no duplicate address detection)",
                  "routerd.toml:9:61: "
                  "vrrp.instance.VI_1.virtual_ipaddress[4].preferred_lft: is not a "
                  "whole number of seconds below 4294967295s, or \"forever\"",
              }))
        << testing::PrintToString(p.errors);
}

TEST(VrrpRouteOptions, EveryIpRouteOptionIsRead) {
    const Parsed p = parse(R"([vrrp]
static_routes = [
  { to = "10.60.0.0/16", via = "172.16.9.254", dev = "eth0", table = 100, src = "172.16.9.2", protocol = "bird", metric = 5, tos = 4, onlink = true, scope = "global", mtu = 1400, hoplimit = 33, advmss = 1360, initcwnd = 10, initrwnd = 20, window = 105, cwnd = 106, ssthresh = 107, reordering = 104, rto_min = "300ms", ecn = true, quickack = true, fastopen_no_cookie = true },
  { to = "10.61.0.0/16", type = "blackhole", table = 100 },
  { to = "2001:db8:63::/48", type = "prohibit" },
  { to = "10.62.0.0/16", type = "unreachable", protocol = 200 },
  { to = "10.64.0.0/16", type = "throw" },
]
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const std::vector<VirtualRoute>& r = p.config->statics.routes;
    ASSERT_EQ(r.size(), 5u);
    EXPECT_EQ(r[0].src, ip("172.16.9.2"));
    EXPECT_EQ(r[0].protocol, 12);
    EXPECT_EQ(r[0].metric, 5u);
    EXPECT_EQ(r[0].tos, 4);
    EXPECT_TRUE(r[0].onlink);
    EXPECT_EQ(r[0].scope, RT_SCOPE_UNIVERSE);
    EXPECT_EQ(r[0].metrics, (std::vector<std::pair<std::uint16_t, std::uint32_t>>{
                                {RTAX_MTU, 1400},
                                {RTAX_WINDOW, 105},
                                {RTAX_SSTHRESH, 107},
                                {RTAX_CWND, 106},
                                {RTAX_ADVMSS, 1360},
                                {RTAX_REORDERING, 104},
                                {RTAX_HOPLIMIT, 33},
                                {RTAX_INITCWND, 10},
                                {RTAX_FEATURES, RTAX_FEATURE_ECN},
                                {RTAX_RTO_MIN, 300},
                                {RTAX_INITRWND, 20},
                                {RTAX_QUICKACK, 1},
                                {RTAX_FASTOPEN_NO_COOKIE, 1},
                            }));
    EXPECT_EQ(r[1].text(), "blackhole 10.61.0.0/16 table 100");
    EXPECT_EQ(r[2].text(), "prohibit 2001:db8:63::/48");
    EXPECT_EQ(r[3].text(), "unreachable 10.62.0.0/16 proto 200");
    EXPECT_EQ(r[4].type, RouteType::throw_);
    EXPECT_FALSE(r[4].has_interface());
}

TEST(VrrpRouteOptions, MistakesNameFileLineAndKey) {
    const Parsed p = parse(instance("", "") + R"(virtual_ipaddress = ["172.16.0.100"]
virtual_routes = [
  { to = "10.61.0.0/16", type = "blackhole", via = "172.16.0.1", dev = "eth0" },
  { to = "10.62.0.0/16", type = "multicast" },
  { to = "10.63.0.0/16", protocol = "carrier-pigeon", scope = 256, tos = -1 },
  { to = "10.64.0.0/16", src = "2001:db8::1" },
  { to = "10.65.0.0/16", mtu = 20, hoplimit = 0 },
]
)");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(
        p.errors,
        (std::vector<std::string>{
            "routerd.toml:6:52: vrrp.instance.VI_1.virtual_routes[0].via: cannot go with type = "
            "\"blackhole\": such a route leaves by no interface",
            "routerd.toml:6:72: vrrp.instance.VI_1.virtual_routes[0].dev: cannot go with type = "
            "\"blackhole\": such a route leaves by no interface",
            "routerd.toml:7:33: vrrp.instance.VI_1.virtual_routes[1].type: 'multicast' is not one "
            "of unicast, blackhole, unreachable, prohibit, throw",
            "routerd.toml:8:37: vrrp.instance.VI_1.virtual_routes[2].protocol: 'carrier-pigeon' "
            "is not a number from 0 to 255 or one of unspec, redirect, kernel, boot, static, "
            "gated, ra, mrt, zebra, bird, dnrouted, xorp, ntk, dhcp, keepalived, babel, openr, "
            "bgp, isis, ospf, rip",
            "routerd.toml:8:63: vrrp.instance.VI_1.virtual_routes[2].scope: 256 is out of range "
            "0..255",
            "routerd.toml:8:74: vrrp.instance.VI_1.virtual_routes[2].tos: -1 is out of range "
            "0..255",
            "routerd.toml:9:32: vrrp.instance.VI_1.virtual_routes[3].src: is not of the same "
            "address family as 'to'",
            "routerd.toml:10:32: vrrp.instance.VI_1.virtual_routes[4].mtu: 20 is out of range "
            "68..4294967295",
            "routerd.toml:10:47: vrrp.instance.VI_1.virtual_routes[4].hoplimit: 0 is out of range "
            "1..255",
        }))
        << testing::PrintToString(p.errors);
}

}  // namespace
}  // namespace routerd::vrrp
