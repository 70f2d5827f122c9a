#include "forwarder_metrics.h"

#include <set>

namespace routerd::ipvs::userspace {
namespace {

const std::vector<std::string> kRealServer = {"service", "real_server"};

sdk::SampledCounter refusals(const sdk::MetricFamily& family, std::string_view reason) {
    return sdk::SampledCounter(family.series({reason}));
}

}  // namespace

ForwarderMetrics::ForwarderMetrics(const sdk::Host& host)
    : active_(
          host.gauge({"routerd_ipvs_real_server_active_connections",
                      "Open connections to a real server (userspace forwarder).", kRealServer})),
      inactive_(host.gauge({"routerd_ipvs_real_server_inactive_connections",
                            "Half-closed TCP connections and UDP flows of a real server "
                            "(userspace forwarder).",
                            kRealServer})),
      connections_(host.counter({"routerd_ipvs_real_server_connections_total",
                                 "Connections and UDP flows a real server was given (userspace "
                                 "forwarder).",
                                 kRealServer})),
      incoming_(host.counter({"routerd_ipvs_real_server_incoming_bytes_total",
                              "Bytes relayed from clients to a real server (userspace "
                              "forwarder).",
                              kRealServer})),
      outgoing_(host.counter({"routerd_ipvs_real_server_outgoing_bytes_total",
                              "Bytes relayed from a real server back to its clients (userspace "
                              "forwarder).",
                              kRealServer})),
      picks_(host.counter({"routerd_ipvs_scheduler_picks_total",
                           "New connections of a service by who chose the real server: "
                           "scheduler, persistence, or none (no real server could take it).",
                           {"service", "by"}})) {
    const sdk::MetricFamily open = host.gauge(
        {"routerd_forwarder_open_flows", "TCP connections and UDP flows the forwarder holds."});
    const sdk::MetricFamily max =
        host.gauge({"routerd_forwarder_max_connections",
                    "The forwarder's max_connections: connections and flows it admits at most."});
    const sdk::MetricFamily descriptors =
        host.gauge({"routerd_forwarder_descriptors",
                    "File descriptors the forwarder's listeners, connections and flows hold."});
    const sdk::MetricFamily budget =
        host.gauge({"routerd_forwarder_descriptor_budget",
                    "File descriptors the forwarder may hold for connections and flows (the "
                    "host keeps the rest for the control plane)."});
    const sdk::MetricFamily accepted = host.counter(
        {"routerd_forwarder_accepted_total", "Connections and flows the forwarder admitted."});
    const sdk::MetricFamily refused =
        host.counter({"routerd_forwarder_refused_total",
                      "Connections and flows the forwarder refused, by reason.",
                      {"reason"}});
    const sdk::MetricFamily failures = host.counter(
        {"routerd_forwarder_connect_failures_total",
         "Connections to real servers that failed (refused, unreachable, timed out)."});
    const sdk::MetricFamily idle = host.counter(
        {"routerd_forwarder_idle_timeouts_total", "UDP flows ended by udp_idle_timeout."});
    open_ = open.series({});
    max_connections_ = max.series({});
    descriptors_ = descriptors.series({});
    budget_ = budget.series({});
    accepted_ = sdk::SampledCounter(accepted.series({}));
    refused_max_ = refusals(refused, "max_connections");
    refused_per_source_ = refusals(refused, "max_flows_per_source");
    refused_descriptors_ = refusals(refused, "descriptors");
    refused_no_server_ = refusals(refused, "no_real_server");
    connect_failures_ = sdk::SampledCounter(failures.series({}));
    idle_timeouts_ = sdk::SampledCounter(idle.series({}));
}

ForwarderMetrics::RealServer& ForwarderMetrics::real_server(const std::string& service,
                                                            const std::string& key) {
    auto [it, fresh] = real_servers_.try_emplace({service, key});
    if (fresh) {
        it->second = RealServer{active_.series({service, key}), inactive_.series({service, key}),
                                sdk::SampledCounter(connections_.series({service, key})),
                                sdk::SampledCounter(incoming_.series({service, key})),
                                sdk::SampledCounter(outgoing_.series({service, key}))};
    }
    return it->second;
}

ForwarderMetrics::Picks& ForwarderMetrics::picks(const std::string& service) {
    auto [it, fresh] = services_.try_emplace(service);
    if (fresh) {
        it->second = Picks{sdk::SampledCounter(picks_.series({service, "scheduler"})),
                           sdk::SampledCounter(picks_.series({service, "persistence"})),
                           sdk::SampledCounter(picks_.series({service, "none"}))};
    }
    return it->second;
}

void ForwarderMetrics::sample(const ForwarderState& state,
                              const std::map<std::string, const ServiceBalancer*>& services) {
    open_.set(static_cast<double>(state.open.load()));
    max_connections_.set(static_cast<double>(state.limits().max_connections));
    descriptors_.set(static_cast<double>(state.descriptors.load()));
    budget_.set(static_cast<double>(state.descriptor_budget.load()));
    accepted_.update(static_cast<double>(state.accepted.load()));
    refused_max_.update(static_cast<double>(state.refused_max_connections.load()));
    refused_per_source_.update(static_cast<double>(state.refused_per_source.load()));
    refused_descriptors_.update(static_cast<double>(state.refused_descriptors.load()));
    refused_no_server_.update(static_cast<double>(state.refused_no_server.load()));
    connect_failures_.update(static_cast<double>(state.connect_failures.load()));
    idle_timeouts_.update(static_cast<double>(state.idle_timeouts.load()));

    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& [service, balancer] : services) {
        const ServiceBalancer::Counters counters = balancer->counters();
        Picks& p = picks(service);
        p.scheduled.update(static_cast<double>(counters.scheduled));
        p.persistent.update(static_cast<double>(counters.persistent));
        p.none.update(static_cast<double>(counters.none));
        for (const auto& d : counters.destinations) {
            RealServer& rs = real_server(service, d.key);
            rs.active.set(d.active);
            rs.inactive.set(d.inactive);
            rs.connections.update(static_cast<double>(d.connections));
            rs.incoming.update(static_cast<double>(d.bytes_in));
            rs.outgoing.update(static_cast<double>(d.bytes_out));
            seen.insert({service, d.key});
        }
    }
    // A real server that left: its series go; if it comes back, its counters start again
    // from its new totals (the series keep counting up from where they were).
    std::erase_if(real_servers_, [&](auto& entry) {
        if (seen.contains(entry.first)) return false;
        for (const sdk::Metric* m :
             {&entry.second.active, &entry.second.inactive, &entry.second.connections.metric(),
              &entry.second.incoming.metric(), &entry.second.outgoing.metric()}) {
            m->remove();
        }
        return true;
    });
    std::erase_if(services_, [&](auto& entry) {
        if (services.contains(entry.first)) return false;
        for (const sdk::SampledCounter* c :
             {&entry.second.scheduled, &entry.second.persistent, &entry.second.none}) {
            c->metric().remove();
        }
        return true;
    });
}

}  // namespace routerd::ipvs::userspace
