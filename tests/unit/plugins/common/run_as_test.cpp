#include "routerd/common/run_as.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <stdexcept>

namespace routerd::common {
namespace {

TEST(ResolveRunAs, GroupDefaultsToTheUsersOwn) {
    RunAs nobody = resolve_run_as("nobody");
    EXPECT_EQ(nobody.uid, 65534u);
    EXPECT_EQ(nobody.gid, 65534u);
    EXPECT_EQ(resolve_run_as("nobody", "root").gid, 0u);
    EXPECT_EQ(resolve_run_as("nobody", "root").uid, 65534u);
}

TEST(ResolveRunAs, UnknownNamesAreErrors) {
    EXPECT_THROW(resolve_run_as("no-such-user-here"), std::invalid_argument);
    EXPECT_THROW(resolve_run_as("nobody", "no-such-group-here"), std::invalid_argument);
    try {
        resolve_run_as("no-such-user-here");
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "unknown user \"no-such-user-here\"");
    }
    try {
        resolve_run_as("nobody", "no-such-group-here");
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "unknown group \"no-such-group-here\"");
    }
}

TEST(ResolveRunAsWords, UserThenOptionalGroup) {
    EXPECT_EQ(resolve_run_as_words("nobody"), (RunAs{65534, 65534}));
    EXPECT_EQ(resolve_run_as_words("  nobody\troot "), (RunAs{65534, 0}));
    EXPECT_THROW(resolve_run_as_words(""), std::invalid_argument);
    EXPECT_THROW(resolve_run_as_words("nobody root extra"), std::invalid_argument);
    EXPECT_THROW(resolve_run_as_words("nobody no-such-group-here"), std::invalid_argument);
    try {
        resolve_run_as_words("a b c");
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "\"a b c\" is not \"USER\" or \"USER GROUP\"");
    }
}

TEST(OwnIdentity, IsTheEffectiveIds) {
    EXPECT_EQ(own_identity(), (RunAs{::geteuid(), ::getegid()}));
}

}  // namespace
}  // namespace routerd::common
