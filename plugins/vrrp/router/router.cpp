#include "router.hpp"

#include <pthread.h>

#include <future>
#include <set>

#include <boost/asio/post.hpp>

#include "auto_priority.hpp"
#include "clean_up.hpp"
#include "reload_plan.hpp"
#include "status.hpp"

namespace routerd::vrrp {

template <class F>
auto Router::on_thread(F&& fn) {
    using R = std::invoke_result_t<F>;
    if (io_.get_executor().running_in_this_thread()) return fn();
    std::packaged_task<R()> task(std::forward<F>(fn));
    std::future<R> result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
}

Router::Router(Outputs outputs)
    : outputs_(std::move(outputs)),
      links_({[this](int ifindex) { on_link_change(ifindex); },
              [this](const KernelChange& change) { on_kernel_change(change); }}),
      links_fd_(io_, links_.fd()),
      notifiers_(track::Executors{io_.get_executor(), &blocking_}, outputs_),
      trackers_(track::Executors{io_.get_executor(), &blocking_}, outputs_,
                [this](const track::TrackReport& report) { on_track_report(report); }),
      context_{io_,
               netlink_,
               addresses_,
               endpoints_,
               notifiers_,
               outputs_,
               secondaries_,
               vmacs_,
               no_accept_,
               relay_,
               [this](std::string_view reason) { groups_.reconcile(reason); }} {
    thread_ = std::thread([this] {
        // Named, so that its CPU time can be told apart (bench/vrrp/flood.sh, top -H).
        pthread_setname_np(pthread_self(), "vrrp");
        auto guard = boost::asio::make_work_guard(io_);
        io_.run();
    });
    on_thread([this] {
        watch_links();
        beat();
    });
}

Router::~Router() {
    on_thread([this] {
        trackers_.stop();
        notifiers_.stop();
        instances_.clear();
        groups_.clear();
        links_fd_.release();  // the link monitor owns the descriptor
        heartbeat_timer_.cancel();
    });
    io_.stop();
    thread_.join();
    blocking_.join();
}

void Router::watch_links() {
    links_fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                         [this](const boost::system::error_code& ec) {
                             if (ec) return;
                             links_.receive();
                             watch_links();
                         });
}

void Router::beat() {
    if (outputs_.heartbeat) outputs_.heartbeat();
    heartbeat_timer_.expires_after(outputs_.heartbeat_interval);
    heartbeat_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        check_timer_lateness(heartbeat_timer_.expiry());
        beat();
    });
}

void Router::clean_up(const std::vector<Installed>& leftovers) {
    on_thread([&] { vrrp::clean_up(netlink_, vmacs_, journal_, leftovers, outputs_); });
}

std::vector<IpAddress> Router::virtual_addresses() const {
    std::vector<IpAddress> ours;
    for (const auto& [name, instance] : instances_) {
        for (const VirtualAddress& vip : instance->config().addresses)
            ours.push_back(vip.address);
    }
    return ours;
}

std::vector<TrackedObject> Router::tracked(const Instance& instance) const {
    return trackers_.tracked(instance.config().tracks);
}

void Router::on_link_change(int ifindex) {
    const std::vector<IpAddress> ours = virtual_addresses();
    for (auto& [name, instance] : instances_)
        instance->on_link_change(ifindex, ours);
}

void Router::on_track_report(const track::TrackReport& report) {
    for (auto& [name, instance] : instances_)
        instance->on_track_report(report);
}

// On the router's thread: the settings are its own (and, for no_swap, the process's). A rise
// of max_auto_priority outlives the reload, as in Keepalived, within the new maximum.
void Router::apply_scheduling(const ThreadScheduling& scheduling) {
    scheduling_ = scheduling;
    raised_ = kept_rise(scheduling, raised_);
    rises_refused_ = false;
    log_scheduling(scheduler_.apply(with_rise(scheduling, raised_)));
}

void Router::check_timer_lateness(TimePoint expired) {
    if (rises_refused_) return;
    const TimePoint now = Clock::now();
    const std::optional<int> next =
        auto_raised_priority(scheduling_, scheduler_.rt_priority(), expired, now);
    if (!next) return;
    const auto late = std::chrono::duration_cast<std::chrono::microseconds>(now - expired);
    outputs_.say(kWarn, "vrrp thread: a timer ran " + std::to_string(late.count()) +
                            " us after it expired (min_auto_priority_delay " +
                            std::to_string(scheduling_.min_auto_priority_delay.count()) +
                            " us): rising to SCHED_RR priority " + std::to_string(*next) +
                            " (max_auto_priority " + std::to_string(scheduling_.max_auto_priority) +
                            ")");
    const ThreadScheduler::Outcome outcome = scheduler_.apply(with_rise(scheduling_, next));
    log_scheduling(outcome);
    if (outcome.refused.empty()) {
        raised_ = next;
    } else {
        rises_refused_ = true;  // once, not at every late timer
        outputs_.say(kWarn, "vrrp thread: no further automatic rise until the next reload");
    }
}

void Router::log_scheduling(const ThreadScheduler::Outcome& outcome) {
    for (const std::string& line : outcome.applied)
        outputs_.say(kInfo, "vrrp thread: " + line);
    for (const std::string& line : outcome.refused)
        outputs_.say(kError, "vrrp thread: not applied: " + line);
    // The relay threads at the VRRP thread's real-time priority, when the kernel gave it one
    // (a relay of a thread it refused would run ahead of the thread itself).
    const std::optional<int> priority = scheduler_.rt_priority();
    const bool was_running = relay_.running();
    if (const std::string error = relay_.run(priority); !error.empty()) {
        outputs_.say(kError, "vrrp relay threads: not started: " + error);
    } else if (relay_.running() != was_running) {
        outputs_.say(kInfo, relay_.running()
                                ? "vrrp relay threads: one per CPU, SCHED_RR priority " +
                                      std::to_string(*priority)
                                : "vrrp relay threads: stopped");
    }
}

// The VRRP plugin owns the static items as Keepalived's VRRP process does: they go through the
// same netlink calls and the same install journal (so crash leftovers are removed at the next
// start) as the instances' virtual ones.
void Router::install_statics(const StaticConfig& items, bool add) {
    static const std::string kOwner = "static", kNoInterface;
    static const std::optional<InterfaceInfo> kNoInfo;
    addresses_.install({kOwner, kNoInterface, kNoInfo},
                       {items.addresses, items.routes, items.rules}, add);
}

void Router::apply_statics(const StaticConfig& wanted) {
    const StaticConfig& installed = statics_.statics();
    const StaticConfig gone{withdrawn(installed.addresses, wanted.addresses),
                            withdrawn(installed.routes, wanted.routes),
                            withdrawn(installed.rules, wanted.rules)};
    const StaticConfig fresh{withdrawn(wanted.addresses, installed.addresses),
                             withdrawn(wanted.routes, installed.routes),
                             withdrawn(wanted.rules, installed.rules)};
    install_statics(gone, false);
    install_statics(fresh, true);
    statics_.set(wanted);
    // The watch learns the state of each static item's interface as it is now (what it hears
    // from now on are changes).
    std::set<std::string> devs;
    for (const VirtualAddress& a : wanted.addresses)
        devs.insert(a.dev);
    for (const VirtualRoute& r : wanted.routes) {
        if (r.has_interface()) devs.insert(r.dev);
    }
    for (const std::string& dev : devs) {
        if (const auto info = netlink_.interface(dev))
            statics_.on_change(LinkState{info->index, dev, info->up && info->running});
    }
    if (!links_.watch_routes(statics_.watches_routes())) {
        outputs_.say(kError,
                     "static routes and rules: cannot follow the kernel's route and rule "
                     "messages: one deleted will not be re-added");
    }
}

// Keepalived 2.2.7 logs each ("Restoring deleted static address ..."); one that cannot be
// re-added is logged by the install, and its track_group's instances are in FAULT while its
// interface is down or gone (config_track_group.hpp).
void Router::on_kernel_change(const KernelChange& change) {
    if (const auto* deleted = std::get_if<DeletedAddress>(&change)) {
        for (auto& [name, instance] : instances_)
            instance->on_address_deleted(*deleted);
    }
    const StaticConfig again = statics_.on_change(change);
    if (again.empty()) return;
    for (const VirtualAddress& a : again.addresses)
        outputs_.say(kInfo, "restoring static address " + a.text() + " dev " + a.dev);
    for (const VirtualRoute& r : again.routes)
        outputs_.say(kInfo, "restoring static route " + r.text());
    for (const VirtualRule& r : again.rules)
        outputs_.say(kInfo, "restoring static rule " + r.text());
    install_statics(again, true);
}

void Router::apply(const VrrpConfig& config) {
    on_thread([&] {
        apply_scheduling(config.scheduling);
        apply_statics(config.statics);
        Endpoints::UnknownVridLog log_unknown;
        if (config.log_unknown_vrids) {
            log_unknown = [this](const std::string& interface, int vrid, const IpAddress& source) {
                outputs_.say(unknown_vrid_log_, kInfo,
                             interface + ": advert from " + source.to_string() + " for VRID " +
                                 std::to_string(vrid) + ", which no instance here has");
            };
        }
        endpoints_.log_unknown_vrids(std::move(log_unknown));
        trackers_.update(config);
        std::set<std::string> vmacs;
        for (const auto& [name, instance] : config.instances) {
            if (instance.vmac) vmacs.insert(instance.vmac->name);
            for (const AddressVmac& vmac : instance.address_vmacs)
                vmacs.insert(vmac.name);
        }
        addresses_.configure(config.garp_pacing, std::move(vmacs));
        if (!started_at_) started_at_ = std::chrono::steady_clock::now();
        // Keepalived's vrrp_startup_delay: instances wait that long after routerd started,
        // also those a reload within that time starts.
        const TimePoint not_before =
            *started_at_ + std::chrono::duration_cast<Clock::duration>(config.startup_delay);
        notifiers_.set_script_policy(config.script_policy);
        notifiers_.set_fifos(config.global_fifo,
                             config.fifo);  // first: the reader hears the start too
        no_accept_.configure(config.firewall);
        groups_.clear();  // rebuilt below, around the instances that run from now on
        std::map<std::string, InstanceConfig> running;
        std::set<std::string> masters;
        for (const auto& [name, instance] : instances_) {
            running.emplace(name, instance->config());
            if (instance->machine() && instance->machine()->state() == State::master) {
                masters.insert(name);
            }
        }
        const ReloadPlan plan = reload_plan(running, config.instances, masters);
        for (const std::string& name : plan.remove) {
            instances_.at(name)->remove();
            instances_.erase(name);
        }
        for (const ReloadPlan::Start& step : plan.start) {
            using Kind = ReloadPlan::Start::Kind;
            if (step.kind == Kind::hand_over) {
                instances_.at(step.name)->hand_over(
                    {step.withdrawn_addresses, step.withdrawn_routes, step.withdrawn_rules});
            }
            if (step.kind == Kind::restart) instances_.at(step.name)->stop(true);
            instances_.erase(step.name);
            Instance& instance =
                *instances_
                     .emplace(step.name,
                              std::make_unique<Instance>(context_, config.instances.at(step.name)))
                     .first->second;
            if (step.kind == Kind::hand_over) {
                instance.take_over(tracked(instance), virtual_addresses());
            } else {
                instance.start(tracked(instance), virtual_addresses(), not_before);
            }
        }
        groups_.build(config.sync_groups, instances_);
        groups_.reconcile("configuration applied");
        if (applied_ && config.fifo_write_states_on_reload) write_states();
        applied_ = true;
    });
}

void Router::write_states() {
    for (const auto& [name, instance] : instances_) {
        if (const Machine* machine = instance->machine())
            notifiers_.write_state(false, name, machine->state(), machine->priority());
    }
    for (const auto& [name, group] : groups_.groups())
        notifiers_.write_state(true, name, group.state, 0);
}

void Router::shutdown() {
    on_thread([&] {
        std::vector<std::pair<std::string, NotifyScripts>> groups;
        for (const auto& [name, group] : groups_.groups())
            groups.emplace_back(name, group.config.notify);
        groups_.clear();
        for (auto& [name, instance] : instances_)
            instance->stop(true);
        instances_.clear();
        apply_statics({});
        // After their instances' STOP, as Keepalived writes them.
        for (const auto& [name, scripts] : groups)
            notifiers_.group_stopped(name, scripts);
    });
    // notify_stop scripts run to the end (or their timeout) before routerd goes.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(35);
    while (!on_thread([this] { return notifiers_.idle(); }) &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

nlohmann::json Router::status() {
    return on_thread([&] { return status_json(instances_, groups_, endpoints_.counters()); });
}

std::string Router::status_text() {
    return vrrp::status_text(status());
}

}  // namespace routerd::vrrp
