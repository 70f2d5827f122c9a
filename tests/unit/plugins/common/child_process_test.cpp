// The runner with real programs: real forks, real exits, real signals.
#include "routerd/common/child_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "routerd/common/pidfd.hpp"
#include "test_files.hpp"

namespace routerd::common {
namespace {

using namespace std::chrono_literals;
using testing::read_file;
using testing::TempDir;

ChildSpec program(std::vector<std::string> argv) {
    ChildSpec spec;
    spec.argv = std::move(argv);
    spec.timeout = 30s;
    return spec;
}

ChildSpec shell(const std::string& line) {
    return program({"/bin/sh", "-c", line});
}

std::set<std::string> lines_of(const std::string& text) {
    std::set<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.insert(line);
    return lines;
}

// Blocks until the process behind `pidfd` has exited. The limit only keeps a broken test
// from hanging; nothing depends on how long it took.
bool exits(int pidfd) {
    pollfd fd{pidfd, POLLIN, 0};
    return ::poll(&fd, 1, 30'000) == 1;
}

TEST(Child, ReportsExitStatuses) {
    EXPECT_EQ(Child::spawn(program({"/bin/true"})).wait(), ChildOutcome::exited_with(0));
    ChildOutcome failed = Child::spawn(program({"/bin/false"})).wait();
    EXPECT_EQ(failed, ChildOutcome::exited_with(1));
    EXPECT_FALSE(failed.success());
    EXPECT_EQ(failed.describe(), "exit status 1");
}

TEST(Child, ReportsTheSignalThatKilledIt) {
    ChildOutcome killed = Child::spawn(shell("kill -9 $$")).wait();
    EXPECT_EQ(killed, ChildOutcome::killed_by(9));
    EXPECT_EQ(killed.describe(), "killed by signal 9");
}

TEST(Child, PassesArgumentsAsTheyAre) {
    EXPECT_TRUE(Child::spawn(program({"/bin/sh", "-c", "[ \"$0\" = 'a b' ] && [ \"$1\" = '$c' ]",
                                      "a b", "$c"}))
                    .wait()
                    .success());
}

TEST(Child, AMissingProgramIsAnExecErrorNotExitStatus127) {
    try {
        Child::spawn(program({"/nonexistent/program", "x"}));
        ADD_FAILURE() << "spawned a program that does not exist";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_STREQ(e.what(), "could not exec /nonexistent/program: No such file or directory");
        ChildOutcome outcome = ChildOutcome::not_started_because(e);
        EXPECT_EQ(outcome.kind, ChildOutcome::Kind::not_started);
        EXPECT_EQ(outcome.value, ENOENT);
        EXPECT_EQ(outcome.describe(),
                  "not started: could not exec /nonexistent/program: No such file or directory");
    }
    // A program that itself exits 127 is just that.
    EXPECT_EQ(Child::spawn(shell("exit 127")).wait(), ChildOutcome::exited_with(127));
}

TEST(Child, ANonExecutableFileIsAnExecError) {
    TempDir dir;
    std::ofstream(dir / "plain") << "not a program\n";
    try {
        Child::spawn(program({dir / "plain"}));
        ADD_FAILURE() << "spawned a file that is not executable";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EACCES);
    }
}

TEST(Child, TheChildInheritsNoDescriptorsAndHasDevNullOnItsStandardOnes) {
    TempDir dir;
    const int leaked = ::open("/dev/null", O_RDONLY);  // deliberately not close-on-exec
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    ASSERT_GE(leaked, 3);
    // ls lists its own descriptors: 0, 1 (the output file), 2, and the one it reads the
    // directory through. Anything else came from the parent.
    ChildOutcome listed = Child::spawn(shell("exec ls /proc/self/fd > " + dir / "fds")).wait();
    ChildOutcome standard =
        Child::spawn(shell("readlink /proc/self/fd/0 /proc/self/fd/2 > " + dir / "std")).wait();
    ::close(leaked);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ASSERT_TRUE(listed.success()) << listed.describe();
    EXPECT_EQ(lines_of(read_file(dir / "fds")), (std::set<std::string>{"0", "1", "2", "3"}));
    ASSERT_TRUE(standard.success()) << standard.describe();
    EXPECT_EQ(read_file(dir / "std"), "/dev/null\n/dev/null\n");
}

TEST(Child, GetsTheCallersDescriptorsAsStdinAndStdoutAndNothingElse) {
    int to_child[2];
    int from_child[2];
    ASSERT_EQ(::pipe2(to_child, O_CLOEXEC), 0);
    ASSERT_EQ(::pipe2(from_child, O_CLOEXEC), 0);
    // The child echoes what it reads, then lists its descriptors: the caller's pipes must be
    // 0 and 1 only, not also left open above 2.
    ChildSpec spec = shell("read -r line; echo \"got $line\"; ls /proc/self/fd | tr '\\n' ' '");
    spec.stdin_fd = to_child[0];
    spec.stdout_fd = from_child[1];
    Child child = Child::spawn(spec);
    ::close(to_child[0]);
    ::close(from_child[1]);
    ASSERT_EQ(::write(to_child[1], "hello\n", 6), 6);
    ::close(to_child[1]);
    std::string out;
    char buffer[256];
    for (ssize_t n; (n = ::read(from_child[0], buffer, sizeof buffer)) > 0;)
        out.append(buffer, static_cast<std::size_t>(n));
    ::close(from_child[0]);
    ASSERT_TRUE(child.wait().success());
    EXPECT_EQ(out, "got hello\n0 1 2 3 ");  // 3: the directory ls reads
}

TEST(Child, CallersDescriptorsAmongTheStandardOnesAreNotOverwritten) {
    // A caller whose descriptor is 0, 1 or 2 itself (a daemon that closed its standard ones):
    // the child must still get that descriptor, not /dev/null.
    int saved_stdin = ::dup(0);
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    ASSERT_EQ(::dup2(p[1], 0), 0);  // the write end of the pipe now sits on descriptor 0
    ChildSpec spec = shell("echo through");
    spec.stdout_fd = 0;
    Child child = Child::spawn(spec);
    ::dup2(saved_stdin, 0);
    ::close(saved_stdin);
    ::close(p[1]);
    ASSERT_TRUE(child.wait().success());
    char buffer[64] = {};
    EXPECT_EQ(::read(p[0], buffer, sizeof buffer - 1), 8);
    EXPECT_STREQ(buffer, "through\n");
    ::close(p[0]);
}

TEST(Child, TheEnvironmentIsOnlyWhatTheCallerGives) {
    TempDir dir;
    ::setenv("ROUTERD_DAEMON_SECRET", "leak", 1);
    ChildSpec spec = program({"/usr/bin/env"});
    spec.argv = {"/bin/sh", "-c", "exec /usr/bin/env > " + dir / "env"};
    spec.env = child_environment({"ROUTERD_INSTANCE=VI_1"});
    ChildOutcome outcome = Child::spawn(spec).wait();
    ::unsetenv("ROUTERD_DAEMON_SECRET");
    ASSERT_TRUE(outcome.success()) << outcome.describe();
    std::set<std::string> env = lines_of(read_file(dir / "env"));
    env.erase(std::string("PWD=") + std::filesystem::current_path().string());  // sh's own
    EXPECT_EQ(env, (std::set<std::string>{"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                                          "ROUTERD_INSTANCE=VI_1"}));
}

TEST(Child, StartsWithNoBlockedOrIgnoredSignals) {
    // Daemons block signals in their threads and ignore some; exec keeps both the mask and
    // SIG_IGN. awk is exec'd directly, so /proc/self is the child exactly as spawn left it.
    sigset_t term, previous_mask;
    ::sigemptyset(&term);
    ::sigaddset(&term, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &term, &previous_mask);
    auto previous_pipe = ::signal(SIGPIPE, SIG_IGN);
    ChildOutcome checked =
        Child::spawn(program({"/usr/bin/awk",
                              "/^Sig(Blk|Ign):/ { if ($2 !~ /^0+$/) bad = 1 } END { exit bad }",
                              "/proc/self/status"}))
            .wait();
    ::signal(SIGPIPE, previous_pipe);
    ::pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    EXPECT_TRUE(checked.success()) << checked.describe();
}

TEST(Child, LeadsItsOwnProcessGroup) {
    Child child = Child::spawn(program({"/bin/sleep", "1000"}));
    EXPECT_EQ(::getpgid(child.pid()), child.pid());
    EXPECT_NE(::getpgid(child.pid()), ::getpgid(0));
}

TEST(Child, IsWatchedThroughItsPidfd) {
    Child child = Child::spawn(program({"/bin/sleep", "1000"}));
    EXPECT_EQ(child.try_reap(), std::nullopt);
    const int watched = child.open_watch_pidfd();
    EXPECT_NE(watched, child.pidfd());
    EXPECT_EQ(::fcntl(watched, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    ::fcntl(watched, F_SETFL, O_NONBLOCK);  // as an event loop does: the Child's stays blocking
    EXPECT_EQ(::fcntl(child.pidfd(), F_GETFL) & O_NONBLOCK, 0);
    ::kill(child.pid(), SIGKILL);
    EXPECT_TRUE(exits(watched));
    ::close(watched);
    EXPECT_EQ(child.try_reap(), ChildOutcome::killed_by(SIGKILL));
    EXPECT_TRUE(child.reaped());
    EXPECT_EQ(child.try_reap(), std::nullopt);
}

TEST(Child, ADeadlineSendsSigtermToTheGroup) {
    ChildSpec spec = program({"/bin/sleep", "1000"});
    spec.timeout = 200ms;
    spec.kill_grace = 5s;
    Child child = Child::spawn(spec);
    EXPECT_EQ(child.timeout(), 200ms);
    EXPECT_EQ(child.on_deadline(), 5s);  // SIGTERM; SIGKILL would follow after the grace
    ChildOutcome late = child.wait();
    EXPECT_EQ(late, ChildOutcome::timed_out_after(200ms));
    EXPECT_EQ(late.describe(), "timed out after 200 ms");
    EXPECT_EQ(child.on_deadline(), std::nullopt);  // reaped: nothing more to send
}

TEST(Child, OneThatIgnoresSigtermGetsSigkillWithEverythingItStarted) {
    TempDir dir;
    const std::string fifo = dir / "grandchild";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    ChildSpec spec = shell("trap '' TERM; sleep 1000 & echo $! > " + fifo + "; wait");
    spec.timeout = 100ms;
    spec.kill_grace = 100ms;
    Child child = Child::spawn(spec);
    std::string pid_text;
    std::ifstream(fifo) >> pid_text;  // blocks until the script has started its sleep
    const pid_t grandchild = std::stoi(pid_text);
    const int grandchild_fd = open_pidfd(grandchild);
    ASSERT_GE(grandchild_fd, 0);
    EXPECT_EQ(::getpgid(grandchild), child.pid());

    EXPECT_EQ(child.on_deadline(), 100ms);
    // An ignored signal is discarded when sent: both are certainly still there.
    EXPECT_EQ(child.try_reap(), std::nullopt);
    pollfd fd{grandchild_fd, POLLIN, 0};
    EXPECT_EQ(::poll(&fd, 1, 0), 0);

    EXPECT_EQ(child.on_deadline(), std::nullopt);  // SIGKILL
    EXPECT_EQ(child.wait(), ChildOutcome::timed_out_after(100ms));
    EXPECT_TRUE(exits(grandchild_fd));
    ::close(grandchild_fd);
}

TEST(Child, ATimedOutLeaderTakesItsGroupWithIt) {
    // The script dies of SIGTERM at once, but what it started ignores SIGTERM: reaping the
    // timed-out leader kills the rest of its group.
    TempDir dir;
    const std::string fifo = dir / "grandchild";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    Child child = Child::spawn(shell("(trap '' TERM; exec sleep 1000) & echo $! > " + fifo +
                                     "; while :; do sleep 1; done"));
    std::string pid_text;
    std::ifstream(fifo) >> pid_text;
    const int grandchild_fd = open_pidfd(std::stoi(pid_text));
    ASSERT_GE(grandchild_fd, 0);
    ASSERT_TRUE(child.on_deadline().has_value());
    EXPECT_EQ(child.wait().kind, ChildOutcome::Kind::timed_out);
    EXPECT_TRUE(exits(grandchild_fd));
    ::close(grandchild_fd);
}

TEST(Child, OneStillRunningWhenDestroyedIsKilledAndReaped) {
    int watched = -1;
    pid_t pid = -1;
    {
        Child child = Child::spawn(program({"/bin/sleep", "1000"}));
        watched = child.open_watch_pidfd();
        pid = child.pid();
    }
    pollfd fd{watched, POLLIN, 0};
    EXPECT_EQ(::poll(&fd, 1, 0), 1);  // exited before the destructor returned
    siginfo_t info{};
    EXPECT_EQ(::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);  // and reaped
    ::close(watched);
}

TEST(Child, MovingKeepsOneOwner) {
    Child first = Child::spawn(program({"/bin/true"}));
    const pid_t pid = first.pid();
    Child second = std::move(first);
    EXPECT_TRUE(first.reaped());  // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(second.pid(), pid);
    EXPECT_TRUE(second.wait().success());
}

TEST(Child, RunsAsTheGivenUser) {
    if (::getuid() != 0) GTEST_SKIP() << "changing identity needs root";
    TempDir dir;
    ChildSpec spec =
        shell("id -u > " + dir / "id" + "; id -g >> " + dir / "id" + "; id -G >> " + dir / "id");
    spec.run_as = RunAs{65534, 65534};
    ChildOutcome outcome = Child::spawn(spec).wait();
    ASSERT_TRUE(outcome.success()) << outcome.describe();
    EXPECT_EQ(read_file(dir / "id"), "65534\n65534\n65534\n");  // no supplementary groups
}

TEST(Child, AnIdentityThatCannotBeTakenIsReported) {
    if (::getuid() == 0) GTEST_SKIP() << "root can become anyone";
    ChildSpec spec = program({"/bin/true"});
    spec.run_as = RunAs{0, 0};
    try {
        Child::spawn(spec);
        ADD_FAILURE() << "became root";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EPERM);
        EXPECT_STREQ(e.what(), "could not run /bin/true as uid 0 gid 0: Operation not permitted");
    }
}

// enable_script_security at run time: the script's directory became writable by a non-root
// group after the configuration was read; the runner refuses to start it, with the reason.
TEST(Child, ScriptSecurityRefusesARootScriptInAGroupWritableDirectory) {
    if (::getuid() != 0) GTEST_SKIP() << "the rule is about scripts that run as root";
    TempDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    const std::string scripts = dir / "scripts";
    ASSERT_EQ(::mkdir(scripts.c_str(), 0755), 0);
    const std::string out = dir / "out";  // where the script leaves its mark, for anyone
    ASSERT_EQ(::mkdir(out.c_str(), 0777), 0);
    ASSERT_EQ(::chmod(out.c_str(), 0777), 0);
    const std::string ran = dir / "out/ran";
    const std::string script = dir / "scripts/ran.sh";
    std::ofstream(script) << "#!/bin/sh\ntouch " << ran << "\n";
    ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
    ChildSpec spec = program({script});
    spec.script_security = true;
    EXPECT_TRUE(Child::spawn(spec).wait().success());  // safe: it runs
    ASSERT_EQ(::unlink(ran.c_str()), 0);

    ASSERT_EQ(::chown(scripts.c_str(), 0, 65534), 0);
    ASSERT_EQ(::chmod(scripts.c_str(), 0775), 0);
    try {
        Child::spawn(spec);
        ADD_FAILURE() << "ran a root script from a group-writable directory";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EPERM);
        EXPECT_EQ(std::string(e.what()), "enable_script_security refuses " + script + ": " +
                                             scripts +
                                             " is writable by group 65534 (mode 0775): "
                                             "Operation not permitted");
    }
    EXPECT_FALSE(std::filesystem::exists(ran));
    // The same script as a non-root user: the rule does not apply.
    spec.run_as = RunAs{65534, 65534};
    EXPECT_TRUE(Child::spawn(spec).wait().success());
    // Without script security it runs as root as before.
    spec.run_as.reset();
    spec.script_security = false;
    EXPECT_TRUE(Child::spawn(spec).wait().success());
}

// A shell line is judged by the script it starts, not by /bin/sh.
TEST(Child, ScriptSecurityOfAShellLineLooksAtItsScript) {
    if (::getuid() != 0) GTEST_SKIP() << "the rule is about scripts that run as root";
    TempDir dir;  // mode 0777: writable by others
    const std::string script = dir / "notify.sh";
    std::ofstream(script) << "#!/bin/sh\nexit 0\n";
    ::chmod(script.c_str(), 0755);
    ChildSpec spec = shell(script + " up");
    spec.script_security = true;
    spec.secured_program = script;
    EXPECT_THROW(Child::spawn(spec), std::system_error);
    spec.secured_program.clear();  // /bin/sh itself is safe
    EXPECT_TRUE(Child::spawn(spec).wait().success());
}

TEST(ChildEnvironment, IsAFixedPathPlusTheCallersVariables) {
    EXPECT_EQ(child_environment(), std::vector<std::string>{kChildPath});
    EXPECT_EQ(child_environment({"A=1"}), (std::vector<std::string>{kChildPath, "A=1"}));
}

}  // namespace
}  // namespace routerd::common
