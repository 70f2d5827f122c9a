// The VRRP router: every configured instance and sync group, run on the plugin's own
// Boost.Asio thread so that adverts and timers are never delayed by anything else routerd does.
// The SDK side (plugin.cpp) hands it configurations and receives what it must tell the rest of
// routerd (transitions, installed addresses, log lines) through Outputs.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "ah_sequence.hpp"
#include "config.hpp"
#include "drop_reason.hpp"
#include "io/announcer.hpp"
#include "io/netlink.hpp"
#include "io/vrrp_socket.hpp"
#include "machine.hpp"
#include "notify_runner.hpp"
#include "priority.hpp"
#include "sync_group.hpp"
#include "tracker.hpp"

namespace routerd::vrrp {

// A state change of an instance or a sync group, for events, history and notify scripts.
struct Transition {
    std::string name;
    bool group = false;
    State from = State::initialize;
    State to = State::initialize;
    int priority = 0;
    std::string master;  // the master's address as last seen
    std::string reason;
    NotifyScripts notify;
    std::optional<bool> smtp_alert;
    bool stop = false;  // the instance stopped (notify_stop), rather than entered `to`
};

// Something routerd put into (or took out of) the system, for crash clean-up.
struct Installed {
    std::string kind;  // "address" or "route"
    std::string dev;
    std::string what;  // "172.16.0.100/32", "10.0.0.0/8 via 172.16.0.1"
};

class Router {
  public:
    struct Outputs {
        std::function<void(const Transition&)> transition;
        std::function<void(const Installed&, bool added)> installed;
        std::function<void(int level, const std::string&)> log;  // routerd_log_level_t
    };

    explicit Router(Outputs outputs);
    ~Router();  // stops the thread (call shutdown() first to resign)
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Each runs on the router's thread and waits for it.
    // Removes addresses and routes a previous run left behind (crash, kill -9).
    void clean_up(const std::vector<Installed>& leftovers);
    // Starts, replaces or stops instances so that `config` runs; an instance whose
    // configuration did not change is not touched, and a changed one that was MASTER stays
    // MASTER (its addresses are not removed and re-added).
    void apply(const VrrpConfig& config);
    // Every instance resigns (priority-0 advert, addresses removed, notify_stop).
    void shutdown();
    nlohmann::json status();
    std::string status_text();

    struct Instance;
    struct Group;
    struct Endpoint;

  private:
    template <class F>
    auto on_thread(F&& fn);
    void start_instance(Instance& instance);
    void stop_instance(Instance& instance, bool resign);
    void refresh_interface(Instance& instance);
    Endpoint* endpoint_for(Instance& instance);
    void listen(Endpoint& endpoint);
    void on_readable(Endpoint& endpoint);
    void on_advert(Instance& instance, const Received& datagram);
    void run(Instance& instance, Actions actions, std::string_view reason);
    void execute(Instance& instance, const Action& action, std::string_view reason);
    void send_advert(Instance& instance, std::uint8_t priority);
    void install(Instance& instance, bool add);
    void announce(Instance& instance, unsigned repeat);
    void arm_timer(Instance& instance);
    void reconcile_groups(std::string_view reason);
    void update_priority(Instance& instance);
    void on_link_change(int ifindex);
    void on_track_report(const track::TrackReport& report);
    void restart_trackers(const VrrpConfig& config);
    track::NotifyRunner& notifier(bool group, const std::string& name,
                                  const NotifyScripts& scripts);
    void notify(bool group, const std::string& name, const NotifyScripts& scripts, State to,
                bool stop, int priority);
    bool notifications_idle();
    void log(int level, const std::string& message);

    Outputs outputs_;
    boost::asio::io_context io_;
    boost::asio::thread_pool blocking_{2};  // scripts and /proc scans, never the loop
    std::unique_ptr<Netlink> netlink_;
    std::unique_ptr<LinkMonitor> links_;
    std::unique_ptr<boost::asio::posix::stream_descriptor> links_fd_;
    std::map<std::string, std::unique_ptr<Instance>> instances_;
    std::map<std::string, std::unique_ptr<Group>> groups_;
    std::map<std::string, std::unique_ptr<Endpoint>> endpoints_;  // by interface/family/proto
    std::map<std::string, std::unique_ptr<Announcer>> announcers_;
    // Trackers by "script:NAME", "process:NAME", "file:NAME", with their last reports.
    VrrpConfig tracked_definitions_;
    std::map<std::string, std::unique_ptr<track::Tracker>> trackers_;
    std::map<std::pair<TrackKind, std::string>, track::TrackReport> reports_;
    // Notify runners outlive their instance so that notify_stop finishes; by "instance NAME"
    // or "group NAME", with the scripts they were made for.
    struct Notifier {
        NotifyScripts scripts;
        std::unique_ptr<track::NotifyRunner> runner;
    };
    std::map<std::string, Notifier> notifiers_;
    std::uint64_t unknown_vrid_ = 0;
    std::thread thread_;
};

}  // namespace routerd::vrrp
