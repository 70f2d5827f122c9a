#include <gtest/gtest.h>

#include <stdexcept>

#include "process_match.hpp"

namespace routerd::vrrp::track {
namespace {

using Args = std::vector<std::string>;

ProcessInfo proc(std::string comm, Args cmdline = {}, bool zombie = false, pid_t pid = 1) {
    return ProcessInfo{pid, std::move(comm), std::move(cmdline), zombie};
}

ProcessMatch named(std::string process) {
    ProcessMatch match;
    match.process = std::move(process);
    return match;
}

ProcessMatch by_params(Args params, ParamMatch how) {
    return ProcessMatch{"/usr/sbin/sshd", std::move(params), how, false};
}

TEST(ProcessMatch, NameIsComparedExactlyWithComm) {
    ProcessMatch sshd = named("sshd");
    EXPECT_TRUE(matches(sshd, proc("sshd", {"/usr/sbin/sshd", "-D"})));
    EXPECT_FALSE(matches(sshd, proc("ssh")));
    EXPECT_FALSE(matches(sshd, proc("sshd2")));
    EXPECT_FALSE(matches(named("ssh"), proc("sshd"))) << "not pgrep's substring match";
    EXPECT_FALSE(sshd.needs_cmdline());
}

TEST(ProcessMatch, ZombiesNeverCount) {
    EXPECT_FALSE(matches(named("sshd"), proc("sshd", {}, true)));
    EXPECT_FALSE(
        matches(by_params({}, ParamMatch::partial), proc("sshd", {"/usr/sbin/sshd"}, true)));
}

TEST(ProcessMatch, FullCommandComparesArgv0AndIgnoresParameters) {
    ProcessMatch full{"/usr/sbin/sshd", std::nullopt, ParamMatch::exact, true};
    EXPECT_TRUE(full.needs_cmdline());
    EXPECT_TRUE(matches(full, proc("sshd", {"/usr/sbin/sshd", "-D"})));
    EXPECT_FALSE(matches(full, proc("sshd", {"sshd"})));
    EXPECT_FALSE(matches(full, proc("sshd", {})));
}

TEST(ProcessMatch, ExactParametersMeanTheSameListNoMore) {
    auto exact = by_params({"-D", "-p"}, ParamMatch::exact);
    EXPECT_TRUE(matches(exact, proc("sshd", {"/usr/sbin/sshd", "-D", "-p"})));
    EXPECT_FALSE(matches(exact, proc("sshd", {"/usr/sbin/sshd", "-D", "-p", "22"})));
    EXPECT_FALSE(matches(exact, proc("sshd", {"/usr/sbin/sshd", "-D"})));
    EXPECT_FALSE(matches(exact, proc("sshd", {"/usr/sbin/sshd", "-D", "-px"})));
    EXPECT_FALSE(matches(exact, proc("sshd", {"/usr/bin/sshd", "-D", "-p"})));
}

TEST(ProcessMatch, ParamMatchWithoutParametersMeansNoParameters) {
    auto none = by_params({}, ParamMatch::exact);
    EXPECT_TRUE(matches(none, proc("sshd", {"/usr/sbin/sshd"})));
    EXPECT_FALSE(matches(none, proc("sshd", {"/usr/sbin/sshd", "-D"})));
}

TEST(ProcessMatch, PartialAllowsMoreParametersAfterExactOnes) {
    auto partial = by_params({"-D", "-p"}, ParamMatch::partial);
    EXPECT_TRUE(matches(partial, proc("sshd", {"/usr/sbin/sshd", "-D", "-p"})));
    EXPECT_TRUE(matches(partial, proc("sshd", {"/usr/sbin/sshd", "-D", "-p", "22"})));
    EXPECT_FALSE(matches(partial, proc("sshd", {"/usr/sbin/sshd", "-D", "-px"})));
    EXPECT_FALSE(matches(partial, proc("sshd", {"/usr/sbin/sshd", "-D"})));
}

TEST(ProcessMatch, InitialLetsTheLastParameterBeLonger) {
    auto initial = by_params({"-D", "-p"}, ParamMatch::initial);
    EXPECT_TRUE(matches(initial, proc("sshd", {"/usr/sbin/sshd", "-D", "-p"})));
    EXPECT_TRUE(matches(initial, proc("sshd", {"/usr/sbin/sshd", "-D", "-port", "x"})));
    EXPECT_FALSE(matches(initial, proc("sshd", {"/usr/sbin/sshd", "-Dx", "-p"})))
        << "only the last parameter may be longer";
    EXPECT_FALSE(matches(initial, proc("sshd", {"/usr/sbin/sshd", "-D", "-x"})));
    EXPECT_FALSE(matches(initial, proc("sshd", {"/usr/sbin/sshd", "-D"})));
}

TEST(ProcessMatch, ListsThePidsOfMatchesOnly) {
    std::vector<ProcessInfo> table{proc("sshd", {}, false, 10), proc("bash", {}, false, 11),
                                   proc("sshd", {}, false, 12), proc("sshd", {}, true, 13)};
    EXPECT_EQ(matching_pids(named("sshd"), table), (std::vector<pid_t>{10, 12}));
    EXPECT_TRUE(matching_pids(named("nginx"), table).empty());
    EXPECT_TRUE(matching_pids(named("sshd"), {}).empty());
}

// `user`: another user's process of the same name does not stand in for the daemon.
TEST(ProcessMatch, WithAUserOnlyThatUsersProcessesCount) {
    ProcessMatch sshd = named("sshd");
    sshd.uid = 0;
    ProcessInfo roots = proc("sshd", {}, false, 10);
    roots.uid = 0;
    ProcessInfo users = proc("sshd", {}, false, 11);
    users.uid = 1000;
    const ProcessInfo both[] = {roots, users};
    EXPECT_EQ(matching_pids(sshd, both), std::vector<pid_t>{10});
    EXPECT_FALSE(matches(sshd, proc("sshd")));  // uid not read: not known to be root's
    sshd.uid.reset();
    EXPECT_EQ(matching_pids(sshd, both), (std::vector<pid_t>{10, 11}));
}

TEST(ProcessMatch, ValidationNamesTheProblem) {
    EXPECT_THROW(validate(named("")), std::invalid_argument);
    EXPECT_NO_THROW(validate(named("fifteen_chars_x")));
    EXPECT_THROW(validate(named("sixteen_chars_xx")), std::invalid_argument);
    EXPECT_NO_THROW(validate(
        ProcessMatch{"/a/path/longer/than/fifteen", std::nullopt, ParamMatch::exact, true}));
}

}  // namespace
}  // namespace routerd::vrrp::track
