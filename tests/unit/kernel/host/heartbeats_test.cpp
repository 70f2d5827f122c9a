// The liveness ledger the watchdog reads: fresh for two intervals after each feed, then stale.
#include "host/heartbeats.hpp"

#include <gtest/gtest.h>

namespace routerd {
namespace {

using namespace std::chrono_literals;
using Clock = Heartbeats::Clock;

TEST(Heartbeats, FreshForTwoIntervalsAfterEachFeed) {
    Heartbeats heartbeats(100ms);
    const Clock::time_point t0{};
    const uint64_t id = heartbeats.declare("vrrp: router loop", t0);
    EXPECT_GT(id, 0u);
    EXPECT_TRUE(heartbeats.stale(t0 + 200ms).empty());
    EXPECT_EQ(heartbeats.stale(t0 + 201ms), std::vector<std::string>{"vrrp: router loop"});
    heartbeats.feed(id, t0 + 150ms);
    EXPECT_TRUE(heartbeats.stale(t0 + 350ms).empty());
    EXPECT_EQ(heartbeats.stale(t0 + 351ms).size(), 1u);
}

TEST(Heartbeats, EachIsJudgedOnItsOwn) {
    Heartbeats heartbeats(1s);
    const Clock::time_point t0{};
    const uint64_t a = heartbeats.declare("a", t0);
    const uint64_t b = heartbeats.declare("b", t0);
    EXPECT_NE(a, b);
    heartbeats.feed(a, t0 + 5s);
    EXPECT_EQ(heartbeats.stale(t0 + 6s), std::vector<std::string>{"b"});
    const auto beats = heartbeats.beats(t0 + 6s);
    ASSERT_EQ(beats.size(), 2u);
    EXPECT_EQ(beats[0].name, "a");
    EXPECT_EQ(beats[0].age, 1s);
    EXPECT_FALSE(beats[0].stale);
    EXPECT_EQ(beats[1].age, 6s);
    EXPECT_TRUE(beats[1].stale);
}

TEST(Heartbeats, ARetiredOneIsNoLongerWatched) {
    Heartbeats heartbeats(1s);
    const Clock::time_point t0{};
    const uint64_t id = heartbeats.declare("a", t0);
    heartbeats.retire(id);
    heartbeats.feed(id, t0 + 1s);  // a late feed of a retired heartbeat brings nothing back
    EXPECT_TRUE(heartbeats.beats(t0 + 1h).empty());
}

}  // namespace
}  // namespace routerd
