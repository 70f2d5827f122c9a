// [vrrp] nftables, nftables_priority and nftables_counters (config_firewall.hpp).
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

const std::string kInstance = R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 1
virtual_ipaddress = ["172.16.0.100"]
no_accept = true
)";

TEST(VrrpFirewallConfig, KeepalivedsDefaultsUnderRoutersName) {
    const Parsed p = parse(kInstance);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->firewall.table, "routerd");
    EXPECT_EQ(p.config->firewall.priority, -1);
    EXPECT_FALSE(p.config->firewall.counters);
}

TEST(VrrpFirewallConfig, ATablePriorityAndCounters) {
    const Parsed p = parse(
        "[vrrp]\nnftables = \"edge-fw_2\"\nnftables_priority = -150\nnftables_counters = true\n" +
        kInstance);
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->firewall.table, "edge-fw_2");
    EXPECT_EQ(p.config->firewall.priority, -150);
    EXPECT_TRUE(p.config->firewall.counters);
}

TEST(VrrpFirewallConfig, MistakesNameFileLineAndKey) {
    for (const char* name : {"\"\"", "\"2fw\"", "\"fw table\"", "\"fw;flush ruleset\""}) {
        const Parsed p = parse(std::string("[vrrp]\nnftables = ") + name + "\n" + kInstance);
        EXPECT_FALSE(p.config) << name;
        EXPECT_EQ(p.errors,
                  std::vector<std::string>{
                      "routerd.toml:2:12: vrrp.nftables: is not a table name: up to 64 "
                      "letters, digits, '_' and '-', from a letter"})
            << name;
    }
    const Parsed wide = parse("[vrrp]\nnftables_priority = 2147483648\n" + kInstance);
    EXPECT_FALSE(wide.config);
    ASSERT_EQ(wide.errors.size(), 1u);
    EXPECT_EQ(wide.errors[0].rfind("routerd.toml:2:21: vrrp.nftables_priority: ", 0), 0u)
        << wide.errors[0];
}

}  // namespace
}  // namespace routerd::vrrp
