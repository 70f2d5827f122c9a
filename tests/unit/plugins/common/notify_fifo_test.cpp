// Notify FIFOs with real named pipes and real reader programs.
#include "routerd/common/notify_fifo.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "test_files.hpp"

namespace routerd::common {
namespace {

using namespace std::chrono_literals;
using testing::read_file;
using testing::TempDir;

bool is_fifo(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

NotifyFifoSpec fifo_spec(std::string path, std::vector<std::string> script = {}) {
    NotifyFifoSpec spec;
    spec.path = std::move(path);
    spec.script = std::move(script);
    return spec;
}

// Polls (a loaded machine may be slow to schedule the reader) until `path` holds `text`.
bool eventually_holds(const std::string& path, const std::string& text) {
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(10ms)) {
        if (read_file(path) == text) return true;
    }
    return false;
}

TEST(NotifyFifo, StartsItsReaderWithThePathLastAndDeliversEachLine) {
    TempDir dir;
    const std::string fifo = dir / "vrrp.fifo";
    const std::string out = dir / "out";
    // $1 is "extra" (the configured argument), $2 the FIFO: Keepalived appends the path.
    NotifyFifo writer(fifo_spec(
        fifo, {"/bin/sh", "-c", "echo \"args $1 ${2##*/}\" >" + out + "; cat \"$2\" >>" + out, "sh",
               "extra"}));
    EXPECT_TRUE(is_fifo(fifo));
    EXPECT_TRUE(writer.write("INSTANCE \"VI_1\" BACKUP 100\n"));
    EXPECT_TRUE(writer.write("INSTANCE \"VI_1\" MASTER 100\n"));
    EXPECT_TRUE(eventually_holds(
        out, "args extra vrrp.fifo\nINSTANCE \"VI_1\" BACKUP 100\nINSTANCE \"VI_1\" MASTER 100\n"));
    writer.close();
    EXPECT_FALSE(std::filesystem::exists(fifo)) << "made here, so removed at close";
    EXPECT_FALSE(writer.write("late\n"));
}

TEST(NotifyFifo, NobodyReadingDropsAndCountsInsteadOfBlocking) {
    TempDir dir;
    NotifyFifo writer(fifo_spec(dir / "fifo"));
    const std::string line(100, 'x');
    int written = 0;
    // A pipe holds 64 KiB by default (pipe(7)); 1 MiB more than fills it.
    for (int i = 0; i < 10000; ++i)
        written += writer.write(line) ? 1 : 0;
    EXPECT_GT(written, 0);
    EXPECT_LT(written, 10000);
    EXPECT_EQ(writer.dropped(), static_cast<std::uint64_t>(10000 - written));
}

TEST(NotifyFifo, KeepsAFifoItDidNotMake) {
    TempDir dir;
    const std::string fifo = dir / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    { NotifyFifo writer(fifo_spec(fifo)); }
    EXPECT_TRUE(is_fifo(fifo));
}

TEST(NotifyFifo, RefusesAPathThatIsNotAFifo) {
    TempDir dir;
    const std::string file = dir / "file";
    std::ofstream(file) << "data";
    try {
        NotifyFifo writer(fifo_spec(file));
        FAIL() << "opened a regular file";
    } catch (const std::system_error& e) {
        EXPECT_EQ(std::string(e.what()).find(file + " is not a FIFO"), 0u) << e.what();
    }
    EXPECT_EQ(read_file(file), "data");
    EXPECT_THROW(NotifyFifo(fifo_spec(dir / "missing-dir/fifo")), std::system_error);
}

TEST(NotifyFifo, AScriptThatCannotStartIsAnErrorAndLeavesNoFifo) {
    TempDir dir;
    EXPECT_THROW(NotifyFifo(fifo_spec(dir / "fifo", {dir / "no-such-script"})), std::system_error);
    EXPECT_FALSE(std::filesystem::exists(dir / "fifo"));
}

TEST(NotifyFifo, TheEndStopsTheScriptEvenIfItIgnoresSigterm) {
    TempDir dir;
    const std::string out = dir / "out";
    std::string pid;
    {
        NotifyFifo writer(fifo_spec(
            dir / "fifo", {"/bin/sh", "-c", "trap '' TERM; echo $$ >" + out + "; exec sleep 60"}));
        for (int i = 0; i < 2000 && pid.empty(); ++i, std::this_thread::sleep_for(10ms))
            pid = read_file(out);
        ASSERT_FALSE(pid.empty());
        writer.close();  // SIGTERM, ignored; close() does not wait for it
        EXPECT_EQ(::kill(std::stoi(pid), 0), 0) << "still running";
    }  // the destructor waits the grace, then kills and reaps it
    EXPECT_NE(::kill(std::stoi(pid), 0), 0);
    EXPECT_EQ(errno, ESRCH);
}

}  // namespace
}  // namespace routerd::common
