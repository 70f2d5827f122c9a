#include "instance.hpp"

#include "codec.hpp"

namespace routerd::vrrp {

Instance::Instance(InstanceContext& context, InstanceConfig config)
    : context_(context),
      config_(std::move(config)),
      metrics_(context.outputs.metrics, config_),
      timer_(context.io),
      garp_(config_.garp),
      garp_timer_(context.io) {}

Instance::~Instance() {
    stop(false);
}

void Instance::say(int level, const std::string& message) const {
    context_.outputs.say(level, message);
}

void Instance::count_drop(DropReason reason, const IpAddress& from) {
    ++counters_.drops[static_cast<size_t>(reason)];
    metrics_.dropped(reason);
    context_.outputs.say(drop_log_, kDebug,
                         config_.name + ": dropped an advert from " + from.to_string() + ": " +
                             std::string(name(reason)));
}

void Instance::follow_master(std::string master) {
    if (master == master_) return;
    master_ = std::move(master);
    metrics_.master_changed();
}

std::string Instance::why() const {
    return fault() && !fault_reason_.empty() ? fault_reason_ : report_.explain();
}

void Instance::start(std::vector<TrackedObject> tracked, const std::vector<IpAddress>& ours,
                     TimePoint not_before) {
    tracked_ = std::move(tracked);
    refresh_interface(ours);
    MachineConfig machine = config_.machine;
    machine.primary_address = source_;
    machine_ = std::make_unique<Machine>(machine);
    attach();
    const TimePoint now = std::chrono::steady_clock::now();
    report_ = effective_priority(config_.machine.priority, tracked_);
    metrics_.priority(report_.effective);
    machine_->set_priority(report_.effective);  // before start: no actions yet
    machine_->set_fault(now, fault());
    settle(machine_->start(now, not_before), fault() ? why() : "start");
}

// What the instance holds on its interface while it exists: promote_secondaries, its VMAC and
// its VRRP socket.
void Instance::attach() {
    if (!interface_) return;
    if (config_.promote_secondaries) {
        promoted_ = interface_->index;
        context_.secondaries.hold(config_.name, *promoted_);
    }
    if (config_.vmac) make_vmac();
    for (const AddressVmac& vmac : config_.address_vmacs)
        make_address_vmac(vmac);
    if (!config_.vmac || vmac_) {
        const bool on_vmac = config_.vmac && !config_.vmac->xmit_base;
        try {
            socket_ = &context_.endpoints.join(config_, on_vmac ? vmac_->index : interface_->index,
                                               *this);
        } catch (const std::exception& e) {
            fault_reason_ = std::string("cannot open its VRRP socket: ") + e.what();
        }
    }
}

// Lets go of what attach() held; `remove_vmac` false keeps the VMAC itself in the system.
void Instance::detach(bool remove_vmac) {
    if (socket_) context_.endpoints.leave(config_);
    socket_ = nullptr;
    if (remove_vmac && vmac_) context_.vmacs.remove(config_, vmac_base_);
    for (const AddressVmac& vmac : config_.address_vmacs) {
        const auto made = address_vmacs_.find(vmac.name);
        if (!remove_vmac || made == address_vmacs_.end()) continue;
        context_.vmacs.remove(config_.name, vmac, made->second);
    }
    address_vmacs_.clear();
    vmac_.reset();
    vmac_error_.clear();
    if (promoted_) context_.secondaries.release(*promoted_);
    promoted_.reset();
}

std::optional<InterfaceInfo> Instance::interface_of(const VirtualAddress& address) const {
    return address.dev.empty() ? address_interface() : context_.netlink.interface(address.dev);
}

bool Instance::drops_traffic() const {
    constexpr int kOwner = 255;  // RFC 5798 §5.2.4: the address owner's priority
    return !config_.accept && config_.machine.priority != kOwner;
}

DroppedAddresses Instance::dropped() const {
    DroppedAddresses table;
    for (const VirtualAddress& a : config_.addresses) {
        if (!a.address.is_link_local()) {
            table.addresses.push_back(a.address);
            continue;
        }
        if (const std::optional<InterfaceInfo> dev = interface_of(a))
            table.link_local.push_back({a.address, static_cast<std::uint32_t>(dev->index)});
    }
    return table;
}

// keepalived.conf(5) use_vmac and use_ipvlan; a link that cannot be made keeps the instance in
// FAULT.
void Instance::make_vmac() {
    auto made = context_.vmacs.create(config_, *interface_);
    if (const InterfaceInfo* info = std::get_if<InterfaceInfo>(&made)) {
        vmac_ = *info;
        vmac_base_ = interface_->index;
        const Vmac& vmac = *config_.vmac;
        const std::string kind = vmac.ipvlan
                                     ? "ipvlan " + info->name + " (mode " +
                                           std::string(ipvlan_mode_name(vmac.ipvlan->mode)) + ")"
                                     : "VMAC " + info->name + " (" + mac_text(vmac.mac) + ")";
        say(kInfo, config_.name + ": " + kind + " on " + config_.interface);
    } else {
        vmac_error_ = std::get<std::string>(made);
        if (fault_reason_.empty()) fault_reason_ = vmac_error_;
    }
}

// keepalived.conf(5) use_vmac_addr, an address's use_vmac: made when the instance starts, in
// BACKUP too, as Keepalived 2.2.7 makes them. One that cannot be made is said; the addresses on
// it cannot be added then (each failure is said too), and the instance runs on.
void Instance::make_address_vmac(const AddressVmac& vmac) {
    const auto base =
        vmac.base == config_.interface ? interface_ : context_.netlink.interface(vmac.base);
    if (!base) {
        say(kError, config_.name + ": cannot make its VMAC " + vmac.name + ": interface " +
                        vmac.base + " does not exist");
        return;
    }
    const auto made = context_.vmacs.create(config_.name, vmac, *base);
    if (const std::string* error = std::get_if<std::string>(&made)) {
        say(kError, config_.name + ": " + *error);
        return;
    }
    address_vmacs_[vmac.name] = base->index;
    say(kInfo, config_.name + ": VMAC " + vmac.name + " (" + mac_text(vmac.mac) + ") on " +
                   vmac.base + " for virtual addresses");
}

void Instance::take_over(std::vector<TrackedObject> tracked, const std::vector<IpAddress>& ours) {
    quiet_ = true;
    start(std::move(tracked), ours);
    settle(machine_->force_master(std::chrono::steady_clock::now()), "configuration reloaded");
    quiet_ = false;
}

void Instance::stop(bool resign) {
    take_from_relay();
    if (resign && machine_) {
        stopping_ = true;
        for (const Action& action : machine_->shutdown())
            execute(action, "stopping");
    }
    timer_.cancel();
    garp_timer_.cancel();
    // A hand-over keeps the VMAC for the instance that takes over (it finds it as it is).
    detach(resign);
    machine_.reset();
}

void Instance::remove() {
    deleted_ = true;
    stop(true);
}

void Instance::hand_over(const Addresses::Items& withdrawn) {
    context_.addresses.install(config_, address_interface(), withdrawn, false);
    context_.no_accept.allow(config_.name);  // the instance taking over drops what it must
    stop(false);
}

void Instance::on_address_deleted(const DeletedAddress& deleted) {
    if (!machine_ || machine_->state() != State::master) return;
    for (const VirtualAddress& a : config_.addresses) {
        if (a.no_track || a.address != deleted.address) continue;
        const std::optional<InterfaceInfo> dev = interface_of(a);
        if (!dev || dev->index != deleted.index) continue;
        // The message may be of this instance's own removal, read after it took MASTER (and
        // the address) back.
        if (context_.netlink.has_address(dev->index, a.address)) return;
        say(kWarn, config_.name + ": its virtual address " + a.address.to_string() +
                       " was deleted from " + dev->name +
                       " by someone else: resigning (no_track on the address would keep MASTER)");
        settle(machine_->resign(std::chrono::steady_clock::now()),
               "virtual address " + a.address.to_string() + " deleted");
        return;
    }
}

void Instance::refresh_interface(const std::vector<IpAddress>& ours) {
    interface_ = context_.netlink.interface(config_.interface, ours);
    fault_reason_.clear();
    const std::string& name = config_.interface;
    if (!interface_) {
        fault_reason_ = "interface " + name + " does not exist";
        return;
    }
    if ((!interface_->up || !interface_->running) && !config_.dont_track_primary) {
        fault_reason_ = "interface " + name + (interface_->up ? " has no carrier" : " is down");
    }
    if (config_.fault_no_peer && fault_reason_.empty()) {
        fault_reason_ = "unicast_peer is empty and unicast_fault_no_peer is set";
    }
    if (config_.unicast_source) {
        source_ = *config_.unicast_source;
        if (config_.track_source && fault_reason_.empty() &&
            !context_.netlink.has_address(interface_->index, source_)) {
            fault_reason_ = "its unicast_src_ip " + source_.to_string() + " is not on " + name +
                            " (track_src_ip)";
        }
    } else if (config_.family() == Family::ipv4) {
        if (interface_->primary_ipv4) {
            source_ = *interface_->primary_ipv4;
        } else if (fault_reason_.empty()) {
            fault_reason_ = "interface " + name +
                            " has no IPv4 address to send adverts from (add one, or set "
                            "unicast_src_ip)";
        }
    } else if (interface_->link_local_ipv6) {
        source_ = *interface_->link_local_ipv6;
    } else if (fault_reason_.empty()) {
        fault_reason_ = "interface " + name + " has no IPv6 link-local address";
    }
    if (fault_reason_.empty() && !vmac_error_.empty()) fault_reason_ = vmac_error_;
    for (TrackedObject& t : tracked_) {
        if (t.kind != TrackKind::interface) continue;
        const auto info = context_.netlink.interface(t.name);
        t.up = info && info->up && info->running;
    }
}

void Instance::on_link_change(int ifindex, const std::vector<IpAddress>& ours) {
    const bool own = interface_ && interface_->index == ifindex;
    // An interface that is not there (not yet: [vrrp] dynamic_interfaces; or deleted) is
    // looked for by name at every change, so that it is used again once (re)created, as
    // Keepalived 2.2.7 does (FAULT until then).
    const bool awaited = !interface_;
    bool tracked = false;
    for (const TrackedObject& t : tracked_)
        tracked |= t.kind == TrackKind::interface;
    if (!own && !tracked && !awaited) return;
    refresh_interface(ours);
    if (!awaited && !interface_) {
        // A VMAC goes with its base interface.
        say(kWarn, config_.name + ": interface " + config_.interface + " is gone");
        detach(true);
    } else if (awaited && interface_) {
        say(kInfo, config_.name + ": interface " + config_.interface + " is there (index " +
                       std::to_string(interface_->index) + ")");
        attach();
    }
    update_priority();
}

void Instance::on_track_report(const track::TrackReport& report) {
    bool affected = false;
    for (TrackedObject& t : tracked_) {
        if (t.kind != report.kind || t.name != report.name) continue;
        track::apply(report, t);
        affected = true;
    }
    if (affected) update_priority();
}

void Instance::update_priority() {
    if (!machine_) return;
    const TimePoint now = std::chrono::steady_clock::now();
    const int before = report_.effective;
    report_ = effective_priority(config_.machine.priority, tracked_);
    metrics_.priority(report_.effective);
    Actions actions = machine_->set_fault(now, fault());
    if (!fault()) {
        Actions more = machine_->set_priority(report_.effective);
        actions.insert(actions.end(), more.begin(), more.end());
    }
    settle(actions, why());
    if (config_.notify_priority_changes && !quiet_ && report_.effective != before)
        context_.notifiers.priority_changed(config_.name, machine_->state(), report_.effective);
}

void Instance::on_advert(const Received& datagram) {
    if (!machine_) return;
    if (datagram.source == source_) {
        count_drop(DropReason::own_source_address, datagram.source);
        return;
    }
    const DecodeResult result =
        config_.family() == Family::ipv4
            ? decode_ipv4(datagram.bytes, config_.params, ah_.highest())
            : decode_ipv6(datagram.bytes,
                          Ipv6Envelope{datagram.source, datagram.destination, datagram.hop_limit},
                          config_.params);
    if (const DropReason* drop = std::get_if<DropReason>(&result)) {
        count_drop(*drop, datagram.source);
        return;
    }
    const Advert& advert = std::get<Advert>(result);
    const auto list = address_list_.check(advert, config_.params, machine_->followed_master());
    if (list.log) context_.outputs.say(address_list_log_, kWarn, config_.name + ": " + *list.log);
    if (list.drop) {
        count_drop(*list.drop, advert.source);
        return;
    }
    if (advert.old_unicast_checksum && !old_checksum_detected_) {
        old_checksum_detected_ = true;
        say(kInfo, config_.name + ": " + advert.source.to_string() +
                       " sends the unicast VRRPv3 checksum of Keepalived < 1.3.6: sending it too "
                       "(old_unicast_checksum)");
        take_from_relay();  // its adverts carry the checksum sent until now: the next is lent
    }
    ++counters_.adverts_in;
    metrics_.received();
    if (advert.ah_sequence) ah_.on_accepted(*advert.ah_sequence);
    const Actions actions = machine_->on_advert(std::chrono::steady_clock::now(), advert);
    for (const Action& a : actions) {
        if (a.kind == Action::Kind::master_rx_lower_priority && advert.ah_sequence) {
            ah_.on_lower_priority_advert(*advert.ah_sequence);
        }
    }
    if (advert.priority > 0 && machine_->state() != State::master) {
        follow_master(advert.source.to_string());
    }
    settle(actions, "advert from " + advert.source.to_string() + " with priority " +
                        std::to_string(advert.priority));
}

void Instance::settle(const Actions& actions, std::string_view reason) {
    run(actions, reason);
    context_.settled(reason);
}

void Instance::run(const Actions& actions, std::string_view reason) {
    for (const Action& action : actions)
        execute(action, reason);
    arm_timer();
}

void Instance::arm_timer() {
    const std::optional<TimePoint> deadline = machine_ ? machine_->next_deadline() : std::nullopt;
    if (!deadline) {
        timer_.cancel();
        return;
    }
    timer_.expires_at(*deadline);
    timer_.async_wait(lifetime_.guard([this](const boost::system::error_code& ec) {
        if (ec || !machine_) return;
        const State state = machine_->state();
        settle(machine_->on_timer(std::chrono::steady_clock::now()),
               state == State::backup ? "no advert from the master within the master down interval"
               : state == State::initialize ? "startup_delay over"
                                            : "timer");
    }));
}

void Instance::execute(const Action& action, std::string_view reason) {
    switch (action.kind) {
        case Action::Kind::send_advert:
            send_advert(action.priority);
            break;
        case Action::Kind::add_addresses:
            context_.addresses.install(config_, address_interface(), installed(), true);
            if (drops_traffic()) context_.no_accept.drop(config_.name, dropped());
            break;
        case Action::Kind::remove_addresses:
            context_.addresses.install(config_, address_interface(), installed(), false);
            context_.no_accept.allow(config_.name);
            break;
        case Action::Kind::send_gratuitous:
            announce(garp_.on_master(std::chrono::steady_clock::now()));
            break;
        case Action::Kind::resend_gratuitous:
            announce(garp_.on_lower_priority(std::chrono::steady_clock::now()));
            break;
        case Action::Kind::master_rx_lower_priority:
            context_.outputs.say(lower_priority_log_, kWarn,
                                 config_.name + ": heard a lower-priority master (" +
                                     std::string(reason) + "): asserting ourselves");
            context_.notifiers.master_rx_lower_priority(config_.name, config_.notify,
                                                        machine_->priority());
            break;
        case Action::Kind::state_changed:
            changed_state(action, reason);
            break;
    }
}

void Instance::announce(unsigned repeat) {
    if (repeat > 0) context_.addresses.announce(config_, address_interface(), repeat);
    arm_garp_timer();
}

void Instance::arm_garp_timer() {
    const std::optional<TimePoint> deadline = garp_.next_deadline();
    if (!deadline) {
        garp_timer_.cancel();
        return;
    }
    garp_timer_.expires_at(*deadline);
    garp_timer_.async_wait(lifetime_.guard([this](const boost::system::error_code& ec) {
        if (ec || !machine_ || machine_->state() != State::master) return;
        const TimePoint now = std::chrono::steady_clock::now();
        if (garp_.take_extra_due(now)) context_.addresses.announce_extra(config_);
        announce(garp_.on_timer(now));
    }));
}

void Instance::changed_state(const Action& action, std::string_view reason) {
    ++counters_.transitions;
    metrics_.entered(action.from, action.to);
    if (action.from == State::master) {
        take_from_relay();
        garp_.on_leave_master();
        garp_timer_.cancel();
    }
    if (action.to == State::master) follow_master(source_.to_string());
    if (action.to == State::master) ah_.on_become_master();
    std::string why(reason);
    if (action.to == State::fault && !fault_reason_.empty()) why = fault_reason_;
    if (action.to == State::fault && report_.fault) why = report_.explain();
    say(kInfo, config_.name + ": " + std::string(name(action.from)) + " -> " +
                   std::string(name(action.to)) + " (" + why + ")");
    if (quiet_) return;
    if (context_.outputs.transition) {
        context_.outputs.transition(Transition{config_.name, false, action.from, action.to,
                                               machine_->priority(), master_, why, config_.notify,
                                               config_.smtp_alert, stopping_});
    }
    // keepalived.conf(5) notify_deleted: DELETED instead of the stop's own notification.
    std::optional<track::NotifyEvent> leaving;
    if (stopping_) {
        leaving = deleted_ && config_.notify_deleted ? track::NotifyEvent::deleted
                                                     : track::NotifyEvent::stop;
    }
    context_.notifiers.notify(false, config_.name, config_.notify, action.to, leaving,
                              machine_->priority());
}

void Instance::send_advert(std::uint8_t priority) {
    if (socket_ == nullptr) return;
    // Only a MASTER's own adverts are relayed (a resignation, or the last advert of a master
    // that steps down, must be the last one). With AH, each advert needs a sequence number of
    // its own (RFC 2402 §3.3.2), which the relay could not give.
    const bool relayed = priority > 0 && machine_ && machine_->state() == State::master &&
                         machine_->next_deadline() && config_.params.auth_type != AuthType::ah &&
                         context_.relay.running();
    if (!relayed) take_from_relay();
    const bool lend = relayed && (!relay_slot_ || !relay_slot_->armed() ||
                                  relayed_priority_ != priority || relayed_source_ != source_);
    std::vector<RelayedAdvert> adverts;
    std::vector<IpAddress> destinations;
    for (const UnicastPeer& peer : config_.params.unicast_peers)
        destinations.push_back(peer.address);
    if (destinations.empty()) destinations.push_back(config_.params.group(config_.family()));
    for (const IpAddress& destination : destinations) {
        std::vector<std::uint8_t> bytes;
        if (config_.family() == Family::ipv4) {
            Ipv4Envelope envelope{source_, destination, ++ip_id_, 0,
                                  old_checksum_detected_ || config_.params.old_unicast_checksum ==
                                                                OldUnicastChecksum::always};
            if (ip_id_ == 0) envelope.id = ip_id_ = 1;  // the AH ICV needs a fixed, non-zero id
            if (config_.params.auth_type == AuthType::ah) {
                envelope.ah_sequence = ah_.next_for_send();
            }
            bytes = encode_ipv4(config_.params, priority, envelope);
        } else {
            bytes = encode_ipv6(config_.params, priority, Ipv6Envelope{source_, destination});
        }
        if (auto error = socket_->send(bytes, destination, source_)) {
            context_.outputs.say(send_error_log_, kWarn, config_.name + ": " + *error);
        } else {
            ++counters_.adverts_out;
            metrics_.sent();
        }
        if (lend) adverts.push_back({std::move(bytes), destination, source_});
    }
    if (lend) {
        lend_to_relay(priority, std::move(adverts));
    } else if (relayed) {
        relay_slot_->keep(*machine_->next_deadline());
    }
}

void Instance::lend_to_relay(std::uint8_t priority, std::vector<RelayedAdvert> adverts) {
    take_from_relay();
    if (!relay_slot_) relay_slot_ = context_.relay.slot(config_.machine.advert_interval);
    relay_slot_->arm(*socket_, std::move(adverts), *machine_->next_deadline());
    relayed_priority_ = priority;
    relayed_source_ = source_;
}

void Instance::take_from_relay() {
    if (relay_slot_) relay_slot_->disarm();
}

}  // namespace routerd::vrrp
