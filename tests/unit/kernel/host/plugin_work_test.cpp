#include "host/plugin_work.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

using Names = std::set<std::string>;

TEST(PluginsWithWork, ATableOrACheckOfItsTypeGivesAPluginWork) {
    PluginWork work;
    work.tables = {"vrrp", "notify-smtp"};
    work.checkers = {"tcp"};
    EXPECT_EQ(plugins_with_work(work), (Names{"notify-smtp", "tcp", "vrrp"}));
}

TEST(PluginsWithWork, NothingConfiguredGivesNoneWork) {
    PluginWork work;
    work.lookups["ipvs"] = {"userspace"};  // looked up, but ipvs itself has no work
    EXPECT_EQ(plugins_with_work(work), Names{});
}

TEST(PluginsWithWork, AProviderWorksForThePluginsWithWorkThatUseIt) {
    PluginWork work;
    work.tables = {"ipvs"};
    work.lookups["ipvs"] = {"userspace", "rr"};
    work.lookups["userspace"] = {"wlc"};        // down the chain
    work.lookups["announce-bgp"] = {"kernel"};  // no work: what it looked up has none either
    EXPECT_EQ(plugins_with_work(work), (Names{"ipvs", "rr", "userspace", "wlc"}));
}

}  // namespace
}  // namespace routerd
