// The notify FIFO lines, against what Debian's keepalived 2.2.7 wrote in the lab.
#include "fifo_line.hpp"

#include <gtest/gtest.h>

namespace routerd::vrrp::track {
namespace {

TEST(FifoLine, InstanceAndGroupLinesAsKeepalivedWritesThem) {
    EXPECT_EQ(fifo_line(NotifyScope::instance, "VI_1", "MASTER", 100),
              "INSTANCE \"VI_1\" MASTER 100\n");
    EXPECT_EQ(fifo_line(NotifyScope::group, "G", "BACKUP", 0), "GROUP \"G\" BACKUP 0\n");
    EXPECT_EQ(fifo_line(NotifyScope::instance, "VI_2", "MASTER_PRIORITY", 110),
              "INSTANCE \"VI_2\" MASTER_PRIORITY 110\n");
    EXPECT_EQ(fifo_line(NotifyScope::instance, "VI_1", keyword(NotifyEvent::stop), 255),
              "INSTANCE \"VI_1\" STOP 255\n");
}

TEST(FifoLine, PriorityChangesAreReportedInMasterAndBackupOnly) {
    EXPECT_EQ(priority_change_word(State::master), "MASTER_PRIORITY");
    EXPECT_EQ(priority_change_word(State::backup), "BACKUP_PRIORITY");
    EXPECT_EQ(priority_change_word(State::fault), std::nullopt);
    EXPECT_EQ(priority_change_word(State::initialize), std::nullopt);
}

}  // namespace
}  // namespace routerd::vrrp::track
