#include "routerd/ipvs/sched/plugin_adapter.h"

#include <algorithm>

namespace routerd::ipvs {

std::optional<Flow> flow_from_abi(const routerd_flow_t& raw) {
    Flow flow;
    if (raw.family == 4) {
        flow.family = Family::ipv4;
    } else if (raw.family == 6) {
        flow.family = Family::ipv6;
    } else {
        return std::nullopt;
    }
    std::copy(std::begin(raw.source_address), std::end(raw.source_address),
              flow.source_address.begin());
    std::copy(std::begin(raw.destination_address), std::end(raw.destination_address),
              flow.destination_address.begin());
    flow.source_port = raw.source_port;
    flow.destination_port = raw.destination_port;
    flow.protocol = raw.protocol;
    return flow;
}

Backend backend_from_abi(const routerd_backend_t& raw) {
    return Backend{std::string(sdk::from_c(raw.key)), raw.weight, raw.active_connections,
                   raw.inactive_connections, raw.overloaded};
}

void CoreInstance::update(const routerd_backend_t* backends, size_t n) {
    backends_.clear();
    for (size_t i = 0; i < n; ++i) {
        backends_.push_back(backend_from_abi(sdk::read_sized(&backends[i])));
    }
    core_->update(backends_);
}

int64_t CoreInstance::pick(const routerd_backend_t* backends, size_t n,
                           const routerd_flow_t& raw_flow) {
    const routerd_flow_t sized_flow = sdk::read_sized(&raw_flow);
    const std::optional<Flow> flow = flow_from_abi(sized_flow);
    if (!flow) {
        return -1;
    }
    if (n != backends_.size()) {
        update(backends, n);
    }
    // Per pick, so plain field reads: an array's stride is our sizeof anyway.
    for (size_t i = 0; i < n; ++i) {
        const routerd_backend_t& b = backends[i];
        Backend& mine = backends_[i];
        mine.weight = b.weight;
        mine.active_connections = b.active_connections;
        mine.inactive_connections = b.inactive_connections;
        mine.overloaded = b.overloaded;
    }
    const std::optional<std::size_t> picked = core_->pick(backends_, *flow);
    return picked ? static_cast<int64_t>(*picked) : -1;
}

std::unique_ptr<sdk::Scheduler::Instance> create_instance(
    const sdk::Host& host, std::string_view name, std::string_view flags,
    const sdk::Config& options, std::unique_ptr<Scheduler> (*make)(const CoreRequest&)) {
    const ParsedFlags parsed = parse_scheduler_flags(name, flags);
    if (!parsed.flags) {
        host.set_error(parsed.error);
        return nullptr;
    }
    std::unique_ptr<Scheduler> core = make(CoreRequest{*parsed.flags, options});
    if (!core) {
        host.set_error("scheduler '" + std::string(name) + "': invalid options");
        return nullptr;
    }
    return std::make_unique<CoreInstance>(std::move(core));
}

}  // namespace routerd::ipvs
