// LogThrottle on a driven clock: what goes out, what is held back, and the summary.
#include "routerd/common/log_throttle.hpp"

#include <gtest/gtest.h>

namespace routerd::common {
namespace {

using std::chrono::seconds;

const LogThrottle::Clock::time_point t0 = LogThrottle::Clock::time_point{} + seconds(1000);

TEST(LogThrottle, PassesTheBurstUnchanged) {
    LogThrottle log(2, seconds(10));
    EXPECT_EQ(log.admit(t0, "one"), "one");
    EXPECT_EQ(log.admit(t0, "two"), "two");
    EXPECT_EQ(log.admit(t0, "three"), std::nullopt);
    EXPECT_EQ(log.suppressed(), 1u);
}

TEST(LogThrottle, TheNextLineSaysHowManyWereSuppressed) {
    LogThrottle log(1, seconds(10));
    EXPECT_EQ(log.admit(t0, "first"), "first");
    for (int i = 0; i < 41; ++i)
        EXPECT_EQ(log.admit(t0 + seconds(1), "flood"), std::nullopt);
    EXPECT_EQ(log.admit(t0 + seconds(10), "later"), "later (suppressed 41 similar lines)");
    EXPECT_EQ(log.suppressed(), 0u);
    EXPECT_EQ(log.admit(t0 + seconds(15), "held"), std::nullopt);
    EXPECT_EQ(log.admit(t0 + seconds(20), "after one"), "after one (suppressed 1 similar line)");
    EXPECT_EQ(log.admit(t0 + seconds(30), "quiet again"), "quiet again");
}

}  // namespace
}  // namespace routerd::common
