// keepalived.conf(5)'s notify FIFO keywords, translated to [global], [vrrp] and [ipvs].
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

TEST(TranslationFifo, NotifyFifosTheirScriptsAndPriorityChanges) {
    const auto result = test::import_text(R"(
global_defs {
    notify_fifo /run/keepalived/all.fifo
    notify_fifo_script "/usr/local/bin/reader.sh all"
    vrrp_notify_fifo /run/keepalived/vrrp.fifo
    vrrp_notify_fifo_script /usr/local/bin/reader.sh
    vrrp_notify_priority_changes
    fifo_write_vrrp_states_on_reload
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
    notify_priority_changes off
}
)");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["global"]["notify_fifo"].value_or(""), std::string("/run/keepalived/all.fifo"));
    EXPECT_EQ(t["global"]["notify_fifo_script"].value_or(""),
              std::string("/usr/local/bin/reader.sh all"));
    EXPECT_EQ(t["vrrp"]["notify_fifo"].value_or(""), std::string("/run/keepalived/vrrp.fifo"));
    EXPECT_EQ(t["vrrp"]["notify_fifo_script"].value_or(""),
              std::string("/usr/local/bin/reader.sh"));
    EXPECT_TRUE(t["vrrp"]["notify_priority_changes"].value_or(false));
    EXPECT_TRUE(t["vrrp"]["fifo_write_states_on_reload"].value_or(false));
    EXPECT_FALSE(t["vrrp"]["instance"]["VI_1"]["notify_priority_changes"].value_or(true));
}

TEST(TranslationFifo, TheLvsFifoItsScriptAndInitialNotifiesGoToIpvs) {
    const auto result = test::import_text(R"(
global_defs {
    lvs_notify_fifo /run/keepalived/lvs.fifo
    lvs_notify_fifo_script "/usr/local/bin/reader.sh lvs"
    rs_init_notifies
}
)");
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().why;
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["ipvs"]["notify_fifo"].value_or(""), std::string("/run/keepalived/lvs.fifo"));
    EXPECT_EQ(t["ipvs"]["notify_fifo_script"].value_or(""),
              std::string("/usr/local/bin/reader.sh lvs"));
    EXPECT_TRUE(t["ipvs"]["rs_init_notifies"].value_or(false));
}

TEST(TranslationFifo, TheFifosOwnerIsReported) {
    const auto result = test::import_text(R"(
global_defs {
    vrrp_notify_fifo /run/vrrp.fifo keepalived_script
    lvs_notify_fifo /run/lvs.fifo keepalived_script
}
)");
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.findings[0].why,
              "takes one value; 'keepalived_script' and what follows are left out");
    EXPECT_EQ(result.findings[1].keyword, "lvs_notify_fifo");
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["vrrp"]["notify_fifo"].value_or(""), std::string("/run/vrrp.fifo"));
    EXPECT_EQ(t["ipvs"]["notify_fifo"].value_or(""), std::string("/run/lvs.fifo"));
}

}  // namespace
}  // namespace routerd::import
