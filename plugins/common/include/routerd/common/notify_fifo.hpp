// keepalived.conf(5)'s notify FIFOs (global_defs notify_fifo, vrrp_notify_fifo,
// lvs_notify_fifo, each with its _script): a named pipe that state changes are written to, one
// line each, and the program that reads it. Keepalived's way, kept here: the FIFO is created
// when missing (and removed again at close only then), the script is started once, with the
// FIFO's path as its last argument, before the FIFO is opened, and gets SIGTERM at close.
//
// The lines are written through a FifoWriter (fifo_writer.hpp): never blocking the caller (the
// VRRP thread), whole or dropped and counted.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routerd/common/child_process.hpp"
#include "routerd/common/fifo_writer.hpp"

namespace routerd::common {

struct NotifyFifoSpec {
    std::string path;
    // The reader to start (argv of the configured line; the FIFO's path is appended), as the
    // notify scripts run (script_user, enable_script_security). Empty: none, someone else reads.
    std::vector<std::string> script;
    std::optional<RunAs> run_as;
    bool script_security = false;
    bool operator==(const NotifyFifoSpec&) const = default;
};

// Whether a FIFO could be made or opened at `path`: "" when it can, else why not (not an
// absolute path, something that is not a FIFO has that name, no such directory).
std::string notify_fifo_path_problem(const std::string& path);

class NotifyFifo {
  public:
    // Creates the FIFO (mode 0600) unless the path is one already, starts the script, opens
    // the FIFO. Throws std::system_error naming the path and the step that failed ("... is not
    // a FIFO" when something else has that name).
    explicit NotifyFifo(NotifyFifoSpec spec);
    // close(), then waits up to the script's kill grace for it to end and kills what is left:
    // blocking, so a loop that must not wait destroys it elsewhere.
    ~NotifyFifo();
    NotifyFifo(const NotifyFifo&) = delete;
    NotifyFifo& operator=(const NotifyFifo&) = delete;

    // The whole line or nothing; never blocks. False when it was dropped.
    bool write(std::string_view line) { return writer_.write(line); }
    std::uint64_t dropped() const { return writer_.dropped(); }
    const FifoWriter& writer() const { return writer_; }
    const NotifyFifoSpec& spec() const { return spec_; }

    // Never blocks: SIGTERM to the script, the FIFO closed (what was written stays readable
    // while the script holds it open, and it reads the end of it), removed if it was made
    // here. Idempotent.
    void close();

  private:
    NotifyFifoSpec spec_;
    FifoWriter writer_;
    bool created_ = false;
    bool closed_ = false;
    std::optional<Child> script_;
};

// `fifo` made to follow `spec` (nullopt: none), as a configuration applies it: one whose spec
// is unchanged stays open, its reader running; a changed or removed one is closed first (its
// reader gets SIGTERM; a FIFO made here is removed before one is made on its path again) and
// destroyed by a task given to `post_blocking`, since that waits for its reader to end. Throws
// what NotifyFifo's constructor throws, `fifo` left empty.
void reconfigure_notify_fifo(std::unique_ptr<NotifyFifo>& fifo,
                             const std::optional<NotifyFifoSpec>& spec,
                             const std::function<void(std::function<void()>)>& post_blocking);

}  // namespace routerd::common
