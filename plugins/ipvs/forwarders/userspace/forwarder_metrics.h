// The userspace forwarder's metrics: per real server its connections and bytes, per service
// its scheduler's picks, and the forwarder's limits in use (open flows, descriptors). The data
// plane counts in atomics of its own (accounting.h, forwarder_state.h); these series copy them
// once a second on the plugin's executor, so the I/O threads do no more work for metrics than
// an atomic add.
#pragma once

#include <routerd/plugin.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "forwarder_state.h"
#include "routerd/ipvs/userspace/service_balancer.h"

namespace routerd::ipvs::userspace {

class ForwarderMetrics {
  public:
    explicit ForwarderMetrics(const sdk::Host& host);

    // Services by key ("tcp:172.16.0.100:80"); series of what is gone leave the exposition.
    void sample(const ForwarderState& state,
                const std::map<std::string, const ServiceBalancer*>& services);

  private:
    struct RealServer {
        sdk::Metric active, inactive;
        sdk::SampledCounter connections, incoming, outgoing;
    };
    struct Picks {
        sdk::SampledCounter scheduled, persistent, none;
    };
    RealServer& real_server(const std::string& service, const std::string& key);
    Picks& picks(const std::string& service);

    sdk::MetricFamily active_, inactive_, connections_, incoming_, outgoing_, picks_;
    sdk::Metric open_, max_connections_, descriptors_, budget_;
    sdk::SampledCounter accepted_, refused_max_, refused_per_source_, refused_descriptors_,
        refused_no_server_, connect_failures_, idle_timeouts_;
    std::map<std::pair<std::string, std::string>, RealServer> real_servers_;
    std::map<std::string, Picks> services_;
};

}  // namespace routerd::ipvs::userspace
