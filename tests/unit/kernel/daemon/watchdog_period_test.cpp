// The watchdog period systemd asks for, read from the environment as sd_watchdog_enabled(3) reads
// it.
#include <gtest/gtest.h>

#include "daemon/watchdog.hpp"

namespace routerd {
namespace {

using std::chrono::microseconds;

TEST(WatchdogPeriod, WatchdogUsecIsThePeriod) {
    EXPECT_EQ(Watchdog::period_from("4000000", nullptr, 42), microseconds(4000000));
}

TEST(WatchdogPeriod, NoneWhenUnsetZeroInfiniteOrNotANumber) {
    EXPECT_FALSE(Watchdog::period_from(nullptr, nullptr, 42));
    EXPECT_FALSE(Watchdog::period_from("0", nullptr, 42));
    EXPECT_FALSE(Watchdog::period_from("18446744073709551615", nullptr, 42));  // USEC_INFINITY
    EXPECT_FALSE(Watchdog::period_from("", nullptr, 42));
    EXPECT_FALSE(Watchdog::period_from("-5", nullptr, 42));
    EXPECT_FALSE(Watchdog::period_from("10s", nullptr, 42));
}

TEST(WatchdogPeriod, OnlyForTheProcessWatchdogPidNames) {
    EXPECT_EQ(Watchdog::period_from("1000000", "42", 42), microseconds(1000000));
    EXPECT_FALSE(Watchdog::period_from("1000000", "41", 42));  // a parent's, inherited
    EXPECT_FALSE(Watchdog::period_from("1000000", "x", 42));
}

}  // namespace
}  // namespace routerd
