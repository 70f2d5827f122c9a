#include "store/open_store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.hpp"

namespace routerd {
namespace {

// 2026-12-06 02:15:00 UTC
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1796523300));

mode_t mode_of(const std::filesystem::path& file) {
    struct stat st {};
    EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
    return st.st_mode & 07777;
}

// A database of many pages, closed (so everything is in the main file).
void write_history(const std::filesystem::path& file, int rows) {
    Store store(file);
    for (int i = 0; i < rows; ++i)
        store.history("vrrp", "VI_" + std::to_string(i), "BACKUP", "MASTER", std::string(200, 'x'));
    store.flush();
}

TEST(StoreFile, CorruptNameCarriesTheUtcTime) {
    EXPECT_EQ(corrupt_name("/var/lib/routerd/state.db", kNow),
              "/var/lib/routerd/state.db.corrupt-20261206T021500Z");
}

TEST(OpenStore, AHealthyStoreOpensAsItIs) {
    test::TempDir dir;
    write_history(dir / "state.db", 3);
    OpenedStore opened = open_store(dir / "state.db", kNow);
    EXPECT_FALSE(opened.recovery);
    EXPECT_EQ(opened.store->query("", "SELECT count(*) FROM routerd_history")[0][0], "3");
}

TEST(OpenStore, AGarbageFileIsMovedAsideAndTheStoreStartsEmpty) {
    test::TempDir dir;
    const std::string garbage(8192, '\x5a');
    std::ofstream(dir / "state.db") << garbage;
    ::chmod((dir / "state.db").c_str(), 0600);
    OpenedStore opened = open_store(dir / "state.db", kNow);
    ASSERT_TRUE(opened.recovery);
    EXPECT_EQ(opened.recovery->moved_to, dir / "state.db.corrupt-20261206T021500Z");
    EXPECT_NE(opened.recovery->reason.find("not a database"), std::string::npos)
        << opened.recovery->reason;
    EXPECT_EQ(opened.store->query("", "SELECT count(*) FROM routerd_history")[0][0], "0");
    std::ifstream moved(opened.recovery->moved_to);
    const std::string kept((std::istreambuf_iterator<char>(moved)), {});
    EXPECT_EQ(kept, garbage);  // kept for whoever wants to look at it
    EXPECT_EQ(mode_of(opened.recovery->moved_to), 0600u);
    EXPECT_EQ(mode_of(dir / "state.db"), 0600u);
}

TEST(OpenStore, ATruncatedDatabaseIsMovedAside) {
    test::TempDir dir;
    write_history(dir / "state.db", 2000);
    ASSERT_GT(std::filesystem::file_size(dir / "state.db"), 65536u);
    std::filesystem::resize_file(dir / "state.db", 16384);
    OpenedStore opened = open_store(dir / "state.db", kNow);
    ASSERT_TRUE(opened.recovery) << "a truncated database was opened as if it were whole";
    EXPECT_TRUE(std::filesystem::exists(opened.recovery->moved_to));
    EXPECT_EQ(mode_of(opened.recovery->moved_to), 0600u);
    opened.store->history("vrrp", "VI_1", "INIT", "BACKUP", "");
    EXPECT_EQ(opened.store->query("", "SELECT count(*) FROM routerd_history")[0][0], "1");
}

TEST(OpenStore, OtherFailuresAreNotMistakenForCorruption) {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "state.db");  // a folder: cannot be opened
    EXPECT_THROW(open_store(dir / "state.db", kNow), StoreError);
    EXPECT_TRUE(std::filesystem::is_directory(dir / "state.db"));
}

}  // namespace
}  // namespace routerd
