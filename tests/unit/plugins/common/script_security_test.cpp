// Script security: the rule on path components (pure), the walk over a real path, and the
// refusal of a real script in a directory its group may write.
#include "routerd/common/script_security.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>

#include "test_files.hpp"

namespace routerd::common {
namespace {

using testing::TempDir;

constexpr RunAs kRoot{0, 0};
constexpr RunAs kNobody{65534, 65534};

PathEntry dir(std::string path, mode_t mode, uid_t owner = 0, gid_t group = 0) {
    return {std::move(path), owner, group, static_cast<mode_t>(S_IFDIR | mode)};
}
PathEntry file(std::string path, mode_t mode, uid_t owner = 0, gid_t group = 0) {
    return {std::move(path), owner, group, static_cast<mode_t>(S_IFREG | mode)};
}

std::optional<std::string> verdict(std::vector<PathEntry> entries) {
    return unsafe_entry(entries);
}

TEST(ScriptSecurityRule, RootOwnedAndOnlyRootWritableIsSafe) {
    EXPECT_EQ(verdict({dir("/", 0755), dir("/etc", 0755), file("/etc/check.sh", 0755)}),
              std::nullopt);
    // Group write by root's own group changes nothing: only root is in it.
    EXPECT_EQ(verdict({dir("/", 0775), file("/check.sh", 0775)}), std::nullopt);
}

TEST(ScriptSecurityRule, AFileOrDirectoryOwnedByAnotherUserIsUnsafe) {
    EXPECT_EQ(verdict({dir("/", 0755), file("/check.sh", 0755, 1000)}),
              "/check.sh is owned by uid 1000");
    EXPECT_EQ(verdict({dir("/", 0755), dir("/home/u", 0700, 1000), file("/home/u/c", 0755)}),
              "/home/u is owned by uid 1000");
}

TEST(ScriptSecurityRule, WritableByANonRootGroupOrByOthersIsUnsafe) {
    EXPECT_EQ(verdict({dir("/", 0755), dir("/srv", 0775, 0, 1000), file("/srv/c", 0755)}),
              "/srv is writable by group 1000 (mode 0775)");
    EXPECT_EQ(verdict({dir("/", 0755), file("/c", 0757)}), "/c is writable by others (mode 0757)");
    EXPECT_EQ(verdict({dir("/", 0755), file("/c", 0775, 0, 50)}),
              "/c is writable by group 50 (mode 0775)");
    EXPECT_EQ(verdict({dir("/", 0757), file("/c", 0755)}), "/ is writable by others (mode 0757)");
}

TEST(ScriptSecurityRule, AStickyDirectoryProtectsRootsFiles) {
    // /tmp: anyone may create files, nobody but their owner may replace them.
    EXPECT_EQ(verdict({dir("/", 0755), dir("/tmp", 01777), file("/tmp/c", 0755)}), std::nullopt);
    // ... but a file there that others may write is still unsafe.
    EXPECT_EQ(verdict({dir("/", 0755), dir("/tmp", 01777), file("/tmp/c", 0777)}),
              "/tmp/c is writable by others (mode 0777)");
}

TEST(ScriptSecurityRule, ALinkIsJudgedByItsDirectoryAndTarget) {
    const PathEntry link{"/usr/local/bin/c", 1000, 1000, static_cast<mode_t>(S_IFLNK | 0777)};
    EXPECT_EQ(verdict({dir("/", 0755), link, file("/opt/c", 0755)}), std::nullopt);
}

TEST(ScriptSecurityRule, OnlyFilesAndDirectoriesAreScripts) {
    const PathEntry fifo{"/run/c", 0, 0, static_cast<mode_t>(S_IFIFO | 0600)};
    EXPECT_EQ(verdict({dir("/", 0755), fifo}), "/run/c is not a regular file or directory");
}

TEST(ScriptSecurityRule, AppliesToRootAndToSetIdFiles) {
    EXPECT_TRUE(needs_script_security(kRoot, S_IFREG | 0755));
    EXPECT_TRUE(needs_script_security(RunAs{65534, 0}, S_IFREG | 0755));
    EXPECT_TRUE(needs_script_security(RunAs{0, 65534}, S_IFREG | 0755));
    EXPECT_FALSE(needs_script_security(kNobody, S_IFREG | 0755));
    EXPECT_TRUE(needs_script_security(kNobody, S_IFREG | S_ISUID | 0755));
    EXPECT_TRUE(needs_script_security(kNobody, S_IFREG | S_ISGID | 0755));
}

// A real directory tree under a root-owned, root-only temporary directory.
class ScriptSecurityFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root to own the files";
        ::chmod(dir_.path().c_str(), 0755);
        ::mkdir(scripts().c_str(), 0755);
        std::ofstream(script()) << "#!/bin/sh\nexit 0\n";
        ::chmod(script().c_str(), 0755);
    }
    std::string scripts() const { return dir_ / "scripts"; }
    std::string script() const { return dir_ / "scripts/check.sh"; }
    TempDir dir_;
};

TEST_F(ScriptSecurityFiles, WalksEveryComponentAsWrittenAndResolved) {
    ::symlink(script().c_str(), (dir_ / "link").c_str());
    const std::vector<PathEntry> entries = script_path_entries(dir_ / "link");
    ASSERT_GE(entries.size(), 4u);
    EXPECT_EQ(entries.front().path, "/");
    bool link = false, target = false;
    for (const PathEntry& e : entries) {
        link = link || (e.path == dir_ / "link" && S_ISLNK(e.mode));
        target = target || (e.path == script() && S_ISREG(e.mode));
    }
    EXPECT_TRUE(link);
    EXPECT_TRUE(target);
}

TEST_F(ScriptSecurityFiles, AGroupWritableDirectoryIsRefusedForRootOnly) {
    EXPECT_EQ(script_security_refusal(script(), kRoot), std::nullopt);
    ASSERT_EQ(::chown(scripts().c_str(), 0, 65534), 0);
    ASSERT_EQ(::chmod(scripts().c_str(), 0775), 0);
    EXPECT_EQ(script_security_refusal(script(), kRoot),
              scripts() + " is writable by group 65534 (mode 0775)");
    EXPECT_EQ(script_security_refusal(script(), kNobody), std::nullopt);
}

TEST_F(ScriptSecurityFiles, ALinkInAWritableDirectoryIsRefusedThoughItsTargetIsSafe) {
    ::mkdir((dir_ / "open").c_str(), 0777);
    ::chmod((dir_ / "open").c_str(), 0777);
    ::symlink(script().c_str(), (dir_ / "open/link").c_str());
    EXPECT_EQ(script_security_refusal(dir_ / "open/link", kRoot),
              dir_ / "open" + " is writable by others (mode 0777)");
}

TEST_F(ScriptSecurityFiles, AMissingScriptIsRefusedWithTheReason) {
    EXPECT_EQ(script_security_refusal(dir_ / "nothing", kRoot),
              dir_ / "nothing" + ": No such file or directory");
}

}  // namespace
}  // namespace routerd::common
