#include <gtest/gtest.h>

#include "timers.hpp"

namespace routerd::vrrp {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST(Timers, V2SkewIsExact) {
    // (256 - 150) / 256 s = 0.4140625 s.
    EXPECT_EQ(skew_time(Version::v2, 150, std::chrono::seconds(1)), nanoseconds(414'062'500));
    EXPECT_EQ(skew_time(Version::v2, 255, std::chrono::seconds(1)), nanoseconds(3'906'250));
    EXPECT_EQ(skew_time(Version::v2, 1, std::chrono::seconds(1)), nanoseconds(996'093'750));
    // v2 skew does not depend on the interval.
    EXPECT_EQ(skew_time(Version::v2, 150, std::chrono::seconds(5)), nanoseconds(414'062'500));
}

TEST(Timers, V2MasterDownInterval) {
    EXPECT_EQ(master_down_interval(Version::v2, 150, std::chrono::seconds(1)),
              nanoseconds(3'414'062'500));
    EXPECT_EQ(master_down_interval(Version::v2, 100, std::chrono::seconds(3)),
              nanoseconds(9'609'375'000));
}

TEST(Timers, V3SkewIsWholeCentiseconds) {
    // ((256 - 150) * 10 cs) / 256 = 4.14 -> 4 cs.
    EXPECT_EQ(skew_time(Version::v3, 150, Centiseconds(10)), milliseconds(40));
    EXPECT_EQ(master_down_interval(Version::v3, 150, Centiseconds(10)), milliseconds(340));
    // ((256 - 150) * 100 cs) / 256 = 41.4 -> 41 cs.
    EXPECT_EQ(skew_time(Version::v3, 150, Centiseconds(100)), milliseconds(410));
    EXPECT_EQ(master_down_interval(Version::v3, 150, Centiseconds(100)), milliseconds(3410));
    EXPECT_EQ(skew_time(Version::v3, 255, Centiseconds(10)), milliseconds(0));
    EXPECT_EQ(skew_time(Version::v3, 1, Centiseconds(4095)), milliseconds(40790));
}

}  // namespace
}  // namespace routerd::vrrp
