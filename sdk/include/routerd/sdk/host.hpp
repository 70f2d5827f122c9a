// The host's services as one plugin sees them: logging, the bus, its executor and timers,
// its store namespace, the [global] table, health checks, metrics, error reports and the
// provider lookup. Every field of routerd_host_api_t has its typed call here.
#ifndef ROUTERD_SDK_HOST_HPP
#define ROUTERD_SDK_HOST_HPP

#include <routerd/sdk/abi.hpp>
#include <routerd/sdk/config.hpp>
#include <routerd/sdk/events.hpp>
#include <routerd/sdk/metrics.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace routerd::sdk {

// Another plugin called per use (a Forwarder, a Scheduler), found with Host::find; defined in
// <routerd/sdk/providers.hpp>.
template <class Kind>
class Provider;

// A running check's health, as the host knows it now.
enum class CheckState { unknown, down, up };

// The liveness of a loop the plugin runs on a thread of its own (Host::declare_heartbeat): the
// loop calls feed() every interval(); while it does not, routerd stops telling systemd's
// watchdog that it is alive, and systemd restarts it. Retired when destroyed. Move-only.
class Heartbeat {
  public:
    Heartbeat() = default;
    Heartbeat(routerd_host_t* host, const routerd_host_api_t* api, uint64_t id,
              std::chrono::nanoseconds interval)
        : host_(host), api_(api), id_(id), interval_(interval) {}
    Heartbeat(Heartbeat&& other) noexcept { *this = std::move(other); }
    Heartbeat& operator=(Heartbeat&& other) noexcept {
        if (this != &other) {
            retire();
            host_ = other.host_;
            api_ = other.api_;
            id_ = std::exchange(other.id_, 0);
            interval_ = other.interval_;
        }
        return *this;
    }
    Heartbeat(const Heartbeat&) = delete;
    Heartbeat& operator=(const Heartbeat&) = delete;
    ~Heartbeat() { retire(); }

    // Any thread; from the loop the heartbeat stands for.
    void feed() const {
        if (id_ != 0) api_->heartbeat_feed(host_, id_);
    }
    std::chrono::nanoseconds interval() const { return interval_; }

  private:
    void retire() {
        if (id_ != 0) api_->heartbeat_retire(host_, std::exchange(id_, 0));
    }

    routerd_host_t* host_ = nullptr;
    const routerd_host_api_t* api_ = nullptr;
    uint64_t id_ = 0;
    std::chrono::nanoseconds interval_{0};
};

class Host {
  public:
    Host(routerd_host_t* host, const routerd_host_api_t* api) : host_(host), api_(api) {}

    void log(routerd_log_level_t level, std::string_view message) const {
        api_->log(host_, level, to_c(message));
    }
    void info(std::string_view m) const { log(ROUTERD_LOG_INFO, m); }
    void warn(std::string_view m) const { log(ROUTERD_LOG_WARN, m); }
    void error(std::string_view m) const { log(ROUTERD_LOG_ERROR, m); }
    void debug(std::string_view m) const { log(ROUTERD_LOG_DEBUG, m); }
    // Why the current call fails; the host shows it with the plugin's name. (The SDK's
    // trampolines set it from an exception's message: throwing is the usual way.)
    void set_error(std::string_view message) const { api_->set_error(host_, to_c(message)); }

    // The [global] table; during configure only.
    GlobalConfig global_config() const { return GlobalConfig::read(global_table()); }
    // The [global] table's node, to report an error against one of its keys.
    Config global_table() const { return config(api_->config_global(host_)); }

    // During configure and probe creation: what the configuration at `where` needs beyond
    // routerd's own work (routerd_privilege_t), so that routerd keeps it when it gives up the
    // capabilities nothing needs. False when the host refused it (reported against `where`).
    bool require_privilege(const Config& where, routerd_privilege_t privilege) const {
        return api_->require_privilege(host_, where.raw(), privilege) == ROUTERD_OK;
    }

    // Any thread: how many file descriptors the data plane may hold in all (the host keeps the
    // rest for the control plane). Like every call of this ABI minor, the host has it: the
    // loader refuses a plugin built for a newer minor than its own.
    uint64_t descriptor_budget() const { return api_->descriptor_budget(host_); }

    // The plugin's command `verb` (its first argument; "" for none) only reads state:
    // members of [global] control_group may run it. Undeclared commands need root.
    void declare_read_only_command(std::string_view verb) const {
        api_->declare_read_only_command(host_, to_c(verb));
    }

    // A heartbeat for a loop of the plugin's own thread, named `name` in routerctl status;
    // feed it from that loop every interval (see Heartbeat).
    Heartbeat declare_heartbeat(std::string_view name) const {
        uint64_t id = 0, interval_ns = 0;
        check(api_->heartbeat_declare(host_, to_c(name), &id, &interval_ns), "heartbeat_declare");
        return Heartbeat(host_, api_, id,
                         std::chrono::nanoseconds(static_cast<int64_t>(interval_ns)));
    }

    // Any thread: declares a metric family (metrics.hpp); throws when the host refuses it (a
    // bad name, or the name taken with another definition). Declaring the same family again
    // returns it again.
    MetricFamily counter(const MetricSpec& spec) const {
        return declare_metric(host_, api_, ROUTERD_METRIC_COUNTER, spec);
    }
    MetricFamily gauge(const MetricSpec& spec) const {
        return declare_metric(host_, api_, ROUTERD_METRIC_GAUGE, spec);
    }
    MetricFamily histogram(const MetricSpec& spec) const {
        return declare_metric(host_, api_, ROUTERD_METRIC_HISTOGRAM, spec);
    }

    // During configure: validates `check` (a check table: type, delay_loop, rise, ... and the
    // checker's own keys) for `target` ("ip:port") and has the host run it once the
    // configuration is applied. Returns the check's id (its CHECK_RESULT events' subject), or
    // nullopt after the host reported what is wrong.
    std::optional<std::string> attach_check(const Config& check, std::string_view target) const {
        routerd_str_t id{};
        if (api_->check_attach(host_, check.raw(), to_c(target), &id) != ROUTERD_OK)
            return std::nullopt;
        return std::string(from_c(id));
    }
    // Any thread.
    CheckState check_state(std::string_view check_id) const {
        switch (api_->check_state(host_, to_c(check_id))) {
            case 1:
                return CheckState::up;
            case 0:
                return CheckState::down;
            default:
                return CheckState::unknown;
        }
    }

    // The loaded plugin `name` of kind `Kind` (Forwarder or Scheduler), or nullopt when there
    // is none of that kind. Defined in <routerd/sdk/providers.hpp>.
    template <class Kind>
    std::optional<Provider<Kind>> find(std::string_view name) const;

    void publish(const Event& event) const {
        const routerd_event_t raw = event.view();
        check(api_->publish(host_, &raw), "publish");
    }
    // The handler runs on this plugin's executor; it must outlive the plugin's start..stop.
    void subscribe(uint32_t type, std::function<void(const Event&)>* handler) const {
        check(api_->subscribe(host_, type, &Host::deliver, handler), "subscribe");
    }

    // Runs fn on this plugin's serial executor.
    void post(std::function<void()> fn) const {
        auto task = std::make_unique<std::function<void()>>(std::move(fn));
        check(api_->post(host_, &Host::run_task, task.get()), "post");
        task.release();  // run_task owns it now
    }
    // Runs fn on the host's blocking pool.
    void post_blocking(std::function<void()> fn) const {
        auto task = std::make_unique<std::function<void()>>(std::move(fn));
        check(api_->post_blocking(host_, &Host::run_task, task.get()), "post_blocking");
        task.release();
    }
    // One-shot timer; fn runs on this plugin's executor unless cancelled first.
    uint64_t start_timer(std::chrono::nanoseconds delay, std::function<void()> fn) const {
        auto task = std::make_unique<std::function<void()>>(std::move(fn));
        const uint64_t id = api_->timer_start(host_, static_cast<uint64_t>(delay.count()),
                                              &Host::run_timer, task.get());
        if (id == 0) throw std::runtime_error("host refused timer_start");
        task.release();
        return id;
    }
    void cancel_timer(uint64_t id) const { api_->timer_cancel(host_, id); }
    std::chrono::nanoseconds now() const {
        return std::chrono::nanoseconds(static_cast<int64_t>(api_->now_ns(host_)));
    }

    void store_migrate(const std::vector<std::string>& steps) const {
        std::vector<routerd_str_t> raw;
        for (const auto& s : steps)
            raw.push_back(to_c(s));
        check(api_->store_migrate(host_, raw.data(), raw.size()), "store_migrate");
    }
    void store_write(std::string_view sql, const std::vector<std::string>& params = {}) const {
        std::vector<routerd_str_t> raw;
        for (const auto& p : params)
            raw.push_back(to_c(p));
        check(api_->store_write(host_, to_c(sql), raw.data(), raw.size()), "store_write");
    }
    using Row = std::vector<std::optional<std::string>>;
    std::vector<Row> store_query(std::string_view sql,
                                 const std::vector<std::string>& params = {}) const {
        std::vector<routerd_str_t> raw;
        for (const auto& p : params)
            raw.push_back(to_c(p));
        std::vector<Row> rows;
        check(
            api_->store_query(host_, to_c(sql), raw.data(), raw.size(), &Host::collect_row, &rows),
            "store_query");
        return rows;
    }
    void history(std::string_view subject, std::string_view from, std::string_view to,
                 std::string_view detail) const {
        check(api_->store_history(host_, to_c(subject), to_c(from), to_c(to), to_c(detail)),
              "store_history");
    }

    // A configuration node the host passed in (valid for the duration of that call).
    Config config(const routerd_config_node_t* node) const { return Config(host_, api_, node); }
    // The C table underneath. Every host service has its call above: first-party plugins never
    // use these (tests of the host's side of the ABI do).
    routerd_host_t* raw() const { return host_; }
    const routerd_host_api_t* api() const { return api_; }

  private:
    static void check(routerd_status_t status, const char* what) {
        if (status != ROUTERD_OK) throw std::runtime_error(std::string("host refused ") + what);
    }
    static void deliver(void* user, const routerd_event_t* event) {
        try {
            (*static_cast<std::function<void(const Event&)>*>(user))(Event::from(event));
        } catch (...) {
            // A handler's failure must not unwind into the host.
        }
    }
    static void run_task(void* user) {
        std::unique_ptr<std::function<void()>> fn(static_cast<std::function<void()>*>(user));
        try {
            (*fn)();
        } catch (...) {
        }
    }
    static void run_timer(void* user, bool fired) {
        if (fired) {
            run_task(user);
        } else {
            delete static_cast<std::function<void()>*>(user);
        }
    }
    static void collect_row(void* user, const routerd_str_t* columns, size_t n) {
        Row row;
        for (size_t i = 0; i < n; ++i) {
            row.push_back(columns[i].ptr
                              ? std::optional<std::string>(std::string(from_c(columns[i])))
                              : std::nullopt);
        }
        static_cast<std::vector<Row>*>(user)->push_back(std::move(row));
    }

    routerd_host_t* host_;
    const routerd_host_api_t* api_;
};

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_HOST_HPP
