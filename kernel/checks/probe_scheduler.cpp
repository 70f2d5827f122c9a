#include "checks/probe_scheduler.hpp"

#include <boost/asio/post.hpp>

#include "checks/running_check.hpp"

namespace routerd {
namespace {

// Attempts run at most this late, in batches.
constexpr std::chrono::nanoseconds kBatch = std::chrono::milliseconds(10);

ProbeScheduler::Clock::time_point batch_end(ProbeScheduler::Clock::time_point due) {
    const auto into_batch = due.time_since_epoch() % kBatch;
    return into_batch == kBatch.zero() ? due : due + (kBatch - into_batch);
}

}  // namespace

ProbeScheduler::ProbeScheduler(Strand strand) : strand_(strand), timer_(strand) {}

void ProbeScheduler::schedule(std::shared_ptr<RunningCheck> check, Clock::time_point due) {
    if (strand_.running_in_this_thread()) return push(std::move(check), due);
    boost::asio::post(strand_, [self = shared_from_this(), check = std::move(check), due] {
        self->push(check, due);
    });
}

void ProbeScheduler::clear(Runtime& runtime) {
    runtime.run_on(strand_, [this] {
        batches_.clear();
        timer_.cancel();
        armed_for_ = Clock::time_point::max();
    });
}

void ProbeScheduler::push(std::shared_ptr<RunningCheck> check, Clock::time_point due) {
    const uint64_t generation = ++check->schedule_generation;
    const Clock::time_point batch = batch_end(due);
    batches_[batch].push_back(Entry{due, generation, std::move(check)});
    if (!running_due_ && batch < armed_for_) arm();
}

void ProbeScheduler::arm() {
    armed_for_ = batches_.begin()->first;
    timer_.expires_at(armed_for_);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) self->run_due();
    });
}

void ProbeScheduler::run_due() {
    armed_for_ = Clock::time_point::max();
    running_due_ = true;  // the attempts schedule their next slots: arm once, at the end
    const Clock::time_point now = Clock::now();
    while (!batches_.empty() && batches_.begin()->first <= now) {
        // Taken out first: the attempts add their next slots to later batches meanwhile.
        const std::vector<Entry> batch = std::move(batches_.extract(batches_.begin()).mapped());
        for (const Entry& entry : batch) {
            // A check rescheduled since (a retry) left this entry behind.
            if (entry.generation == entry.check->schedule_generation)
                entry.check->attempt(entry.due, now);
        }
    }
    running_due_ = false;
    if (!batches_.empty()) arm();
}

}  // namespace routerd
