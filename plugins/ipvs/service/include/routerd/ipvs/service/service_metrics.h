// The ipvs service's metrics: each real server's state and weight in the forwarding table, and
// each virtual server's quorum and healthy weight. Refreshed after every table the service
// hands the forwarder (a check result, a drain, a reload), on the plugin's executor.
#pragma once

#include <routerd/plugin.hpp>

#include <map>
#include <string>
#include <tuple>

#include "routerd/ipvs/service/desired_table.h"
#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

class ServiceMetrics {
  public:
    explicit ServiceMetrics(const sdk::Host& host);

    // `applied`: the table the forwarder runs; series of what the model no longer has go.
    void update(const Model& model, const RuntimeState& state, const Table& applied,
                const std::map<std::string, uint64_t>& healthy_weight);

  private:
    struct RealServerSeries {
        sdk::Metric up, weight;
    };
    struct VirtualServerSeries {
        sdk::Metric quorum, healthy_weight;
    };

    sdk::MetricFamily up_, weight_, quorum_, healthy_weight_;
    // By virtual server, service key and real server key.
    std::map<std::tuple<std::string, std::string, std::string>, RealServerSeries> real_;
    std::map<std::string, VirtualServerSeries> virtual_;
};

}  // namespace routerd::ipvs
