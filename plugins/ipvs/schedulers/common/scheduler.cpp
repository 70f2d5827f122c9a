#include "routerd/ipvs/sched/scheduler.h"

namespace routerd::ipvs {

// Out of line so the vtable has a single home in routerd_sched_common.
Scheduler::~Scheduler() = default;

}  // namespace routerd::ipvs
