// [global] startup_script, shutdown_script and their _user and _timeout keys
// (plugins/lifecycle-scripts/settings.cpp), with keepalived.conf(5)'s ranges and defaults.
#include "settings.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "config/document.hpp"
#include "host/plugin_host.hpp"

namespace routerd::lifecycle_scripts {
namespace {

using std::chrono::seconds;

struct Parsed {
    std::unique_ptr<ConfigDocument> document;
    std::optional<LifecycleScripts> scripts;
    std::vector<std::string> errors;
};

Parsed parse(const std::string& text, const common::ScriptPolicy& policy = {}) {
    Parsed p;
    p.document = ConfigDocument::parse(text, "routerd.toml");
    const sdk::Config root(nullptr, &host_api(), p.document->root().as_c());
    p.scripts = read_lifecycle_scripts(root["global"], policy);
    for (const auto& d : p.document->diagnostics().all())
        p.errors.push_back(d.to_string());
    return p;
}

TEST(LifecycleScriptsSettings, NoneConfiguredRunsNone) {
    const Parsed p = parse("[global]\nrouter_id = \"r1\"\n");
    ASSERT_TRUE(p.scripts) << testing::PrintToString(p.errors);
    EXPECT_EQ(*p.scripts, LifecycleScripts{});
    const Parsed empty = parse("");
    ASSERT_TRUE(empty.scripts) << testing::PrintToString(empty.errors);
    EXPECT_FALSE(empty.scripts->startup);
}

TEST(LifecycleScriptsSettings, BothScriptsWithTheirUsersAndTimeouts) {
    const Parsed p = parse(R"([global]
startup_script = "/bin/true 'first arg' second"
startup_script_user = "nobody"
startup_script_timeout = "30s"
shutdown_script = "/bin/false"
)");
    ASSERT_TRUE(p.scripts) << testing::PrintToString(p.errors);
    ASSERT_TRUE(p.scripts->startup);
    EXPECT_EQ(p.scripts->startup->argv,
              (std::vector<std::string>{"/bin/true", "first arg", "second"}));
    EXPECT_EQ(p.scripts->startup->line, "/bin/true 'first arg' second");
    EXPECT_EQ(p.scripts->startup->run_as, common::resolve_run_as("nobody"));
    EXPECT_EQ(p.scripts->startup->timeout, seconds(30));
    ASSERT_TRUE(p.scripts->shutdown);
    EXPECT_EQ(p.scripts->shutdown->argv, (std::vector<std::string>{"/bin/false"}));
    EXPECT_EQ(p.scripts->shutdown->timeout, seconds(10));  // Keepalived's default
}

TEST(LifecycleScriptsSettings, WithoutAUserOfItsOwnAScriptRunsAsScriptUser) {
    common::ScriptPolicy policy;
    policy.user = common::resolve_run_as("nobody");
    const Parsed p = parse("[global]\nshutdown_script = \"/bin/true\"\n", policy);
    ASSERT_TRUE(p.scripts && p.scripts->shutdown) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.scripts->shutdown->run_as, policy.user);
}

TEST(LifecycleScriptsSettings, TimeoutsAreWholeSecondsFromOneToAThousand) {
    const Parsed edges = parse(R"([global]
startup_script = "/bin/true"
startup_script_timeout = "1s"
shutdown_script = "/bin/true"
shutdown_script_timeout = "1000s"
)");
    ASSERT_TRUE(edges.scripts) << testing::PrintToString(edges.errors);
    EXPECT_EQ(edges.scripts->startup->timeout, seconds(1));
    EXPECT_EQ(edges.scripts->shutdown->timeout, seconds(1000));
    const Parsed p = parse(R"([global]
startup_script = "/bin/true"
startup_script_timeout = "1500ms"
shutdown_script = "/bin/true"
shutdown_script_timeout = "1001s"
)");
    EXPECT_FALSE(p.scripts);
    EXPECT_EQ(p.errors,
              (std::vector<std::string>{
                  "routerd.toml:3:26: global.startup_script_timeout: must be whole seconds "
                  "from 1s to 1000s",
                  "routerd.toml:5:27: global.shutdown_script_timeout: must be whole seconds "
                  "from 1s to 1000s"}));
}

TEST(LifecycleScriptsSettings, MistakesAreReportedAgainstTheirKeys) {
    const Parsed p = parse(R"([global]
startup_script = "/no/such/program --now"
shutdown_script = "/bin/true"
shutdown_script_user = "no-such-user-here"
)");
    EXPECT_FALSE(p.scripts);
    ASSERT_EQ(p.errors.size(), 2u) << testing::PrintToString(p.errors);
    EXPECT_EQ(p.errors[0].rfind("routerd.toml:2:18: global.startup_script: ", 0), 0u)
        << p.errors[0];
    EXPECT_EQ(p.errors[1].rfind("routerd.toml:4:24: global.shutdown_script_user: ", 0), 0u)
        << p.errors[1];
    EXPECT_NE(p.errors[1].find("no-such-user-here"), std::string::npos) << p.errors[1];
}

TEST(LifecycleScriptsSettings, AUserOrTimeoutWithoutItsScriptIsAMistake) {
    const Parsed p = parse(R"([global]
startup_script_user = "nobody"
shutdown_script_timeout = "5s"
)");
    EXPECT_FALSE(p.scripts);
    EXPECT_EQ(p.errors,
              (std::vector<std::string>{"routerd.toml:2:23: global.startup_script_user: has no "
                                        "startup_script to apply to",
                                        "routerd.toml:3:27: global.shutdown_script_timeout: has no "
                                        "shutdown_script to apply to"}));
}

TEST(LifecycleScriptsSettings, ScriptSecurityRefusesARootScriptOthersMayChange) {
    if (::geteuid() != 0) GTEST_SKIP() << "the script must run as root: needs root's files";
    char folder[] = "/tmp/lifecycle-XXXXXX";
    ASSERT_NE(::mkdtemp(folder), nullptr);
    ASSERT_EQ(::chmod(folder, 0777), 0);  // without the sticky bit
    const std::string script = std::string(folder) + "/up.sh";
    FILE* f = std::fopen(script.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("#!/bin/sh\n", f);
    std::fclose(f);
    ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
    common::ScriptPolicy policy;
    policy.security = true;
    const Parsed p = parse("[global]\nstartup_script = \"" + script + "\"\n", policy);
    ::unlink(script.c_str());
    ::rmdir(folder);
    EXPECT_FALSE(p.scripts);
    ASSERT_EQ(p.errors.size(), 1u);
    EXPECT_EQ(p.errors[0].rfind("routerd.toml:2:18: global.startup_script: refused by "
                                "enable_script_security: " +
                                    std::string(folder),
                                0),
              0u)
        << p.errors[0];
}

}  // namespace
}  // namespace routerd::lifecycle_scripts
