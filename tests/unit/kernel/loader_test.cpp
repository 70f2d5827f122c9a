// Each refusal of the loader, with real, deliberately broken shared objects built by the test
// build (tests/plugins/).
#include <sys/stat.h>

#include "host_fixture.hpp"
#include "loader/file_safety.hpp"
#include "test_support.hpp"

using routerd::test::HostFixture;
using routerd::test::test_plugin;

namespace {

class Loader : public HostFixture {
  protected:
    std::string refusal_of(const std::string& stem) {
        EXPECT_EQ(registry.load_file(test_plugin(stem)), nullptr);
        EXPECT_FALSE(registry.refusals().empty());
        return registry.refusals().empty() ? "" : registry.refusals().back().to_string();
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// "1.1": an ABI version as the loader writes it.
std::string abi_version(int major, int minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace

TEST_F(Loader, LoadsAGoodPlugin) {
    routerd::PluginHost* plugin = registry.load_file(test_plugin("test_service"));
    ASSERT_NE(plugin, nullptr);
    EXPECT_EQ(plugin->name(), "test-service");
    EXPECT_EQ(plugin->version(), "2.1.0");
    EXPECT_EQ(plugin->kind(), ROUTERD_KIND_SERVICE);
    EXPECT_EQ(registry.find("test-service"), plugin);
    EXPECT_TRUE(registry.refusals().empty());
}

TEST_F(Loader, RefusesFileWithoutEntrySymbol) {
    const std::string why = refusal_of("broken_no_entry");
    EXPECT_TRUE(contains(why, "broken_no_entry.so: has no entry symbol 'routerd_plugin_entry'"))
        << why;
}

TEST_F(Loader, RefusesAnotherAbiMajorBeforeRunningInit) {
    const std::string why = refusal_of("broken_wrong_major");
    EXPECT_TRUE(contains(why, "broken_wrong_major.so: built for plugin ABI " +
                                  abi_version(ROUTERD_ABI_MAJOR + 1, 0) + ", routerd speaks ABI " +
                                  abi_version(ROUTERD_ABI_MAJOR, ROUTERD_ABI_MINOR) +
                                  " (major versions differ"))
        << why;
}

TEST_F(Loader, RefusesANewerMinor) {
    const std::string why = refusal_of("broken_newer_minor");
    EXPECT_TRUE(contains(
        why, "built for plugin ABI " + abi_version(ROUTERD_ABI_MAJOR, ROUTERD_ABI_MINOR + 1) +
                 ", newer than routerd's " + abi_version(ROUTERD_ABI_MAJOR, ROUTERD_ABI_MINOR)))
        << why;
}

TEST_F(Loader, RefusesAFailingInitWithItsReason) {
    const std::string why = refusal_of("broken_init_fails");
    EXPECT_TRUE(contains(why, "init failed: license file /etc/vendor.lic is missing")) << why;
}

TEST_F(Loader, RefusesAnInitThatRegistersNothing) {
    const std::string why = refusal_of("broken_registers_nothing");
    EXPECT_TRUE(contains(why, "init registered nothing")) << why;
}

TEST_F(Loader, RefusesATableLargerThanTheHostKnows) {
    const std::string why = refusal_of("broken_oversized_table");
    EXPECT_TRUE(contains(why, "its service table is " +
                                  std::to_string(sizeof(routerd_service_api_t) + sizeof(void*)) +
                                  " bytes, larger than the " +
                                  std::to_string(sizeof(routerd_service_api_t)) + " routerd knows"))
        << why;
}

TEST_F(Loader, RefusesADuplicateName) {
    ASSERT_NE(registry.load_file(test_plugin("test_service")), nullptr);
    const std::string why = refusal_of("test_service_copy");
    EXPECT_TRUE(contains(why, "duplicate plugin name 'test-service' (already loaded from")) << why;
    EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST_F(Loader, RefusesFilesWritableByOthers) {
    const auto copy = dir / "test_service.so";
    std::filesystem::copy_file(test_plugin("test_service"), copy);
    ::chmod(copy.c_str(), 0666);
    EXPECT_EQ(registry.load_file(copy), nullptr);
    EXPECT_TRUE(contains(registry.refusals().back().to_string(), "refused: writable by others"));
    ::chmod(copy.c_str(), 0775);
    EXPECT_EQ(registry.load_file(copy), nullptr);
    EXPECT_TRUE(contains(registry.refusals().back().to_string(), "writable by its group"));
}

TEST_F(Loader, RefusesFilesOwnedBySomeoneElse) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to give a file away";
    const auto copy = dir / "test_service.so";
    std::filesystem::copy_file(test_plugin("test_service"), copy);
    ASSERT_EQ(::chown(copy.c_str(), 12345, 12345), 0);
    EXPECT_EQ(registry.load_file(copy), nullptr);
    EXPECT_TRUE(contains(registry.refusals().back().to_string(),
                         "owned by uid 12345, not by root or the running user"));
}

TEST_F(Loader, RefusesAnUnsafeFolder) {
    const auto folder = dir / "plugins";
    std::filesystem::create_directory(folder);
    std::filesystem::copy_file(test_plugin("test_service"), folder / "test_service.so");
    ::chmod(folder.c_str(), 0777);
    registry.load_directory(folder);
    EXPECT_TRUE(registry.plugins().empty());
    ASSERT_EQ(registry.refusals().size(), 1u);
    EXPECT_TRUE(contains(registry.refusals()[0].to_string(),
                         "plugin folder refused: " + folder.string() + ": writable by others"))
        << registry.refusals()[0].to_string();
}

TEST_F(Loader, RefusesAPluginBelowAFolderOthersMayWrite) {
    const auto open = dir / "open";
    std::filesystem::create_directories(open / "plugins");
    std::filesystem::copy_file(test_plugin("test_service"), open / "plugins/test_service.so");
    ::chmod(open.c_str(), 0777);  // anyone may rename plugins/ away and put their own there
    EXPECT_EQ(registry.load_file(open / "plugins/test_service.so"), nullptr);
    EXPECT_TRUE(contains(registry.refusals().back().to_string(),
                         "refused: in folder " + open.string() + ": writable by others"))
        << registry.refusals().back().to_string();
    registry.load_directory(open / "plugins");
    EXPECT_TRUE(contains(registry.refusals().back().to_string(),
                         "plugin folder refused: " + open.string() + ": writable by others"));
    EXPECT_TRUE(registry.plugins().empty());
}

TEST_F(Loader, AStickyFolderAboveIsTrusted) {
    const auto shared = dir / "shared";
    std::filesystem::create_directories(shared / "plugins");
    std::filesystem::copy_file(test_plugin("test_service"), shared / "plugins/test_service.so");
    ::chmod(shared.c_str(), 01777);  // as /tmp: others cannot rename what is not theirs
    EXPECT_NE(registry.load_file(shared / "plugins/test_service.so"), nullptr);
}

TEST_F(Loader, RefusesASymbolicLinkToAPlugin) {
    std::filesystem::create_symlink(test_plugin("test_service"), dir / "test_service.so");
    EXPECT_EQ(registry.load_file(dir / "test_service.so"), nullptr);
    EXPECT_TRUE(
        contains(registry.refusals().back().to_string(), "refused: a symbolic link (not followed)"))
        << registry.refusals().back().to_string();
}

// What is loaded is the file that was checked, whatever is renamed into its place after.
TEST(FileSafety, TheOpenedFileIsTheOneChecked) {
    routerd::test::TempDir dir;
    const auto plugin = dir / "p.so";
    std::filesystem::copy_file(test_plugin("test_service"), plugin);
    struct stat checked {};
    ASSERT_EQ(::stat(plugin.c_str(), &checked), 0);
    auto opened = routerd::open_trusted_file(plugin);
    ASSERT_TRUE(std::holds_alternative<routerd::FileDescriptor>(opened));
    const auto swapped = dir.write("other.so", "someone else's code");
    std::filesystem::rename(swapped, plugin);
    struct stat loaded {};
    ASSERT_EQ(::stat(std::get<routerd::FileDescriptor>(opened).proc_path().c_str(), &loaded), 0);
    EXPECT_EQ(loaded.st_ino, checked.st_ino);
    EXPECT_EQ(loaded.st_dev, checked.st_dev);
}

TEST_F(Loader, FolderLoadKeepsGoodOnesAndRecordsEachRefusal) {
    registry.load_directory(TEST_PLUGIN_DIR);
    ASSERT_EQ(registry.plugins().size(), 3u);
    EXPECT_NE(registry.find("test-service"), nullptr);
    EXPECT_NE(registry.find("test-checker"), nullptr);
    EXPECT_NE(registry.find("test-lb-driver"), nullptr);
    // Six broken files and the duplicate copy.
    EXPECT_EQ(registry.refusals().size(), 7u);
    const routerd::LoadRefusal* refused = registry.refusal_for("broken_init_fails");
    ASSERT_NE(refused, nullptr);
    EXPECT_TRUE(contains(refused->reason, "license file"));
}

TEST_F(Loader, RefusesSomethingThatIsNotASharedObject) {
    const auto fake = dir.write("fake.so", "not an ELF file");
    ::chmod(fake.c_str(), 0644);
    EXPECT_EQ(registry.load_file(fake), nullptr);
    EXPECT_TRUE(contains(registry.refusals().back().to_string(), "fake.so: cannot be loaded:"));
}
