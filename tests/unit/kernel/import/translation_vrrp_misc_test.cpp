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

// Keepalived resets (with a warning) what a strict instance may not have; routerd refuses it in
// its own configuration, so the import makes the resets, each reported on its line.
TEST(TranslationVrrpMisc, StrictModeResetsWhatKeepalivedResets) {
    const auto result = test::import_text(R"(global_defs {
    vrrp_strict
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 100
    preempt_delay 5
    garp_lower_prio_repeat 2
    lower_prio_no_advert false
    higher_prio_send_advert true
    accept
    use_vmac
    vmac_xmit_base
    virtual_ipaddress { 10.0.0.1 }
    authentication {
        auth_type PASS
        auth_pass secret
    }
}
vrrp_instance VI_2 {
    state MASTER
    interface eth0
    virtual_router_id 52
    priority 100
    accept
    virtual_ipaddress { 10.0.0.2 }
    strict_mode off
}
)");
    std::vector<std::string> reported;
    for (const auto& f : result.findings) {
        reported.push_back(std::to_string(f.at.line) + " " + f.keyword);
        EXPECT_NE(f.why.find("strict mode: Keepalived"), std::string::npos) << f.why;
    }
    EXPECT_EQ(reported,
              (std::vector<std::string>{"5 state", "9 preempt_delay", "10 garp_lower_prio_repeat",
                                        "11 lower_prio_no_advert", "12 higher_prio_send_advert",
                                        "13 accept", "15 vmac_xmit_base", "17 authentication"}));
    const toml::table t = toml::parse(result.toml);
    const auto strict = t["vrrp"]["instance"]["VI_1"];
    EXPECT_EQ(strict["priority"].value_or(0), 100);
    for (const char* key :
         {"state", "preempt_delay", "garp_lower_prio_repeat", "lower_prio_no_advert",
          "higher_prio_send_advert", "accept", "vmac_xmit_base", "authentication"}) {
        EXPECT_FALSE(strict[key]) << key;
    }
    const auto relaxed = t["vrrp"]["instance"]["VI_2"];
    EXPECT_EQ(relaxed["state"].value_or(std::string()), "MASTER");
    EXPECT_TRUE(relaxed["accept"].value_or(false));
}

// Outside strict mode too, Keepalived resets the preemption settings that cannot work with the
// rest of the instance (vrrp_complete_instance); routerd refuses nopreempt with state MASTER,
// so the import makes the same resets, each reported on its line.
TEST(TranslationVrrpMisc, PreemptionSettingsKeepalivedResets) {
    const auto result = test::import_text(R"(vrrp_instance MASTER_NOPREEMPT {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    nopreempt
    preempt_delay 5
    virtual_ipaddress { 10.0.0.1 }
}
vrrp_instance OWNER {
    interface eth0
    virtual_router_id 52
    priority 255
    nopreempt
    virtual_ipaddress { 10.0.0.2 }
}
vrrp_instance NOPREEMPT_DELAY {
    state BACKUP
    interface eth0
    virtual_router_id 53
    priority 100
    nopreempt
    preempt_delay 5
    virtual_ipaddress { 10.0.0.3 }
}
vrrp_instance KEPT {
    state BACKUP
    interface eth0
    virtual_router_id 54
    priority 100
    preempt_delay 5
    virtual_ipaddress { 10.0.0.4 }
}
vrrp_instance PREEMPT_AGAIN {
    state MASTER
    interface eth0
    virtual_router_id 55
    priority 150
    nopreempt
    preempt
    virtual_ipaddress { 10.0.0.5 }
}
)");
    std::vector<std::string> reported;
    for (const auto& f : result.findings) {
        reported.push_back(std::to_string(f.at.line) + " " + f.keyword);
        EXPECT_NE(f.why.find("left out, as Keepalived ran it"), std::string::npos) << f.why;
    }
    EXPECT_EQ(reported, (std::vector<std::string>{"6 nopreempt", "7 preempt_delay", "14 nopreempt",
                                                  "23 preempt_delay"}));
    // The summary line counts them among the keyword lines, as not translated.
    EXPECT_EQ(result.keyword_lines - result.translated_lines, 4);
    const toml::table t = toml::parse(result.toml);
    const auto instance = [&](const char* name) { return t["vrrp"]["instance"][name]; };
    EXPECT_FALSE(instance("MASTER_NOPREEMPT")["nopreempt"]);
    EXPECT_FALSE(instance("MASTER_NOPREEMPT")["preempt_delay"]);
    EXPECT_FALSE(instance("OWNER")["nopreempt"]);
    EXPECT_TRUE(instance("NOPREEMPT_DELAY")["nopreempt"].value_or(false));
    EXPECT_FALSE(instance("NOPREEMPT_DELAY")["preempt_delay"]);
    EXPECT_TRUE(instance("KEPT")["preempt_delay"]);
    EXPECT_FALSE(instance("PREEMPT_AGAIN")["nopreempt"].value_or(true));
}

TEST(TranslationVrrpMisc, StrictModeKeepsWhatTheRfcsAllow) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    strict_mode
    state MASTER
    interface eth0
    virtual_router_id 51
    version 3
    accept
    garp_lower_prio_repeat 0
    lower_prio_no_advert
    virtual_ipaddress { 10.0.0.1 }
}
)");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    const toml::table t = toml::parse(result.toml);
    const auto instance = t["vrrp"]["instance"]["VI_1"];
    EXPECT_EQ(instance["state"].value_or(std::string()), "MASTER");
    EXPECT_EQ(instance["priority"].value_or(0), 255) << "the owner: state MASTER, no priority";
    EXPECT_TRUE(instance["accept"].value_or(false));
}

// keepalived 2.2.7 adverts priority 255 for state MASTER without a priority (seen on the wire).
TEST(TranslationVrrpMisc, StateMasterWithoutPriorityRunsAtTheOwnersPriority) {
    const auto result = test::import_text(R"(
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
}
vrrp_instance VI_2 {
    state MASTER
    interface eth0
    virtual_router_id 52
    priority 150
    virtual_ipaddress { 10.0.0.2 }
}
vrrp_instance VI_3 {
    state BACKUP
    interface eth0
    virtual_router_id 53
    virtual_ipaddress { 10.0.0.3 }
}
)");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["vrrp"]["instance"]["VI_1"]["priority"].value_or(0), 255);
    EXPECT_EQ(t["vrrp"]["instance"]["VI_2"]["priority"].value_or(0), 150);
    EXPECT_FALSE(t["vrrp"]["instance"]["VI_3"]["priority"]) << "routerd's default is Keepalived's";
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
