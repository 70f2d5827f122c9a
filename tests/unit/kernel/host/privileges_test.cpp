// What plugins declare their configuration needs, and the refusal of a reload that needs a
// capability routerd gave up, against the key that needs it.
#include "host/privileges.hpp"

#include <gtest/gtest.h>

#include "config/document.hpp"

namespace routerd {
namespace {

TEST(Privileges, APassCollectsWhatItsPluginsDeclared) {
    Privileges privileges;
    privileges.begin_pass();
    EXPECT_TRUE(privileges.require(nullptr, ROUTERD_PRIVILEGE_RUN_AS_USER));
    EXPECT_EQ(privileges.needed(), PrivilegeSet{ROUTERD_PRIVILEGE_RUN_AS_USER});
    privileges.begin_pass();
    EXPECT_EQ(privileges.needed(), PrivilegeSet{});
}

TEST(Privileges, OnceGivenUpANeedIsAnErrorOnItsKey) {
    const auto document =
        ConfigDocument::parse("[checks.c]\ntype = \"misc\"\nmisc_path = \"/x\"\n", "routerd.toml");
    const ConfigNode& node =
        document->get(document->get(document->get(document->root(), "checks"), "c"), "misc_path");
    Privileges privileges;
    privileges.give_up_all_but({ROUTERD_PRIVILEGE_BIND_LOW_PORT});
    privileges.begin_pass();
    EXPECT_TRUE(privileges.require(&node, ROUTERD_PRIVILEGE_BIND_LOW_PORT));
    EXPECT_TRUE(document->diagnostics().empty());
    EXPECT_FALSE(privileges.require(&node, ROUTERD_PRIVILEGE_RUN_AS_USER));
    EXPECT_EQ(document->diagnostics().to_string(),
              "routerd.toml:3:13: checks.c.misc_path: needs CAP_SETUID, CAP_SETGID and CAP_KILL "
              "(to run scripts as another user), which routerd gave up when it started: restart "
              "routerd to use it\n");
}

}  // namespace
}  // namespace routerd
