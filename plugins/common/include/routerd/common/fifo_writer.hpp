// The writing half of a notify FIFO (keepalived.conf(5) global_defs notify_fifo): a FIFO that
// someone else made, or that NotifyFifo made and reads through its script, written one line at
// a time. [global] notify_fifo is made by the notify-fifo plugin and written by the vrrp and
// ipvs plugins too, as Keepalived's VRRP and checker processes both write to it.
//
// Writing never blocks the caller: the FIFO is opened O_RDWR | O_NONBLOCK, so opening never
// waits for a reader and nobody reading never means EPIPE/SIGPIPE; a line that does not fit
// (the pipe's buffer is full: the reader stopped reading) is dropped and counted. A line of at
// most PIPE_BUF bytes is written whole or not at all (pipe(7)), so the lines of several writers
// never interleave.
//
// The FIFO's owner may remove it and make it anew (a reload that changes its script): before
// each line a writer that follows the path checks that the path still names the FIFO it holds
// open, and opens the new one when not. While the path names no FIFO, lines are dropped and
// counted. The owner's own writer (NotifyFifo's) keeps the FIFO its script reads instead,
// whatever becomes of the path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace routerd::common {

class FifoWriter {
  public:
    // What the lines go to: the FIFO the path names at each line, or the one open() opened.
    enum class Target { path, opened };

    // Opens nothing yet: the FIFO may be made later (open() or the first write opens it).
    explicit FifoWriter(std::string path, Target target = Target::path)
        : path_(std::move(path)), target_(target) {}
    ~FifoWriter() { close(); }
    FifoWriter(const FifoWriter&) = delete;
    FifoWriter& operator=(const FifoWriter&) = delete;

    // Opens the FIFO the path names now (O_NOFOLLOW: a link is not followed): 0, or the errno
    // of the step that failed (EEXIST: something that is not a FIFO has that name; EBADF:
    // after close()).
    int open();
    // The whole line or nothing; never blocks. False when it was dropped (also counted), or
    // after close().
    bool write(std::string_view line);
    // The FIFO closed; writes fail from now on, uncounted. Idempotent.
    void close();

    const std::string& path() const { return path_; }
    std::uint64_t dropped() const { return dropped_; }
    // For a log line about a dropped line: "PATH is full (nobody reads it): N lines dropped
    // in all", or "PATH is not there: ..." when the last drop found no FIFO at the path.
    std::string drops_text() const;

  private:
    // A FIFO is held, and for Target::path it is the one the path names (reopened when it was
    // replaced).
    bool current();

    std::string path_;
    Target target_;
    int fd_ = -1;
    bool closed_ = false;
    bool missing_ = false;  // the last write found no FIFO to open
    std::uint64_t dropped_ = 0;
};

// `writer` made to write to `path` (nullopt: nowhere), as a configuration applies it: kept, the
// FIFO it holds open, while the path is the same.
void reconfigure_fifo_writer(std::optional<FifoWriter>& writer,
                             const std::optional<std::string>& path);

}  // namespace routerd::common
