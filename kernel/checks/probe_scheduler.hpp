#pragma once

#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "checks/attempt_scheduler.hpp"
#include "checks/check_clock.hpp"
#include "checks/probe_batches.hpp"
#include "runtime/runtime.hpp"

namespace routerd {

// The attempts of one checker plugin's checks, on that plugin's strand: one timer for them
// all, firing at the end of the 10 ms batch the next attempt is due in, and every attempt of
// that batch runs in the same handler. A check costs no timer and no hop between executors of
// its own, and a checker's loops wake 100 times a second, not once per check: waking is what
// a busy checker spent most on (HAProxy's checks fire within about 10 ms of their slot too).
class ProbeScheduler final : public AttemptScheduler,
                             public std::enable_shared_from_this<ProbeScheduler> {
  public:
    using time_point = CheckClock::time_point;

    ProbeScheduler(Strand strand, const CheckClock& clock);

    void schedule(std::shared_ptr<RunningCheck> check, time_point due) override;
    // From outside the runtime's threads: forgets every schedule (at stop).
    void clear(Runtime& runtime);

  private:
    // On the strand.
    void push(std::shared_ptr<RunningCheck> check, time_point due);
    void arm();
    void run_due();

    Strand strand_;
    const CheckClock& clock_;
    boost::asio::steady_timer timer_;
    ProbeBatches batches_;
    time_point armed_for_ = time_point::max();
    bool running_due_ = false;
};

}  // namespace routerd
