#include "virtual_address.hpp"

#include <gtest/gtest.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "netlink_decode.hpp"

namespace routerd::vrrp {
namespace {

using Decoded = test::Decoded<ifaddrmsg>;

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

VirtualAddress address(const char* text) {
    return *VirtualAddress::parse(text);
}

std::vector<std::uint8_t> bytes(const char* text) {
    const IpAddress a = ip(text);
    return {a.bytes().begin(), a.bytes().end()};
}

TEST(VirtualAddress, TextReadsBack) {
    VirtualAddress vip = address("172.16.0.100/24");
    vip.dev = "eth1";
    vip.label = "eth1:vip";
    vip.scope = RT_SCOPE_LINK;
    EXPECT_EQ(vip.text(), "172.16.0.100/24");
    EXPECT_EQ(VirtualAddress::parse(vip.text()), address("172.16.0.100/24"));
    EXPECT_EQ(address("2001:db8::1/64").address, ip("2001:db8::1"));
    EXPECT_EQ(address("2001:db8::1/64").prefix, 64);

    VirtualAddress p2p = address("10.9.0.1/32");
    p2p.peer = ip("10.9.0.2");
    EXPECT_EQ(p2p.text(), "10.9.0.1/32 peer 10.9.0.2");
    EXPECT_EQ(VirtualAddress::parse(p2p.text()), p2p);
}

TEST(VirtualAddress, ParseNeedsAnAddressAndAPrefix) {
    EXPECT_EQ(VirtualAddress::parse("172.16.0.100"), std::nullopt);
    EXPECT_EQ(VirtualAddress::parse("172.16.0.100/33"), std::nullopt);
    EXPECT_EQ(VirtualAddress::parse("not-an-address/32"), std::nullopt);
    EXPECT_EQ(VirtualAddress::parse("10.9.0.1/32 peer nowhere"), std::nullopt);
    EXPECT_EQ(VirtualAddress::parse("10.9.0.1/32 colour blue"), std::nullopt);
}

// `ip address add 192.168.60.1/24 brd 192.168.60.255 scope link label eth0:st dev eth0
// noprefixroute preferred_lft 100 autojoin`, as the kernel reads it.
TEST(AddressRequest, AddCarriesEveryOption) {
    VirtualAddress a = address("192.168.60.1/24");
    a.label = "eth0:st";
    a.broadcast = ip("192.168.60.255");
    a.scope = RT_SCOPE_LINK;
    a.noprefixroute = true;
    a.autojoin = true;
    a.preferred_lft = 100;
    const Decoded d = test::decode<ifaddrmsg>(address_request(a, 7, true));
    EXPECT_EQ(d.header.nlmsg_type, RTM_NEWADDR);
    EXPECT_EQ(d.header.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
    EXPECT_EQ(d.family.ifa_family, AF_INET);
    EXPECT_EQ(d.family.ifa_prefixlen, 24);
    EXPECT_EQ(d.family.ifa_scope, RT_SCOPE_LINK);
    EXPECT_EQ(d.family.ifa_index, 7u);
    EXPECT_EQ(d.attributes.at(IFA_LOCAL), bytes("192.168.60.1"));
    EXPECT_EQ(d.attributes.at(IFA_ADDRESS), bytes("192.168.60.1"));
    EXPECT_EQ(d.attributes.at(IFA_BROADCAST), bytes("192.168.60.255"));
    EXPECT_EQ(d.attributes.at(IFA_LABEL),
              (std::vector<std::uint8_t>{'e', 't', 'h', '0', ':', 's', 't', 0}));
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, IFA_FLAGS),
              std::uint32_t{IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN});
    const auto lifetimes = test::value<ifa_cacheinfo>(d.attributes, IFA_CACHEINFO);
    EXPECT_EQ(lifetimes.ifa_prefered, 100u);
    EXPECT_EQ(lifetimes.ifa_valid, kForever);
}

TEST(AddressRequest, APeerIsTheOtherEndAndWhatADeletionMatches) {
    VirtualAddress a = address("10.9.0.1/30");
    a.peer = ip("10.9.0.2");
    for (const bool add : {true, false}) {
        const Decoded d = test::decode<ifaddrmsg>(address_request(a, 3, add));
        EXPECT_EQ(d.attributes.at(IFA_LOCAL), bytes("10.9.0.1"));
        EXPECT_EQ(d.attributes.at(IFA_ADDRESS), bytes("10.9.0.2"));
        EXPECT_EQ(d.family.ifa_prefixlen, 30);
    }
    const Decoded del = test::decode<ifaddrmsg>(address_request(a, 3, false));
    EXPECT_EQ(del.header.nlmsg_type, RTM_DELADDR);
    EXPECT_EQ(del.header.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    EXPECT_EQ(del.attributes.size(), 2u);  // what identifies it, nothing more
}

// Keepalived 2.2.7's IPv6 defaults: no DAD, and a /128 deprecated (never a source address);
// `-nodad` (nodad = false) brings DAD back, preferred_lft forever undeprecates the /128.
TEST(AddressRequest, Ipv6DefaultsAreKeepalivedsAndTheFlagsAreItsWords) {
    VirtualAddress host = address("2001:db8::1/128");
    Decoded d = test::decode<ifaddrmsg>(address_request(host, 2, true));
    EXPECT_EQ(d.family.ifa_family, AF_INET6);
    EXPECT_EQ(d.family.ifa_flags, IFA_F_NODAD);
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, IFA_FLAGS), std::uint32_t{IFA_F_NODAD});
    EXPECT_EQ(test::value<ifa_cacheinfo>(d.attributes, IFA_CACHEINFO).ifa_prefered, 0u);
    EXPECT_FALSE(d.attributes.contains(IFA_LABEL));

    host.preferred_lft = kForever;
    EXPECT_FALSE(
        test::decode<ifaddrmsg>(address_request(host, 2, true)).attributes.contains(IFA_CACHEINFO));

    VirtualAddress net = address("2001:db8::1/64");
    net.nodad = false;
    net.home = true;
    net.mngtmpaddr = true;
    d = test::decode<ifaddrmsg>(address_request(net, 2, true));
    EXPECT_FALSE(d.attributes.contains(IFA_CACHEINFO));  // a /64 is preferred forever
    EXPECT_EQ(d.family.ifa_flags, IFA_F_HOMEADDRESS);    // the low 8 bits only
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, IFA_FLAGS),
              std::uint32_t{IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR});

    // IPv4 has no DAD: nodad's default sets nothing there.
    d = test::decode<ifaddrmsg>(address_request(address("10.0.0.1/8"), 2, true));
    EXPECT_EQ(test::value<std::uint32_t>(d.attributes, IFA_FLAGS), 0u);
    EXPECT_FALSE(d.attributes.contains(IFA_BROADCAST));  // none unless asked, as Keepalived
}

}  // namespace
}  // namespace routerd::vrrp
