// The notifications an instance adds to a sync group's (notify_master_rx_lower_pri,
// notify_deleted) and a sync group's notify_priority_changes, as keepalived.conf(5) gives them.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

std::string instance(const std::string& name, int vrid, const std::string& extra) {
    return "[vrrp.instance." + name +
           "]\ninterface = \"eth0\"\nvirtual_router_id = " + std::to_string(vrid) +
           "\nvirtual_ipaddress = [\"172.16.0." + std::to_string(vrid) + "\"]\n" + extra + "\n";
}

TEST(VrrpNotifyConfig, RxLowerPriAndDeletedWithOrWithoutAScript) {
    const Parsed p = parse(instance("VI_1", 1,
                                    "notify_master_rx_lower_pri = \"/bin/echo lower\"\n"
                                    "notify_deleted = \"/bin/echo gone\"") +
                           instance("VI_2", 2, "notify_deleted = true") + instance("VI_3", 3, ""));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    const InstanceConfig& one = p.config->instances.at("VI_1");
    EXPECT_EQ(one.notify.master_rx_lower_pri, "/bin/echo lower");
    EXPECT_EQ(one.notify.deleted, "/bin/echo gone");
    EXPECT_TRUE(one.notify_deleted);
    const track::NotifyConfig runner = notify_config(false, "VI_1", one.notify, {});
    ASSERT_TRUE(runner.master_rx_lower_pri);
    EXPECT_EQ(runner.master_rx_lower_pri->argv, (std::vector<std::string>{"/bin/echo", "lower"}));
    ASSERT_TRUE(runner.deleted);
    EXPECT_EQ(runner.deleted->argv, (std::vector<std::string>{"/bin/echo", "gone"}));

    EXPECT_TRUE(p.config->instances.at("VI_2").notify_deleted);
    EXPECT_TRUE(p.config->instances.at("VI_2").notify.deleted.empty());
    EXPECT_FALSE(p.config->instances.at("VI_3").notify_deleted);
}

TEST(VrrpNotifyConfig, MistakesNameFileLineAndKey) {
    const Parsed p = parse(instance("VI_1", 1,
                                    "notify_master_rx_lower_pri = \"/no/such/script\"\n"
                                    "notify_deleted = \"\"") +
                           instance("VI_2", 2, "notify_deleted = 3"));
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 3u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0],
              "routerd.toml:6:18: vrrp.instance.VI_1.notify_deleted: is an empty command: give "
              "a script, or true");
    EXPECT_NE(
        p.errors[1].find("routerd.toml:5:30: vrrp.instance.VI_1.notify_master_rx_lower_pri: "),
        std::string::npos)
        << p.errors[1];
    EXPECT_NE(p.errors[2].find("routerd.toml:11:18: vrrp.instance.VI_2.notify_deleted: must be "
                               "true, false or the script "
                               "to run"),
              std::string::npos)
        << p.errors[2];
}

// keepalived.conf(5): the member's own setting, else its sync group's, else [vrrp]'s.
TEST(VrrpNotifyConfig, SyncGroupPriorityChangesAreTheMembersDefault) {
    const Parsed p =
        parse("[vrrp]\nnotify_priority_changes = true\n" + instance("VI_1", 1, "") +
              instance("VI_2", 2, "notify_priority_changes = true") + instance("VI_3", 3, "") + R"(
[vrrp.sync_group.G1]
group = ["VI_1", "VI_2"]
notify_priority_changes = false
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_FALSE(p.config->instances.at("VI_1").notify_priority_changes);  // the group's
    EXPECT_TRUE(p.config->instances.at("VI_2").notify_priority_changes);   // its own
    EXPECT_TRUE(p.config->instances.at("VI_3").notify_priority_changes);   // [vrrp]'s
    EXPECT_EQ(p.config->sync_groups.at("G1").notify_priority_changes, false);
}

// Keepalived 2.2.7 reads notify_deleted and notify_master_rx_lower_pri in instances only.
TEST(VrrpNotifyConfig, ASyncGroupHasNoInstanceOnlyNotifications) {
    const Parsed p = parse(instance("VI_1", 1, "") + R"(
[vrrp.sync_group.G1]
group = ["VI_1"]
notify_deleted = true
notify_master_rx_lower_pri = "/bin/true"
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    p.document->report_unknown_keys(p.document->root());
    const auto& all = p.document->diagnostics().all();
    ASSERT_EQ(all.size(), 2u) << p.document->diagnostics().to_string();
    EXPECT_EQ(all[0].to_string(),
              "routerd.toml:9:1: vrrp.sync_group.G1.notify_deleted: unknown key 'notify_deleted'");
    EXPECT_EQ(
        all[1].to_string().rfind(
            "routerd.toml:10:1: vrrp.sync_group.G1.notify_master_rx_lower_pri: unknown key", 0),
        0u)
        << all[1].to_string();
}

}  // namespace
}  // namespace routerd::vrrp
