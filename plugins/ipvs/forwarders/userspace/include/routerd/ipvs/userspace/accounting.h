// Connection accounting per real server, as IPVS keeps it in struct ip_vs_dest: active and
// inactive connection counts (what lc, wlc, sed, nq, ovf and twos weigh) and the overload flag
// of the upper/lower connection thresholds. Thread-safe: connections live on the forwarder's
// I/O threads, picks happen under their service's lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace routerd::ipvs::userspace {

class DestinationLoad {
  public:
    uint32_t active() const { return active_.load(std::memory_order_relaxed); }
    uint32_t inactive() const { return inactive_.load(std::memory_order_relaxed); }
    bool overloaded() const { return overloaded_.load(std::memory_order_relaxed); }
    // Since the real server joined the service (for metrics): connections (and UDP flows)
    // bound to it, and the bytes relayed towards it (in) and back to the clients (out).
    uint64_t connections() const { return connections_.load(std::memory_order_relaxed); }
    uint64_t bytes_in() const { return bytes_in_.load(std::memory_order_relaxed); }
    uint64_t bytes_out() const { return bytes_out_.load(std::memory_order_relaxed); }
    void relayed(bool to_server, uint64_t bytes) {
        (to_server ? bytes_in_ : bytes_out_).fetch_add(bytes, std::memory_order_relaxed);
    }
    void set_thresholds(uint32_t upper, uint32_t lower);

    // ip_vs_bind_dest (ip_vs_conn.c): count a new connection; it overloads the server when
    // the total reaches the upper threshold.
    void bind(bool active);
    // A TCP connection that half closed: from then on it waits for its end, like IPVS's
    // FIN_WAIT / TIME_WAIT states, and counts as inactive.
    void deactivate();
    // ip_vs_unbind_dest: the overload ends below the lower threshold, or below 3/4 of the
    // upper one when there is no lower threshold.
    void unbind(bool active);

  private:
    uint64_t total() const { return uint64_t{active()} + inactive(); }

    std::atomic<uint32_t> active_{0};
    std::atomic<uint32_t> inactive_{0};
    std::atomic<bool> overloaded_{false};
    std::atomic<uint32_t> upper_{0};
    std::atomic<uint32_t> lower_{0};
    std::atomic<uint64_t> connections_{0};
    std::atomic<uint64_t> bytes_in_{0};
    std::atomic<uint64_t> bytes_out_{0};
};

// One connection's claim on its real server's counters, released when it is destroyed.
// TCP connections start active; UDP flows are inactive from the start, as IPVS counts every
// connection of a protocol without states (ip_vs_bind_dest: IP_VS_CONN_F_INACTIVE).
class ConnectionTicket {
  public:
    ConnectionTicket() = default;
    ConnectionTicket(std::shared_ptr<DestinationLoad> load, bool active);
    ConnectionTicket(ConnectionTicket&& other) noexcept;
    ConnectionTicket& operator=(ConnectionTicket&& other) noexcept;
    ConnectionTicket(const ConnectionTicket&) = delete;
    ConnectionTicket& operator=(const ConnectionTicket&) = delete;
    ~ConnectionTicket();

    void deactivate();  // idempotent
    // Bytes the connection relayed: from the client to the server, or back.
    void relayed(bool to_server, uint64_t bytes) {
        if (load_) load_->relayed(to_server, bytes);
    }
    bool active() const { return active_; }

  private:
    void release();

    std::shared_ptr<DestinationLoad> load_;
    bool active_ = false;
};

}  // namespace routerd::ipvs::userspace
