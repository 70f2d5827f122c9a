#include "routerd/common/run_to_completion.hpp"

#include <poll.h>

#include <cerrno>
#include <optional>

namespace routerd::common {

namespace {

using Clock = std::chrono::steady_clock;

struct Running {
    std::size_t index;  // into the specs and outcomes
    Child child;
    Clock::time_point deadline;
};

// poll()'s timeout until the nearest deadline, rounded up so that it never wakes early.
int milliseconds_until(Clock::time_point deadline, Clock::time_point now) {
    if (deadline == Clock::time_point::max()) return -1;
    if (deadline <= now) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count());
}

}  // namespace

std::vector<ChildOutcome> run_to_completion(const std::vector<ChildSpec>& specs) {
    std::vector<ChildOutcome> outcomes(specs.size());
    std::vector<Running> running;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        try {
            running.push_back({i, Child::spawn(specs[i]), Clock::now() + specs[i].timeout});
        } catch (const std::system_error& e) {
            outcomes[i] = ChildOutcome::not_started_because(e);
        }
    }
    std::vector<pollfd> fds;
    while (!running.empty()) {
        fds.clear();
        Clock::time_point nearest = Clock::time_point::max();
        for (const Running& r : running) {
            fds.push_back({r.child.pidfd(), POLLIN, 0});
            nearest = std::min(nearest, r.deadline);
        }
        if (::poll(fds.data(), fds.size(), milliseconds_until(nearest, Clock::now())) < 0 &&
            errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "poll on children");
        const Clock::time_point now = Clock::now();
        std::erase_if(running, [&](Running& r) {
            if (std::optional<ChildOutcome> outcome = r.child.try_reap()) {
                outcomes[r.index] = std::move(*outcome);
                return true;
            }
            if (now >= r.deadline) {
                const std::optional<std::chrono::milliseconds> grace = r.child.on_deadline();
                r.deadline = grace ? now + *grace : Clock::time_point::max();
            }
            return false;
        });
    }
    return outcomes;
}

}  // namespace routerd::common
