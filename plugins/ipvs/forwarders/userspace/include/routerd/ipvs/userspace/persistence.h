// Persistence (LVS "persistent" services, keepalived.conf(5) persistence_timeout and
// persistence_granularity): a client, masked by the granularity, keeps its real server for
// `timeout` after it last opened a connection, as IPVS's connection templates do
// (ip_vs_sched_persist in ip_vs_core.c). Pure: time is passed in by the caller.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace routerd::ipvs::userspace {

using Address16 = std::array<uint8_t, 16>;  // network order; IPv4 in the first four bytes

class PersistenceTable {
  public:
    PersistenceTable(std::chrono::nanoseconds timeout, const Address16& mask)
        : timeout_(timeout), mask_(mask) {}

    bool enabled() const { return timeout_.count() > 0; }
    // Changing the settings forgets every client (a coarser mask makes old entries meaningless).
    void reset(std::chrono::nanoseconds timeout, const Address16& mask);

    // The real server the client's template names, if it has not expired at `now`.
    std::optional<std::string> lookup(const Address16& client, std::chrono::nanoseconds now);
    // Starts or renews the client's template.
    void remember(const Address16& client, const std::string& destination,
                  std::chrono::nanoseconds now);
    void forget(const Address16& client);
    // Drops the expired templates; the forwarder calls it now and then to bound memory.
    void expire(std::chrono::nanoseconds now);
    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        std::string destination;
        std::chrono::nanoseconds expires;
    };
    struct Hash {
        std::size_t operator()(const Address16& a) const;
    };
    Address16 masked(const Address16& client) const;

    std::chrono::nanoseconds timeout_;
    Address16 mask_;
    std::unordered_map<Address16, Entry, Hash> entries_;
};

}  // namespace routerd::ipvs::userspace
