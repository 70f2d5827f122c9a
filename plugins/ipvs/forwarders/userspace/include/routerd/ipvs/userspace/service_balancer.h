// One virtual service's decisions, without I/O: which real server takes a new connection
// (persistence first, then the scheduler plugin), the real servers' counters, and how a new
// desired table changes the service without disturbing its open connections.
//
// Draining: a real server with weight 0 gets no new connections (the schedulers skip it) and
// its persistence templates are dropped, as with the net.ipv4.vs.expire_quiescent_template
// sysctl, so that persistent clients move on too; its open connections run to their end.
// A real server removed from the table is drained the same way.
#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "routerd/ipvs/userspace/accounting.h"
#include "routerd/ipvs/userspace/desired_table.h"
#include "routerd/ipvs/userspace/persistence.h"

namespace routerd::ipvs::userspace {

// A new connection (TCP) or flow (UDP) as the scheduler sees it.
struct ClientFlow {
    boost::asio::ip::address client;
    uint16_t client_port = 0;
    boost::asio::ip::address service;
    uint16_t service_port = 0;
};

// Where a new connection goes, with its claim on that real server's counters.
struct Assignment {
    boost::asio::ip::address address;
    uint16_t port = 0;
    std::string key;
    ConnectionTicket ticket;
};

Address16 address_bytes(const boost::asio::ip::address& address);

class ServiceBalancer {
  public:
    using SchedulerInstance = std::unique_ptr<sdk::Scheduler::Instance>;

    ServiceBalancer(const ServiceSpec& spec, SchedulerInstance scheduler);

    // The same endpoint with new settings. Real servers that stay keep their counters and
    // connections; a weight change takes effect for the next pick. `scheduler` replaces the
    // current instance when given (the scheduler or its flags changed), else it is kept.
    void reconfigure(const ServiceSpec& spec, SchedulerInstance scheduler);

    // nullopt when no real server can take the connection.
    std::optional<Assignment> assign(const ClientFlow& flow, std::chrono::nanoseconds now);

    void expire_persistence(std::chrono::nanoseconds now);
    ServiceSpec spec() const;
    // The service as the table model says it, each destination with its counters.
    ipvs::Service report() const;

    // For metrics: each real server's counters, and the service's picks.
    struct DestinationCounters {
        std::string key;
        uint32_t active = 0;
        uint32_t inactive = 0;
        uint64_t connections = 0;
        uint64_t bytes_in = 0;
        uint64_t bytes_out = 0;
    };
    struct Counters {
        uint64_t scheduled = 0;   // the scheduler picked a real server
        uint64_t persistent = 0;  // a persistence template did
        uint64_t none = 0;        // no real server could take the connection
        std::vector<DestinationCounters> destinations;
    };
    Counters counters() const;

  private:
    struct Destination {
        DestinationSpec spec;
        std::string key;
        std::shared_ptr<DestinationLoad> load = std::make_shared<DestinationLoad>();
    };

    void adopt(const ServiceSpec& spec);  // under mutex_
    std::shared_ptr<Destination> persistent_choice(const Address16& client,
                                                   std::chrono::nanoseconds now);
    std::shared_ptr<Destination> scheduled_choice(const ClientFlow& flow);

    mutable std::mutex mutex_;
    ServiceSpec spec_;
    SchedulerInstance scheduler_;
    std::vector<std::shared_ptr<Destination>> destinations_;
    std::vector<routerd_backend_t> backends_;  // what the scheduler sees, keys point into them
    PersistenceTable persistence_{std::chrono::nanoseconds(0), {}};
    uint64_t scheduled_ = 0;
    uint64_t persistent_ = 0;
    uint64_t none_ = 0;
};

}  // namespace routerd::ipvs::userspace
