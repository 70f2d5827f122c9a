#include "vrid_demux.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

InstanceParams params(Version version, std::uint8_t vrid, Family family) {
    InstanceParams p;
    p.version = version;
    p.vrid = vrid;
    p.advert_interval = Centiseconds(100);
    p.addresses = {family == Family::ipv4 ? ip("172.16.0.100") : ip("2001:db8::1")};
    return p;
}

std::vector<std::uint8_t> ipv4_advert(std::uint8_t vrid) {
    return encode_ipv4(params(Version::v3, vrid, Family::ipv4), 100,
                       Ipv4Envelope{ip("172.16.0.2"), ip("224.0.0.18"), 1, 0});
}

std::vector<std::uint8_t> ipv6_advert(std::uint8_t vrid) {
    return encode_ipv6(params(Version::v3, vrid, Family::ipv6), 100,
                       Ipv6Envelope{ip("fe80::2"), ip("ff02::12"), 255});
}

const EndpointKey kEth0{"eth0", Family::ipv4, kIpProtoVrrp};

TEST(VridDemux, EachAdvertGoesToTheInstanceOfItsVrid) {
    VridDemux<int> demux;
    demux.add(kEth0, 51, 1);
    demux.add(kEth0, 52, 2);
    EXPECT_EQ(demux.route(kEth0, ipv4_advert(51)), 1);
    EXPECT_EQ(demux.route(kEth0, ipv4_advert(52)), 2);
    EXPECT_EQ(demux.unknown(), 0u);
}

TEST(VridDemux, AnotherRoutersVridIsCountedAndDropped) {
    VridDemux<int> demux;
    demux.add(kEth0, 51, 1);
    EXPECT_EQ(demux.route(kEth0, ipv4_advert(99)), std::nullopt);
    EXPECT_EQ(demux.unknown(), 1u);
}

TEST(VridDemux, WhatIsNotVrrpIsCountedAndDropped) {
    VridDemux<int> demux;
    demux.add(kEth0, 51, 1);
    EXPECT_EQ(demux.route(kEth0, std::vector<std::uint8_t>{0x45, 0x00}), std::nullopt);
    EXPECT_EQ(demux.route(kEth0, {}), std::nullopt);
    EXPECT_EQ(demux.unknown(), 2u);
}

TEST(VridDemux, TheSameVridOnAnotherSocketIsAnotherInstance) {
    const EndpointKey eth1{"eth1", Family::ipv4, kIpProtoVrrp};
    const EndpointKey eth0_ah{"eth0", Family::ipv4, kIpProtoAh};
    const EndpointKey eth0_v6{"eth0", Family::ipv6, kIpProtoVrrp};
    VridDemux<int> demux;
    demux.add(kEth0, 51, 1);
    demux.add(eth1, 51, 2);
    demux.add(eth0_v6, 51, 3);
    EXPECT_EQ(demux.route(kEth0, ipv4_advert(51)), 1);
    EXPECT_EQ(demux.route(eth1, ipv4_advert(51)), 2);
    EXPECT_EQ(demux.route(eth0_v6, ipv6_advert(51)), 3);
    EXPECT_EQ(demux.route(eth0_ah, ipv4_advert(51)), std::nullopt);
    EXPECT_EQ(demux.unknown(), 1u);
}

TEST(VridDemux, ARemovedInstanceGetsNothingMore) {
    VridDemux<int> demux;
    demux.add(kEth0, 51, 1);
    demux.remove(kEth0, 51);
    EXPECT_EQ(demux.route(kEth0, ipv4_advert(51)), std::nullopt);
    EXPECT_EQ(demux.unknown(), 1u);
}

TEST(EndpointKey, AnInstanceSharesTheSocketOfItsInterfaceFamilyAndProtocol) {
    InstanceConfig config;
    config.interface = "eth0";
    config.params = params(Version::v2, 51, Family::ipv4);
    EXPECT_EQ(endpoint_key(config), kEth0);
    config.params.auth_type = AuthType::ah;
    EXPECT_EQ(endpoint_key(config), (EndpointKey{"eth0", Family::ipv4, kIpProtoAh}));
    config.params = params(Version::v3, 51, Family::ipv6);
    const IpAddress ff02_12 = vrrp_multicast_group(Family::ipv6);
    EXPECT_EQ(endpoint_key(config), (EndpointKey{"eth0", Family::ipv6, kIpProtoVrrp, ff02_12}));
    // Another multicast group ([vrrp] mcast_group6) is another socket.
    config.params.multicast_group = IpAddress::parse("ff02::13");
    EXPECT_EQ(endpoint_key(config),
              (EndpointKey{"eth0", Family::ipv6, kIpProtoVrrp, *IpAddress::parse("ff02::13")}));
}

}  // namespace
}  // namespace routerd::vrrp
