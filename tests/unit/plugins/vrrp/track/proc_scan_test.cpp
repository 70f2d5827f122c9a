#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "proc_scan.hpp"

namespace routerd::vrrp::track {
namespace {

using Args = std::vector<std::string>;

TEST(ParseStat, ReadsPidCommAndZombieState) {
    auto info = parse_stat("42 (sshd) S 1 42 42 0 -1");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->pid, 42);
    EXPECT_EQ(info->comm, "sshd");
    EXPECT_FALSE(info->zombie);
    EXPECT_TRUE(parse_stat("7 (old) Z 1")->zombie);
}

TEST(ParseStat, CommMayHoldParenthesesAndSpaces) {
    auto info = parse_stat("9 (a) b (c) R 1 2");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->comm, "a) b (c");
    EXPECT_FALSE(info->zombie);
}

TEST(ParseStat, RejectsGarbage) {
    EXPECT_EQ(parse_stat(""), std::nullopt);
    EXPECT_EQ(parse_stat("x (a) S"), std::nullopt);
    EXPECT_EQ(parse_stat("12 (a"), std::nullopt);
    EXPECT_EQ(parse_stat("12 (a)"), std::nullopt);
}

TEST(ParseCmdline, SplitsAtNuls) {
    using namespace std::string_view_literals;
    EXPECT_EQ(parse_cmdline("/usr/sbin/sshd\0-D\0"sv), (Args{"/usr/sbin/sshd", "-D"}));
    EXPECT_EQ(parse_cmdline("a\0\0b\0"sv), (Args{"a", "", "b"}));
    EXPECT_EQ(parse_cmdline("no-trailing-nul"sv), (Args{"no-trailing-nul"}));
    EXPECT_EQ(parse_cmdline(""sv), Args{});
}

TEST(ParseStatusUid, IsTheEffectiveUid) {
    EXPECT_EQ(parse_status_uid("Name:\tsshd\nUid:\t0\t33\t33\t33\nGid:\t0\t0\t0\t0\n"), 33u);
    EXPECT_EQ(parse_status_uid("Uid:\t1000\t1000\t1000\t1000\n"), 1000u);
    EXPECT_EQ(parse_status_uid("Name:\tx\n"), std::nullopt);
    EXPECT_EQ(parse_status_uid("Uid:\t1000\n"), std::nullopt);
}

TEST(ScanProcesses, ReadsUidsWhenAsked) {
    auto table = scan_processes(false, true);
    auto self = std::find_if(table.begin(), table.end(),
                             [](const ProcessInfo& p) { return p.pid == ::getpid(); });
    ASSERT_NE(self, table.end());
    EXPECT_EQ(self->uid, ::geteuid());
    auto without = scan_processes(false);
    EXPECT_TRUE(
        std::all_of(without.begin(), without.end(), [](const ProcessInfo& p) { return !p.uid; }));
}

TEST(ScanProcesses, FindsThisTestWithItsCommandLine) {
    auto table = scan_processes(true);
    auto self = std::find_if(table.begin(), table.end(),
                             [](const ProcessInfo& p) { return p.pid == ::getpid(); });
    ASSERT_NE(self, table.end());
    EXPECT_EQ(self->comm, "vrrp_track_test");  // comm keeps 15 bytes of "vrrp_track_tests"
    ASSERT_FALSE(self->cmdline.empty());
    EXPECT_NE(self->cmdline.front().find("vrrp_track_tests"), std::string::npos);
    auto without = scan_processes(false);
    EXPECT_TRUE(std::all_of(without.begin(), without.end(),
                            [](const ProcessInfo& p) { return p.cmdline.empty(); }));
}

// Processes come and go while a scan reads their files: one that exits between the open and
// the read of its /proc file makes the read fail (ESRCH). The scan skips it; it once threw out
// of a stream and ended the program.
TEST(ScanProcesses, SkipsProcessesThatExitWhileTheirFilesAreRead) {
    std::atomic<bool> stop = false;
    std::thread churn([&] {
        while (!stop) {
            pid_t child = ::fork();
            if (child == 0) ::_exit(0);
            if (child > 0) ::waitpid(child, nullptr, 0);
        }
    });
    std::size_t scanned = 0;
    EXPECT_NO_THROW({
        for (int round = 0; round < 200; ++round)
            scanned += scan_processes(true, true).size();
    });
    stop = true;
    churn.join();
    EXPECT_GT(scanned, 0u);
}

}  // namespace
}  // namespace routerd::vrrp::track
