// Keepalived's scheduler flags, as a service's "flags" and a scheduler's create() take them.
#include "routerd/ipvs/table/scheduler_flags.h"

#include <gtest/gtest.h>

namespace routerd::ipvs {
namespace {

TEST(SchedulerFlags, EmptyTextMeansNoFlags) {
    const ParsedFlags parsed = parse_scheduler_flags("sh", "  ");
    ASSERT_TRUE(parsed.flags);
    EXPECT_EQ(*parsed.flags, SchedulerFlags{});
    EXPECT_EQ(parsed.flags->ipvs_bits(), 0u);
}

TEST(SchedulerFlags, ShFlagsSetSched1AndSched2) {
    const ParsedFlags parsed = parse_scheduler_flags("sh", "sh-fallback,sh-port");
    ASSERT_TRUE(parsed.flags) << parsed.error;
    EXPECT_TRUE(parsed.flags->fallback);
    EXPECT_TRUE(parsed.flags->port);
    EXPECT_EQ(parsed.flags->ipvs_bits(), kSvcSched1 | kSvcSched2);
}

TEST(SchedulerFlags, MhFlagsSeparatedBySpacesAndRepeated) {
    const ParsedFlags parsed = parse_scheduler_flags("mh", "mh-port mh-fallback\tmh-port");
    ASSERT_TRUE(parsed.flags) << parsed.error;
    EXPECT_EQ(parsed.flags->ipvs_bits(), kSvcSched1 | kSvcSched2);
}

TEST(SchedulerFlags, GenericFlagsAndOpsFitAnyScheduler) {
    const ParsedFlags parsed = parse_scheduler_flags("wlc", "flag-1, flag-2, flag-3, ops");
    ASSERT_TRUE(parsed.flags) << parsed.error;
    EXPECT_EQ(parsed.flags->ipvs_bits(), kSvcSched1 | kSvcSched2 | kSvcSched3 | kSvcOnePacket);
}

TEST(SchedulerFlags, RefusesAFlagOfAnotherScheduler) {
    const ParsedFlags parsed = parse_scheduler_flags("mh", "sh-port");
    EXPECT_FALSE(parsed.flags);
    EXPECT_EQ(parsed.error, "scheduler flag 'sh-port' needs scheduler 'sh', not 'mh'");
}

TEST(SchedulerFlags, RefusesAnUnknownFlag) {
    const ParsedFlags parsed = parse_scheduler_flags("sh", "sh-port,sh-fallbak");
    EXPECT_FALSE(parsed.flags);
    EXPECT_EQ(parsed.error, "unknown scheduler flag 'sh-fallbak'");
}

}  // namespace
}  // namespace routerd::ipvs
