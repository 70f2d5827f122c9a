// How a master announces itself (config_announce.cpp): the garp_* schedule, min_garp,
// garp_interval / gna_interval, lower_prio_no_advert, higher_prio_send_advert, the multicast
// groups and mcast_src_ip, with [vrrp] defaults that instances override.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::parse;
using test::Parsed;

IpAddress ip(std::string_view text) {
    return *IpAddress::parse(text);
}

const char* kInstances = R"(
[vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
[vrrp.instance.B]
interface = "eth0"
virtual_router_id = 2
virtual_ipaddress = ["2001:db8::100"]
garp_master_repeat = 3
garp_lower_prio_repeat = 0
lower_prio_no_advert = false
higher_prio_send_advert = true
)";

TEST(VrrpAnnounceConfig, KeepalivedDefaults) {
    const Parsed p = parse(kInstances);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& a = p.config->instances.at("A");
    EXPECT_EQ(a.garp, GarpConfig{});
    EXPECT_FALSE(a.machine.lower_prio_no_advert);
    EXPECT_TRUE(a.machine.higher_prio_send_advert);  // routerd's default (Keepalived: off)
    EXPECT_TRUE(a.machine.garp_on_lower_prio);
    EXPECT_EQ(a.params.multicast_group, std::nullopt);
    EXPECT_EQ(p.config->garp_pacing, GarpPacingConfig{});
    EXPECT_EQ(a.garp.extra_if_interval, std::chrono::nanoseconds(0));
    EXPECT_FALSE(a.garp.extra_if_all);
    EXPECT_EQ(p.config->startup_delay, std::chrono::nanoseconds(0));
    EXPECT_FALSE(a.promote_secondaries);
}

TEST(VrrpAnnounceConfig, StartupDelay) {
    const Parsed p = parse("[vrrp]\nstartup_delay = \"5500ms\"\n" + std::string(kInstances));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->startup_delay, milliseconds(5500));
}

TEST(VrrpAnnounceConfig, VrrpTableSetsDefaultsThatInstancesOverride) {
    const Parsed p = parse(R"(
[vrrp]
garp_master_delay = "10s"
garp_master_repeat = 2
garp_master_refresh = "60s"
garp_master_refresh_repeat = 4
lower_prio_no_advert = true
higher_prio_send_advert = false
garp_interval = "1500us"
gna_interval = "1ms"
mcast_group4 = "224.0.0.19"
mcast_group6 = "ff02::13"
)" + std::string(kInstances));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& a = p.config->instances.at("A");
    EXPECT_EQ(a.garp.master_delay, seconds(10));
    EXPECT_EQ(a.garp.master_repeat, 2u);
    EXPECT_EQ(a.garp.master_refresh, seconds(60));
    EXPECT_EQ(a.garp.master_refresh_repeat, 4u);
    // keepalived.conf(5): the lower-priority defaults are the master ones.
    EXPECT_EQ(a.garp.lower_prio_delay, seconds(10));
    EXPECT_EQ(a.garp.lower_prio_repeat, 2u);
    EXPECT_TRUE(a.machine.lower_prio_no_advert);
    EXPECT_FALSE(a.machine.higher_prio_send_advert);
    EXPECT_EQ(a.params.group(Family::ipv4), ip("224.0.0.19"));
    const InstanceConfig& b = p.config->instances.at("B");
    EXPECT_EQ(b.garp.master_repeat, 3u);
    EXPECT_EQ(b.garp.lower_prio_repeat, 0u);
    EXPECT_FALSE(b.machine.garp_on_lower_prio);
    EXPECT_FALSE(b.machine.lower_prio_no_advert);
    EXPECT_TRUE(b.machine.higher_prio_send_advert);
    EXPECT_EQ(b.params.group(Family::ipv6), ip("ff02::13"));
    EXPECT_EQ(p.config->garp_pacing.garp_interval, std::chrono::microseconds(1500));
    EXPECT_EQ(p.config->garp_pacing.gna_interval, milliseconds(1));
}

TEST(VrrpAnnounceConfig, GarpGroupsPaceTheirInterfaces) {
    const Parsed p = parse(R"(
[vrrp]
garp_interval = "10ms"
[[vrrp.garp_group]]
garp_interval = "100ms"
interfaces = ["eth1", "eth2"]
[[vrrp.garp_group]]
gna_interval = "250ms"
interfaces = "eth3"
)" + std::string(kInstances));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const GarpPacingConfig& pacing = p.config->garp_pacing;
    EXPECT_EQ(pacing.garp_interval, milliseconds(10));
    EXPECT_EQ(pacing.groups,
              (std::vector<GarpGroup>{{milliseconds(100), milliseconds(0), {"eth1", "eth2"}},
                                      {milliseconds(0), milliseconds(250), {"eth3"}}}));
}

TEST(VrrpAnnounceConfig, GarpExtraIfDefaultsThatInstancesOverride) {
    const Parsed p = parse(R"(
[vrrp]
garp_extra_if = "100s"
garp_extra_if_all = true
[vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
[vrrp.instance.B]
interface = "eth0"
virtual_router_id = 2
virtual_ipaddress = ["172.16.0.101"]
garp_extra_if = "0s"
[vrrp.instance.C]
interface = "eth0"
virtual_router_id = 3
virtual_ipaddress = ["172.16.0.102"]
garp_extra_if_all = false
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const auto& i = p.config->instances;
    EXPECT_EQ(i.at("A").garp.extra_if_interval, seconds(100));
    EXPECT_TRUE(i.at("A").garp.extra_if_all);
    EXPECT_EQ(i.at("B").garp.extra_if_interval, seconds(0));
    EXPECT_EQ(i.at("C").garp.extra_if_interval, seconds(100));
    EXPECT_FALSE(i.at("C").garp.extra_if_all);
}

TEST(VrrpAnnounceConfig, MinGarpIsOneMessageWithoutSecondSet) {
    const Parsed p =
        parse("[vrrp]\nmin_garp = true\ngarp_master_refresh = \"30s\"\n" + std::string(kInstances));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const GarpConfig& g = p.config->instances.at("A").garp;
    EXPECT_EQ(g.master_repeat, 1u);
    EXPECT_EQ(g.master_delay, seconds(0));
    EXPECT_EQ(g.lower_prio_repeat, 1u);
    EXPECT_EQ(g.lower_prio_delay, seconds(0));
    EXPECT_EQ(g.master_refresh, seconds(30));
    EXPECT_EQ(p.config->instances.at("B").garp.master_repeat, 3u);  // its own
}

TEST(VrrpAnnounceConfig, ExplicitLowerPrioKeys) {
    const Parsed p = parse(std::string(kInstances) +
                           "garp_lower_prio_delay = \"2s\"\ngarp_master_delay = \"0s\"\n");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const GarpConfig& g = p.config->instances.at("B").garp;
    EXPECT_EQ(g.lower_prio_delay, seconds(2));
    EXPECT_EQ(g.master_delay, seconds(0));
}

TEST(VrrpAnnounceConfig, McastSrcIpAndPromoteSecondaries) {
    const Parsed p = parse(R"(
[vrrp.instance.C]
interface = "eth0"
virtual_router_id = 3
virtual_ipaddress = ["172.16.0.103"]
mcast_src_ip = "172.16.0.9"
promote_secondaries = true
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->instances.at("C").unicast_source, ip("172.16.0.9"));
    EXPECT_TRUE(p.config->instances.at("C").promote_secondaries);
}

// keepalived.conf(5) mcast_dst_ip: the instance's own group, over [vrrp] mcast_group4/6.
TEST(VrrpAnnounceConfig, McastDstIpOverridesTheVrrpTablesGroup) {
    const Parsed p = parse(R"([vrrp]
mcast_group4 = "224.0.0.19"

[vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
mcast_dst_ip = "224.0.0.20"

[vrrp.instance.B]
interface = "eth0"
virtual_router_id = 2
virtual_ipaddress = ["172.16.0.101"]

[vrrp.instance.C]
interface = "eth0"
virtual_router_id = 3
virtual_ipaddress = ["fe80::1", "2001:db8::1"]
mcast_dst_ip = "ff02::13"
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->instances.at("A").params.multicast_group, ip("224.0.0.20"));
    EXPECT_EQ(p.config->instances.at("B").params.multicast_group, ip("224.0.0.19"));
    EXPECT_EQ(p.config->instances.at("C").params.multicast_group, ip("ff02::13"));
}

struct Refused {
    std::string name;  // the test's
    std::string text;
    std::string error;
};

class VrrpAnnounceConfigRefuses : public testing::TestWithParam<Refused> {};

TEST_P(VrrpAnnounceConfigRefuses, WithFileLineColumnAndKey) {
    const Parsed p = parse(GetParam().text);
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 1u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0], GetParam().error);
}

const char* kOne = R"([vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
)";

INSTANTIATE_TEST_SUITE_P(
    Errors, VrrpAnnounceConfigRefuses,
    testing::Values(
        Refused{"MasterRepeatZero", std::string(kOne) + "garp_master_repeat = 0\n",
                "routerd.toml:5:22: vrrp.instance.A.garp_master_repeat: 0 is out of range "
                "1..255"},
        Refused{"LowerPrioRepeatAbove255", std::string(kOne) + "garp_lower_prio_repeat = 256\n",
                "routerd.toml:5:26: vrrp.instance.A.garp_lower_prio_repeat: 256 is out of "
                "range 0..255"},
        Refused{"RefreshAboveADay", std::string(kOne) + "garp_master_refresh = \"2d\"\n",
                "routerd.toml:5:23: vrrp.instance.A.garp_master_refresh: is above 1 day"},
        Refused{"GarpIntervalAboveASecond", "[vrrp]\ngarp_interval = \"2s\"\n" + std::string(kOne),
                "routerd.toml:2:17: vrrp.garp_interval: is above 1s"},
        Refused{"GarpExtraIfAboveADay", std::string(kOne) + "garp_extra_if = \"86401s\"\n",
                "routerd.toml:5:17: vrrp.instance.A.garp_extra_if: is above 1 day"},
        Refused{"GarpGroupWithoutInterval",
                "[[vrrp.garp_group]]\ninterfaces = [\"eth1\"]\n" + std::string(kOne),
                "routerd.toml:1:1: vrrp.garp_group[0]: needs garp_interval or gna_interval"},
        Refused{"GarpGroupWithoutInterfaces",
                "[[vrrp.garp_group]]\ngarp_interval = \"1ms\"\n" + std::string(kOne),
                "routerd.toml:1:1: vrrp.garp_group[0].interfaces: is required: the interfaces "
                "the intervals apply to"},
        Refused{"GarpGroupIntervalAboveASecond",
                "[[vrrp.garp_group]]\ngna_interval = \"1001ms\"\ninterfaces = [\"eth1\"]\n" +
                    std::string(kOne),
                "routerd.toml:2:16: vrrp.garp_group[0].gna_interval: is above 1s"},
        Refused{"InterfaceInTwoGarpGroups",
                "[[vrrp.garp_group]]\ngarp_interval = \"1ms\"\ninterfaces = [\"eth1\"]\n"
                "[[vrrp.garp_group]]\ngarp_interval = \"2ms\"\ninterfaces = [\"eth2\", "
                "\"eth1\"]\n" +
                    std::string(kOne),
                "routerd.toml:6:23: vrrp.garp_group[1].interfaces[1]: 'eth1' is already in "
                "garp_group 1"},
        Refused{"GarpGroupOnAVmac",
                "[[vrrp.garp_group]]\ngarp_interval = \"1ms\"\ninterfaces = [\"vrrp.1\"]\n" +
                    std::string(kOne) + "use_vmac = true\n",
                "routerd.toml:3:15: vrrp.garp_group[0].interfaces[0]: is A's VMAC, which is "
                "paced with its base interface: name that instead"},
        Refused{"MinGarpNotABoolean", "[vrrp]\nmin_garp = \"yes\"\n" + std::string(kOne),
                "routerd.toml:2:12: vrrp.min_garp: expected a boolean, found a string"},
        Refused{"Group4NotMulticast", "[vrrp]\nmcast_group4 = \"10.0.0.1\"\n" + std::string(kOne),
                "routerd.toml:2:16: vrrp.mcast_group4: must be an IPv4 multicast address "
                "(224.0.0.0/4)"},
        Refused{"Group6NotLinkLocal", "[vrrp]\nmcast_group6 = \"ff05::12\"\n" + std::string(kOne),
                "routerd.toml:2:16: vrrp.mcast_group6: must be a link-local multicast address "
                "(ffX2::/16), as VRRP stays on its link"},
        Refused{"DstIpOfTheOtherFamily", std::string(kOne) + "mcast_dst_ip = \"ff02::13\"\n",
                "routerd.toml:5:16: vrrp.instance.A.mcast_dst_ip: must be an IPv4 multicast "
                "address (224.0.0.0/4)"},
        Refused{"StartupDelayAboveAnHour", "[vrrp]\nstartup_delay = \"2h\"\n" + std::string(kOne),
                "routerd.toml:2:17: vrrp.startup_delay: is above 1h"},
        Refused{"TwoSourceAddresses",
                std::string(kOne) + "unicast_src_ip = \"172.16.0.1\"\nmcast_src_ip = "
                                    "\"172.16.0.2\"\n",
                "routerd.toml:6:16: vrrp.instance.A.mcast_src_ip: is the same setting as "
                "unicast_src_ip: give one of them"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace routerd::vrrp
