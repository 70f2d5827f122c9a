// announce-bgp: announces each configured VIP by BGP while what it stands for is healthy
// (standalone checks up, a virtual server's quorum up, a VRRP instance MASTER), through FRR:
// routerd puts the host route in a kernel table that zebra imports and bgpd redistributes
// (io/route_table.hpp says why), and never speaks BGP itself. `routerctl drain-node` withdraws
// everything and reports when the connections to the VIPs are gone.
#include <routerd/common/command_args.hpp>
#include <routerd/plugin.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "announcement.hpp"
#include "connections.hpp"
#include "prefix_health.hpp"
#include "route_table.hpp"
#include "settings.hpp"

namespace routerd::announce_bgp {
namespace {

struct Prefix {
    PrefixSettings settings;
    Announcement announcement;
    bool installed = false;
    uint64_t timer = 0;
};

class AnnounceBgp : public sdk::Service {
  public:
    explicit AnnounceBgp(sdk::Host host) : sdk::Service(host) {
        for (const char* verb : {"", "show", "json"})  // drain and undrain: root only
            this->host().declare_read_only_command(verb);
    }

    bool configure(const sdk::Config& config, bool dry_run) override {
        std::optional<Settings> s = read_settings(config);
        if (!s) return false;
        if (!dry_run) {
            std::lock_guard lock(mutex_);
            if (running_)
                apply(std::move(*s));
            else
                settings_ = std::move(*s);
        }
        return true;
    }

    void start() override {
        std::lock_guard lock(mutex_);
        if (!settings_.prefixes.empty())
            routes_ = std::make_unique<RouteTable>(settings_.device, settings_.table);
        for (const PrefixSettings& p : settings_.prefixes)
            add(p);
        on_check_ = [this](const sdk::Event& e) {
            std::lock_guard lock(mutex_);
            heard_.checks[e.subject] = {e.state == 1, e.reason};
            update_all();
        };
        on_vrrp_ = [this](const sdk::Event& e) {
            std::lock_guard lock(mutex_);
            heard_.master[e.subject] = e.state == ROUTERD_VRRP_MASTER;
            update_all();
        };
        on_quorum_ = [this](const sdk::Event& e) {
            std::lock_guard lock(mutex_);
            heard_.quorum[e.subject] = {e.state == 1, e.reason};
            update_all();
        };
        host().subscribe(ROUTERD_EVENT_CHECK_RESULT, &on_check_);
        host().subscribe(ROUTERD_EVENT_VRRP_TRANSITION, &on_vrrp_);
        host().subscribe(ROUTERD_EVENT_VIRTUAL_SERVER, &on_quorum_);
        running_ = true;
        update_all();
        watch_guard();
    }

    void stop() override {
        std::lock_guard lock(mutex_);
        running_ = false;
        if (guard_timer_) host().cancel_timer(guard_timer_);
        for (auto& [name, p] : prefixes_) {
            if (p.timer) host().cancel_timer(p.timer);
            // Withdrawn one by one: zebra is not told of routes that go with their device.
            if (p.installed) withdraw(p);
        }
        routes_.reset();
        host().info("every announcement withdrawn");
    }

    std::string status() override {
        std::lock_guard lock(mutex_);
        return view().dump();
    }

    std::string command(std::string_view request) override {
        const std::vector<std::string> args = common::command_args(request);
        const std::string verb = args.empty() ? "show" : args[0];
        std::lock_guard lock(mutex_);
        if (verb == "drain" || verb == "undrain") {
            const bool draining = verb == "drain";
            if (draining != drain_started_.has_value()) {
                if (draining)
                    drain_started_ = host().now();
                else
                    drain_started_.reset();
                host().warn(draining ? "drain: withdrawing every announcement"
                                     : "drain ended: announcing what is healthy again");
                for (auto& [name, p] : prefixes_)
                    p.announcement.set_draining(draining, host().now());
                update_all();
            }
            return view().dump();
        }
        if (verb == "show" || verb == "json") return view().dump();
        throw std::runtime_error("unknown command '" + verb + "' (show, drain, undrain)");
    }

  private:
    void add(const PrefixSettings& settings) {
        prefixes_.emplace(settings.name,
                          Prefix{settings, Announcement(settings_.timing, host().now()), false, 0});
        for (const std::string& check : settings.follows.checks) {
            if (heard_.checks.contains(check)) continue;
            const sdk::CheckState s = host().check_state(check);
            if (s != sdk::CheckState::unknown)
                heard_.checks[check] = {s == sdk::CheckState::up, "check " + check};
        }
    }

    // A reload while running. A prefix that went is withdrawn; a new one starts withdrawn,
    // with its hold-down; one that stays keeps its announcement (a new address moves it). A
    // new table or device moves every route.
    void apply(Settings next) {
        const auto now = host().now();
        const bool moved = next.table != settings_.table || next.device != settings_.device;
        for (auto it = prefixes_.begin(); it != prefixes_.end();) {
            Prefix& p = it->second;
            const auto kept =
                std::find_if(next.prefixes.begin(), next.prefixes.end(),
                             [&](const PrefixSettings& n) { return n.name == it->first; });
            const bool gone = kept == next.prefixes.end();
            if (p.installed && (gone || moved || kept->prefix != p.settings.prefix)) withdraw(p);
            if (gone) {
                if (p.timer) host().cancel_timer(p.timer);
                host().info(p.settings.prefix + " (" + p.settings.name + ") no longer configured");
                it = prefixes_.erase(it);
                continue;
            }
            p.settings = *kept;
            p.announcement.set_timing(next.timing, now);
            ++it;
        }
        if (moved || next.prefixes.empty()) routes_.reset();
        settings_ = std::move(next);
        if (!routes_ && !settings_.prefixes.empty())
            routes_ = std::make_unique<RouteTable>(settings_.device, settings_.table);
        for (const PrefixSettings& p : settings_.prefixes)
            if (!prefixes_.contains(p.name)) add(p);
        update_all();
    }

    void update_all() {
        if (!running_) return;
        for (auto& [name, p] : prefixes_)
            update(p);
    }

    // Feeds the prefix's health to its announcement, makes the route follow the verdict,
    // and sets a timer for the verdict's next change.
    void update(Prefix& p) {
        const auto now = host().now();
        const Health h = prefix_health(p.settings.follows, heard_);
        p.announcement.set_healthy(h.healthy, h.why, now);
        const Verdict& v = p.announcement.verdict(now);
        // No route table: a reload's new device could not be made (its error was reported).
        if (v.announced != p.installed && routes_) {
            try {
                if (v.announced)
                    routes_->announce(p.settings.prefix);
                else
                    routes_->withdraw(p.settings.prefix);
                p.installed = v.announced;
                host().log(v.announced ? ROUTERD_LOG_INFO : ROUTERD_LOG_WARN,
                           p.settings.prefix + " (" + p.settings.name + ") " + v.reason);
                host().history(p.settings.name, v.announced ? "withdrawn" : "announced",
                               v.announced ? "announced" : "withdrawn", v.reason);
            } catch (const std::exception& e) {
                host().error(p.settings.prefix + ": " + e.what());
            }
        }
        if (p.timer) host().cancel_timer(p.timer);
        p.timer = 0;
        if (const auto next = p.announcement.next_change()) {
            Prefix* self = &p;
            p.timer = host().start_timer(std::max(*next - now, std::chrono::nanoseconds(0)),
                                         [this, self] {
                                             std::lock_guard lock(mutex_);
                                             self->timer = 0;
                                             if (running_) update(*self);
                                         });
        }
    }

    void withdraw(Prefix& p) {
        try {
            routes_->withdraw(p.settings.prefix);
            p.installed = false;
        } catch (const std::exception& e) {
            host().error(p.settings.prefix + ": " + e.what());
        }
    }

    // Once a second: a route guard that someone killed is replaced, and what it may have
    // deleted on its way out is announced again.
    void watch_guard() {
        guard_timer_ = host().start_timer(std::chrono::seconds(1), [this] {
            std::lock_guard lock(mutex_);
            guard_timer_ = 0;
            if (!running_) return;
            try {
                // No route table (no prefix since a reload): nothing to guard.
                if (const auto ended = routes_ ? routes_->keep_guard_running() : std::nullopt) {
                    host().error(*ended);
                    for (auto& [name, p] : prefixes_)
                        if (p.installed) routes_->announce(p.settings.prefix);
                }
            } catch (const std::exception& e) {
                host().error(std::string("route guard: ") + e.what());
            }
            watch_guard();
        });
    }

    nlohmann::json view() {
        const auto now = host().now();
        nlohmann::json prefixes = nlohmann::json::array();
        std::vector<std::string> addresses;
        for (auto& [name, p] : prefixes_) {
            const Verdict& v = p.announcement.verdict(now);
            prefixes.push_back(
                {{"name", name},
                 {"prefix", p.settings.prefix},
                 {"announced", p.installed},
                 {"reason", v.reason},
                 {"for_seconds", std::chrono::duration<double>(now - v.since).count()}});
            addresses.push_back(p.settings.prefix);
        }
        nlohmann::json out{
            {"table", settings_.table}, {"device", settings_.device}, {"prefixes", prefixes}};
        if (drain_started_) {
            const int connections = established_connections(addresses);
            const bool timed_out = now - *drain_started_ >= settings_.drain_timeout;
            out["drain"] = {
                {"for_seconds", std::chrono::duration<double>(now - *drain_started_).count()},
                {"connections", connections},
                {"timed_out", timed_out},
                {"safe_to_stop", connections == 0 || timed_out}};
        }
        return out;
    }

    std::mutex mutex_;
    Settings settings_;
    std::unique_ptr<RouteTable> routes_;
    std::map<std::string, Prefix> prefixes_;
    Signals heard_;  // the last word of each check, virtual server and VRRP instance
    std::optional<std::chrono::nanoseconds> drain_started_;
    bool running_ = false;
    uint64_t guard_timer_ = 0;
    std::function<void(const sdk::Event&)> on_check_;
    std::function<void(const sdk::Event&)> on_vrrp_;
    std::function<void(const sdk::Event&)> on_quorum_;
};

}  // namespace
}  // namespace routerd::announce_bgp

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::announce_bgp::AnnounceBgp>("announce-bgp", "0.1.0");
}
