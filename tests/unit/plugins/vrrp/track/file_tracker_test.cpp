#include <gtest/gtest.h>
#include <sys/stat.h>

#include <system_error>

#include "file_tracker.hpp"
#include "test_support.hpp"

namespace routerd::vrrp::track {
namespace {

using namespace std::chrono_literals;
using testing::Loop;
using testing::TempDir;
using testing::write_file;

struct FileTrackerTest : ::testing::Test {
    TempDir dir;
    Loop loop;
    std::vector<TrackReport> reports;
    std::filesystem::path file = dir / "weight";

    FileTrackConfig config() {
        FileTrackConfig c;
        c.name = "tf";
        c.file = file;
        return c;
    }
    TrackCallback record() {
        return [this](const TrackReport& r) { reports.push_back(r); };
    }
    bool wait_for_reports(std::size_t n) {
        return loop.run_until([&] { return reports.size() >= n; });
    }
    std::vector<std::int64_t> values() const {
        std::vector<std::int64_t> v;
        for (const auto& r : reports)
            v.push_back(r.file_value);
        return v;
    }
};

TEST_F(FileTrackerTest, ReportsTheInitialValueAndEveryRewrite) {
    write_file(file, "5\n");
    FileTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_EQ(reports[0].kind, TrackKind::file);
    EXPECT_EQ(reports[0].name, "tf");
    EXPECT_EQ(reports[0].file_value, 5);
    EXPECT_EQ(reports[0].reason, "tf: " + file.string() + " \"5\" = 5");
    write_file(file, "-20\n");
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_EQ(reports[1].file_value, -20);
}

TEST_F(FileTrackerTest, SeesAnAtomicReplaceADeleteAndARecreate) {
    write_file(file, "1");
    FileTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    write_file(dir / "weight.tmp", "2");
    std::filesystem::rename(dir / "weight.tmp", file);
    ASSERT_TRUE(wait_for_reports(2));
    std::filesystem::remove(file);
    ASSERT_TRUE(wait_for_reports(3));
    EXPECT_EQ(reports[2].reason, "tf: " + file.string() + " missing = 0");
    write_file(file, "3");
    ASSERT_TRUE(wait_for_reports(4));
    EXPECT_EQ(values(), (std::vector<std::int64_t>{1, 2, 0, 3}));
}

// A FIFO in the tracked file's place would hold a pool thread for ever in open() or read();
// it is refused instead, counted as 0 like an unreadable file, with the reason.
TEST_F(FileTrackerTest, AFifoIsRefusedWithoutBlocking) {
    ASSERT_EQ(::mkfifo(file.c_str(), 0644), 0);
    FileTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_EQ(reports[0].file_value, 0);
    EXPECT_EQ(reports[0].reason,
              "tf: " + file.string() + " unreadable (is a FIFO, not a regular file) = 0");
    std::filesystem::remove(file);
    write_file(file, "4");
    ASSERT_TRUE(wait_for_reports(2));
    EXPECT_EQ(reports[1].file_value, 4);
}

TEST_F(FileTrackerTest, AMissingFileIsZeroAndAnOutOfRangeValueIsIgnored) {
    FileTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    EXPECT_EQ(reports[0].file_value, 0);
    write_file(file, "7");
    ASSERT_TRUE(wait_for_reports(2));
    write_file(file, "99999999999");
    write_file(file, "8");
    ASSERT_TRUE(wait_for_reports(3));
    EXPECT_EQ(values(), (std::vector<std::int64_t>{0, 7, 8}));
}

TEST_F(FileTrackerTest, OnlyChangesOfTheValueAreReported) {
    write_file(file, "4");
    FileTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    write_file(file, "4\n");  // rewritten, same number
    write_file(file, "6");
    ASSERT_TRUE(wait_for_reports(2));
    loop.run_for(100ms);
    EXPECT_EQ(values(), (std::vector<std::int64_t>{4, 6}));
}

TEST_F(FileTrackerTest, InitFileCreatesAMissingFileAndOverwritesOnlyWhenAsked) {
    auto c = config();
    c.init_value = 3;
    {
        FileTracker tracker(loop.executors(), c, record());
        tracker.start();
        ASSERT_TRUE(wait_for_reports(1));
        EXPECT_EQ(reports[0].file_value, 3);
        EXPECT_EQ(testing::read_file(file), "3\n");
    }
    write_file(file, "9");
    c.init_value = 1;
    {
        FileTracker tracker(loop.executors(), c, record());
        tracker.start();
        ASSERT_TRUE(wait_for_reports(2));
        EXPECT_EQ(reports[1].file_value, 9) << "existing file kept";
    }
    c.init_overwrite = true;
    {
        FileTracker tracker(loop.executors(), c, record());
        tracker.start();
        ASSERT_TRUE(wait_for_reports(3));
        EXPECT_EQ(reports[2].file_value, 1);
    }
}

TEST_F(FileTrackerTest, AMissingDirectoryIsAClearError) {
    auto c = config();
    c.file = dir / "no-such-dir" / "weight";
    FileTracker tracker(loop.executors(), c, record());
    try {
        tracker.start();
        FAIL() << "start() accepted a missing directory";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-dir"), std::string::npos) << e.what();
    }
    c.file = "";
    EXPECT_THROW(FileTracker(loop.executors(), c, record()), std::invalid_argument);
}

TEST_F(FileTrackerTest, NoCallbackAfterStop) {
    write_file(file, "1");
    FileTracker tracker(loop.executors(), config(), record());
    tracker.start();
    ASSERT_TRUE(wait_for_reports(1));
    tracker.stop();
    write_file(file, "2");
    loop.run_for(200ms);
    EXPECT_EQ(reports.size(), 1u);
}

}  // namespace
}  // namespace routerd::vrrp::track
