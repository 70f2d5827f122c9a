// The "userspace" forwarder: runs the desired table of virtual services as TCP and UDP
// proxies on its own I/O threads (NAT: it accepts on the virtual address and connects to the
// real server the scheduler plugin picks). apply() reconciles listeners and real servers
// without touching open connections; read() reports the table with connection counts.
#pragma once

#include <routerd/plugin.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "forwarder_metrics.h"
#include "forwarder_state.h"
#include "listener.h"
#include "routerd/ipvs/userspace/service_balancer.h"
#include "worker_pool.h"

namespace routerd::ipvs::userspace {

class UserspaceForwarder final : public sdk::Forwarder {
  public:
    using sdk::Forwarder::Forwarder;
    ~UserspaceForwarder() override;

    bool configure(const sdk::Config& config, bool dry_run) override;
    void start() override;
    void stop() override;
    void apply(std::string_view desired_json) override;
    std::string read() override;
    std::string status() override;

  private:
    struct Service {
        std::shared_ptr<ServiceBalancer> balancer;
        std::vector<std::shared_ptr<Listener>> listeners;  // one per I/O thread while running
    };

    void apply_table(const DesiredTable& desired);
    // Binds one listener per I/O thread (none while stopped); throws, closing what it bound.
    std::vector<std::shared_ptr<Listener>> bind_listeners(const ServiceSpec& spec,
                                                          const std::shared_ptr<ServiceBalancer>&);
    void start_listeners(const std::vector<std::shared_ptr<Listener>>& listeners);
    void close_listeners(const std::vector<std::shared_ptr<Listener>>& listeners);
    // Every second while started: persistence templates expire and the metrics are sampled.
    void expire_persistence_periodically();
    // Spreads the host's descriptor budget (descriptor_plan.h) over connections and the pipe
    // pools; logs it when it changes.
    void plan_descriptors();

    std::mutex mutex_;
    std::shared_ptr<ForwarderState> state_ = std::make_shared<ForwarderState>();
    std::unique_ptr<WorkerPool> pool_;         // while started
    std::map<std::string, Service> services_;  // by endpoint
    std::vector<std::string> order_;           // the endpoints in the desired table's order
    uint64_t housekeeping_timer_ = 0;
    uint64_t planned_budget_ = 0;
    std::optional<ForwarderMetrics> metrics_;  // from the first start
};

}  // namespace routerd::ipvs::userspace
