#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <routerd/plugin.hpp>

#include "checks/attempt_scheduler.hpp"
#include "checks/check_clock.hpp"
#include "checks/check_health.hpp"
#include "checks/check_metrics.hpp"
#include "host/plugin_host.hpp"

namespace routerd {

// The store namespace of last-known health: {ns}health (id, up, reason, time_unix_ns), made
// by the runner's migration, written by each check when its state changes.
inline constexpr const char* kCheckStoreNamespace = "routerd-checks";

// One check as configured under [checks.NAME]: the host's common keys. The checker plugin
// named by `type` validates the rest of the table.
struct CheckSpec {
    std::string id;
    std::string type;
    std::string target;        // the address results are about (the real server's)
    std::string probe_target;  // the address probed: target with connect_ip/connect_port
    std::chrono::nanoseconds delay_loop = std::chrono::seconds(5);
    std::chrono::nanoseconds connect_timeout = std::chrono::seconds(5);
    std::chrono::nanoseconds delay_before_retry = std::chrono::seconds(1);
    unsigned rise = 1;
    unsigned retry = 1;
    bool alpha = false;
    // Keepalived's log_all_failures: log every failed attempt while the check is up, not only
    // the one that takes it down.
    bool log_all_failures = false;
    // Keepalived's warmup: the first probe waits a random time up to this (instead of up to
    // delay_loop), so that checks started together spread out.
    std::optional<std::chrono::nanoseconds> warmup;
    std::string event_data;   // the CHECK_RESULT events' `data` (smtp_alert, router_id)
    std::string fingerprint;  // the whole table as text: unchanged checks survive a reload
};

// Destroys a probe on its checker's strand and waits for it; from a thread outside the
// runtime (the daemon's).
void destroy_probe(Runtime& runtime, PluginHost& checker, routerd_probe_t* probe);

// A check while it runs: its attempts (booked with its checker's ProbeScheduler, answered on
// any thread, timed by the injected clock), its health (retry, rise), the events, store rows and
// history its changes make, and its counters. Its state is guarded by a mutex of its own, so that
// an answer is applied on the thread that brings it, without a hop to another executor.
class RunningCheck : public std::enable_shared_from_this<RunningCheck> {
  public:
    using time_point = CheckClock::time_point;

    RunningCheck(HostServices& services, CheckSpec spec, PluginHost& checker,
                 routerd_probe_t* probe, std::shared_ptr<AttemptScheduler> scheduler,
                 const CheckClock& clock);

    const CheckSpec& spec() const { return spec_; }
    // Before start: the health remembered from the last run replaces the configured start.
    void restore(bool up);
    // Starts the rhythm: the first attempt is due after a random part of warmup (else of
    // delay_loop).
    void start();
    // From a thread outside the runtime (the daemon's). The probe is destroyed here when no
    // attempt is in flight, else when its answer comes.
    void stop();
    // On the checker's strand, from its scheduler: the attempt due at `due`.
    void attempt(time_point due, time_point now);

    nlohmann::json status() const;
    int32_t state() const { return current_.load(); }  // 1 up, 0 down; any thread

    uint64_t schedule_generation = 0;  // the scheduler's, on the checker's strand

  private:
    static void answered(void* context, const routerd_probe_result_t* result);
    void on_answer(bool up, int32_t weight, std::string reason, bool local_error);
    // With mutex_ held: an attempt routerd could not make (out of descriptors) says nothing
    // about the target, so the health stays; logged when such errors begin and end.
    void record_local_error(const std::string& reason);
    // With mutex_ held: applies one result; true when a retry is due soon.
    bool record(bool up, int32_t new_weight, const std::string& reason, uint32_t latency_us);
    void announce(bool was_up, bool now_up, const std::string& reason, uint32_t latency_us);
    void publish(bool was_up, bool now_up, const std::string& reason, uint32_t latency_us);
    void release_probe();

    HostServices& services_;
    const CheckSpec spec_;
    PluginHost& plugin_;
    const std::shared_ptr<AttemptScheduler> scheduler_;
    const CheckClock& clock_;
    std::atomic<int32_t> current_;  // health_.up(), for other threads

    mutable std::mutex mutex_;  // guards what follows
    CheckMetrics metrics_;
    routerd_probe_t* probe_;
    CheckHealth health_;
    bool running_ = false;
    bool in_flight_ = false;
    bool answered_ = false;  // the current attempt has a result (its own, or "no answer")
    time_point started_;
    uint64_t probes_ = 0;
    uint64_t failures_ = 0;
    uint64_t local_errors_ = 0;
    uint64_t local_error_streak_ = 0;  // in a row, up to the last attempt
    std::string last_reason_;
    uint32_t last_latency_us_ = 0;
    int32_t weight_ = -1;  // the checker's last dynamic weight (misc_dynamic, file), or -1
    int64_t since_unix_ns_ = 0;
};

}  // namespace routerd
