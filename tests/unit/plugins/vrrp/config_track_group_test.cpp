// [vrrp.track_group.NAME] and the track_group / no_track keys of the static items
// (keepalived.conf(5) "Static track groups").
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using test::parse;
using test::Parsed;

constexpr const char* kInstances = R"(
[vrrp.instance.VI_1]
interface = "eth0"
virtual_router_id = 51
virtual_ipaddress = ["172.16.0.100/24"]
track_interface = [{ name = "eth2", weight = -20 }]

[vrrp.instance.VI_2]
interface = "eth0"
virtual_router_id = 52
virtual_ipaddress = ["172.16.0.101/24"]

[vrrp.instance.VI_3]
interface = "eth0"
virtual_router_id = 53
virtual_ipaddress = ["172.16.0.102/24"]
)";

bool error_has(const Parsed& p, const std::string& text) {
    for (const std::string& e : p.errors) {
        if (e.find(text) != std::string::npos) return true;
    }
    return false;
}

std::vector<TrackRef> interfaces(const Parsed& p, const std::string& instance) {
    std::vector<TrackRef> out;
    for (const TrackRef& t : p.config->instances.at(instance).tracks) {
        if (t.kind == TrackKind::interface) out.push_back(t);
    }
    return out;
}

TEST(VrrpTrackGroup, MembersTrackTheInterfaceOfEachTrackedItemWithWeightZero) {
    const Parsed p = parse(R"([vrrp]
default_interface = "eth1"
static_ipaddress = [{ address = "192.168.70.1/24", dev = "eth2", track_group = "G1" },
                    { address = "192.168.71.1/24", track_group = "G1" },
                    { address = "192.168.72.1/24", dev = "eth5" }]
static_routes = [{ to = "10.71.0.0/16", via = "192.168.70.254", dev = "eth3", track_group = "G1" },
                 { to = "10.72.0.0/16", type = "blackhole", track_group = "G1" }]
static_rules = [{ from = "10.72.0.0/16", table = 100, iif = "eth4", track_group = "G1" },
                { from = "10.73.0.0/16", table = 100, track_group = "G1" }]

[vrrp.track_group.G1]
group = ["VI_1", "VI_2"]
)" + std::string(kInstances));
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    // VI_1 tracked eth2 with a weight: the group's tracking puts it in FAULT all the same.
    const std::vector<TrackRef> expected = {
        {TrackKind::interface, "eth2", 0, false, "track_group G1"},
        {TrackKind::interface, "eth1", 0, false, "track_group G1"},
        {TrackKind::interface, "eth3", 0, false, "track_group G1"},
        {TrackKind::interface, "eth4", 0, false, "track_group G1"}};
    EXPECT_EQ(interfaces(p, "VI_1"), expected);
    EXPECT_EQ(interfaces(p, "VI_2"), expected);
    EXPECT_TRUE(interfaces(p, "VI_3").empty());  // not in the group
}

TEST(VrrpTrackGroup, NoTrackIsReadOnAddressesAndRoutes) {
    const Parsed p = parse(R"([vrrp]
static_ipaddress = [{ address = "192.168.70.1/24", dev = "eth2", no_track = true }]
static_routes = [{ to = "10.71.0.0/16", dev = "eth2", no_track = true }, { to = "10.72.0.0/16", dev = "eth2" }]
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_TRUE(p.config->statics.addresses[0].no_track);
    EXPECT_TRUE(p.config->statics.routes[0].no_track);
    EXPECT_FALSE(p.config->statics.routes[1].no_track);
}

TEST(VrrpTrackGroup, ErrorsNameTheKey) {
    const Parsed undefined = parse(R"([vrrp]
static_ipaddress = [{ address = "192.168.70.1/24", dev = "eth2", track_group = "G9" }]
)" + std::string(kInstances));
    EXPECT_FALSE(undefined.config);
    EXPECT_TRUE(error_has(undefined,
                          "routerd.toml:2:80: vrrp.static_ipaddress[0].track_group: "
                          "'G9' is not defined under [vrrp.track_group]"))
        << testing::PrintToString(undefined.errors);

    const Parsed both = parse(R"([vrrp]
static_routes = [{ to = "10.71.0.0/16", dev = "eth2", no_track = true, track_group = "G1" }]
[vrrp.track_group.G1]
group = ["VI_1"]
)" + std::string(kInstances));
    EXPECT_FALSE(both.config);
    EXPECT_TRUE(error_has(both, "vrrp.static_routes[0].track_group: contradicts no_track = true"))
        << testing::PrintToString(both.errors);

    const Parsed stranger = parse(R"([vrrp.track_group.G1]
group = ["VI_1", "VI_9"]
)" + std::string(kInstances));
    EXPECT_FALSE(stranger.config);
    EXPECT_TRUE(error_has(stranger, "vrrp.track_group.G1.group[1]: 'VI_9' is not a vrrp instance"))
        << testing::PrintToString(stranger.errors);

    const Parsed empty = parse(R"([vrrp.track_group.G1]
group = []
)" + std::string(kInstances));
    EXPECT_FALSE(empty.config);
    EXPECT_TRUE(error_has(empty, "vrrp.track_group.G1.group: is required"))
        << testing::PrintToString(empty.errors);
}

}  // namespace
}  // namespace routerd::vrrp
