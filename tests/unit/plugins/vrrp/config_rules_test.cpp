// [vrrp] static_ipaddress / static_routes / static_rules and [vrrp.instance.NAME] virtual_rules.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::instance;
using test::parse;
using test::Parsed;

TEST(VrrpRules, VirtualRulesTakeEveryIpRuleOption) {
    const Parsed p = parse(instance("", "172.16.0.100/24") + R"(virtual_rules = [
  { from = "172.16.0.100", table = 300, priority = 2000 },
  { to = "10.60.0.0/16", table = "main", priority = 2001, no_track = true },
  { from = "10.1.0.0/16", to = "10.2.0.0/16", iif = "eth0", oif = "eth1", tos = 16, table = 101, priority = 1003, realms = "3/4", ipproto = "udp", sport = "10-20", dport = 53, uidrange = "1000-1999", fwmark = 42, fwmask = 255 },
  { from = "10.3.0.0/16", priority = 1004, goto = 1005 },
  { from = "10.4.0.0/16", suppress_prefixlength = 0, suppress_ifgroup = 5, priority = 1005 },
  { from = "10.5.0.0/16", l3mdev = true },
  { family = "ipv6", fwmark = 7, table = 104 },
  { from = "2001:db8:50::/48", table = 100 },
]
)");
    ASSERT_TRUE(p.config && p.config->instances.contains("VI_1"))
        << testing::PrintToString(p.errors);
    const std::vector<VirtualRule>& rules = p.config->instances.at("VI_1").rules;
    ASSERT_EQ(rules.size(), 8u);
    EXPECT_EQ(rules[0].text(), "from 172.16.0.100/32 priority 2000 table 300");
    EXPECT_EQ(rules[1].text(), "to 10.60.0.0/16 priority 2001 table 254 no_track");
    EXPECT_EQ(rules[2].text(),
              "from 10.1.0.0/16 to 10.2.0.0/16 priority 1003 table 101 fwmark 0x2a/0xff realms "
              "196612 tos 0x10 iif eth0 oif eth1 sport 10-20 dport 53-53 ipproto 17 uidrange "
              "1000-1999");
    EXPECT_EQ(rules[3].text(), "from 10.3.0.0/16 priority 1004 goto 1005");
    EXPECT_EQ(
        rules[4].text(),
        "from 10.4.0.0/16 priority 1005 table 254 suppress_prefixlength 0 suppress_ifgroup 5");
    EXPECT_EQ(rules[5].text(), "from 10.5.0.0/16 l3mdev");
    EXPECT_EQ(rules[6].text(), "inet6 table 104 fwmark 0x7");
    EXPECT_EQ(rules[7].text(), "inet6 from 2001:db8:50::/48 table 100");
}

TEST(VrrpRules, StaticItemsAreReadAtTopLevel) {
    const Parsed p = parse(R"([vrrp]
static_ipaddress = [{ address = "192.168.50.1/24", dev = "eth0" }]
static_routes = [{ to = "10.50.0.0/16", via = "172.16.0.254", dev = "eth0", table = 100 }]
static_rules = [{ from = "192.168.50.0/24", table = 100, priority = 1000 }]
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const StaticConfig& s = p.config->statics;
    ASSERT_EQ(s.addresses.size(), 1u);
    EXPECT_EQ(s.addresses[0].text(), "192.168.50.1/24");
    EXPECT_EQ(s.addresses[0].dev, "eth0");
    ASSERT_EQ(s.routes.size(), 1u);
    EXPECT_EQ(s.routes[0].text(), "10.50.0.0/16 via 172.16.0.254 dev eth0 table 100");
    ASSERT_EQ(s.rules.size(), 1u);
    EXPECT_EQ(s.rules[0].text(), "from 192.168.50.0/24 priority 1000 table 100");
}

// keepalived.conf(5) default_interface: static items without a dev go there (default eth0).
TEST(VrrpRules, StaticItemsWithoutDevGoOnTheDefaultInterface) {
    const char* items = R"(
static_ipaddress = ["192.168.50.1/24", { address = "192.168.51.1/24", dev = "eth2" }]
static_routes = [{ to = "10.50.0.0/16", via = "172.16.0.254" }]
)";
    const Parsed eth0 = parse(std::string("[vrrp]") + items);
    ASSERT_TRUE(eth0.config) << testing::PrintToString(eth0.errors);
    EXPECT_EQ(eth0.config->statics.addresses[0].dev, "eth0");
    EXPECT_EQ(eth0.config->statics.routes[0].dev, "eth0");
    const Parsed p = parse(std::string("[vrrp]\ndefault_interface = \"bond0.3\"") + items);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const StaticConfig& s = p.config->statics;
    EXPECT_EQ(s.addresses[0].dev, "bond0.3");
    EXPECT_EQ(s.addresses[1].dev, "eth2");
    EXPECT_EQ(s.routes[0].text(), "10.50.0.0/16 via 172.16.0.254 dev bond0.3");
}

TEST(VrrpRules, DefaultInterfaceMustBeAnInterfaceName) {
    const Parsed p = parse("[vrrp]\ndefault_interface = \"a-name-far-too-long\"\n");
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 1u) << testing::PrintToString(p.errors);
    EXPECT_EQ(
        p.errors[0].rfind("routerd.toml:2:21: vrrp.default_interface: 'a-name-far-too-long' ", 0),
        0u)
        << p.errors[0];
}

TEST(VrrpRules, MistakesNameFileLineAndKey) {
    const Parsed p = parse(R"([vrrp]
static_ipaddress = [7]
static_routes = [{ to = "10.50.0.0/16", via = "nowhere" }]
static_rules = [
  { from = "10.0.0.0/8", to = "2001:db8::/32" },
  { from = "10.0.0.0/8", table = 100, goto = 200, priority = 10 },
  { from = "10.0.0.0/8", goto = 5, priority = 10 },
  { sport = "20-10", ipproto = "ospf", realms = "1/70000", table = 0 },
  { family = "ipv6", from = "10.0.0.0/8" },
  { l3mdev = true, table = 7 },
  { fwmask = 255 },
  "from 10.0.0.0/8 table 100",
]
)");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, (std::vector<std::string>{
                            "routerd.toml:2:21: vrrp.static_ipaddress[0]: expected a string, "
                            "found an integer",
                            "routerd.toml:3:47: vrrp.static_routes[0].via: 'nowhere' is not an "
                            "IPv4 or IPv6 address",
                            "routerd.toml:5:31: vrrp.static_rules[0].to: is not of the same "
                            "address family as 'from'",
                            "routerd.toml:6:46: vrrp.static_rules[1].goto: cannot go with table "
                            "or l3mdev: a rule does one of them",
                            "routerd.toml:7:33: vrrp.static_rules[2].goto: needs a priority below "
                            "the rule it goes to",
                            "routerd.toml:8:68: vrrp.static_rules[3].table: 0 is out of range "
                            "1..4294967295",
                            "routerd.toml:8:49: vrrp.static_rules[3].realms: '1/70000' is not "
                            "realms FROM/TO (numbers from 0 to 65535)",
                            "routerd.toml:8:13: vrrp.static_rules[3].sport: '20-10' is not a range "
                            "FIRST-LAST of numbers from 0 to 65535",
                            "routerd.toml:8:32: vrrp.static_rules[3].ipproto: 'ospf' is not a "
                            "protocol number or one of icmp, tcp, udp, gre, esp, ipv6-icmp, sctp",
                            "routerd.toml:9:14: vrrp.static_rules[4].family: disagrees with the "
                            "rule's addresses",
                            "routerd.toml:10:14: vrrp.static_rules[5].l3mdev: cannot go with "
                            "table: l3mdev looks up the VRF's own table",
                            "routerd.toml:11:14: vrrp.static_rules[6].fwmask: needs fwmark",
                            "routerd.toml:12:3: vrrp.static_rules[7]: expected a table like { from "
                            "= \"10.0.0.0/8\", table = 100 }",
                        }))
        << testing::PrintToString(p.errors);
}

}  // namespace
}  // namespace routerd::vrrp
