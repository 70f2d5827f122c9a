#include "virtual_rule.hpp"

#include <gtest/gtest.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "netlink_decode.hpp"

namespace routerd::vrrp {
namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

// Every option keepalived.conf(5) static_rules shows, in one rule.
VirtualRule full_rule() {
    VirtualRule r;
    r.from = RulePrefix{ip("10.1.0.0"), 16};
    r.to = RulePrefix{ip("10.2.0.0"), 24};
    r.priority = 1003;
    r.table = 101;
    r.fwmark = 0x2a;
    r.fwmask = 0xff;
    r.realms = 3 << 16 | 4;
    r.tos = 0x10;
    r.iif = "eth0";
    r.oif = "eth1";
    r.sport = RuleRange{10, 20};
    r.dport = RuleRange{53, 53};
    r.ipproto = 17;
    r.uidrange = RuleRange{1000, 1999};
    r.suppress_prefixlength = 0;
    r.suppress_ifgroup = 5;
    return r;
}

TEST(VirtualRule, TextReadsBackEveryOption) {
    const VirtualRule r = full_rule();
    EXPECT_EQ(r.text(),
              "from 10.1.0.0/16 to 10.2.0.0/24 priority 1003 table 101 fwmark 0x2a/0xff realms "
              "196612 tos 0x10 iif eth0 oif eth1 sport 10-20 dport 53-53 ipproto 17 uidrange "
              "1000-1999 suppress_prefixlength 0 suppress_ifgroup 5");
    EXPECT_EQ(VirtualRule::parse(r.text()), r);

    VirtualRule v6;
    v6.family = Family::ipv6;
    v6.priority = 1004;
    v6.goto_priority = 1006;
    v6.no_track = true;
    EXPECT_EQ(v6.text(), "inet6 priority 1004 goto 1006 no_track");
    EXPECT_EQ(VirtualRule::parse(v6.text()), v6);

    VirtualRule vrf;
    vrf.from = RulePrefix{ip("2001:db8::"), 32};
    vrf.family = Family::ipv6;
    vrf.l3mdev = true;
    EXPECT_EQ(VirtualRule::parse(vrf.text()), vrf);
}

TEST(VirtualRule, ParseRefusesWhatItDidNotWrite) {
    EXPECT_EQ(VirtualRule::parse("from 10.0.0.0/33"), std::nullopt);
    EXPECT_EQ(VirtualRule::parse("table"), std::nullopt);
    EXPECT_EQ(VirtualRule::parse("table main"), std::nullopt);
    EXPECT_EQ(VirtualRule::parse("sport 10-x"), std::nullopt);
    EXPECT_EQ(VirtualRule::parse("colour blue"), std::nullopt);
}

using Decoded = test::Decoded<fib_rule_hdr>;

Decoded decode(const std::vector<std::uint8_t>& bytes) {
    return test::decode<fib_rule_hdr>(bytes);
}

template <class T>
T value(const Decoded& d, int type) {
    return test::value<T>(d.attributes, type);
}

TEST(RuleRequest, AddCarriesEveryOptionAsTheKernelReadsIt) {
    const Decoded d = decode(rule_request(full_rule(), true));
    EXPECT_EQ(d.header.nlmsg_type, RTM_NEWRULE);
    EXPECT_EQ(d.header.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    EXPECT_EQ(d.family.family, AF_INET);
    EXPECT_EQ(d.family.src_len, 16);
    EXPECT_EQ(d.family.dst_len, 24);
    EXPECT_EQ(d.family.tos, 0x10);
    EXPECT_EQ(d.family.table, 101);
    EXPECT_EQ(d.family.action, FR_ACT_TO_TBL);
    EXPECT_EQ(d.attributes.at(FRA_SRC), (std::vector<std::uint8_t>{10, 1, 0, 0}));
    EXPECT_EQ(d.attributes.at(FRA_DST), (std::vector<std::uint8_t>{10, 2, 0, 0}));
    EXPECT_EQ(value<std::uint32_t>(d, FRA_PRIORITY), 1003u);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_TABLE), 101u);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_FWMARK), 0x2au);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_FWMASK), 0xffu);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_FLOW), 0x30004u);
    EXPECT_EQ(d.attributes.at(FRA_IIFNAME), (std::vector<std::uint8_t>{'e', 't', 'h', '0', 0}));
    EXPECT_EQ(d.attributes.at(FRA_OIFNAME), (std::vector<std::uint8_t>{'e', 't', 'h', '1', 0}));
    const auto sport = value<fib_rule_port_range>(d, FRA_SPORT_RANGE);
    EXPECT_EQ(sport.start, 10);
    EXPECT_EQ(sport.end, 20);
    EXPECT_EQ(value<fib_rule_port_range>(d, FRA_DPORT_RANGE).start, 53);
    EXPECT_EQ(value<std::uint8_t>(d, FRA_IP_PROTO), 17);
    const auto uids = value<fib_rule_uid_range>(d, FRA_UID_RANGE);
    EXPECT_EQ(uids.start, 1000u);
    EXPECT_EQ(uids.end, 1999u);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_SUPPRESS_PREFIXLEN), 0u);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_SUPPRESS_IFGROUP), 5u);
    EXPECT_EQ(value<std::uint8_t>(d, FRA_PROTOCOL), 18);  // "proto keepalived"
    EXPECT_FALSE(d.attributes.contains(FRA_GOTO));
    EXPECT_FALSE(d.attributes.contains(FRA_L3MDEV));
}

TEST(RuleRequest, DeleteMatchesTheSameRule) {
    const Decoded d = decode(rule_request(full_rule(), false));
    EXPECT_EQ(d.header.nlmsg_type, RTM_DELRULE);
    EXPECT_EQ(d.header.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    EXPECT_EQ(d.attributes, decode(rule_request(full_rule(), true)).attributes);
}

TEST(RuleRequest, GotoL3mdevBigTablesIpv6AndNoTrack) {
    VirtualRule jump;
    jump.family = Family::ipv6;
    jump.from = RulePrefix{ip("2001:db8:50::"), 48};
    jump.priority = 10;
    jump.goto_priority = 20;
    jump.no_track = true;
    Decoded d = decode(rule_request(jump, true));
    EXPECT_EQ(d.family.family, AF_INET6);
    EXPECT_EQ(d.family.action, FR_ACT_GOTO);
    EXPECT_EQ(d.family.table, RT_TABLE_UNSPEC);
    EXPECT_EQ(d.attributes.at(FRA_SRC).size(), 16u);
    EXPECT_EQ(value<std::uint32_t>(d, FRA_GOTO), 20u);
    EXPECT_FALSE(d.attributes.contains(FRA_PROTOCOL));  // Keepalived leaves no_track unmarked
    EXPECT_FALSE(d.attributes.contains(FRA_TABLE));

    VirtualRule vrf;
    vrf.l3mdev = true;
    d = decode(rule_request(vrf, true));
    EXPECT_EQ(d.family.action, FR_ACT_TO_TBL);
    EXPECT_EQ(value<std::uint8_t>(d, FRA_L3MDEV), 1);

    VirtualRule big;
    big.table = 6909;
    d = decode(rule_request(big, true));
    EXPECT_EQ(d.family.table, RT_TABLE_UNSPEC);  // too big for the header's byte
    EXPECT_EQ(value<std::uint32_t>(d, FRA_TABLE), 6909u);
}

}  // namespace
}  // namespace routerd::vrrp
