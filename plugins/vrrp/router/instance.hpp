// One running vrrp_instance: adverts and timers into its state machine, the machine's actions
// carried out (adverts sent, addresses installed and announced, transitions reported and
// notified), and the gratuitous ARP repeats and refreshes of a MASTER (core/garp_schedule.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "address_list.hpp"
#include "addresses.hpp"
#include "advert_relay.hpp"
#include "ah_sequence.hpp"
#include "drop_reason.hpp"
#include "endpoints.hpp"
#include "garp_schedule.hpp"
#include "instance_config.hpp"
#include "machine.hpp"
#include "netlink.hpp"
#include "no_accept.hpp"
#include "notifiers.hpp"
#include "outputs.hpp"
#include "priority.hpp"
#include "routerd/common/lifetime.hpp"
#include "secondaries.hpp"
#include "tracker.hpp"
#include "vmacs.hpp"
#include "vrrp_metrics.hpp"

namespace routerd::vrrp {

// What the instances of one router share.
struct InstanceContext {
    boost::asio::io_context& io;
    Netlink& netlink;
    Addresses& addresses;
    Endpoints& endpoints;
    Notifiers& notifiers;
    const Outputs& outputs;
    PromoteSecondaries& secondaries;
    Vmacs& vmacs;
    NoAccept& no_accept;
    AdvertRelay& relay;  // sends a MASTER's adverts while this thread cannot run
    // Runs after the instance handled an event of its own (start, advert, timer, tracking,
    // link change), so that its sync group follows. Actions a sync group hands an instance go
    // through run(), which never calls it: reconciling cannot re-enter itself.
    std::function<void(std::string_view reason)> settled;
};

class Instance {
  public:
    Instance(InstanceContext& context, InstanceConfig config);
    ~Instance();  // stops without resigning: no advert reaches it, no handler of its runs
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    // `tracked`: its tracked objects as known now; `ours`: every instance's virtual addresses,
    // which are not the interface's own; `not_before`: the end of [vrrp] startup_delay.
    void start(std::vector<TrackedObject> tracked, const std::vector<IpAddress>& ours,
               TimePoint not_before = {});
    // A reload's hand-over (ReloadPlan::Start::hand_over): starts as MASTER at once, silently.
    void take_over(std::vector<TrackedObject> tracked, const std::vector<IpAddress>& ours);
    // With `resign`, a MASTER resigns (priority-0 advert, addresses removed) and the stop is
    // reported and notified. Then it is quiet: no timer, no advert reaches it.
    void stop(bool resign);
    // A reload deleted the instance: stop(true), notified as DELETED with notify_deleted.
    void remove();
    // The other half of a hand-over: withdraws what the new configuration dropped and stops
    // without resigning.
    void hand_over(const Addresses::Items& withdrawn);

    void on_advert(const Received& datagram);
    void on_track_report(const track::TrackReport& report);
    // rtnetlink says `deleted` left an interface: a MASTER that holds it there (without
    // no_track) and no longer finds it resigns (Machine::resign), as Keepalived 2.2.7 does.
    void on_address_deleted(const DeletedAddress& deleted);
    // An interface changed (link state or addresses): re-reads its own and tracked ones.
    void on_link_change(int ifindex, const std::vector<IpAddress>& ours);
    // Carries out `actions` in order and re-arms the timer.
    void run(const Actions& actions, std::string_view reason);

    const InstanceConfig& config() const { return config_; }
    // What the instance installs while MASTER: virtual addresses, routes and rules.
    Addresses::Items installed() const {
        return {config_.addresses, config_.routes, config_.rules};
    }
    Machine* machine() { return machine_.get(); }  // null while stopped
    const Machine* machine() const { return machine_.get(); }
    // Why it has the priority (or the state) it has, in words.
    std::string why() const;

    struct Counters {
        std::uint64_t adverts_in = 0;
        std::uint64_t adverts_out = 0;
        std::uint64_t transitions = 0;
        std::array<std::uint64_t, kDropReasonCount> drops{};
    };
    const Counters& counters() const { return counters_; }
    const std::string& master() const { return master_; }
    const IpAddress& source() const { return source_; }
    // The last address-list mismatch heard (core/address_list.hpp), for status.
    const AddressListWatch& address_list() const { return address_list_; }

  private:
    bool fault() const { return report_.fault || !fault_reason_.empty(); }
    // Where its virtual addresses go: its VMAC, or its interface.
    const std::optional<InterfaceInfo>& address_interface() const {
        return config_.vmac ? vmac_ : interface_;
    }
    // The interface `address` is on: its `dev`, or the address interface.
    std::optional<InterfaceInfo> interface_of(const VirtualAddress& address) const;
    void attach();
    void detach(bool remove_vmac);
    // keepalived.conf(5) no_accept: a MASTER that is not the address owner (priority 255)
    // receives nothing addressed to its virtual addresses (router/no_accept.hpp).
    bool drops_traffic() const;
    DroppedAddresses dropped() const;  // its virtual addresses, for the firewall
    void make_vmac();
    void make_address_vmac(const AddressVmac& vmac);
    void refresh_interface(const std::vector<IpAddress>& ours);
    void update_priority();
    void settle(const Actions& actions, std::string_view reason);
    void execute(const Action& action, std::string_view reason);
    void send_advert(std::uint8_t priority);
    // After a MASTER's own advert: the relay has it and knows when the next one is due.
    void lend_to_relay(std::uint8_t priority, std::vector<RelayedAdvert> adverts);
    void take_from_relay();  // before anything but a MASTER's advert could go out
    void changed_state(const Action& action, std::string_view reason);
    void announce(unsigned repeat);  // `repeat` times now, then what garp_ schedules
    void arm_garp_timer();
    void arm_timer();
    void say(int level, const std::string& message) const;
    void count_drop(DropReason reason, const IpAddress& from);
    void follow_master(std::string master);  // the master as seen now

    InstanceContext& context_;
    InstanceConfig config_;
    InstanceMetrics metrics_;
    std::unique_ptr<Machine> machine_;
    AhSequence ah_;
    std::optional<InterfaceInfo> interface_;
    VrrpSocket* socket_ = nullptr;       // joined through context_.endpoints
    std::optional<int> promoted_;        // the interface it holds promote_secondaries on
    std::optional<InterfaceInfo> vmac_;  // use_vmac / use_ipvlan: its link, once made
    std::string vmac_error_;             // why it could not be made
    int vmac_base_ = 0;                  // the interface index it was made on
    // use_vmac_addr, an address's use_vmac: the VMACs made, by name, and their base's index.
    std::map<std::string, int> address_vmacs_;
    IpAddress source_;
    std::string fault_reason_;  // interface problems, in words
    std::vector<TrackedObject> tracked_;
    PriorityReport report_;
    boost::asio::steady_timer timer_;
    GarpSchedule garp_;
    boost::asio::steady_timer garp_timer_;
    std::string master_;
    Counters counters_;
    AddressListWatch address_list_;
    // Per-packet log lines, each kind under its own throttle.
    common::LogThrottle drop_log_ = packet_log_throttle();
    common::LogThrottle address_list_log_ = packet_log_throttle();
    common::LogThrottle lower_priority_log_ = packet_log_throttle();
    common::LogThrottle send_error_log_ = packet_log_throttle();
    std::uint16_t ip_id_ = 0;
    std::shared_ptr<RelaySlot> relay_slot_;  // made on the first lend
    std::uint8_t relayed_priority_ = 0;      // the priority in the relay's adverts ...
    IpAddress relayed_source_;               // ... and their source (a link change may move it)
    // old_unicast_checksum detected: a peer sent the old unicast VRRPv3 checksum, which this
    // instance sends from then on, as Keepalived does (packet.hpp OldUnicastChecksum).
    bool old_checksum_detected_ = false;
    bool quiet_ = false;     // a reload hands MASTER over: no transition to report
    bool stopping_ = false;  // the last transition is a stop
    bool deleted_ = false;   // ... because a reload deleted the instance
    // A reload or stop may destroy this instance while a timer handler of its has completed
    // and waits in the loop's queue (cancel() cannot recall it): every handler is guarded.
    common::Lifetime lifetime_;
};

}  // namespace routerd::vrrp
