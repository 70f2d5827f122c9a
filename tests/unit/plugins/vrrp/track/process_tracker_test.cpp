#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "process_tracker.hpp"
#include "test_support.hpp"

extern char** environ;

namespace routerd::vrrp::track {
namespace {

using namespace std::chrono_literals;
using testing::Loop;
using testing::TempDir;

// Copies of /bin/sleep under a name no other process on the machine has.
struct Sleepers {
    TempDir dir;
    std::string name = "rtrk" + std::to_string(::getpid() % 100000);
    std::filesystem::path binary = dir / name;
    std::vector<pid_t> pids;
    std::vector<pid_t> zombies;

    Sleepers() { std::filesystem::copy_file("/bin/sleep", binary); }
    ~Sleepers() {
        while (!pids.empty())
            kill_one();
        for (pid_t zombie : zombies)
            ::waitpid(zombie, nullptr, 0);
    }
    pid_t spawn(const std::string& seconds = "1000") {
        std::string path = binary.string();
        char* argv[] = {path.data(), const_cast<char*>(seconds.c_str()), nullptr};
        pid_t pid = 0;
        EXPECT_EQ(::posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv, environ), 0);
        pids.push_back(pid);
        return pid;
    }
    void kill_one(bool reap = true) {
        pid_t pid = pids.back();
        pids.pop_back();
        ::kill(pid, SIGKILL);
        if (reap)
            ::waitpid(pid, nullptr, 0);
        else
            zombies.push_back(pid);
    }
};

struct ProcessTrackerTest : ::testing::Test {
    Sleepers sleepers;
    Loop loop;
    std::vector<TrackReport> reports;

    ProcessTrackConfig config() {
        ProcessTrackConfig c;
        c.name = "track_" + sleepers.name;
        c.match.process = sleepers.name;
        c.poll_interval = 50ms;
        return c;
    }
    TrackCallback record() {
        return [this](const TrackReport& r) { reports.push_back(r); };
    }
    bool wait_for_reports(std::size_t n) {
        return loop.run_until([&] { return reports.size() >= n; });
    }
};

TEST_F(ProcessTrackerTest, ReportsTheInitialStateThenEveryChange) {
    auto c = config();
    c.quorum.quorum = 2;
    ProcessTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_EQ(reports[0].kind, TrackKind::process);
    EXPECT_EQ(reports[0].name, c.name);
    EXPECT_FALSE(reports[0].up);
    EXPECT_EQ(reports[0].reason, sleepers.name + ": 0 processes, quorum 2");

    sleepers.spawn();
    sleepers.spawn();
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_TRUE(reports[1].up);
    EXPECT_EQ(reports[1].reason, sleepers.name + ": 2 processes, quorum 2");

    sleepers.kill_one();
    ASSERT_TRUE(wait_for_reports(3));
    EXPECT_FALSE(reports[2].up);
    EXPECT_EQ(reports[2].reason, sleepers.name + ": 1 process, quorum 2");
    loop.run_for(200ms);
    EXPECT_EQ(reports.size(), 3u) << "only changes are reported";
}

TEST_F(ProcessTrackerTest, DownComesAfterTheDelayAndUpWhenTheProcessIsBack) {
    auto c = config();
    c.quorum.terminate_delay = c.quorum.fork_delay = 300ms;
    sleepers.spawn();
    ProcessTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_TRUE(reports[0].up);
    sleepers.kill_one();
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_FALSE(reports[1].up);
    sleepers.spawn();
    ASSERT_TRUE(wait_for_reports(3));
    EXPECT_TRUE(reports[2].up);
}

TEST_F(ProcessTrackerTest, AnExitIsSeenWithoutWaitingForThePoll) {
    auto c = config();
    c.poll_interval = std::chrono::hours(1);  // only the pidfd watch can notice the exit
    sleepers.spawn();
    sleepers.spawn();
    ProcessTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_TRUE(reports[0].up);
    sleepers.kill_one();
    loop.run_for(100ms);
    EXPECT_EQ(reports.size(), 1u) << "one of two left: still up";
    sleepers.kill_one(/*reap=*/false);  // a zombie: exited, but still in /proc
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_FALSE(reports[1].up);
    EXPECT_EQ(reports[1].reason, sleepers.name + ": 0 processes, quorum 1");
}

TEST_F(ProcessTrackerTest, AProcessBackWithinTheDelayIsNeverReportedDown) {
    auto c = config();
    c.quorum.terminate_delay = 5s;  // far longer than the restart below takes
    sleepers.spawn();
    ProcessTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    sleepers.kill_one();
    loop.run_for(200ms);  // several polls see 0 processes
    sleepers.spawn();
    loop.run_for(300ms);
    EXPECT_EQ(reports.size(), 1u);
}

TEST_F(ProcessTrackerTest, AZombieDoesNotCount) {
    sleepers.spawn();
    ProcessTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_TRUE(reports[0].up);
    pid_t zombie = sleepers.pids.back();
    sleepers.kill_one(/*reap=*/false);
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_FALSE(reports[1].up);
    EXPECT_TRUE(std::filesystem::exists("/proc/" + std::to_string(zombie)))
        << "still in /proc as a zombie";
}

TEST_F(ProcessTrackerTest, FullCommandWithParametersCountsOnlyTheMatchingOnes) {
    auto c = config();
    c.match.process = sleepers.binary.string();
    c.match.params = std::vector<std::string>{"1000"};
    sleepers.spawn("1000");
    sleepers.spawn("2000");
    c.quorum.quorum_max = 1;
    ProcessTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_TRUE(reports[0].up) << reports[0].reason;
    EXPECT_EQ(reports[0].reason, sleepers.binary.string() + ": 1 process, quorum 1..1");
}

TEST_F(ProcessTrackerTest, NoCallbackAfterStop) {
    ProcessTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    tracker.stop();
    sleepers.spawn();
    loop.run_for(300ms);
    EXPECT_EQ(reports.size(), 1u);
}

TEST_F(ProcessTrackerTest, BadConfigurationIsRefusedUpFront) {
    auto c = config();
    c.quorum.quorum = 2;
    c.quorum.quorum_max = 1;
    EXPECT_THROW(ProcessTracker(loop.executors(), c, record()), std::invalid_argument);
    c = config();
    c.poll_interval = 0ms;
    EXPECT_THROW(ProcessTracker(loop.executors(), c, record()), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::vrrp::track
