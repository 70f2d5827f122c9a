// What every scheduler plugin shares: the mapping between the C ABI's routerd_backend_t /
// routerd_flow_t and a core's Backend / Flow, and the SDK Scheduler class that parses
// Keepalived's flags and hands out one core instance per virtual service.
//
// A scheduler plugin is then a few lines (see schedulers/rr/sched_rr.cpp):
//   struct Rr { static constexpr std::string_view kName = "rr";
//               static std::unique_ptr<Scheduler> make(const CoreRequest&); };
//   ROUTERD_PLUGIN(registrar) { registrar.add<SchedulerPlugin<Rr>>(Rr::kName, "1.0.0"); }
#pragma once

#include <routerd/plugin.hpp>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "routerd/ipvs/sched/scheduler.h"
#include "routerd/ipvs/table/scheduler_flags.h"

namespace routerd::ipvs {

// The C ABI leaves ports' byte order to convention; routerd's is the core's: host order.
// Addresses are network order, IPv4 in the first four bytes. nullopt: a family other than
// 4 or 6, which no scheduler can hash.
std::optional<Flow> flow_from_abi(const routerd_flow_t& flow);

Backend backend_from_abi(const routerd_backend_t& backend);

// One core per virtual service. The core sees the set of the last update(); pick() only
// refreshes the fields that move between updates (weight, counters, overload). Not
// thread-safe: a forwarder calling from several threads serialises per instance.
class CoreInstance final : public sdk::Scheduler::Instance {
  public:
    explicit CoreInstance(std::unique_ptr<Scheduler> core) : core_(std::move(core)) {}

    void update(const routerd_backend_t* backends, size_t n) override;
    // A set of another size than the last update's is taken as an update first, so a
    // caller that forgot to update gets a sane pick rather than an index out of range.
    int64_t pick(const routerd_backend_t* backends, size_t n, const routerd_flow_t& flow) override;

  private:
    std::unique_ptr<Scheduler> core_;
    std::vector<Backend> backends_;
};

// What a core's factory gets: the parsed flags and the options table (NONE when absent).
struct CoreRequest {
    SchedulerFlags flags;
    const sdk::Config& options;
};

// Parses `flags` for scheduler `name`, then asks `make` for a core. On bad flags, or when
// `make` returns nullptr (after reporting on the options), the reason goes to the host's
// set_error and the result is nullptr.
std::unique_ptr<sdk::Scheduler::Instance> create_instance(
    const sdk::Host& host, std::string_view name, std::string_view flags,
    const sdk::Config& options, std::unique_ptr<Scheduler> (*make)(const CoreRequest&));

// The plugin class of one scheduler. Core provides kName and make(const CoreRequest&).
template <class Core>
class SchedulerPlugin final : public sdk::Scheduler {
  public:
    using sdk::Scheduler::Scheduler;

    std::unique_ptr<Instance> create(std::string_view flags, const sdk::Config& options) override {
        return create_instance(host(), Core::kName, flags, options, &Core::make);
    }
};

// Every scheduler plugin reports this version (the cores' semantics follow the kernel's).
inline constexpr std::string_view kSchedulerPluginVersion = "1.0.0";

}  // namespace routerd::ipvs
