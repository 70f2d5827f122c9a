#include "userspace_forwarder.h"

#include <nlohmann/json.hpp>

#include "pipe_pool.h"
#include "plugin_scheduler.h"
#include "routerd/ipvs/table/codec.h"
#include "routerd/ipvs/userspace/apply_plan.h"
#include "routerd/ipvs/userspace/descriptor_plan.h"

namespace routerd::ipvs::userspace {

namespace {

constexpr std::chrono::seconds kHousekeeping{1};

std::chrono::nanoseconds monotonic_now() {
    return std::chrono::steady_clock::now().time_since_epoch();
}

}  // namespace

UserspaceForwarder::~UserspaceForwarder() {
    stop();
}

bool UserspaceForwarder::configure(const sdk::Config& config, bool dry_run) {
    const std::optional<Limits> limits = parse_limits(config);
    if (!limits) {
        return false;
    }
    if (!dry_run) {
        std::lock_guard lock(mutex_);
        if (pool_ && pool_->size() != limits->threads) {
            host().warn("threads = " + std::to_string(limits->threads) +
                        " takes effect at the next start");
        }
        state_->set_limits(*limits);
    }
    return true;
}

void UserspaceForwarder::start() {
    std::lock_guard lock(mutex_);
    if (pool_) {
        return;
    }
    if (!metrics_) metrics_.emplace(host());
    pool_ = std::make_unique<WorkerPool>(state_->limits().threads);
    plan_descriptors();
    for (auto& [endpoint, service] : services_) {
        service.listeners = bind_listeners(service.balancer->spec(), service.balancer);
        start_listeners(service.listeners);
    }
    expire_persistence_periodically();
}

void UserspaceForwarder::stop() {
    std::lock_guard lock(mutex_);
    if (!pool_) {
        return;
    }
    if (housekeeping_timer_ != 0) {
        host().cancel_timer(housekeeping_timer_);
        housekeeping_timer_ = 0;
    }
    for (auto& [endpoint, service] : services_) {
        close_listeners(service.listeners);
        service.listeners.clear();
    }
    pool_.reset();  // joins the threads; their open connections end with them
}

std::vector<std::shared_ptr<Listener>> UserspaceForwarder::bind_listeners(
    const ServiceSpec& spec, const std::shared_ptr<ServiceBalancer>& balancer) {
    if (!pool_) return {};
    return make_listeners(*pool_, spec, balancer, state_);
}

void UserspaceForwarder::start_listeners(const std::vector<std::shared_ptr<Listener>>& listeners) {
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        pool_->loop(i).post([l = listeners[i]] { l->start(); });
    }
}

void UserspaceForwarder::close_listeners(const std::vector<std::shared_ptr<Listener>>& listeners) {
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        pool_->run_on(i, [&] { listeners[i]->close(); });
    }
}

void UserspaceForwarder::apply(std::string_view desired_json) {
    // The caller reaches us through find_plugin, and the C ABI gives it our status but not the
    // message we set_error: the log is where an operator sees why.
    try {
        apply_table(read_desired_table(desired_json));
    } catch (const std::exception& e) {
        host().error(std::string("apply refused, nothing changed: ") + e.what());
        throw;
    }
}

void UserspaceForwarder::apply_table(const DesiredTable& desired) {
    std::lock_guard lock(mutex_);
    std::map<std::string, ServiceSpec> running;
    for (const auto& [endpoint, service] : services_) {
        running.emplace(endpoint, service.balancer->spec());
    }
    const ApplyPlan plan = plan_apply(running, desired);
    plan_descriptors();  // the host's reserve follows the checks configured with the table

    // Everything that can fail comes first, so that a refused table changes nothing.
    std::vector<ServiceBalancer::SchedulerInstance> new_schedulers;
    for (const ApplyPlan::Kept& kept : plan.kept) {
        const ServiceSpec& s = desired.services[kept.index];
        new_schedulers.push_back(kept.new_scheduler ? find_scheduler(host(), s.scheduler, s.flags)
                                                    : nullptr);
    }
    std::vector<std::pair<std::string, Service>> added;
    for (const std::size_t index : plan.added) {
        const ServiceSpec& s = desired.services[index];
        auto balancer =
            std::make_shared<ServiceBalancer>(s, find_scheduler(host(), s.scheduler, s.flags));
        added.emplace_back(s.endpoint(), Service{balancer, bind_listeners(s, balancer)});
    }

    for (std::size_t i = 0; i < plan.kept.size(); ++i) {
        const ServiceSpec& s = desired.services[plan.kept[i].index];
        services_.at(s.endpoint()).balancer->reconfigure(s, std::move(new_schedulers[i]));
    }
    for (auto& [endpoint, service] : added) {
        start_listeners(service.listeners);
        services_.emplace(endpoint, std::move(service));
    }
    for (const std::string& endpoint : plan.removed) {
        if (pool_) {
            close_listeners(services_.at(endpoint).listeners);
        }
        services_.erase(endpoint);  // its open connections keep what they need and finish
    }
    order_.clear();
    for (const ServiceSpec& s : desired.services) {
        order_.push_back(s.endpoint());
    }
}

std::string UserspaceForwarder::read() {
    std::lock_guard lock(mutex_);
    Table running;
    for (const std::string& endpoint : order_) {
        running.services.push_back(services_.at(endpoint).balancer->report());
    }
    return to_json(running, true);
}

std::string UserspaceForwarder::status() {
    std::lock_guard lock(mutex_);
    const ForwarderState& s = *state_;
    // How the TCP connections spread over the I/O threads (their relays move connections to keep
    // them even).
    nlohmann::json per_thread = nlohmann::json::array();
    for (std::size_t i = 0; pool_ && i < pool_->size(); ++i) {
        per_thread.push_back(pool_->relay(i).load());
    }
    return nlohmann::json{{"running", pool_ != nullptr},
                          {"threads", pool_ ? pool_->size() : 0},
                          {"tcp_connections_per_thread", per_thread},
                          {"services", services_.size()},
                          {"open", s.open.load()},
                          {"accepted", s.accepted.load()},
                          {"refused_max_connections", s.refused_max_connections.load()},
                          {"refused_per_source", s.refused_per_source.load()},
                          {"refused_descriptors", s.refused_descriptors.load()},
                          {"descriptors", s.descriptors.load()},
                          {"descriptor_budget", s.descriptor_budget.load()},
                          {"max_flows_per_source", s.limits().max_flows_per_source},
                          {"pooled_pipes_per_thread", Pipe::pool_limit()},
                          {"refused_no_server", s.refused_no_server.load()},
                          {"connect_failures", s.connect_failures.load()},
                          {"idle_timeouts", s.idle_timeouts.load()}}
        .dump();
}

void UserspaceForwarder::plan_descriptors() {
    const uint64_t budget = host().descriptor_budget();
    const DescriptorPlan plan = userspace::plan_descriptors(
        budget, pool_ ? static_cast<unsigned>(pool_->size()) : state_->limits().threads);
    state_->set_descriptor_budget(plan.for_connections);
    Pipe::set_pool_limit(plan.pooled_pipes_per_thread);
    if (budget == planned_budget_) return;
    planned_budget_ = budget;
    host().info("descriptor budget " + std::to_string(budget) + ": " +
                std::to_string(plan.for_connections) + " for listeners, connections and flows, " +
                std::to_string(plan.pooled_pipes_per_thread) + " idle pipes kept per thread");
}

void UserspaceForwarder::expire_persistence_periodically() {
    housekeeping_timer_ = host().start_timer(kHousekeeping, [this] {
        std::lock_guard lock(mutex_);
        std::map<std::string, const ServiceBalancer*> balancers;
        for (auto& [endpoint, service] : services_) {
            service.balancer->expire_persistence(monotonic_now());
            balancers.emplace(endpoint, service.balancer.get());
        }
        if (metrics_) metrics_->sample(*state_, balancers);
        if (pool_) {
            expire_persistence_periodically();
        }
    });
}

}  // namespace routerd::ipvs::userspace
