// keepalived.conf(5) "Static track groups": track_group NAME { group { ... } }, and the
// track_group and no_track options of static and virtual addresses, routes and rules.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

using test::findings_text;
using test::parsed;

TEST(TranslationTrackGroup, GroupsAndTheStaticItemsOptionsAreTranslated) {
    const auto result = test::import_text(R"(
track_group G1 {
    group {
        VI_1
        VI_2
    }
}
static_ipaddress {
    192.168.70.1/24 dev s0 track_group G1
    192.168.71.1/24 dev s0 no_track
}
static_routes {
    10.71.0.0/16 via 192.168.70.254 dev s0 track_group G1
    10.72.0.0/16 via 192.168.70.254 dev s0 no_track
}
static_rules {
    from 10.72.0.0/16 table 100 iif s0 track_group G1 preference 500
}
)");
    EXPECT_EQ(findings_text(result), "");
    EXPECT_EQ(result.keyword_lines, result.translated_lines);
    const toml::table t = parsed(result);
    const toml::array* group = t["vrrp"]["track_group"]["G1"]["group"].as_array();
    ASSERT_NE(group, nullptr);
    ASSERT_EQ(group->size(), 2u);
    EXPECT_EQ((*group)[1].value_or(""), std::string("VI_2"));
    const auto vrrp = t["vrrp"];
    EXPECT_EQ(vrrp["static_ipaddress"][0]["track_group"].value_or(""), std::string("G1"));
    EXPECT_TRUE(vrrp["static_ipaddress"][1]["no_track"].value_or(false));
    EXPECT_EQ(vrrp["static_routes"][0]["track_group"].value_or(""), std::string("G1"));
    EXPECT_EQ(vrrp["static_routes"][0]["via"].value_or(""), std::string("192.168.70.254"));
    EXPECT_TRUE(vrrp["static_routes"][1]["no_track"].value_or(false));
    EXPECT_EQ(vrrp["static_rules"][0]["track_group"].value_or(""), std::string("G1"));
    EXPECT_EQ(vrrp["static_rules"][0]["priority"].value_or(0), 500);
}

TEST(TranslationTrackGroup, WhatKeepalivedDoesNotTrackIsLeftOut) {
    const auto result = test::import_text(R"(
track_group EMPTY {
}
static_ipaddress {
    192.168.70.1/24 dev s0 track_group G1 no_track
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    virtual_ipaddress {
        10.0.0.1/24 no_track
    }
    virtual_routes {
        10.73.0.0/16 via 10.0.0.254 track_group G1
    }
}
)");
    EXPECT_EQ(findings_text(result),
              "test.conf:2: track_group: has no group { } of instances (Keepalived removes such "
              "a group); left out\n"
              "test.conf:5: static_ipaddress track_group: beside no_track: Keepalived does not "
              "track the item; left out\n"
              "test.conf:14: virtual_routes track_group: only static addresses, routes and rules "
              "have a track group (keepalived.conf(5)); left out\n");
    const toml::table t = parsed(result);
    EXPECT_FALSE(t["vrrp"]["track_group"]["EMPTY"]["group"]);
    EXPECT_FALSE(t["vrrp"]["static_ipaddress"][0]["track_group"]);
    EXPECT_TRUE(t["vrrp"]["static_ipaddress"][0]["no_track"].value_or(false));
    const auto vi = t["vrrp"]["instance"]["VI_1"];
    // routerd does not watch an instance's virtual addresses: no_track says what it does.
    EXPECT_TRUE(vi["virtual_ipaddress"][0]["no_track"].value_or(false));
    EXPECT_EQ(vi["virtual_routes"][0]["to"].value_or(""), std::string("10.73.0.0/16"));
    EXPECT_FALSE(vi["virtual_routes"][0]["track_group"]);
}

}  // namespace
}  // namespace routerd::import
