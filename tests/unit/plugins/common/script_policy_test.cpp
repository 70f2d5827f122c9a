// Who a script runs as ([global] script_user, its own user, keepalived_script, routerd) and
// the configuration-time check of enable_script_security.
#include "routerd/common/script_policy.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "test_files.hpp"

namespace routerd::common {
namespace {

constexpr RunAs kNobody{65534, 65534};

// keepalived_script's identity on this system, or nullopt when it has no such user.
std::optional<RunAs> keepalived_script() {
    try {
        return resolve_run_as(kDefaultScriptUser);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

TEST(ScriptPolicy, ScriptUserIsUserAndOptionalGroup) {
    EXPECT_EQ(script_policy("nobody", false).user, kNobody);
    EXPECT_EQ(script_policy("nobody root", true).user, (RunAs{65534, 0}));
    EXPECT_TRUE(script_policy("nobody", true).security);
    EXPECT_THROW(script_policy("no-such-user-here", false), std::invalid_argument);
}

TEST(ScriptPolicy, WithoutScriptUserItIsKeepalivedScriptIfItExistsElseRouterdItself) {
    const ScriptPolicy policy = script_policy(std::nullopt, false);
    EXPECT_EQ(policy.user, std::nullopt);  // looked up when a script asks, not before
    EXPECT_EQ(default_script_user(), keepalived_script());
    EXPECT_EQ(script_run_as(std::nullopt, policy), keepalived_script());
    EXPECT_EQ(script_run_as(kNobody, policy), kNobody);
}

TEST(ScriptPolicy, AScriptsOwnUserWinsOverTheGlobalOne) {
    const ScriptPolicy policy{RunAs{1, 1}, false};
    EXPECT_EQ(script_run_as(kNobody, policy), kNobody);
    EXPECT_EQ(script_run_as(std::nullopt, policy), (RunAs{1, 1}));
    EXPECT_EQ(script_run_as(std::nullopt, ScriptPolicy{}), keepalived_script());
}

TEST(ScriptPolicy, AnotherUserIsOneThatIsNotRouterdsOwnIdentity) {
    EXPECT_FALSE(runs_as_another_user(std::nullopt));
    EXPECT_FALSE(runs_as_another_user(own_identity()));
    EXPECT_TRUE(runs_as_another_user(RunAs{own_identity().uid + 1, own_identity().gid}));
    EXPECT_TRUE(runs_as_another_user(RunAs{own_identity().uid, own_identity().gid + 1}));
}

TEST(ScriptPolicy, TheConfigurationCheckGivesTheReason) {
    if (::geteuid() != 0) GTEST_SKIP() << "the rule is about scripts that run as root";
    testing::TempDir dir;  // mode 0777 in /tmp
    const std::string script = dir / "check.sh";
    std::ofstream(script) << "#!/bin/sh\n";
    ::chmod(script.c_str(), 0755);
    try {
        check_script_security(script, std::nullopt);
        ADD_FAILURE() << "accepted a root script in a directory anyone may write";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), "refused by enable_script_security: " + dir.path() +
                                             " is writable by others (mode 0777)");
    }
    EXPECT_NO_THROW(check_script_security(script, kNobody));
    EXPECT_NO_THROW(check_script_security("/bin/true", std::nullopt));
}

}  // namespace
}  // namespace routerd::common
