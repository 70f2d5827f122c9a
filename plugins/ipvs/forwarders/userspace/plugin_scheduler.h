// A scheduler plugin found through the host's find_plugin, as a Scheduler::Instance: the
// userspace forwarder calls the scheduler's C table per new connection or UDP flow.
#pragma once

#include <routerd/plugin.hpp>

#include <memory>
#include <string_view>

namespace routerd::ipvs::userspace {

// Throws std::runtime_error naming the scheduler when it is not loaded or refuses `flags`
// (the table's codec has checked them already).
std::unique_ptr<sdk::Scheduler::Instance> find_scheduler(const sdk::Host& host,
                                                         std::string_view name,
                                                         std::string_view flags);

}  // namespace routerd::ipvs::userspace
