#include "garp_pacing.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "paced_queue.hpp"

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;

const TimePoint t0 = TimePoint{} + std::chrono::seconds(1000);

GarpPacingConfig lab() {
    GarpPacingConfig c;
    c.garp_interval = milliseconds(10);
    c.gna_interval = milliseconds(20);
    c.groups.push_back({milliseconds(100), milliseconds(0), {"eth1", "eth2"}});
    c.groups.push_back({milliseconds(0), milliseconds(300), {"eth3"}});
    return c;
}

TEST(GarpPacing, InterfacesOfAGroupShareItsLanes) {
    const GarpPacing p(lab());
    EXPECT_EQ(p.lane("eth1", Family::ipv4), p.lane("eth2", Family::ipv4));
    EXPECT_EQ(p.lane("eth1", Family::ipv6), p.lane("eth2", Family::ipv6));
    EXPECT_NE(p.lane("eth1", Family::ipv4), p.lane("eth1", Family::ipv6));  // ARP and NA apart
    EXPECT_NE(p.lane("eth1", Family::ipv4), p.lane("eth3", Family::ipv4));
    EXPECT_EQ(p.interval(p.lane("eth2", Family::ipv4)), milliseconds(100));
    EXPECT_EQ(p.interval(p.lane("eth2", Family::ipv6)), milliseconds(0));  // not inherited
    EXPECT_EQ(p.interval(p.lane("eth3", Family::ipv6)), milliseconds(300));
}

TEST(GarpPacing, AnInterfaceInNoGroupHasLanesOfItsOwnAtTheGlobalIntervals) {
    const GarpPacing p(lab());
    EXPECT_NE(p.lane("eth0", Family::ipv4), p.lane("eth4", Family::ipv4));
    EXPECT_EQ(p.interval(p.lane("eth0", Family::ipv4)), milliseconds(10));
    EXPECT_EQ(p.interval(p.lane("eth4", Family::ipv6)), milliseconds(20));
    const GarpPacing none;
    EXPECT_EQ(none.interval(none.lane("eth0", Family::ipv4)), milliseconds(0));
}

// The messages of two interfaces of one group leave one per group interval between them,
// while an interface in no group goes at its own pace beside them.
TEST(GarpPacing, AGroupPacesItsInterfacesTogether) {
    const GarpPacing p(lab());
    std::map<GarpLane, PacedQueue<std::string>> lanes;
    for (const char* dev : {"eth1", "eth2", "eth1", "eth0", "eth0"}) {
        const GarpLane lane = p.lane(dev, Family::ipv4);
        lanes.try_emplace(lane, p.interval(lane)).first->second.push(dev);
    }
    std::vector<std::pair<Clock::duration, std::string>> sent;
    for (TimePoint now = t0; now <= t0 + milliseconds(500); now += milliseconds(1)) {
        for (auto& [lane, queue] : lanes) {
            for (const std::string& dev : queue.take(now))
                sent.emplace_back(now - t0, dev);
        }
    }
    EXPECT_EQ(sent,
              (std::vector<std::pair<Clock::duration, std::string>>{{milliseconds(0), "eth0"},
                                                                    {milliseconds(0), "eth1"},
                                                                    {milliseconds(10), "eth0"},
                                                                    {milliseconds(100), "eth2"},
                                                                    {milliseconds(200), "eth1"}}));
}

}  // namespace
}  // namespace routerd::vrrp
