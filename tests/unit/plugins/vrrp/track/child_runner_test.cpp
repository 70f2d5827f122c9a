#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <optional>

#include "child_runner.hpp"
#include "test_support.hpp"

namespace routerd::vrrp::track {
namespace {

using namespace std::chrono_literals;
using testing::Loop;
using testing::TempDir;
using testing::write_script;

// True once `pid` no longer runs (gone, or a zombie waiting for init).
bool not_running(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    return text.empty() || (close != std::string::npos && text.substr(close + 2, 1) == "Z");
}

struct ChildRunnerTest : ::testing::Test {
    TempDir dir;
    Loop loop;
    std::optional<ChildOutcome> outcome;

    ChildOutcome run(ChildRunner& runner, const Command& command,
                     std::chrono::milliseconds timeout = 30s) {
        outcome.reset();
        runner.run(command, timeout, [this](const ChildOutcome& o) { outcome = o; });
        EXPECT_TRUE(loop.run_until([&] { return outcome.has_value(); }));
        return outcome.value_or(ChildOutcome::not_started_because("no outcome"));
    }
    Command script(const std::string& body) {
        return Command{{write_script(dir / "script", body).string()}, std::nullopt};
    }
};

TEST_F(ChildRunnerTest, ReportsTheExitStatus) {
    ChildRunner runner(loop.executors());
    EXPECT_EQ(run(runner, script("exit 0")), ChildOutcome::exited_with(0));
    ChildOutcome three = run(runner, script("exit 3"));
    EXPECT_EQ(three, ChildOutcome::exited_with(3));
    EXPECT_FALSE(three.success());
    EXPECT_EQ(three.describe(), "exit status 3");
}

TEST_F(ChildRunnerTest, PassesArguments) {
    ChildRunner runner(loop.executors());
    Command command = script("[ \"$1\" = 'a b' ] && [ \"$2\" = c ] && [ $# -eq 2 ]");
    command.argv.insert(command.argv.end(), {"a b", "c"});
    EXPECT_TRUE(run(runner, command).success());
}

TEST_F(ChildRunnerTest, ReportsASignal) {
    ChildRunner runner(loop.executors());
    ChildOutcome killed = run(runner, script("kill -9 $$"));
    EXPECT_EQ(killed, ChildOutcome::killed_by(9));
    EXPECT_EQ(killed.describe(), "killed by signal 9");
}

TEST_F(ChildRunnerTest, AProgramThatCannotStartIsNotStarted) {
    ChildRunner runner(loop.executors());
    ChildOutcome missing = run(runner, Command{{(dir / "missing").string()}, std::nullopt});
    EXPECT_EQ(missing.kind, ChildOutcome::Kind::not_started);
    EXPECT_NE(missing.error.find("No such file"), std::string::npos) << missing.error;
    EXPECT_FALSE(missing.success());
}

TEST_F(ChildRunnerTest, TimeoutKillsTheWholeProcessGroup) {
    ChildRunner runner(loop.executors());
    auto pid_file = dir / "sleeper.pid";
    ChildOutcome late =
        run(runner, script("sleep 1000 & echo $! > " + pid_file.string() + "; wait"), 200ms);
    EXPECT_EQ(late.kind, ChildOutcome::Kind::timed_out);
    EXPECT_EQ(late.describe(), "timed out after 200 ms");
    pid_t sleeper = std::stoi(testing::read_file(pid_file));
    EXPECT_TRUE(loop.run_until([&] { return not_running(sleeper); }));
}

TEST_F(ChildRunnerTest, AScriptIgnoringSigtermGetsSigkill) {
    ChildRunner runner(loop.executors(), 100ms);
    ChildOutcome stubborn = run(runner, script("trap '' TERM\nwhile :; do sleep 1; done"), 100ms);
    EXPECT_EQ(stubborn.kind, ChildOutcome::Kind::timed_out);
    EXPECT_EQ(runner.running(), 0u);
}

TEST_F(ChildRunnerTest, RunsAsTheConfiguredUser) {
    ChildRunner runner(loop.executors());
    Command command = script("[ \"$(id -u)\" = 65534 ] && [ \"$(id -g)\" = 65534 ]");
    EXPECT_FALSE(run(runner, command).success()) << "the test runs as root";
    command.run_as = common::RunAs{65534, 65534};
    EXPECT_TRUE(run(runner, command).success());
}

TEST_F(ChildRunnerTest, TheChildInheritsNoDescriptors) {
    ChildRunner runner(loop.executors());
    int leaked = ::open("/dev/null", O_RDONLY);  // deliberately not close-on-exec
    ASSERT_GE(leaked, 3);
    ChildOutcome checked =
        run(runner, script("[ ! -e /proc/$$/fd/" + std::to_string(leaked) + " ]"));
    ::close(leaked);
    EXPECT_TRUE(checked.success()) << checked.describe();
}

TEST_F(ChildRunnerTest, TheChildStartsWithNoBlockedOrIgnoredSignals) {
    // Daemons block signals in their threads and ignore some; the pool threads inherit the
    // mask of the thread that made them, and exec keeps both the mask and SIG_IGN.
    sigset_t term, previous_mask;
    ::sigemptyset(&term);
    ::sigaddset(&term, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &term, &previous_mask);
    auto previous_pipe = ::signal(SIGPIPE, SIG_IGN);
    Loop blocked_loop;
    ::pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);

    ChildRunner runner(blocked_loop.executors());
    std::optional<ChildOutcome> checked;
    // awk is exec'd directly, so /proc/self is the child exactly as spawn_child left it.
    Command awk{{"/usr/bin/awk", "/^Sig(Blk|Ign):/ { if ($2 !~ /^0+$/) bad = 1 } END { exit bad }",
                 "/proc/self/status"},
                std::nullopt};
    runner.run(awk, 30s, [&](const ChildOutcome& o) { checked = o; });
    ASSERT_TRUE(blocked_loop.run_until([&] { return checked.has_value(); }));
    ::signal(SIGPIPE, previous_pipe);
    EXPECT_TRUE(checked->success()) << checked->describe();
}

TEST_F(ChildRunnerTest, StopKillsRunningChildrenAndSilencesCallbacks) {
    ChildRunner runner(loop.executors());
    auto pid_file = dir / "script.pid";
    bool called = false;
    runner.run(script("echo $$ > " + pid_file.string() + "; exec sleep 1000"), 30s,
               [&](const ChildOutcome&) { called = true; });
    ASSERT_TRUE(loop.run_until(
        [&] { return runner.running() == 1 && !testing::read_file(pid_file).empty(); }));
    pid_t pid = std::stoi(testing::read_file(pid_file));
    runner.stop();
    EXPECT_EQ(runner.running(), 0u);
    EXPECT_TRUE(not_running(pid));
    runner.run(script("exit 0"), 30s, [&](const ChildOutcome&) { called = true; });
    loop.run_for(300ms);
    EXPECT_FALSE(called);
}

}  // namespace
}  // namespace routerd::vrrp::track
