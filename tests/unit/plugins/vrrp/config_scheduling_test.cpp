// The VRRP thread's scheduling keys of [vrrp] (config_scheduling.cpp): nice, rt_priority,
// rlimit_rttime and no_swap, with keepalived.conf(5)'s ranges.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace routerd::vrrp {
namespace {

using std::chrono::microseconds;
using test::parse;
using test::Parsed;

TEST(VrrpSchedulingConfig, NothingSetTouchesNothing) {
    const Parsed p = parse("[vrrp]\nversion = 3\n");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->scheduling, ThreadScheduling{});
    EXPECT_FALSE(p.config->scheduling.nice);
    EXPECT_FALSE(p.config->scheduling.rt_priority);
    EXPECT_FALSE(p.config->scheduling.no_swap);
    EXPECT_EQ(p.config->scheduling.rlimit_rttime, microseconds(10000));  // Keepalived's default
}

TEST(VrrpSchedulingConfig, AllFourKeys) {
    const Parsed p = parse(R"([vrrp]
nice = -5
rt_priority = 50
rlimit_rttime = "20ms"
no_swap = true
)");
    ASSERT_TRUE(p.config) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.config->scheduling.nice, -5);
    EXPECT_EQ(p.config->scheduling.rt_priority, 50);
    EXPECT_EQ(p.config->scheduling.rlimit_rttime, microseconds(20000));
    EXPECT_TRUE(p.config->scheduling.no_swap);
}

TEST(VrrpSchedulingConfig, RangesOfKeepalivedConf) {
    const Parsed p = parse(R"([vrrp]
nice = -21
rt_priority = 100
rlimit_rttime = "1us"
no_swap = "yes"
)");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors,
              (std::vector<std::string>{
                  "routerd.toml:2:8: vrrp.nice: -21 is out of range -20..19",
                  "routerd.toml:3:15: vrrp.rt_priority: 100 is out of range 1..99",
                  "routerd.toml:4:17: vrrp.rlimit_rttime: must be a whole number of "
                  "microseconds, 2us or more",
                  "routerd.toml:5:11: vrrp.no_swap: expected a boolean, found a string"}));
}

TEST(VrrpSchedulingConfig, RlimitRttimeIsWholeMicroseconds) {
    const Parsed p = parse("[vrrp]\nrt_priority = 1\nrlimit_rttime = \"1500ns\"\n");
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 1u);
    EXPECT_EQ(p.errors[0],
              "routerd.toml:3:17: vrrp.rlimit_rttime: must be a whole number of microseconds, "
              "2us or more");
    const Parsed top = parse("[vrrp]\nnice = 19\nrt_priority = 99\nrlimit_rttime = \"2us\"\n");
    ASSERT_TRUE(top.config) << testing::PrintToString(top.errors);
    EXPECT_EQ(top.config->scheduling.rlimit_rttime, microseconds(2));
    EXPECT_EQ(top.config->scheduling.nice, 19);
}

TEST(VrrpSchedulingConfig, AutomaticRisesAreOffUnlessAMaximumIsSet) {
    const Parsed off = parse("[vrrp]\nversion = 3\n");
    ASSERT_TRUE(off.config) << testing::PrintToString(off.errors);
    EXPECT_EQ(off.config->scheduling.max_auto_priority, 0);
    EXPECT_EQ(off.config->scheduling.min_auto_priority_delay, microseconds(1000000));
    const Parsed on =
        parse("[vrrp]\nmax_auto_priority = 99\nmin_auto_priority_delay = \"2500us\"\n");
    ASSERT_TRUE(on.config) << testing::PrintToString(on.errors);
    EXPECT_EQ(on.config->scheduling.max_auto_priority, 99);
    EXPECT_EQ(on.config->scheduling.min_auto_priority_delay, microseconds(2500));
    const Parsed edges =
        parse("[vrrp]\nmax_auto_priority = 0\nmin_auto_priority_delay = \"10s\"\n");
    ASSERT_TRUE(edges.config) << testing::PrintToString(edges.errors);
    EXPECT_EQ(edges.config->scheduling.min_auto_priority_delay, microseconds(10000000));
}

TEST(VrrpSchedulingConfig, AutomaticRiseRangesOfKeepalivedConf) {
    const Parsed p = parse(R"([vrrp]
max_auto_priority = 100
min_auto_priority_delay = "11s"
)");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.errors, (std::vector<std::string>{
                            "routerd.toml:2:21: vrrp.max_auto_priority: 100 is out of range 0..99",
                            "routerd.toml:3:27: vrrp.min_auto_priority_delay: must be a whole "
                            "number of microseconds, from 1us to 10s"}));
    const Parsed negative = parse("[vrrp]\nmax_auto_priority = -1\n");
    EXPECT_EQ(negative.errors, (std::vector<std::string>{"routerd.toml:2:21: "
                                                         "vrrp.max_auto_priority: -1 is out of "
                                                         "range 0..99"}));
    const Parsed fraction = parse("[vrrp]\nmin_auto_priority_delay = \"1500ns\"\n");
    EXPECT_EQ(fraction.errors,
              (std::vector<std::string>{"routerd.toml:2:27: vrrp.min_auto_priority_delay: must "
                                        "be a whole number of microseconds, from 1us to 10s"}));
}

TEST(VrrpSchedulingConfig, AChangeIsAChangeOfTheConfiguration) {
    const Parsed a = parse("[vrrp]\nrt_priority = 50\n");
    const Parsed b = parse("[vrrp]\nrt_priority = 51\n");
    ASSERT_TRUE(a.config && b.config);
    EXPECT_NE(*a.config, *b.config);
    const Parsed c = parse("[vrrp]\nrt_priority = 50\nmax_auto_priority = 60\n");
    ASSERT_TRUE(c.config);
    EXPECT_NE(*a.config, *c.config);
}

}  // namespace
}  // namespace routerd::vrrp
