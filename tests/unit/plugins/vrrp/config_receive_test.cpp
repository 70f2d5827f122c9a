// Which adverts an instance accepts (config_receive.cpp): unicast peers with their TTL ranges,
// unicast_ttl, check_unicast_src and skip_check_adv_addr, with [vrrp] defaults.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::instance;
using test::parse;
using test::Parsed;

IpAddress ip(std::string_view text) {
    return *IpAddress::parse(text);
}

TEST(VrrpReceiveConfig, DefaultsCheckTheSourceAndExpectTtl255) {
    const Parsed p = parse(instance("", "172.16.0.100") + "unicast_peer = [\"172.16.0.2\"]\n");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceParams& params = p.config->instances.at("VI_1").params;
    EXPECT_TRUE(params.check_unicast_source);
    EXPECT_FALSE(params.skip_check_adv_addr);
    EXPECT_EQ(params.unicast_ttl, 255);
    EXPECT_EQ(params.unicast_peers, (std::vector<UnicastPeer>{{ip("172.16.0.2"), 255, 255}}));
}

TEST(VrrpReceiveConfig, UnicastTtlAndPeerRanges) {
    const Parsed p = parse(instance("", "172.16.0.100") + R"(unicast_ttl = 64
unicast_peer = ["172.16.0.2", { address = "10.9.0.2", min_ttl = 250 },
                { address = "10.9.0.3", max_ttl = 60 }, { address = "10.9.0.4" }]
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceParams& params = p.config->instances.at("VI_1").params;
    EXPECT_EQ(params.unicast_ttl, 64);
    EXPECT_EQ(params.unicast_peers, (std::vector<UnicastPeer>{{ip("172.16.0.2"), 64, 64},
                                                              {ip("10.9.0.2"), 250, 255},
                                                              {ip("10.9.0.3"), 0, 60},
                                                              {ip("10.9.0.4"), 64, 64}}));
}

TEST(VrrpReceiveConfig, VrrpTableSetsDefaultsThatInstancesOverride) {
    const Parsed p = parse(R"(
[vrrp]
check_unicast_src = false
skip_check_adv_addr = true
[vrrp.instance.A]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
[vrrp.instance.B]
interface = "eth0"
virtual_router_id = 2
virtual_ipaddress = ["172.16.0.101"]
check_unicast_src = true
skip_check_adv_addr = false
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_FALSE(p.config->instances.at("A").params.check_unicast_source);
    EXPECT_TRUE(p.config->instances.at("A").params.skip_check_adv_addr);
    EXPECT_TRUE(p.config->instances.at("B").params.check_unicast_source);
    EXPECT_FALSE(p.config->instances.at("B").params.skip_check_adv_addr);
}

TEST(VrrpReceiveConfig, MistakesNameTheKey) {
    const Parsed p = parse(instance("", "172.16.0.100") + R"(unicast_ttl = 0
unicast_peer = [{ min_ttl = 1 }, { address = "10.9.0.2", min_ttl = 200, max_ttl = 100 },
                "2001:db8::2", { address = "10.9.0.3", max_ttl = 256 }]
)");
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 5u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0],
              "routerd.toml:5:15: vrrp.instance.VI_1.unicast_ttl: 0 is out of range 1..255");
    EXPECT_EQ(p.errors[1],
              "routerd.toml:6:17: vrrp.instance.VI_1.unicast_peer[0].address: is required");
    EXPECT_EQ(p.errors[2],
              "routerd.toml:6:68: vrrp.instance.VI_1.unicast_peer[1].min_ttl: is above max_ttl");
    EXPECT_EQ(p.errors[3],
              "routerd.toml:7:17: vrrp.instance.VI_1.unicast_peer[2]: is not of the "
              "instance's address family");
    EXPECT_EQ(p.errors[4],
              "routerd.toml:7:66: vrrp.instance.VI_1.unicast_peer[3].max_ttl: 256 "
              "is out of range 0..255");
}

TEST(VrrpReceiveConfig, OldUnicastChecksumIsDetectedUnlessSetOrNever) {
    const std::pair<std::string, OldUnicastChecksum> cases[] = {
        {"", OldUnicastChecksum::detect},
        {"old_unicast_checksum = false\n", OldUnicastChecksum::detect},
        {"old_unicast_checksum = true\n", OldUnicastChecksum::always},
        {"old_unicast_checksum = \"never\"\n", OldUnicastChecksum::never}};
    for (const auto& [line, mode] : cases) {
        const Parsed p = parse(instance("", "172.16.0.100") + "version = 3\n" + line);
        ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
        EXPECT_EQ(p.config->instances.at("VI_1").params.old_unicast_checksum, mode) << line;
    }
    for (const auto& [value, error] : std::vector<std::pair<std::string, std::string>>{
             {"\"always\"",
              "6:24: vrrp.instance.VI_1.old_unicast_checksum: 'always' is not one "
              "of never"},
             {"1", "6:24: vrrp.instance.VI_1.old_unicast_checksum: is true, false or \"never\""}}) {
        const Parsed p = parse(instance("", "172.16.0.100") +
                               "version = 3\nold_unicast_checksum = " + value + "\n");
        EXPECT_FALSE(p.config);
        EXPECT_EQ(p.errors, std::vector<std::string>{"routerd.toml:" + error});
    }
}

TEST(VrrpReceiveConfig, Ipv6CannotChangeItsHopLimitYet) {
    const Parsed p = parse(R"(
[vrrp.instance.V6]
interface = "eth0"
virtual_router_id = 7
version = 3
virtual_ipaddress = ["2001:db8::100"]
unicast_peer = ["2001:db8::2"]
unicast_ttl = 64
)");
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 1u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0],
              "routerd.toml:8:15: vrrp.instance.V6.unicast_ttl: is not supported for "
              "IPv6 instances yet: their adverts leave with hop limit 255");
}

// keepalived.conf(5) track_src_ip (which needs the address it tracks) and unicast_fault_no_peer
// (which matters only while unicast_peer is empty).
TEST(VrrpReceiveConfig, TrackSrcIpAndUnicastFaultNoPeer) {
    const std::string instance = R"([vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["10.0.0.1"]
)";
    const Parsed off = parse(instance);
    ASSERT_TRUE(off.config) << testing::PrintToString(off.errors);
    EXPECT_FALSE(off.config->instances.at("VI_1").track_source);
    EXPECT_FALSE(off.config->instances.at("VI_1").fault_no_peer);

    const Parsed on = parse(instance +
                            "unicast_src_ip = \"10.0.0.5\"\ntrack_src_ip = true\n"
                            "unicast_peer = []\nunicast_fault_no_peer = true\n");
    ASSERT_TRUE(on.config) << testing::PrintToString(on.errors);
    EXPECT_TRUE(on.config->instances.at("VI_1").track_source);
    EXPECT_TRUE(on.config->instances.at("VI_1").fault_no_peer);

    const Parsed peers =
        parse(instance + "unicast_peer = [\"10.0.0.2\"]\nunicast_fault_no_peer = true\n");
    ASSERT_TRUE(peers.config) << testing::PrintToString(peers.errors);
    EXPECT_FALSE(peers.config->instances.at("VI_1").fault_no_peer);

    EXPECT_EQ(parse(instance + "track_src_ip = true\n").errors,
              (std::vector<std::string>{"routerd.toml:5:16: vrrp.instance.VI_1.track_src_ip: needs "
                                        "unicast_src_ip (or mcast_src_ip): the address to track"}));
}

}  // namespace
}  // namespace routerd::vrrp
