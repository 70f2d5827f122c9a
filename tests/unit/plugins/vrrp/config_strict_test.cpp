// [vrrp] strict_mode and [vrrp.instance.NAME] strict_mode (Keepalived's vrrp_strict and
// strict_mode): each rule of keepalived.conf(5)'s list, refused with file:line:col on the key at
// fault, and the RFC's values where the instance leaves a setting unset.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

// An instance that complies, with `extra` lines added to it and `vrrp` lines to [vrrp].
std::string strict_instance(const std::string& extra, const std::string& vrrp = "",
                            int priority = 100) {
    return "[vrrp]\nstrict_mode = true\n" + vrrp + R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
priority = )" +
           std::to_string(priority) +
           R"(
virtual_ipaddress = ["172.16.0.100"]
)" + extra;
}

TEST(VrrpStrictConfig, UnsetSettingsTakeTheRfcValues) {
    // [vrrp]'s own defaults (answering lower priorities, lower-priority garps) do not apply.
    const Parsed p = parse(strict_instance("",
                                           "lower_prio_no_advert = false\n"
                                           "garp_lower_prio_repeat = 3\n"
                                           "higher_prio_send_advert = true\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& i = p.config->instances.at("VI_1");
    EXPECT_FALSE(i.accept);  // RFC 5798 §6.1: Accept_Mode False, not the owner
    EXPECT_FALSE(i.machine.start_as_master);
    EXPECT_TRUE(i.machine.lower_prio_no_advert);
    EXPECT_FALSE(i.machine.higher_prio_send_advert);
    EXPECT_FALSE(i.machine.garp_on_lower_prio);
    EXPECT_EQ(i.garp.lower_prio_repeat, 0u);
}

TEST(VrrpStrictConfig, TheOwnerStartsAsMasterAndAccepts) {
    const Parsed p = parse(strict_instance("", "", 255));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_TRUE(p.config->instances.at("VI_1").machine.start_as_master);
    EXPECT_TRUE(p.config->instances.at("VI_1").accept);
}

TEST(VrrpStrictConfig, OffByDefaultAndAnInstanceOverridesVrrp) {
    const Parsed off = parse(R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
unicast_peer = ["172.16.0.2"]
)");
    ASSERT_TRUE(off.config) << testing::PrintToString(off.errors);
    EXPECT_TRUE(off.config->instances.at("VI_1").accept);
    EXPECT_FALSE(off.config->instances.at("VI_1").machine.lower_prio_no_advert);

    const Parsed own =
        parse(strict_instance("strict_mode = false\nunicast_peer = [\"172.16.0.2\"]\n"));
    ASSERT_TRUE(own.config) << testing::PrintToString(own.errors);

    const Parsed on = parse(R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
strict_mode = true
)");
    ASSERT_TRUE(on.config) << testing::PrintToString(on.errors);
    EXPECT_FALSE(on.config->instances.at("VI_1").accept);
}

// keepalived.conf(5) accept / no_accept outside strict mode: accepting unless no_accept, and
// accept wins over no_accept.
TEST(VrrpStrictConfig, NoAcceptAndAcceptOutsideStrictMode) {
    const auto accepts = [](const std::string& keys) {
        const Parsed p = parse(R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
)" + keys);
        EXPECT_TRUE(p.config) << testing::PrintToString(p.errors);
        return p.config && p.config->instances.at("VI_1").accept;
    };
    EXPECT_TRUE(accepts(""));
    EXPECT_FALSE(accepts("no_accept = true\n"));
    EXPECT_TRUE(accepts("no_accept = false\n"));
    EXPECT_TRUE(accepts("no_accept = true\naccept = true\n"));
}

TEST(VrrpStrictConfig, EachRuleNamesItsKey) {
    const Parsed p = parse(strict_instance(R"(state = "MASTER"
preempt_delay = "5s"
accept = true
unicast_peer = ["172.16.0.2"]
lower_prio_no_advert = false
higher_prio_send_advert = true
garp_lower_prio_repeat = 2
garp_lower_prio_delay = "1s"
authentication = { type = "PASS", pass = "secret" }
)"));
    EXPECT_FALSE(p.config);
    const std::vector<std::string> expected = {
        "routerd.toml:12:16: vrrp.instance.VI_1.unicast_peer: is not allowed in strict_mode: RFC "
        "5798 §5.1.1.2 sends adverts to the VRRP multicast group",
        "routerd.toml:17:18: vrrp.instance.VI_1.authentication: is not allowed in strict_mode: "
        "RFC 5798 has no authentication (§9)",
        "routerd.toml:9:9: vrrp.instance.VI_1.state: must be MASTER exactly when priority is 255 "
        "in strict_mode (RFC 5798 §6.4.1)",
        "routerd.toml:10:17: vrrp.instance.VI_1.preempt_delay: is not allowed in strict_mode: RFC "
        "5798 has no preemption delay",
        "routerd.toml:11:10: vrrp.instance.VI_1.accept: is not allowed in strict_mode: RFC 3768 "
        "(VRRPv2) has a non-owner master accept no packets for the virtual addresses",
        "routerd.toml:13:24: vrrp.instance.VI_1.lower_prio_no_advert: is not allowed in "
        "strict_mode: RFC 5798 §6.4.3 has a master discard lower-priority adverts",
        "routerd.toml:14:27: vrrp.instance.VI_1.higher_prio_send_advert: is not allowed in "
        "strict_mode: RFC 5798 §6.4.3 has a master step down on a higher priority without an "
        "advert",
        "routerd.toml:15:26: vrrp.instance.VI_1.garp_lower_prio_repeat: is not allowed in "
        "strict_mode: the RFCs send no gratuitous ARP on a lower-priority advert",
        "routerd.toml:16:25: vrrp.instance.VI_1.garp_lower_prio_delay: is not allowed in "
        "strict_mode: the RFCs send no gratuitous ARP on a lower-priority advert",
    };
    EXPECT_EQ(p.errors, expected);
}

// keepalived 2.2.7 logs "xmit_base is incompatible with strict mode - resetting".
TEST(VrrpStrictConfig, AVmacSendsItsOwnAdverts) {
    const Parsed p = parse(strict_instance("use_vmac = true\nvmac_xmit_base = true\n"));
    EXPECT_FALSE(p.config);
    const std::vector<std::string> expected = {
        "routerd.toml:10:18: vrrp.instance.VI_1.vmac_xmit_base: is not allowed in strict_mode: "
        "RFC 5798 §7.3 sends adverts from the virtual router MAC address",
    };
    EXPECT_EQ(p.errors, expected);
    EXPECT_TRUE(parse(strict_instance("use_vmac = true\n")).config);
}

TEST(VrrpStrictConfig, AcceptIsAllowedInVersion3) {
    const Parsed p = parse(strict_instance("version = 3\naccept = true\n"));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_TRUE(p.config->instances.at("VI_1").accept);
}

TEST(VrrpStrictConfig, Ipv6NeedsVersion3AndALinkLocalFirstAddress) {
    const Parsed p = parse(R"([vrrp]
strict_mode = true

[vrrp.instance.VI_6]
interface = "eth0"
virtual_router_id = 1
version = 2
virtual_ipaddress = ["2001:db8::1"]
)");
    EXPECT_FALSE(p.config);
    const std::vector<std::string> expected = {
        "routerd.toml:7:11: vrrp.instance.VI_6.version: IPv6 needs VRRPv3 in strict_mode (RFC "
        "5798): set version = 3",
        "routerd.toml:8:21: vrrp.instance.VI_6.virtual_ipaddress: must start with the virtual "
        "router's IPv6 link-local address in strict_mode (RFC 5798 §5.2.9)",
    };
    EXPECT_EQ(p.errors, expected);

    const Parsed good = parse(R"([vrrp]
strict_mode = true

[vrrp.instance.VI_6]
interface = "eth0"
virtual_router_id = 1
version = 3
virtual_ipaddress = ["fe80::1", "2001:db8::1"]
)");
    ASSERT_TRUE(good.config) << testing::PrintToString(good.errors);
}

}  // namespace
}  // namespace routerd::vrrp
