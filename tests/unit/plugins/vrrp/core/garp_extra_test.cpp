#include "garp_extra.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp {
namespace {

VirtualAddress vip(const char* address, const char* dev = "") {
    VirtualAddress vip;
    vip.address = *IpAddress::parse(address);
    vip.dev = dev;
    return vip;
}

InstanceConfig instance() {
    InstanceConfig c;
    c.name = "VI_1";
    c.interface = "eth0";
    c.addresses = {vip("10.0.0.1"), vip("10.0.1.1", "eth1"), vip("10.0.1.2", "eth1"),
                   vip("10.0.2.1", "vrrp.7"), vip("10.0.3.1", "eth3")};
    return c;
}

std::vector<std::string> devs(const std::vector<ExtraGarp>& garps) {
    std::vector<std::string> out;
    for (const ExtraGarp& g : garps)
        out.push_back(g.dev + " " + g.address.address.to_string());
    return out;
}

TEST(ExtraGarps, OnlyOnVmacsByDefaultOnePerInterface) {
    EXPECT_EQ(devs(extra_garps(instance(), {"vrrp.7"})),
              std::vector<std::string>{"vrrp.7 10.0.2.1"});
    EXPECT_TRUE(extra_garps(instance(), {}).empty());
}

TEST(ExtraGarps, AllSendsOnEveryOtherInterfaceTheFirstOfItsAddresses) {
    InstanceConfig c = instance();
    c.garp.extra_if_all = true;
    EXPECT_EQ(devs(extra_garps(c, {"vrrp.7"})),
              (std::vector<std::string>{"eth1 10.0.1.1", "vrrp.7 10.0.2.1", "eth3 10.0.3.1"}));
}

TEST(ExtraGarps, TheInstancesOwnVmacOnlyWhenAdvertsLeaveFromTheBase) {
    InstanceConfig c = instance();
    c.vmac = Vmac{"vrrp.51", {0, 0, 0x5e, 0, 1, 51}, false, std::nullopt};
    c.addresses.insert(c.addresses.begin(), vip("10.0.9.1"));  // on vrrp.51
    EXPECT_EQ(devs(extra_garps(c, {"vrrp.51", "vrrp.7"})),
              std::vector<std::string>{"vrrp.7 10.0.2.1"});
    c.vmac->xmit_base = true;
    EXPECT_EQ(devs(extra_garps(c, {"vrrp.51", "vrrp.7"})),
              (std::vector<std::string>{"vrrp.51 10.0.9.1", "vrrp.7 10.0.2.1"}));
}

TEST(ExtraGarps, ExcludedAddressesCountLikeTheOthers) {
    InstanceConfig c;
    c.interface = "eth0";
    c.garp.extra_if_all = true;
    c.addresses = {vip("10.0.0.1"), vip("2001:db8::1", "eth5")};  // the second: excluded
    EXPECT_EQ(devs(extra_garps(c, {})), std::vector<std::string>{"eth5 2001:db8::1"});
}

}  // namespace
}  // namespace routerd::vrrp
