#include "control/control_access.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

constexpr uid_t kSelf = 0;
constexpr gid_t kOperators = 1500;

PeerCredentials peer(uid_t uid, gid_t gid, std::vector<gid_t> groups = {}) {
    return PeerCredentials{uid, gid, 42, std::move(groups)};
}

bool vrrp_reads_only(std::string_view plugin, std::string_view verb) {
    return plugin == "vrrp" && (verb.empty() || verb == "json");
}

nlohmann::json plugin_request(const std::string& plugin, std::vector<std::string> args) {
    return {{"command", "plugin"}, {"plugin", plugin}, {"request", {{"args", args}}}};
}

TEST(ControlAccess, RootAndTheRunningUserMayDoEverything) {
    EXPECT_EQ(control_access(peer(0, 0), 1000, std::nullopt), ControlAccess::full);
    EXPECT_EQ(control_access(peer(1000, 1000), 1000, std::nullopt), ControlAccess::full);
}

TEST(ControlAccess, GroupMembersMayOnlyRead) {
    EXPECT_EQ(control_access(peer(1001, kOperators), kSelf, kOperators), ControlAccess::read_only);
    EXPECT_EQ(control_access(peer(1001, 100, {27, kOperators}), kSelf, kOperators),
              ControlAccess::read_only);
}

TEST(ControlAccess, EveryoneElseMayDoNothing) {
    EXPECT_EQ(control_access(peer(1001, 100, {27}), kSelf, kOperators), ControlAccess::none);
    EXPECT_EQ(control_access(peer(1001, kOperators), kSelf, std::nullopt), ControlAccess::none);
    EXPECT_EQ(control_access(PeerCredentials{}, kSelf, kOperators), ControlAccess::none);
}

TEST(ControlAccess, KernelVerbs) {
    EXPECT_TRUE(read_only_request({{"command", "status"}}, vrrp_reads_only));
    EXPECT_TRUE(read_only_request({{"command", "checks"}}, vrrp_reads_only));
    EXPECT_FALSE(read_only_request({{"command", "reload"}}, vrrp_reads_only));
    EXPECT_FALSE(read_only_request({{"command", "fly"}}, vrrp_reads_only));
}

TEST(ControlAccess, PluginCommandsAreReadOnlyOnlyWhenDeclared) {
    EXPECT_TRUE(read_only_request(plugin_request("vrrp", {}), vrrp_reads_only));
    EXPECT_TRUE(read_only_request(plugin_request("vrrp", {"json"}), vrrp_reads_only));
    EXPECT_FALSE(read_only_request(plugin_request("vrrp", {"drop"}), vrrp_reads_only));
    EXPECT_FALSE(read_only_request(plugin_request("announce-bgp", {}), vrrp_reads_only));
    const nlohmann::json odd = {
        {"command", "plugin"}, {"plugin", "vrrp"}, {"request", {{"args", {1}}}}};
    EXPECT_FALSE(read_only_request(odd, vrrp_reads_only));
}

TEST(ControlAccess, Refusals) {
    const nlohmann::json status = {{"command", "status"}};
    const nlohmann::json reload = {{"command", "reload"}};
    EXPECT_EQ(refusal_for(reload, ControlAccess::full, vrrp_reads_only), std::nullopt);
    EXPECT_EQ(refusal_for(status, ControlAccess::read_only, vrrp_reads_only), std::nullopt);
    EXPECT_NE(refusal_for(reload, ControlAccess::read_only, vrrp_reads_only), std::nullopt);
    EXPECT_NE(refusal_for(status, ControlAccess::none, vrrp_reads_only), std::nullopt);
}

}  // namespace
}  // namespace routerd
