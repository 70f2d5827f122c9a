#include "checks/probe_scheduler.hpp"

#include <boost/asio/post.hpp>

#include "checks/running_check.hpp"

namespace routerd {

ProbeScheduler::ProbeScheduler(Strand strand, const CheckClock& clock)
    : strand_(strand), clock_(clock), timer_(strand) {}

void ProbeScheduler::schedule(std::shared_ptr<RunningCheck> check, time_point due) {
    if (strand_.running_in_this_thread()) return push(std::move(check), due);
    boost::asio::post(strand_, [self = shared_from_this(), check = std::move(check), due] {
        self->push(check, due);
    });
}

void ProbeScheduler::clear(Runtime& runtime) {
    runtime.run_on(strand_, [this] {
        batches_.clear();
        timer_.cancel();
        armed_for_ = time_point::max();
    });
}

void ProbeScheduler::push(std::shared_ptr<RunningCheck> check, time_point due) {
    const uint64_t generation = ++check->schedule_generation;
    const time_point batch = batches_.add({due, generation, std::move(check)});
    if (!running_due_ && batch < armed_for_) arm();
}

void ProbeScheduler::arm() {
    armed_for_ = *batches_.next();
    // Relative to the injected clock: the timer itself waits by the steady clock.
    timer_.expires_after(armed_for_ - clock_.now());
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) self->run_due();
    });
}

void ProbeScheduler::run_due() {
    armed_for_ = time_point::max();
    running_due_ = true;  // the attempts schedule their next slots: arm once, at the end
    const time_point now = clock_.now();
    while (std::optional<std::vector<ProbeBatches::Entry>> batch = batches_.take_due(now)) {
        for (const ProbeBatches::Entry& entry : *batch) {
            // A check rescheduled since (a retry) left this entry behind.
            if (entry.generation == entry.check->schedule_generation)
                entry.check->attempt(entry.due, now);
        }
    }
    running_due_ = false;
    if (batches_.next()) arm();
}

}  // namespace routerd
