// keepalived.conf(5)'s garp_group, vrrp_garp_extra_if / garp_extra_if, default_interface and
// dynamic_interfaces, translated to [vrrp] and its instances.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

using test::findings_text;

const char* kInstance = R"(
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress { 10.0.0.1 }
    garp_extra_if 30
}
)";

TEST(TranslationGarp, GarpGroupsBecomeTablesOfVrrpGarpGroup) {
    const auto result = test::import_text(std::string(R"(
garp_group {
    garp_interval 0.1
    gna_interval 0.25
    interfaces {
        eth1
        eth2
    }
}
garp_group {
    gna_interval 0.001
    interface eth3
}
)") + kInstance);
    EXPECT_EQ(findings_text(result), "");
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    const toml::array* groups = t["vrrp"]["garp_group"].as_array();
    ASSERT_TRUE(groups) << result.toml;
    ASSERT_EQ(groups->size(), 2u);
    const auto first = t["vrrp"]["garp_group"][0];
    EXPECT_EQ(first["garp_interval"].value_or(""), std::string("100ms"));
    EXPECT_EQ(first["gna_interval"].value_or(""), std::string("250ms"));
    EXPECT_EQ(first["interfaces"][1].value_or(""), std::string("eth2"));
    const auto second = t["vrrp"]["garp_group"][1];
    EXPECT_FALSE(second["garp_interval"]);
    EXPECT_EQ(second["gna_interval"].value_or(""), std::string("1ms"));
    EXPECT_EQ(second["interfaces"][0].value_or(""), std::string("eth3"));
}

TEST(TranslationGarp, AGarpGroupWithoutIntervalOrInterfaceIsLeftOut) {
    const auto result = test::import_text(std::string(R"(garp_group {
    interface eth1
}
garp_group {
    garp_interval 1
}
)") + kInstance);
    EXPECT_EQ(findings_text(result),
              "test.conf:1: garp_group: has no garp_interval or gna_interval (Keepalived removes "
              "such a group); left out\n"
              "test.conf:4: garp_group: names no interface; left out\n");
    const toml::table t = toml::parse(result.toml);
    EXPECT_FALSE(t["vrrp"]["garp_group"]);
}

TEST(TranslationGarp, GarpExtraIfGlobalAndPerInstance) {
    const auto result = test::import_text(std::string(R"(
global_defs {
    vrrp_garp_extra_if all 100
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    virtual_ipaddress { 10.0.0.2 }
    vmac_garp_intvl 0
}
)") + kInstance);
    EXPECT_EQ(findings_text(result), "");
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["vrrp"]["garp_extra_if"].value_or(""), std::string("100s"));
    EXPECT_TRUE(t["vrrp"]["garp_extra_if_all"].value_or(false));
    // Its own time, without `all`: Keepalived takes neither from global_defs.
    EXPECT_EQ(t["vrrp"]["instance"]["VI_1"]["garp_extra_if"].value_or(""), std::string("30s"));
    EXPECT_FALSE(t["vrrp"]["instance"]["VI_1"]["garp_extra_if_all"].value_or(true));
    // 0: no setting of its own, so global_defs' (Keepalived 2.2.7's vrrp_parser.c).
    EXPECT_FALSE(t["vrrp"]["instance"]["VI_2"]["garp_extra_if"]);
}

TEST(TranslationGarp, GarpExtraIfMistakes) {
    const auto result = test::import_text(std::string(R"(global_defs {
    vrrp_garp_extra_if 0
    vrrp_garp_extra_if all
    vrrp_garp_extra_if 86401
}
)") + kInstance);
    EXPECT_EQ(findings_text(result),
              "test.conf:2: vrrp_garp_extra_if: '0' is not 'all' or whole seconds from 1 to "
              "86400\n"
              "test.conf:3: vrrp_garp_extra_if: names no time (Keepalived ignores it)\n"
              "test.conf:4: vrrp_garp_extra_if: '86401' is not 'all' or whole seconds from 1 to "
              "86400\n");
    const toml::table t = toml::parse(result.toml);
    EXPECT_FALSE(t["vrrp"]["garp_extra_if"]);
}

TEST(TranslationGarp, DefaultAndDynamicInterfaces) {
    const auto result = test::import_text(std::string(R"(
global_defs {
    default_interface bond0.3
    dynamic_interfaces allow_if_changes
}
static_ipaddress {
    192.168.1.2/24
}
)") + kInstance);
    EXPECT_EQ(findings_text(result), "");
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = toml::parse(result.toml);
    EXPECT_EQ(t["vrrp"]["default_interface"].value_or(""), std::string("bond0.3"));
    EXPECT_TRUE(t["vrrp"]["dynamic_interfaces"].value_or(false));
    EXPECT_EQ(t["vrrp"]["static_ipaddress"][0].value_or(""), std::string("192.168.1.2/24"));
}

TEST(TranslationGarp, DynamicInterfacesTakesOnlyAllowIfChanges) {
    const auto result = test::import_text(std::string(R"(global_defs {
    dynamic_interfaces yes
}
)") + kInstance);
    EXPECT_EQ(findings_text(result),
              "test.conf:2: dynamic_interfaces: takes only allow_if_changes\n");
}

}  // namespace
}  // namespace routerd::import
