// Notify FIFOs with real named pipes and real reader programs; the writing half alone
// (FifoWriter) on a FIFO the test makes, removes and makes again.
#include "routerd/common/notify_fifo.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

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

TEST(NotifyFifo, WritesToTheFifoItsScriptReadsWhateverBecomesOfThePath) {
    TempDir dir;
    const std::string fifo = dir / "vrrp.fifo";
    const std::string out = dir / "out";
    const std::string ready = dir / "ready";
    NotifyFifo writer(
        fifo_spec(fifo, {"/bin/sh", "-c", "exec 3<\"$0\"; echo >" + ready + "; cat <&3 >" + out}));
    ASSERT_TRUE(eventually_holds(ready, "\n")) << "the script opened the FIFO";
    ASSERT_EQ(::unlink(fifo.c_str()), 0);
    EXPECT_TRUE(writer.write("INSTANCE \"VI_1\" MASTER 100\n"));
    EXPECT_TRUE(eventually_holds(out, "INSTANCE \"VI_1\" MASTER 100\n"));
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

// What a reader opened on `path` without waiting for a writer has received so far.
class Reader {
  public:
    explicit Reader(const std::string& path)
        : fd_(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)) {}
    ~Reader() {
        if (fd_ >= 0) ::close(fd_);
    }
    std::string received() {
        char buffer[4096];
        const ssize_t n = ::read(fd_, buffer, sizeof buffer);
        return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
    }
    bool opened() const { return fd_ >= 0; }

  private:
    int fd_;
};

TEST(FifoWriter, WritesToAFifoItDidNotMakeAndFollowsItWhenMadeAnew) {
    TempDir dir;
    const std::string fifo = dir / "global.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    FifoWriter writer(fifo);
    EXPECT_EQ(writer.open(), 0);
    Reader first(fifo);
    ASSERT_TRUE(first.opened());
    EXPECT_TRUE(writer.write("VS [10.0.0.1]:tcp:80 UP\n"));
    EXPECT_EQ(first.received(), "VS [10.0.0.1]:tcp:80 UP\n");

    // The owner removes it and makes it again (a reload that changed its script).
    ASSERT_EQ(::unlink(fifo.c_str()), 0);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    Reader second(fifo);
    EXPECT_TRUE(writer.write("INSTANCE \"VI_1\" MASTER 100\n"));
    EXPECT_EQ(second.received(), "INSTANCE \"VI_1\" MASTER 100\n");
    EXPECT_EQ(first.received(), "") << "written to the FIFO nobody can open any more";
    EXPECT_EQ(writer.dropped(), 0u);
}

TEST(FifoWriter, DropsAndCountsWhileNoFifoIsThere) {
    TempDir dir;
    const std::string fifo = dir / "later.fifo";
    FifoWriter writer(fifo);
    EXPECT_EQ(writer.open(), ENOENT);
    EXPECT_FALSE(writer.write("one\n"));
    EXPECT_FALSE(writer.write("two\n"));
    EXPECT_EQ(writer.dropped(), 2u);
    EXPECT_EQ(writer.drops_text(), fifo + " is not there: 2 lines dropped in all");

    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);  // made after the writer: opened at its line
    Reader reader(fifo);
    EXPECT_TRUE(writer.write("three\n"));
    EXPECT_EQ(reader.received(), "three\n");

    ASSERT_EQ(::unlink(fifo.c_str()), 0);
    EXPECT_FALSE(writer.write("four\n"));
    EXPECT_EQ(writer.dropped(), 3u);
}

TEST(FifoWriter, NeverWritesToWhatIsNotAFifo) {
    TempDir dir;
    const std::string file = dir / "file";
    std::ofstream(file) << "data";
    FifoWriter to_file(file);
    EXPECT_EQ(to_file.open(), EEXIST);
    EXPECT_FALSE(to_file.write("line\n"));
    EXPECT_EQ(read_file(file), "data");

    // A link to a FIFO is not followed (O_NOFOLLOW, as NotifyFifo opens its own).
    const std::string fifo = dir / "fifo";
    const std::string link = dir / "link";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    ASSERT_EQ(::symlink(fifo.c_str(), link.c_str()), 0);
    Reader reader(fifo);
    FifoWriter through_link(link);
    EXPECT_FALSE(through_link.write("line\n"));
    EXPECT_EQ(reader.received(), "");
}

TEST(FifoWriter, AFullPipeDropsAndAClosedWriterWritesNothing) {
    TempDir dir;
    const std::string fifo = dir / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    FifoWriter writer(fifo);
    const std::string line(100, 'x');
    int written = 0;
    for (int i = 0; i < 1000; ++i)  // 100 kB: more than a pipe's 64 KiB (pipe(7))
        written += writer.write(line) ? 1 : 0;
    EXPECT_LT(written, 1000);
    EXPECT_EQ(writer.dropped(), static_cast<std::uint64_t>(1000 - written));
    EXPECT_EQ(writer.drops_text(), fifo + " is full (nobody reads it): " +
                                       std::to_string(1000 - written) + " lines dropped in all");
    writer.close();
    EXPECT_FALSE(writer.write("late\n"));
    EXPECT_EQ(writer.dropped(), static_cast<std::uint64_t>(1000 - written)) << "not counted";
    EXPECT_EQ(writer.open(), EBADF);
}

}  // namespace
}  // namespace routerd::common
