// core/static_watch.hpp and core/kernel_change.hpp: which static items a kernel message takes
// away, read from the very messages routerd's own requests are (a deletion request is what the
// kernel reports to its listeners).
#include "static_watch.hpp"

#include <gtest/gtest.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "kernel_change.hpp"
#include "netlink_request.hpp"

namespace routerd::vrrp {
namespace {

constexpr int kS0 = 7;

VirtualAddress address(const char* text, const char* dev, bool no_track = false) {
    VirtualAddress a = *VirtualAddress::parse(text);
    a.dev = dev;
    a.no_track = no_track;
    return a;
}

VirtualRoute route(const char* text, bool no_track = false) {
    VirtualRoute r = *VirtualRoute::parse(text);
    r.no_track = no_track;
    return r;
}

VirtualRule rule(const char* text) {
    return *VirtualRule::parse(text);
}

KernelChange decoded(const std::vector<std::uint8_t>& message) {
    const std::optional<KernelChange> change = decode_kernel_change(message.data(), message.size());
    EXPECT_TRUE(change.has_value());
    return change.value_or(LinkState{});
}

std::vector<std::uint8_t> link_message(int index, const char* name, unsigned flags) {
    ifinfomsg header{};
    header.ifi_index = index;
    header.ifi_flags = flags;
    NetlinkRequest r(RTM_NEWLINK, 0, header);
    r.put_string(IFLA_IFNAME, name);
    return std::move(r).done();
}

constexpr unsigned kUp = IFF_UP | IFF_RUNNING;

class StaticWatchTest : public testing::Test {
  protected:
    StaticWatchTest() {
        statics_.addresses = {address("192.168.70.1/24", "s0"), address("2001:db8:70::1/64", "s0"),
                              address("192.168.71.1/24", "s0", true),
                              address("192.168.72.1/24", "s1")};
        statics_.routes = {route("10.71.0.0/16 via 192.168.70.254 dev s0"),
                           route("10.72.0.0/16 via 192.168.70.254 dev s0 table 100", true),
                           route("blackhole 10.73.0.0/16 table 100")};
        statics_.rules = {rule("from 10.72.0.0/16 priority 500 table 100 iif s0"),
                          rule("from 10.74.0.0/16 priority 501 table 100 no_track")};
        watch_.set(statics_);
        // What the router seeds from the interfaces as they are.
        watch_.on_change(decoded(link_message(kS0, "s0", kUp)));
    }
    StaticItems deleted(const std::vector<std::uint8_t>& request) {
        return watch_.on_change(decoded(request));
    }
    StaticItems statics_;
    StaticWatch watch_;
};

TEST_F(StaticWatchTest, AnAddressDeletedIsReAddedUnlessNoTrack) {
    EXPECT_EQ(deleted(address_request(statics_.addresses[0], kS0, false)).addresses,
              std::vector{statics_.addresses[0]});
    EXPECT_EQ(deleted(address_request(statics_.addresses[1], kS0, false)).addresses,
              std::vector{statics_.addresses[1]});
    EXPECT_TRUE(deleted(address_request(statics_.addresses[2], kS0, false)).empty());
    // The same address on another interface (or one whose name it never heard) is not ours.
    EXPECT_TRUE(deleted(address_request(statics_.addresses[0], kS0 + 1, false)).empty());
    VirtualAddress other = statics_.addresses[0];
    other.prefix = 25;
    EXPECT_TRUE(deleted(address_request(other, kS0, false)).empty());
}

TEST_F(StaticWatchTest, ARouteDeletedIsReAddedUnlessNoTrack) {
    EXPECT_EQ(deleted(route_request(statics_.routes[0], kS0, false)).routes,
              std::vector{statics_.routes[0]});
    EXPECT_TRUE(deleted(route_request(statics_.routes[1], kS0, false)).empty());
    EXPECT_EQ(deleted(route_request(statics_.routes[2], 0, false)).routes,
              std::vector{statics_.routes[2]});
    // Another table, another protocol: another route.
    VirtualRoute other = statics_.routes[0];
    other.table = 101;
    EXPECT_TRUE(deleted(route_request(other, kS0, false)).empty());
    other = statics_.routes[0];
    other.protocol = RTPROT_BOOT;
    EXPECT_TRUE(deleted(route_request(other, kS0, false)).empty());
}

TEST_F(StaticWatchTest, ARuleDeletedIsReAddedUnlessNoTrack) {
    EXPECT_EQ(deleted(rule_request(statics_.rules[0], false)).rules,
              std::vector{statics_.rules[0]});
    // no_track: unmarked (no FRA_PROTOCOL), as Keepalived leaves it, and not watched.
    EXPECT_TRUE(deleted(rule_request(statics_.rules[1], false)).empty());
    VirtualRule other = statics_.rules[0];
    other.priority = 600;
    EXPECT_TRUE(deleted(rule_request(other, false)).empty());
}

TEST_F(StaticWatchTest, AnInterfaceThatComesUpGetsItsAddressesAndRoutesBack) {
    EXPECT_TRUE(watch_.on_change(decoded(link_message(kS0, "s0", kUp))).empty());     // still up
    EXPECT_TRUE(watch_.on_change(decoded(link_message(kS0, "s0", IFF_UP))).empty());  // no carrier
    const StaticItems back = watch_.on_change(decoded(link_message(kS0, "s0", kUp)));
    EXPECT_EQ(back.addresses, (std::vector{statics_.addresses[0], statics_.addresses[1]}));
    EXPECT_EQ(back.routes, std::vector{statics_.routes[0]});
    EXPECT_TRUE(back.rules.empty());  // the kernel keeps rules while their interface is away
    // A new interface (made again under another index) comes up with its items.
    EXPECT_EQ(watch_.on_change(decoded(link_message(9, "s1", kUp))).addresses,
              std::vector{statics_.addresses[3]});
}

TEST_F(StaticWatchTest, RoutesAreWatchedOnlyWhileAStaticRouteOrRuleIsTracked) {
    EXPECT_TRUE(watch_.watches_routes());
    watch_.set({statics_.addresses, {statics_.routes[1]}, {statics_.rules[1]}});
    EXPECT_FALSE(watch_.watches_routes());
}

TEST(KernelChange, OtherMessagesAndShortOnesAreNotChanges) {
    ifaddrmsg header{};
    NetlinkRequest add(RTM_NEWADDR, 0, header);
    const std::vector<std::uint8_t> message = std::move(add).done();
    EXPECT_FALSE(decode_kernel_change(message.data(), message.size()));
    std::vector<std::uint8_t> cut = address_request(address("10.0.0.1/32", "s0"), 1, false);
    cut.resize(cut.size() - 1);  // nlmsg_len claims more than there is
    EXPECT_FALSE(decode_kernel_change(cut.data(), cut.size()));
    EXPECT_FALSE(decode_kernel_change(cut.data(), 3));
}

}  // namespace
}  // namespace routerd::vrrp
