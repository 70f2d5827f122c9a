#include "router.hpp"

#include <future>
#include <sstream>

#include <boost/asio/post.hpp>

#include "codec.hpp"
#include "file_tracker.hpp"
#include "process_tracker.hpp"
#include "script_tracker.hpp"
#include "track_configs.hpp"

namespace routerd::vrrp {
namespace {

constexpr int kDebug = 1, kInfo = 2, kWarn = 3, kError = 4;

std::string endpoint_key(const std::string& interface, Family family, std::uint8_t protocol) {
    return interface + (family == Family::ipv4 ? "/4/" : "/6/") + std::to_string(protocol);
}

std::optional<std::pair<IpAddress, std::uint8_t>> split_cidr(const std::string& text) {
    const size_t slash = text.find('/');
    auto address = IpAddress::parse(text.substr(0, slash));
    if (!address || slash == std::string::npos) return std::nullopt;
    return std::make_pair(*address, static_cast<std::uint8_t>(std::stoi(text.substr(slash + 1))));
}

// Reads back VirtualRoute::text(): "dst/prefix [via gw] [dev name]".
std::optional<VirtualRoute> parse_route_text(const std::string& text) {
    std::istringstream in(text);
    std::string destination, word, value;
    in >> destination;
    auto cidr = split_cidr(destination);
    if (!cidr) return std::nullopt;
    VirtualRoute route{cidr->first, cidr->second, std::nullopt, "", 0};
    while (in >> word >> value) {
        if (word == "via") route.via = IpAddress::parse(value);
        if (word == "dev") route.dev = value;
    }
    return route;
}

}  // namespace

struct Router::Endpoint {
    std::string interface;
    Family family = Family::ipv4;
    std::unique_ptr<VrrpSocket> socket;
    std::unique_ptr<boost::asio::posix::stream_descriptor> readable;
    std::map<std::uint8_t, Instance*> by_vrid;

    ~Endpoint() {
        if (readable) readable->release();  // the socket owns the descriptor
    }
};

struct Router::Instance {
    Instance(boost::asio::io_context& io, InstanceConfig c)
        : config(std::move(c)), timer(io), garp_timer(io), refresh_timer(io) {}

    InstanceConfig config;
    std::unique_ptr<Machine> machine;
    AhSequence ah;
    std::optional<InterfaceInfo> interface;
    IpAddress source;
    std::string fault_reason;  // interface problems, in words
    std::vector<TrackedObject> tracked;
    PriorityReport report;
    boost::asio::steady_timer timer;
    boost::asio::steady_timer garp_timer;
    boost::asio::steady_timer refresh_timer;
    Endpoint* endpoint = nullptr;
    std::string master;
    std::uint64_t adverts_in = 0;
    std::uint64_t adverts_out = 0;
    std::uint64_t transitions = 0;
    std::array<std::uint64_t, kDropReasonCount> drops{};
    std::uint16_t ip_id = 0;
    bool quiet = false;     // a reload hands MASTER over: no transition to report
    bool stopping = false;  // shutdown: the last transition is a stop
};

struct Router::Group {
    SyncGroupConfig config;
    std::vector<Instance*> members;
    std::unique_ptr<SyncGroup> sync;
    State state = State::initialize;
};

template <class F>
auto Router::on_thread(F&& fn) {
    using R = std::invoke_result_t<F>;
    if (io_.get_executor().running_in_this_thread()) return fn();
    std::packaged_task<R()> task(std::forward<F>(fn));
    std::future<R> result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
}

Router::Router(Outputs outputs) : outputs_(std::move(outputs)) {
    netlink_ = std::make_unique<Netlink>();
    links_ = std::make_unique<LinkMonitor>([this](int ifindex) { on_link_change(ifindex); });
    links_fd_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, links_->fd());
    thread_ = std::thread([this] {
        auto guard = boost::asio::make_work_guard(io_);
        io_.run();
    });
    on_thread([this] {
        auto watch = std::make_shared<std::function<void()>>();
        *watch = [this, watch] {
            links_fd_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                                  [this, watch](const boost::system::error_code& ec) {
                                      if (ec) return;
                                      links_->receive();
                                      (*watch)();
                                  });
        };
        (*watch)();
    });
}

Router::~Router() {
    on_thread([this] {
        for (auto& [key, tracker] : trackers_)
            tracker->stop();
        trackers_.clear();
        for (auto& [key, notifier] : notifiers_)
            notifier.runner->stop();
        notifiers_.clear();
        instances_.clear();
        groups_.clear();
        endpoints_.clear();
        links_fd_->release();
        links_fd_.reset();
    });
    io_.stop();
    thread_.join();
    blocking_.join();
}

void Router::log(int level, const std::string& message) {
    if (outputs_.log) outputs_.log(level, message);
}

void Router::clean_up(const std::vector<Installed>& leftovers) {
    on_thread([&] {
        for (const Installed& item : leftovers) {
            const auto interface = netlink_->interface(item.dev);
            if (!interface) continue;  // the interface is gone, and what was on it
            std::optional<std::string> error;
            if (item.kind == "address") {
                auto cidr = split_cidr(item.what);
                if (!cidr) continue;
                error = netlink_->remove_address(interface->index,
                                                 VirtualAddress{cidr->first, cidr->second, "", ""});
            } else if (auto route = parse_route_text(item.what)) {
                error = netlink_->remove_route(interface->index, *route);
            }
            log(error ? kWarn : kInfo, "removed " + item.kind + " " + item.what + " on " +
                                           item.dev + " left behind by a previous run" +
                                           (error ? ": " + *error : ""));
            outputs_.installed(item, false);
        }
    });
}

void Router::refresh_interface(Instance& i) {
    std::vector<IpAddress> ours;
    for (const auto& [name, other] : instances_) {
        for (const VirtualAddress& vip : other->config.addresses)
            ours.push_back(vip.address);
    }
    i.interface = netlink_->interface(i.config.interface, ours);
    i.fault_reason.clear();
    if (!i.interface) {
        i.fault_reason = "interface " + i.config.interface + " does not exist";
        return;
    }
    if (!i.interface->up || !i.interface->running) {
        i.fault_reason =
            "interface " + i.config.interface + (i.interface->up ? " has no carrier" : " is down");
    }
    if (i.config.unicast_source) {
        i.source = *i.config.unicast_source;
    } else if (i.config.family() == Family::ipv4) {
        if (i.interface->primary_ipv4) {
            i.source = *i.interface->primary_ipv4;
        } else if (i.fault_reason.empty()) {
            i.fault_reason = "interface " + i.config.interface +
                             " has no IPv4 address to send adverts from (add one, or set "
                             "unicast_src_ip)";
        }
    } else if (i.interface->link_local_ipv6) {
        i.source = *i.interface->link_local_ipv6;
    } else if (i.fault_reason.empty()) {
        i.fault_reason = "interface " + i.config.interface + " has no IPv6 link-local address";
    }
    for (TrackedObject& t : i.tracked) {
        if (t.kind != TrackKind::interface) continue;
        const auto tracked = netlink_->interface(t.name);
        t.up = tracked && tracked->up && tracked->running;
    }
}

Router::Endpoint* Router::endpoint_for(Instance& i) {
    const Family family = i.config.family();
    const std::uint8_t protocol =
        i.config.params.auth_type == AuthType::ah ? kIpProtoAh : kIpProtoVrrp;
    const std::string key = endpoint_key(i.config.interface, family, protocol);
    auto it = endpoints_.find(key);
    if (it != endpoints_.end()) return it->second.get();
    auto endpoint = std::make_unique<Endpoint>();
    endpoint->interface = i.config.interface;
    endpoint->family = family;
    endpoint->socket =
        std::make_unique<VrrpSocket>(i.config.interface, i.interface->index, family, protocol);
    endpoint->readable = std::make_unique<boost::asio::posix::stream_descriptor>(
        io_, endpoint->socket->receive_fd());
    Endpoint* raw = endpoint.get();
    endpoints_.emplace(key, std::move(endpoint));
    listen(*raw);
    return raw;
}

void Router::listen(Endpoint& endpoint) {
    endpoint.readable->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                                  [this, &endpoint](const boost::system::error_code& ec) {
                                      if (ec) return;
                                      on_readable(endpoint);
                                      listen(endpoint);
                                  });
}

void Router::on_readable(Endpoint& endpoint) {
    while (std::optional<Received> datagram = endpoint.socket->receive()) {
        const std::optional<Peek> peek = endpoint.family == Family::ipv4
                                             ? peek_ipv4(datagram->bytes)
                                             : peek_ipv6(datagram->bytes);
        auto it = peek ? endpoint.by_vrid.find(peek->vrid) : endpoint.by_vrid.end();
        if (it == endpoint.by_vrid.end()) {
            ++unknown_vrid_;  // another router's VRID, or not VRRP at all
            continue;
        }
        on_advert(*it->second, *datagram);
    }
}

void Router::on_advert(Instance& i, const Received& datagram) {
    if (!i.machine) return;
    if (datagram.source == i.source) return;  // our own, looped back
    const DecodeResult result =
        i.config.family() == Family::ipv4
            ? decode_ipv4(datagram.bytes, i.config.params, i.ah.highest())
            : decode_ipv6(datagram.bytes,
                          Ipv6Envelope{datagram.source, datagram.destination, datagram.hop_limit},
                          i.config.params);
    if (const DropReason* drop = std::get_if<DropReason>(&result)) {
        ++i.drops[static_cast<size_t>(*drop)];
        log(kDebug, i.config.name + ": dropped an advert from " + datagram.source.to_string() +
                        ": " + std::string(name(*drop)));
        return;
    }
    const Advert& advert = std::get<Advert>(result);
    ++i.adverts_in;
    if (advert.ah_sequence) i.ah.on_accepted(*advert.ah_sequence);
    Actions actions = i.machine->on_advert(std::chrono::steady_clock::now(), advert);
    for (const Action& a : actions) {
        if (a.kind == Action::Kind::master_rx_lower_priority && advert.ah_sequence) {
            i.ah.on_lower_priority_advert(*advert.ah_sequence);
        }
    }
    if (advert.priority > 0 && i.machine->state() != State::master) {
        i.master = advert.source.to_string();
    }
    run(i, std::move(actions),
        "advert from " + advert.source.to_string() + " with priority " +
            std::to_string(advert.priority));
}

void Router::run(Instance& i, Actions actions, std::string_view reason) {
    for (const Action& action : actions)
        execute(i, action, reason);
    arm_timer(i);
    reconcile_groups(reason);
}

void Router::execute(Instance& i, const Action& action, std::string_view reason) {
    switch (action.kind) {
        case Action::Kind::send_advert:
            send_advert(i, action.priority);
            break;
        case Action::Kind::add_addresses:
            install(i, true);
            break;
        case Action::Kind::remove_addresses:
            install(i, false);
            break;
        case Action::Kind::send_gratuitous:
            announce(i, i.config.garp_master_repeat);
            i.garp_timer.expires_after(i.config.garp_master_delay);
            i.garp_timer.async_wait([this, &i](const boost::system::error_code& ec) {
                if (!ec && i.machine && i.machine->state() == State::master) {
                    announce(i, i.config.garp_master_repeat);
                }
            });
            if (i.config.garp_master_refresh.count() > 0) {
                auto refresh = std::make_shared<std::function<void()>>();
                *refresh = [this, &i, refresh] {
                    i.refresh_timer.expires_after(i.config.garp_master_refresh);
                    i.refresh_timer.async_wait(
                        [this, &i, refresh](const boost::system::error_code& ec) {
                            if (ec || !i.machine || i.machine->state() != State::master) return;
                            announce(i, 1);
                            (*refresh)();
                        });
                };
                (*refresh)();
            }
            break;
        case Action::Kind::master_rx_lower_priority:
            log(kWarn, i.config.name + ": heard a lower-priority master (" + std::string(reason) +
                           "): asserting ourselves with an advert and gratuitous ARPs");
            break;
        case Action::Kind::state_changed: {
            ++i.transitions;
            if (action.to == State::master) i.master = i.source.to_string();
            if (action.to == State::master) i.ah.on_become_master();
            std::string why(reason);
            if (action.to == State::fault && !i.fault_reason.empty()) why = i.fault_reason;
            if (action.to == State::fault && i.report.fault) why = i.report.explain();
            log(kInfo, i.config.name + ": " + std::string(name(action.from)) + " -> " +
                           std::string(name(action.to)) + " (" + why + ")");
            if (!i.quiet && outputs_.transition) {
                outputs_.transition(Transition{i.config.name, false, action.from, action.to,
                                               i.machine->priority(), i.master, why,
                                               i.config.notify, i.config.smtp_alert, i.stopping});
            }
            if (!i.quiet) {
                notify(false, i.config.name, i.config.notify, action.to, i.stopping,
                       i.machine->priority());
            }
            break;
        }
    }
}

void Router::send_advert(Instance& i, std::uint8_t priority) {
    if (i.endpoint == nullptr) return;
    const IpAddress group = vrrp_multicast_group(i.config.family());
    const std::span<const IpAddress> destinations =
        i.config.unicast_peers.empty() ? std::span<const IpAddress>(&group, 1)
                                       : std::span<const IpAddress>(i.config.unicast_peers);
    for (const IpAddress& destination : destinations) {
        std::vector<std::uint8_t> bytes;
        if (i.config.family() == Family::ipv4) {
            Ipv4Envelope envelope{i.source, destination, ++i.ip_id, 0};
            if (i.ip_id == 0) envelope.id = i.ip_id = 1;  // the AH ICV needs a fixed, non-zero id
            if (i.config.params.auth_type == AuthType::ah) {
                envelope.ah_sequence = i.ah.next_for_send();
            }
            bytes = encode_ipv4(i.config.params, priority, envelope);
        } else {
            bytes = encode_ipv6(i.config.params, priority, Ipv6Envelope{i.source, destination});
        }
        if (auto error = i.endpoint->socket->send(bytes, destination, i.source)) {
            log(kWarn, i.config.name + ": " + *error);
        } else {
            ++i.adverts_out;
        }
    }
}

void Router::install(Instance& i, bool add) {
    auto index_of = [&](const std::string& dev) -> std::optional<int> {
        if (dev.empty() || dev == i.config.interface) {
            if (i.interface) return i.interface->index;
        }
        if (auto info = netlink_->interface(dev.empty() ? i.config.interface : dev)) {
            return info->index;
        }
        return std::nullopt;
    };
    auto report = [&](const std::string& kind, const std::string& dev, const std::string& what,
                      const std::optional<std::string>& error) {
        if (error) {
            log(kError, i.config.name + ": cannot " + (add ? "add " : "remove ") + kind + " " +
                            what + " on " + dev + ": " + *error);
            return;
        }
        outputs_.installed(Installed{kind, dev, what}, add);
    };
    for (const VirtualAddress& vip : i.config.addresses) {
        const std::string dev = vip.dev.empty() ? i.config.interface : vip.dev;
        const auto index = index_of(vip.dev);
        if (!index) {
            report("address", dev, vip.text(), "no such interface");
            continue;
        }
        report("address", dev, vip.text(),
               add ? netlink_->add_address(*index, vip) : netlink_->remove_address(*index, vip));
    }
    for (const VirtualRoute& route : i.config.routes) {
        const std::string dev = route.dev.empty() ? i.config.interface : route.dev;
        const auto index = index_of(route.dev);
        if (!index) {
            report("route", dev, route.text(), "no such interface");
            continue;
        }
        report("route", dev, route.text(),
               add ? netlink_->add_route(*index, route) : netlink_->remove_route(*index, route));
    }
}

void Router::announce(Instance& i, unsigned repeat) {
    for (unsigned n = 0; n < repeat; ++n) {
        for (const VirtualAddress& vip : i.config.addresses) {
            const std::string dev = vip.dev.empty() ? i.config.interface : vip.dev;
            const auto info = dev == i.config.interface ? i.interface : netlink_->interface(dev);
            if (!info) continue;
            auto& announcer = announcers_[dev];
            try {
                if (!announcer) announcer = std::make_unique<Announcer>(dev, info->index);
            } catch (const std::exception& e) {
                log(kError, i.config.name + ": " + e.what());
                return;
            }
            if (auto error = announcer->announce(info->mac, vip.address)) {
                log(kWarn, i.config.name + ": " + *error);
            }
        }
    }
}

void Router::arm_timer(Instance& i) {
    const std::optional<TimePoint> deadline = i.machine ? i.machine->next_deadline() : std::nullopt;
    if (!deadline) {
        i.timer.cancel();
        return;
    }
    i.timer.expires_at(*deadline);
    i.timer.async_wait([this, &i](const boost::system::error_code& ec) {
        if (ec || !i.machine) return;
        const bool backup = i.machine->state() == State::backup;
        run(i, i.machine->on_timer(std::chrono::steady_clock::now()),
            backup ? "no advert from the master within the master down interval" : "timer");
    });
}

void Router::reconcile_groups(std::string_view reason) {
    static thread_local bool inside = false;  // member actions re-enter run()
    if (inside) return;
    inside = true;
    const TimePoint now = std::chrono::steady_clock::now();
    for (auto& [name, group] : groups_) {
        for (auto& [member, actions] : group->sync->reconcile(now)) {
            Instance& i = *group->members[member];
            for (const Action& action : actions)
                execute(i, action, "sync group " + name);
            arm_timer(i);
        }
        if (group->sync->state() != group->state) {
            const State from = std::exchange(group->state, group->sync->state());
            log(kInfo, "sync group " + name + ": " + std::string(vrrp::name(from)) + " -> " +
                           std::string(vrrp::name(group->state)));
            if (outputs_.transition) {
                outputs_.transition(Transition{name, true, from, group->state, 0, "",
                                               std::string(reason), group->config.notify,
                                               group->config.smtp_alert, false});
            }
            notify(true, name, group->config.notify, group->state, false, 0);
        }
    }
    inside = false;
}

void Router::update_priority(Instance& i) {
    if (!i.machine) return;
    const TimePoint now = std::chrono::steady_clock::now();
    i.report = effective_priority(i.config.machine.priority, i.tracked);
    const bool fault = i.report.fault || !i.fault_reason.empty();
    Actions actions = i.machine->set_fault(now, fault);
    const std::string why = !i.fault_reason.empty() ? i.fault_reason : i.report.explain();
    if (!fault) {
        Actions more = i.machine->set_priority(i.report.effective);
        actions.insert(actions.end(), more.begin(), more.end());
    }
    run(i, std::move(actions), why);
}

void Router::on_link_change(int ifindex) {
    for (auto& [name, i] : instances_) {
        const bool ours = i->interface && i->interface->index == ifindex;
        bool tracked = false;
        for (const TrackedObject& t : i->tracked)
            tracked |= t.kind == TrackKind::interface;
        if (!ours && !tracked) continue;
        refresh_interface(*i);
        update_priority(*i);
    }
}

void Router::start_instance(Instance& i) {
    const VrrpConfig& defined = tracked_definitions_;
    for (const TrackRef& ref : i.config.tracks) {
        // The weight given where the object is tracked wins over the object's own; without
        // either it is 0, which keepalived.conf(5) reads as "down means FAULT".
        int weight = 0;
        if (ref.kind == TrackKind::script) weight = defined.scripts.at(ref.name).weight;
        if (ref.kind == TrackKind::process) {
            weight = defined.processes.at(ref.name).weight.value_or(0);
        }
        if (ref.kind == TrackKind::file) weight = defined.files.at(ref.name).weight;
        TrackedObject object{ref.kind, ref.name, ref.weight.value_or(weight), ref.reverse, true, 0};
        if (auto known = reports_.find({ref.kind, ref.name}); known != reports_.end()) {
            track::apply(known->second, object);
        }
        i.tracked.push_back(object);
    }
    refresh_interface(i);
    MachineConfig machine = i.config.machine;
    machine.primary_address = i.source;
    i.machine = std::make_unique<Machine>(machine);
    if (i.interface) {
        try {
            i.endpoint = endpoint_for(i);
            i.endpoint->by_vrid[i.config.params.vrid] = &i;
        } catch (const std::exception& e) {
            i.fault_reason = std::string("cannot open its VRRP socket: ") + e.what();
        }
    }
    const TimePoint now = std::chrono::steady_clock::now();
    i.report = effective_priority(i.config.machine.priority, i.tracked);
    const bool fault = i.report.fault || !i.fault_reason.empty();
    i.machine->set_priority(i.report.effective);  // before start: no actions yet
    i.machine->set_fault(now, fault);
    run(i, i.machine->start(now),
        fault ? (i.fault_reason.empty() ? i.report.explain() : i.fault_reason) : "start");
}

void Router::stop_instance(Instance& i, bool resign) {
    if (resign && i.machine) {
        i.stopping = true;
        for (const Action& action : i.machine->shutdown())
            execute(i, action, "stopping");
    }
    i.timer.cancel();
    i.garp_timer.cancel();
    i.refresh_timer.cancel();
    if (i.endpoint) i.endpoint->by_vrid.erase(i.config.params.vrid);
    i.machine.reset();
}

void Router::restart_trackers(const VrrpConfig& config) {
    if (config.scripts == tracked_definitions_.scripts &&
        config.processes == tracked_definitions_.processes &&
        config.files == tracked_definitions_.files && !trackers_.empty()) {
        return;
    }
    for (auto& [key, tracker] : trackers_)
        tracker->stop();
    trackers_.clear();
    reports_.clear();
    tracked_definitions_ = config;
    const track::Executors executors{io_.get_executor(), blocking_.executor()};
    auto report = [this](const track::TrackReport& r) { on_track_report(r); };
    try {
        for (const auto& [name, script] : config.scripts) {
            trackers_["script:" + name] =
                std::make_unique<track::ScriptTracker>(executors, to_track(name, script), report);
        }
        for (const auto& [name, process] : config.processes) {
            trackers_["process:" + name] =
                std::make_unique<track::ProcessTracker>(executors, to_track(name, process), report);
        }
        for (const auto& [name, file] : config.files) {
            trackers_["file:" + name] =
                std::make_unique<track::FileTracker>(executors, to_track(name, file), report);
        }
        for (auto& [key, tracker] : trackers_)
            tracker->start();
    } catch (const std::exception& e) {
        log(kError, std::string("cannot start tracking: ") + e.what());
    }
}

void Router::on_track_report(const track::TrackReport& report) {
    reports_[{report.kind, report.name}] = report;
    log(kInfo, std::string(vrrp::name(report.kind)) + " " + report.name + ": " +
                   (report.kind == TrackKind::file ? std::to_string(report.file_value)
                                                   : (report.up ? "up" : "down")) +
                   (report.reason.empty() ? "" : " (" + report.reason + ")"));
    for (auto& [name, i] : instances_) {
        bool affected = false;
        for (TrackedObject& t : i->tracked) {
            if (t.kind != report.kind || t.name != report.name) continue;
            track::apply(report, t);
            affected = true;
        }
        if (affected) update_priority(*i);
    }
}

track::NotifyRunner& Router::notifier(bool group, const std::string& name,
                                      const NotifyScripts& scripts) {
    Notifier& n = notifiers_[(group ? "group " : "instance ") + name];
    // New scripts get a new runner once the old one has nothing left to run.
    if (!n.runner || (n.scripts != scripts && n.runner->idle())) {
        if (n.runner) n.runner->stop();
        n.scripts = scripts;
        n.runner = std::make_unique<track::NotifyRunner>(
            track::Executors{io_.get_executor(), blocking_.executor()},
            to_notify(group, name, scripts),
            [this, name](const track::Command& command, const track::ChildOutcome& outcome) {
                if (!outcome.success()) {
                    log(kWarn, name + ": notify script " + command.argv.front() + " " +
                                   outcome.describe());
                }
            });
    }
    return *n.runner;
}

void Router::notify(bool group, const std::string& name, const NotifyScripts& scripts, State to,
                    bool stop, int priority) {
    const std::optional<track::NotifyEvent> event =
        stop ? std::optional(track::NotifyEvent::stop) : track::notify_event(to);
    if (!event || scripts == NotifyScripts{}) return;
    notifier(group, name, scripts).notify(*event, priority);
}

bool Router::notifications_idle() {
    return on_thread([this] {
        for (const auto& [key, n] : notifiers_) {
            if (!n.runner->idle()) return false;
        }
        return true;
    });
}

void Router::apply(const VrrpConfig& config) {
    on_thread([&] {
        restart_trackers(config);
        groups_.clear();
        // rebuilt below, around the instances that run from now on
        for (auto it = instances_.begin(); it != instances_.end();) {
            auto wanted = config.instances.find(it->first);
            if (wanted == config.instances.end()) {
                stop_instance(*it->second, true);
                it = instances_.erase(it);
            } else {
                ++it;
            }
        }
        for (const auto& [name, wanted] : config.instances) {
            auto existing = instances_.find(name);
            if (existing != instances_.end() && existing->second->config == wanted) continue;
            auto fresh = std::make_unique<Instance>(io_, wanted);
            bool was_master = false;
            if (existing != instances_.end()) {
                Instance& old = *existing->second;
                was_master = old.machine && old.machine->state() == State::master &&
                             old.config.interface == wanted.interface &&
                             old.config.params.vrid == wanted.params.vrid;
                // Addresses no longer configured go; the others stay where they are.
                if (was_master) {
                    Instance dropped(io_, old.config);
                    dropped.interface = old.interface;
                    std::erase_if(dropped.config.addresses, [&](const VirtualAddress& a) {
                        return std::find(wanted.addresses.begin(), wanted.addresses.end(), a) !=
                               wanted.addresses.end();
                    });
                    std::erase_if(dropped.config.routes, [&](const VirtualRoute& r) {
                        return std::find(wanted.routes.begin(), wanted.routes.end(), r) !=
                               wanted.routes.end();
                    });
                    install(dropped, false);
                }
                old.quiet = was_master;
                stop_instance(old, !was_master);
                instances_.erase(existing);
            }
            Instance& i = *instances_.emplace(name, std::move(fresh)).first->second;
            i.quiet = was_master;
            start_instance(i);
            if (was_master)
                run(i, i.machine->force_master(std::chrono::steady_clock::now()),
                    "configuration reloaded");
            i.quiet = false;
        }
        for (const auto& [name, wanted] : config.sync_groups) {
            auto group = std::make_unique<Group>();
            group->config = wanted;
            std::vector<Machine*> machines;
            for (const std::string& member : wanted.members) {
                Instance& i = *instances_.at(member);
                group->members.push_back(&i);
                machines.push_back(i.machine.get());
            }
            group->sync = std::make_unique<SyncGroup>(machines);
            groups_.emplace(name, std::move(group));
        }
        reconcile_groups("configuration applied");
    });
}

void Router::shutdown() {
    on_thread([&] {
        groups_.clear();
        for (auto& [name, i] : instances_)
            stop_instance(*i, true);
        instances_.clear();
    });
    // notify_stop scripts run to the end (or their timeout) before routerd goes.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(35);
    while (!notifications_idle() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

nlohmann::json Router::status() {
    return on_thread([&] {
        nlohmann::json instances = nlohmann::json::object();
        for (const auto& [name, i] : instances_) {
            nlohmann::json drops = nlohmann::json::object();
            for (size_t r = 0; r < kDropReasonCount; ++r) {
                if (i->drops[r] > 0)
                    drops[std::string(vrrp::name(static_cast<DropReason>(r)))] = i->drops[r];
            }
            nlohmann::json addresses = nlohmann::json::array();
            for (const VirtualAddress& vip : i->config.addresses)
                addresses.push_back(vip.text());
            const bool fault = !i->fault_reason.empty() || i->report.fault;
            instances[name] = {
                {"interface", i->config.interface},
                {"virtual_router_id", i->config.params.vrid},
                {"version", static_cast<int>(i->config.params.version)},
                {"state", i->machine ? std::string(vrrp::name(i->machine->state())) : "STOPPED"},
                {"priority", i->machine ? i->machine->priority() : 0},
                {"base_priority", i->config.machine.priority},
                {"why", fault ? (i->fault_reason.empty() ? i->report.explain() : i->fault_reason)
                              : i->report.explain()},
                {"master", i->master},
                {"source", i->source.to_string()},
                {"addresses", addresses},
                {"adverts_in", i->adverts_in},
                {"adverts_out", i->adverts_out},
                {"transitions", i->transitions},
                {"drops", drops}};
        }
        nlohmann::json groups = nlohmann::json::object();
        for (const auto& [name, g] : groups_) {
            groups[name] = {{"state", std::string(vrrp::name(g->state))},
                            {"members", g->config.members}};
        }
        return nlohmann::json{{"instances", instances},
                              {"sync_groups", groups},
                              {"unknown_vrid_drops", unknown_vrid_}};
    });
}

std::string Router::status_text() {
    const nlohmann::json s = status();
    std::ostringstream out;
    for (const auto& [name, i] : s["instances"].items()) {
        out << name << "  " << i["state"].get<std::string>() << "  priority " << i["priority"]
            << " (" << i["why"].get<std::string>() << ")\n"
            << "  interface " << i["interface"].get<std::string>() << ", VRID "
            << i["virtual_router_id"] << ", VRRPv" << i["version"] << ", master "
            << (i["master"].get<std::string>().empty() ? "unknown" : i["master"].get<std::string>())
            << "\n  addresses " << i["addresses"].dump() << "\n  adverts in " << i["adverts_in"]
            << ", out " << i["adverts_out"] << ", transitions " << i["transitions"] << ", drops "
            << i["drops"].dump() << "\n";
    }
    for (const auto& [name, g] : s["sync_groups"].items()) {
        out << "sync group " << name << "  " << g["state"].get<std::string>() << "  "
            << g["members"].dump() << "\n";
    }
    if (s["instances"].empty()) out << "no VRRP instances configured\n";
    return out.str();
}

}  // namespace routerd::vrrp
