// The flows (UDP) and connections (TCP) each client address has open, bounded by
// max_flows_per_source: one host, or one spoofed address, cannot take the forwarder's
// descriptors for itself. Thread-safe.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <map>
#include <mutex>

namespace routerd::ipvs::userspace {

class FlowsPerSource {
  public:
    // Counts one more flow of `source`, unless it has `limit` already: then false.
    bool try_open(const boost::asio::ip::address& source, uint64_t limit);
    void close(const boost::asio::ip::address& source);
    uint64_t open(const boost::asio::ip::address& source) const;
    std::size_t sources() const;

  private:
    mutable std::mutex mutex_;
    std::map<boost::asio::ip::address, uint64_t> open_;
};

}  // namespace routerd::ipvs::userspace
