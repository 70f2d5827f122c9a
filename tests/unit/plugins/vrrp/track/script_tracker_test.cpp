#include <gtest/gtest.h>

#include "script_tracker.hpp"
#include "test_support.hpp"

namespace routerd::vrrp::track {
namespace {

using namespace std::chrono_literals;
using testing::Loop;
using testing::TempDir;

struct ScriptTrackerTest : ::testing::Test {
    TempDir dir;
    Loop loop;
    std::vector<TrackReport> reports;

    // A check whose exit status is whatever the file "status" holds.
    ScriptTrackConfig config(const std::string& status) {
        testing::write_file(dir / "status", status);
        auto script =
            testing::write_script(dir / "check", "exit $(cat " + (dir / "status").string() + ")");
        ScriptTrackConfig c;
        c.name = "chk";
        c.command = Command{{script.string()}, std::nullopt};
        c.interval = 50ms;
        // Not the default (the interval): on a loaded machine starting sh and cat can take longer
        // than 50 ms, and every run would time out. The timeout test sets its own.
        c.timeout = 10s;
        return c;
    }
    void set_status(const std::string& status) { testing::write_file(dir / "status", status); }
    TrackCallback record() {
        return [this](const TrackReport& r) { reports.push_back(r); };
    }
    bool wait_for_reports(std::size_t n) {
        return loop.run_until([&] { return reports.size() >= n; });
    }
};

TEST_F(ScriptTrackerTest, FirstResultDecidesThenChangesAreReported) {
    ScriptTracker tracker(loop.executors(), config("0"), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_EQ(reports[0].kind, TrackKind::script);
    EXPECT_EQ(reports[0].name, "chk");
    EXPECT_TRUE(reports[0].up);
    EXPECT_EQ(reports[0].reason, "chk: exit status 0");
    set_status("3");
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_FALSE(reports[1].up);
    EXPECT_EQ(reports[1].reason, "chk: exit status 3");
    loop.run_for(200ms);
    EXPECT_EQ(reports.size(), 2u) << "no report while nothing changes";
    set_status("0");
    ASSERT_TRUE(wait_for_reports(3));
    EXPECT_TRUE(reports[2].up);
}

TEST_F(ScriptTrackerTest, InitFailReportsDownAtStartAndRisesAfterRiseSuccesses) {
    auto c = config("0");
    c.rise_fall = RiseFallConfig{2, 2, true};
    ScriptTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_EQ(reports.size(), 1u) << "known before the script ever ran";
    EXPECT_FALSE(reports[0].up);
    EXPECT_EQ(reports[0].reason, "chk: init_fail, down until 2 successes");
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_TRUE(reports[1].up);
}

TEST_F(ScriptTrackerTest, AScriptPastItsTimeoutIsKilledAndFails) {
    auto c = config("0");
    testing::write_script(dir / "check", "sleep 1000");
    c.timeout = 100ms;
    ScriptTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_FALSE(reports[0].up);
    EXPECT_EQ(reports[0].reason, "chk: timed out after 100 ms");
}

TEST_F(ScriptTrackerTest, AScriptThatCannotStartFails) {
    auto c = config("0");
    c.command.argv = {(dir / "vanished").string()};
    ScriptTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_FALSE(reports[0].up);
    EXPECT_NE(reports[0].reason.find("not started"), std::string::npos) << reports[0].reason;
}

TEST_F(ScriptTrackerTest, RunsAsTheConfiguredUser) {
    auto c = config("0");
    testing::write_script(dir / "check", "[ \"$(id -u)\" = 65534 ]");
    c.command.run_as = common::resolve_run_as("nobody");
    ScriptTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_TRUE(reports[0].up) << reports[0].reason;
}

TEST_F(ScriptTrackerTest, StopKillsTheRunningScriptAndSilencesTheTracker) {
    auto c = config("0");
    testing::write_script(dir / "check",
                          "echo $$ > " + (dir / "pid").string() + "\nexec sleep 1000");
    ScriptTracker tracker(loop.executors(), c, record());
    tracker.start();
    ASSERT_TRUE(loop.run_until([&] { return !testing::read_file(dir / "pid").empty(); }));
    pid_t pid = std::stoi(testing::read_file(dir / "pid"));
    tracker.stop();
    EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid)));
    loop.run_for(200ms);
    EXPECT_TRUE(reports.empty());
}

TEST_F(ScriptTrackerTest, BadConfigurationIsRefusedUpFront) {
    auto c = config("0");
    c.interval = 0ms;
    EXPECT_THROW(ScriptTracker(loop.executors(), c, record()), std::invalid_argument);
    c = config("0");
    c.rise_fall.fall = 0;
    EXPECT_THROW(ScriptTracker(loop.executors(), c, record()), std::invalid_argument);
    c = config("0");
    c.command.argv.clear();
    EXPECT_THROW(ScriptTracker(loop.executors(), c, record()), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::vrrp::track
