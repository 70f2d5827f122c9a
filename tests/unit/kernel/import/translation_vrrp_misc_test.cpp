// keepalived.conf(5)'s remaining VRRP keywords (strict mode, the extra notifications, ...),
// translated to [vrrp], its instances and its sync groups.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

TEST(TranslationVrrpMisc, StrictModeGlobalAndPerInstance) {
    const auto result = test::import_text(R"(
global_defs {
    vrrp_strict
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
    strict_mode off
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    virtual_ipaddress { 10.0.0.2 }
    strict_mode
}
)");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_TRUE(t["vrrp"]["strict_mode"].value_or(false));
    EXPECT_FALSE(t["vrrp"]["instance"]["VI_1"]["strict_mode"].value_or(true));
    EXPECT_TRUE(t["vrrp"]["instance"]["VI_2"]["strict_mode"].value_or(false));
}

TEST(TranslationVrrpMisc, TheExtraNotifications) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
    notify_master_rx_lower_pri "/usr/local/bin/reclaim.sh eth0"
    notify_deleted
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    virtual_ipaddress { 10.0.0.2 }
    notify_deleted /usr/local/bin/gone.sh
}
vrrp_sync_group G1 {
    group { VI_1 VI_2 }
    notify_priority_changes
}
)");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["vrrp"]["instance"]["VI_1"]["notify_master_rx_lower_pri"].value_or(""),
              std::string("/usr/local/bin/reclaim.sh eth0"));
    EXPECT_TRUE(t["vrrp"]["instance"]["VI_1"]["notify_deleted"].value_or(false));
    EXPECT_EQ(t["vrrp"]["instance"]["VI_2"]["notify_deleted"].value_or(""),
              std::string("/usr/local/bin/gone.sh"));
    EXPECT_TRUE(t["vrrp"]["sync_group"]["G1"]["notify_priority_changes"].value_or(false));
}

TEST(TranslationVrrpMisc, ASyncGroupsNotifyDeletedIsReportedWithItsReason) {
    const auto result = test::import_text(R"(
vrrp_sync_group G1 {
    group { VI_1 }
    notify_deleted
}
)");
    ASSERT_EQ(result.findings.size(), 1u);
    EXPECT_EQ(result.findings[0].keyword, "notify_deleted");
    EXPECT_NE(result.findings[0].why.find("vrrp_instance only"), std::string::npos)
        << result.findings[0].why;
}

TEST(TranslationVrrpMisc, DownTimerAdvertsSourceTrackingAndNativeIpv6) {
    const auto result = test::import_text(R"(
global_defs {
    vrrp_down_timer_adverts 5
    log_unknown_vrids
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { fe80::1 }
    down_timer_adverts 2
    native_ipv6
    unicast_src_ip fe80::5
    track_src_ip
    unicast_peer {
    }
    unicast_fault_no_peer
}
)");
    ASSERT_EQ(result.findings.size(), 1u);
    EXPECT_EQ(result.findings[0].keyword, "native_ipv6");
    EXPECT_NE(result.findings[0].why.find("the virtual addresses decide the family"),
              std::string::npos)
        << result.findings[0].why;
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["vrrp"]["down_timer_adverts"].value_or(0), 5);
    EXPECT_TRUE(t["vrrp"]["log_unknown_vrids"].value_or(false));
    EXPECT_EQ(t["vrrp"]["instance"]["VI_1"]["down_timer_adverts"].value_or(0), 2);
    EXPECT_TRUE(t["vrrp"]["instance"]["VI_1"]["track_src_ip"].value_or(false));
    EXPECT_TRUE(t["vrrp"]["instance"]["VI_1"]["unicast_fault_no_peer"].value_or(false));
    ASSERT_TRUE(t["vrrp"]["instance"]["VI_1"]["unicast_peer"].as_array());
    EXPECT_TRUE(t["vrrp"]["instance"]["VI_1"]["unicast_peer"].as_array()->empty());
}

}  // namespace
}  // namespace routerd::import
