// A stateful VRRP target (VRRPv2 and v3 over IPv4, v3 over IPv6): one instance's receive path as
// plugins/vrrp/router/instance.cpp composes it from core/ (decode, address-list verdict, AH
// sequence, then the machine), driven by a sequence of time steps and datagrams chosen by the
// input: well-formed adverts from the peers (any priority, interval, address list, AH sequence),
// the same with one byte changed or cut short, and raw bytes. (The socket side, the loop-back
// filter on our own source, is not in core/ and not tested here.) After every step:
//  - a dropped datagram changes neither the machine (state, deadline, priority, followed
//    master, intervals) nor the AH replay window;
//  - the decoder's verdict does not depend on the machine: the same bytes decode the same way
//    again;
//  - the machine never leaves a deadline in the past nor loses it while backup or master, never
//    returns to initialize, and reports each transition once, from the state it was in;
//  - a master that accepts an advert of higher priority (not the owner) becomes backup.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <variant>
#include <vector>

#include "address_list.hpp"
#include "ah_sequence.hpp"
#include "codec.hpp"
#include "machine.hpp"

namespace {

using namespace routerd::vrrp;

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

// Our address, three peers' and two virtual addresses, per family (IPv4, then IPv6).
struct Addresses {
    IpAddress us;
    IpAddress peers[3];
    IpAddress vips[2];
};
const Addresses kAddresses[] = {
    {ip("192.0.2.10"),
     {ip("192.0.2.9"), ip("192.0.2.11"), ip("198.51.100.1")},
     {ip("203.0.113.1"), ip("203.0.113.2")}},
    {ip("fe80::10"),
     {ip("fe80::9"), ip("fe80::11"), ip("fe80::99")},
     {ip("2001:db8::1"), ip("2001:db8::2")}},
};

// A datagram as the socket delivers it: IPv4 whole; IPv6 as the payload and what the socket's
// ancillary data tells (source, destination, hop limit).
struct Datagram {
    std::vector<std::uint8_t> bytes;
    Ipv6Envelope envelope6;
};

struct Snapshot {
    State state;
    std::optional<TimePoint> deadline;
    std::uint8_t priority;
    Centiseconds master_interval;
    std::optional<IpAddress> followed;
    bool wants_master;
    std::uint32_t ah_highest;
    bool operator==(const Snapshot&) const = default;
};

class Harness {
  public:
    Harness(FuzzedDataProvider& in) : in_(in), machine_(machine_config()) {
        params_.version = (flags_ & 1) ? Version::v3 : Version::v2;
        params_.vrid = 51;
        params_.advert_interval = Centiseconds(100);
        if (params_.version == Version::v2) {
            static constexpr AuthType kAuth[] = {AuthType::none, AuthType::pass, AuthType::ah};
            params_.auth_type = kAuth[(flags_ >> 1) % 3];
            params_.auth_key = make_auth_key("secret");
        }
        params_.addresses = {a().vips[0], a().vips[1]};
        if (flags_ & 8) {
            for (const IpAddress& peer : a().peers)
                params_.unicast_peers.push_back(UnicastPeer{peer});
        }
        params_.skip_check_adv_addr = (flags_ & 16) != 0;
        after(machine_.start(now_), State::initialize);
    }

    void step() {
        switch (in_.ConsumeIntegralInRange<int>(0, 3)) {
            case 0:
                return time_step();
            case 1:
                return receive(well_formed());
            case 2: {
                Datagram datagram = well_formed();
                std::vector<std::uint8_t>& bytes = datagram.bytes;
                const size_t at = in_.ConsumeIntegralInRange<size_t>(0, bytes.size() - 1);
                if (in_.ConsumeBool())
                    bytes[at] ^= std::max<std::uint8_t>(1, in_.ConsumeIntegral<std::uint8_t>());
                else
                    bytes.resize(at);
                return receive(datagram);
            }
            default: {
                Datagram raw{{}, envelope6(a().peers[0], vrrp_multicast_group(Family::ipv6))};
                raw.bytes = in_.ConsumeBytes<std::uint8_t>(in_.ConsumeIntegralInRange(0, 96));
                return receive(raw);
            }
        }
    }

  private:
    // VRRPv3 over IPv6 when flags bits 0 and 1 are set (bit 1 is the auth type for VRRPv2).
    bool v6() const { return (flags_ & 3) == 3; }
    const Addresses& a() const { return kAddresses[v6() ? 1 : 0]; }

    MachineConfig machine_config() {
        flags_ = in_.ConsumeIntegral<std::uint8_t>();
        MachineConfig c;
        c.version = (flags_ & 1) ? Version::v3 : Version::v2;
        c.priority = std::max<std::uint8_t>(1, in_.ConsumeIntegral<std::uint8_t>());
        c.advert_interval = Centiseconds(100);
        c.start_as_master = (flags_ & 32) != 0;
        c.preempt = (flags_ & 64) == 0;
        c.primary_address = kAddresses[v6() ? 1 : 0].us;
        c.lower_prio_no_advert = (flags_ & 128) != 0;
        return c;
    }

    Snapshot snapshot() const {
        return {machine_.state(),
                machine_.next_deadline(),
                machine_.priority(),
                machine_.master_adver_interval(),
                machine_.followed_master(),
                machine_.wants_master(),
                ah_.highest()};
    }

    void time_step() {
        now_ += std::chrono::milliseconds(in_.ConsumeIntegralInRange(0, 5000));
        const auto deadline = machine_.next_deadline();
        if (deadline && now_ >= *deadline) {
            const State before = machine_.state();
            after(machine_.on_timer(now_), before);
        }
    }

    // An advert as a peer would send it, with settings that may differ from ours.
    Datagram well_formed() {
        InstanceParams sent = params_;
        const std::uint8_t choice = in_.ConsumeIntegral<std::uint8_t>();
        if (choice & 1) sent.advert_interval = Centiseconds(in_.ConsumeIntegralInRange(1, 300));
        if (choice & 2) sent.addresses = {a().vips[choice & 4 ? 1 : 0]};
        if (choice & 8) sent.vrid = std::max<std::uint8_t>(1, in_.ConsumeIntegral<std::uint8_t>());
        if (sent.version == Version::v2 && sent.advert_interval.count() % 100 != 0)
            sent.advert_interval = Centiseconds(100);
        const IpAddress source =
            (choice & 16) ? a().us : a().peers[in_.ConsumeIntegralInRange(0, 2)];
        const IpAddress destination =
            params_.unicast() && !(choice & 32)
                ? a().us
                : vrrp_multicast_group(v6() ? Family::ipv6 : Family::ipv4);
        const std::uint8_t priority = in_.ConsumeIntegral<std::uint8_t>();
        if (v6()) {
            Ipv6Envelope envelope = envelope6(source, destination);
            if (choice & 64) envelope.hop_limit = in_.ConsumeIntegral<std::uint8_t>();
            return {encode_ipv6(sent, priority, envelope), envelope};
        }
        Ipv4Envelope envelope;
        envelope.source = source;
        envelope.destination = destination;
        envelope.id = static_cast<std::uint16_t>(1 + in_.ConsumeIntegral<std::uint8_t>());
        envelope.ah_sequence = ah_.highest() + in_.ConsumeIntegralInRange<std::uint32_t>(0, 3);
        return {encode_ipv4(sent, priority, envelope), {}};
    }

    static Ipv6Envelope envelope6(const IpAddress& source, const IpAddress& destination) {
        Ipv6Envelope envelope;
        envelope.source = source;
        envelope.destination = destination;
        return envelope;
    }

    DecodeResult decode(const Datagram& d) const {
        return v6() ? decode_ipv6(d.bytes, d.envelope6, params_)
                    : decode_ipv4(d.bytes, params_, ah_.highest());
    }

    void receive(const Datagram& datagram) {
        const Snapshot before = snapshot();
        const DecodeResult result = decode(datagram);
        if (decode(datagram).index() != result.index()) std::abort();
        if (std::holds_alternative<DropReason>(result)) return dropped(before);
        const Advert& advert = std::get<Advert>(result);
        if (advert.vrid != params_.vrid || advert.version != params_.version) std::abort();
        if (advert.ah_sequence && *advert.ah_sequence <= ah_.highest()) std::abort();  // replay
        const auto list = watch_.check(advert, params_, machine_.followed_master());
        if (list.drop) return dropped(before);
        if (advert.ah_sequence) ah_.on_accepted(*advert.ah_sequence);
        const Actions actions = machine_.on_advert(now_, advert);
        for (const Action& a : actions) {
            if (a.kind == Action::Kind::master_rx_lower_priority && advert.ah_sequence)
                ah_.on_lower_priority_advert(*advert.ah_sequence);
        }
        after(actions, before.state);
        if (before.state == State::master && machine_.priority() != kPriorityOwner &&
            advert.priority > machine_.priority() && machine_.state() != State::backup)
            std::abort();
    }

    void dropped(const Snapshot& before) const {
        if (snapshot() != before) std::abort();
    }

    void after(const Actions& actions, State before) const {
        State state = before;
        for (const Action& a : actions) {
            if (a.kind != Action::Kind::state_changed) continue;
            if (a.from != state || a.to == a.from) std::abort();
            state = a.to;
        }
        if (state != machine_.state() || state == State::initialize) std::abort();
        const auto deadline = machine_.next_deadline();
        if ((state == State::backup || state == State::master) && !deadline) std::abort();
        if (deadline && *deadline < now_) std::abort();
    }

    FuzzedDataProvider& in_;
    std::uint8_t flags_ = 0;
    Machine machine_;
    InstanceParams params_;
    AddressListWatch watch_;
    AhSequence ah_;
    TimePoint now_ = TimePoint{} + std::chrono::seconds(1000);
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    Harness harness(in);
    for (int steps = 0; steps < 64 && in.remaining_bytes() > 0; ++steps)
        harness.step();
    return 0;
}
