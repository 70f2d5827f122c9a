// What every tracker (track_script, track_process, track_file) reports, and where it runs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include "blocking_pool.hpp"

#include "priority.hpp"

namespace routerd::vrrp::track {

// The tracked object's state as core/priority.hpp consumes it, plus why.
struct TrackReport {
    TrackKind kind = TrackKind::script;
    std::string name;
    bool up = true;               // script / process
    std::int64_t file_value = 0;  // file
    std::string reason;           // "sshd: 0 processes, quorum 1"
    bool operator==(const TrackReport&) const = default;
};

// Copies the state (not kind, name, weight or reverse, which come from configuration).
void apply(const TrackReport& report, TrackedObject& object);

// Called on the loop executor: with the first known state, then on every change only.
using TrackCallback = std::function<void(const TrackReport&)>;

// `loop` is the VRRP plugin's executor: every callback and all tracker state live there.
// `blocking` runs fork/exec and /proc scans (DESIGN.md: blocking work never runs on a loop);
// its owner keeps it beyond every tracker.
struct Executors {
    boost::asio::any_io_executor loop;
    BlockingPool* blocking;
};

// start() and stop() are called on the loop's thread (or while the loop is not running).
// After stop() returns no callback runs and every child process is killed and reaped.
class Tracker {
  public:
    virtual ~Tracker() = default;
    virtual void start() = 0;
    virtual void stop() = 0;
};

}  // namespace routerd::vrrp::track
