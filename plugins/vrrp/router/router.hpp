// The VRRP router: every configured instance and sync group, run on the plugin's own
// Boost.Asio thread so that adverts and timers are never delayed by anything else routerd does.
// The SDK side (plugin.cpp) hands it configurations and receives what it must tell the rest of
// routerd (transitions, installed addresses, log lines) through Outputs.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "addresses.hpp"
#include "advert_relay.hpp"
#include "config.hpp"
#include "endpoints.hpp"
#include "instance.hpp"
#include "netlink.hpp"
#include "no_accept.hpp"
#include "notifiers.hpp"
#include "outputs.hpp"
#include "sync_groups.hpp"
#include "thread_scheduler.hpp"
#include "trackers.hpp"
#include "vmacs.hpp"

namespace routerd::vrrp {

class Router {
  public:
    using Outputs = vrrp::Outputs;

    explicit Router(Outputs outputs);
    ~Router();  // stops the thread (call shutdown() first to resign)
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Each runs on the router's thread and waits for it.
    // Removes addresses and routes a previous run recorded and left behind (crash, kill -9).
    void clean_up(const std::vector<Installed>& leftovers);
    // Starts, replaces or stops instances so that `config` runs (core/reload_plan.hpp): an
    // instance whose configuration did not change is not touched, and a changed one that was
    // MASTER stays MASTER (its addresses are not removed and re-added).
    void apply(const VrrpConfig& config);
    // Every instance resigns (priority-0 advert, addresses removed, notify_stop).
    void shutdown();
    nlohmann::json status();
    std::string status_text();

  private:
    template <class F>
    auto on_thread(F&& fn);
    void watch_links();
    // Feeds outputs_.heartbeat now and every heartbeat_interval, from the loop itself; each
    // expiry of its timer also tells how late the loop runs its timers (max_auto_priority).
    void beat();
    void on_link_change(int ifindex);
    // Re-adds the static items `change` took away (core/static_watch.hpp).
    void on_kernel_change(const KernelChange& change);
    void on_track_report(const track::TrackReport& report);
    void apply_scheduling(const ThreadScheduling& scheduling);
    // max_auto_priority: a timer that expired at `expired` runs now; rises when it is too late.
    void check_timer_lateness(TimePoint expired);
    void log_scheduling(const ThreadScheduler::Outcome& outcome);
    // Installs the static items `wanted` adds, removes those it drops (Keepalived 2.2.7 does
    // both on reload); with `wanted` empty, at stop, removes them all.
    void apply_statics(const StaticConfig& wanted);
    void install_statics(const StaticConfig& items, bool add);
    std::vector<IpAddress> virtual_addresses() const;
    std::vector<TrackedObject> tracked(const Instance& instance) const;
    // fifo_write_vrrp_states_on_reload: each instance's and group's state to the notify FIFOs.
    void write_states();

    Outputs outputs_;
    boost::asio::io_context io_;
    track::BlockingPool blocking_{2};  // scripts and /proc scans, never the loop
    Netlink netlink_;
    LinkMonitor links_;
    boost::asio::posix::stream_descriptor links_fd_;
    boost::asio::steady_timer heartbeat_timer_{io_};
    InstallJournal journal_{outputs_.records};
    Addresses addresses_{io_, netlink_, journal_, outputs_};
    Endpoints endpoints_{io_};
    common::LogThrottle unknown_vrid_log_ = packet_log_throttle();  // log_unknown_vrids
    Notifiers notifiers_;
    PromoteSecondaries secondaries_{outputs_};
    Vmacs vmacs_{netlink_, journal_, outputs_};
    NoAccept no_accept_{outputs_};
    Trackers trackers_;
    SyncGroups groups_{outputs_, notifiers_};
    AdvertRelay relay_;  // its threads run while rt_priority is set
    InstanceContext context_;
    ThreadScheduler scheduler_;    // used on the router's thread only
    ThreadScheduling scheduling_;  // as configured
    std::optional<int> raised_;    // the SCHED_RR priority max_auto_priority rose to
    bool rises_refused_ = false;   // the kernel refused one: none until the next configuration
    std::map<std::string, std::unique_ptr<Instance>> instances_;
    StaticWatch statics_;                  // the installed static items, kept in place
    bool applied_ = false;                 // a configuration runs: the next apply() is a reload
    std::optional<TimePoint> started_at_;  // the first apply(): [vrrp] startup_delay counts from it
    std::thread thread_;
};

}  // namespace routerd::vrrp
