#include <gtest/gtest.h>

#include "notify_runner.hpp"
#include "test_support.hpp"

namespace routerd::vrrp::track {
namespace {

using namespace std::chrono_literals;
using testing::Loop;
using testing::TempDir;
using testing::write_script;

struct NotifyRunnerTest : ::testing::Test {
    TempDir dir;
    Loop loop;
    std::vector<ChildOutcome> outcomes;
    std::string log() const { return testing::read_file(dir / "log"); }

    // A script that appends "<word> <its arguments>" to the log, after `sleep` seconds.
    Command appender(const std::string& word, const std::string& sleep = "0") {
        auto path = write_script(dir / word, "sleep " + sleep + "\necho " + word + " \"$@\" >> " +
                                                 (dir / "log").string());
        return Command{{path.string()}, std::nullopt};
    }
    NotifyRunner::Result record() {
        return [this](const Command&, const ChildOutcome& o) { outcomes.push_back(o); };
    }
};

TEST_F(NotifyRunnerTest, TransitionsQueuedTogetherRunInOrder) {
    NotifyConfig config;
    config.name = "VI_1";
    config.master = appender("master", "0.3");  // slower, yet must still come first
    config.backup = appender("backup");
    NotifyRunner runner(loop.executors(), config, record());
    runner.notify(NotifyEvent::master, 200);
    runner.notify(NotifyEvent::backup, 100);
    EXPECT_FALSE(runner.idle());
    ASSERT_TRUE(loop.run_until([&] { return outcomes.size() == 2; }));
    EXPECT_EQ(log(), "master\nbackup\n");
    EXPECT_TRUE(runner.idle());
}

TEST_F(NotifyRunnerTest, GenericNotifyRunsAfterTheSpecificScriptWithKeepalivedArguments) {
    NotifyConfig config;
    config.name = "VI_1";
    config.fault = appender("fault", "0.2");
    config.any = appender("notify");
    NotifyRunner runner(loop.executors(), config, record());
    runner.notify(NotifyEvent::fault, 150);
    ASSERT_TRUE(loop.run_until([&] { return outcomes.size() == 2; }));
    EXPECT_EQ(log(), "fault\nnotify INSTANCE VI_1 FAULT 150\n");
}

// A flapping instance whose script hangs: the queue stays bounded, drops are reported (a few,
// then rate limited), and the newest transitions are the ones that still run.
TEST_F(NotifyRunnerTest, AFloodOfTransitionsIsBoundedAndReported) {
    NotifyConfig config;
    config.name = "VI_1";
    config.master = appender("master", "0.3");
    config.backup = appender("backup");
    std::vector<std::string> dropped;
    NotifyRunner runner(loop.executors(), config, [&](const Command&, const ChildOutcome& o) {
        if (o.kind == ChildOutcome::Kind::not_started)
            dropped.push_back(o.describe());
        else
            outcomes.push_back(o);
    });
    runner.notify(NotifyEvent::master, 200);  // runs; the rest wait
    for (int i = 0; i < 200; ++i)
        runner.notify(NotifyEvent::backup, 100);
    ASSERT_FALSE(dropped.empty());
    EXPECT_LT(dropped.size(), 10u) << "drops are rate limited";
    EXPECT_NE(dropped[0].find("dropped: 64 notify commands were already waiting"),
              std::string::npos)
        << dropped[0];
    ASSERT_TRUE(loop.run_until([&] { return runner.idle(); }, 30s));
    EXPECT_EQ(outcomes.size(), 1u + 64u);
}

TEST_F(NotifyRunnerTest, AHangingScriptIsKilledAtItsTimeoutAndTheNextRuns) {
    NotifyConfig config;
    config.name = "VI_1";
    config.master = appender("master", "1000");
    config.backup = appender("backup");
    config.timeout = 200ms;
    NotifyRunner runner(loop.executors(), config, record());
    runner.notify(NotifyEvent::master, 200);
    runner.notify(NotifyEvent::backup, 100);
    ASSERT_TRUE(loop.run_until([&] { return outcomes.size() == 2; }));
    EXPECT_EQ(outcomes[0].kind, ChildOutcome::Kind::timed_out);
    EXPECT_TRUE(outcomes[1].success());
    EXPECT_EQ(log(), "backup\n");
}

TEST_F(NotifyRunnerTest, AFailingScriptDoesNotStopTheQueue) {
    NotifyConfig config;
    config.name = "VI_1";
    config.master = Command{{(dir / "missing").string()}, std::nullopt};
    config.backup = appender("backup");
    NotifyRunner runner(loop.executors(), config, record());
    runner.notify(NotifyEvent::master, 1);
    runner.notify(NotifyEvent::backup, 1);
    ASSERT_TRUE(loop.run_until([&] { return outcomes.size() == 2; }));
    EXPECT_EQ(outcomes[0].kind, ChildOutcome::Kind::not_started);
    EXPECT_EQ(log(), "backup\n");
}

TEST_F(NotifyRunnerTest, StopKillsTheRunningScriptAndDropsTheRest) {
    NotifyConfig config;
    config.name = "VI_1";
    config.master = appender("master", "1000");
    config.backup = appender("backup");
    NotifyRunner runner(loop.executors(), config, record());
    runner.notify(NotifyEvent::master, 1);
    runner.notify(NotifyEvent::backup, 1);
    loop.run_for(200ms);
    runner.stop();
    EXPECT_TRUE(runner.idle());
    loop.run_for(300ms);
    EXPECT_TRUE(outcomes.empty());
    EXPECT_EQ(log(), "");
}

}  // namespace
}  // namespace routerd::vrrp::track
