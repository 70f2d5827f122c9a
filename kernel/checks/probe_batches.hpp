#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "checks/check_clock.hpp"

namespace routerd {

class RunningCheck;

// The attempts one checker's checks have due, kept by the end of the 10 ms batch each is due
// in (see ProbeScheduler), pure: times in, attempts out. A batch's attempts all run together,
// so a batch needs no order of its own, and 10,000 checks make about a hundred batches, not a
// deep heap.
class ProbeBatches {
  public:
    using time_point = CheckClock::time_point;
    // How late an attempt may run: the width of a batch.
    static constexpr std::chrono::nanoseconds kBatch = std::chrono::milliseconds(10);

    struct Entry {
        time_point due;
        uint64_t generation;  // the check's booking this entry was made for
        std::shared_ptr<RunningCheck> check;
    };

    // Returns the end of the entry's batch: when it runs.
    time_point add(Entry entry);
    // The end of the earliest batch; nullopt when nothing waits.
    std::optional<time_point> next() const;
    // Takes the earliest batch out when it ended by `now` (later entries may be added while
    // its attempts run).
    std::optional<std::vector<Entry>> take_due(time_point now);
    void clear() { batches_.clear(); }

  private:
    std::map<time_point, std::vector<Entry>> batches_;
};

}  // namespace routerd
