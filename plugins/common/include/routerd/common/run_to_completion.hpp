// Runs programs side by side and blocks until every one has ended: for a caller that may
// wait on its own thread (never an event loop) and wants all the outcomes at once.
#pragma once

#include <vector>

#include "routerd/common/child_process.hpp"

namespace routerd::common {

// One outcome per spec, in order. Each child gets its own spec.timeout (positive) from its
// start, then SIGTERM and, spec.kill_grace later, SIGKILL (Child::on_deadline): the call
// returns at the latest about timeout + kill_grace after it began. The children's exits are
// awaited with poll() on their pidfds, not by polling their status.
std::vector<ChildOutcome> run_to_completion(const std::vector<ChildSpec>& specs);

}  // namespace routerd::common
