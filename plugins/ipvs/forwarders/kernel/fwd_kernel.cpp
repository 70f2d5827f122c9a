// The `kernel` forwarder: Linux IPVS programmed over its generic-netlink family. apply()
// reads back what the kernel runs, diffs it with the desired table (the same reconciler as
// the ipvs service) and sends only the difference, so untouched services and destinations
// keep their connections. Services that are neither desired nor were applied by this
// forwarder (someone else's, e.g. set by hand with ipvsadm) are left alone. Which ones it
// applied is kept in the store: with [ipvs] keep_on_stop routerd leaves its services running
// when it stops, and the next start adopts them (one that left the configuration meanwhile is
// removed then); without it the ipvs service hands over an empty table at stop. With
// net_namespace_ipvs every table names the network namespace whose IPVS it is for; the socket
// is made there (net_namespace.h), and a reload that names another one first removes what this
// forwarder ran in the old one.
#include <routerd/plugin.hpp>

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>

#include "routerd/ipvs/kernel/ipvs_socket.h"
#include "routerd/ipvs/kernel/netlink_codec.h"
#include "routerd/ipvs/table/codec.h"
#include "routerd/ipvs/table/reconciler.h"

namespace routerd::ipvs {
namespace {

using netlink::Command;

const std::vector<std::string> kMigrations = {
    "CREATE TABLE {ns}owned (service TEXT PRIMARY KEY)",
};

class KernelForwarder : public sdk::Forwarder {
  public:
    using Forwarder::Forwarder;

    void apply(std::string_view desired_json) override {
        try {
            Table desired = netlink::canonical(table_from_json(desired_json));
            if (socket_ && desired.kernel.net_namespace != net_namespace_) leave_net_namespace();
            net_namespace_ = desired.kernel.net_namespace;
            apply_table(desired);
        } catch (const std::exception& e) {
            // The caller only learns that apply failed: say why here.
            host().error(e.what());
            throw;
        }
    }

    std::string read() override { return to_json(read_kernel(), true); }

    // Plugins start in file-name order: fwd_kernel.so before ipvs.so, which applies tables.
    void start() override {
        host().store_migrate(kMigrations);
        for (const sdk::Host::Row& row : host().store_query("SELECT service FROM {ns}owned")) {
            if (row.at(0)) owned_.insert(*row[0]);
        }
    }

    void stop() override { socket_.reset(); }

  private:
    void apply_table(Table& desired) {
        if (desired.kernel.flush) flush();
        Table running = read_kernel();
        std::erase_if(running.services, [&](const Service& s) {
            return owned_.count(s.key) == 0 && desired.find(s.key) == nullptr;
        });
        netlink::settle_fwmark_families(desired, running);
        for (const Change& c : reconcile(running, desired)) {
            // lvs_flush_on_stop VS: the kernel drops a deleted service's destinations itself.
            if (desired.kernel.remove_services_whole &&
                c.kind == Change::Kind::remove_destination && !desired.find(c.service.key))
                continue;
            send(c);
        }
        own(desired);
        apply_timeouts(desired.kernel.timeouts);
        apply_sync_daemons(desired.kernel.sync_daemons);
    }

    // net_namespace_ipvs changed on a reload: the services and sync daemons this forwarder ran
    // in the old namespace go, as they would at stop; the timeouts stay, as they do at stop.
    void leave_net_namespace() {
        host().info("kernel: leaving the IPVS of " + namespace_name(net_namespace_));
        Table empty;
        apply_table(empty);
        socket_.reset();
        timeouts_ = {};  // the new namespace's are its own
    }

    static std::string namespace_name(const std::string& file) {
        return file.empty() ? "routerd's network namespace" : "network namespace " + file;
    }

    // lvs_flush: every service goes, routerd's and anyone else's.
    void flush() {
        netlink::IpvsSocket& s = socket();
        const uint32_t seq = s.next_seq();
        host().info("kernel: flushing the IPVS table");
        s.request(netlink::encode_flush(s.family_id(), seq), seq);
    }

    // lvs_timeouts: set when they change; the kernel keeps them after routerd stops.
    void apply_timeouts(const ConnectionTimeouts& timeouts) {
        if (!timeouts.any() || timeouts == timeouts_) return;
        netlink::IpvsSocket& s = socket();
        const uint32_t seq = s.next_seq();
        host().info("kernel: connection timeouts tcp " + std::to_string(timeouts.tcp) + " tcpfin " +
                    std::to_string(timeouts.tcpfin) + " udp " + std::to_string(timeouts.udp) +
                    " (0: unchanged)");
        s.request(netlink::encode_set_timeouts(s.family_id(), seq, timeouts), seq);
        timeouts_ = timeouts;
    }

    // lvs_sync_daemon: the kernel runs one daemon per state. The states routerd manages are
    // the desired ones and those it started before; a daemon of another state (started with
    // ipvsadm, say) is left alone. A managed daemon that differs from the desired one, or is
    // no longer desired, stops; then each desired one that does not run starts.
    void apply_sync_daemons(const std::vector<SyncDaemon>& desired) {
        std::set<SyncDaemon::State> managed = started_daemons_;
        for (const SyncDaemon& d : desired)
            managed.insert(d.state);
        if (managed.empty()) return;
        netlink::IpvsSocket& s = socket();
        uint32_t seq = s.next_seq();
        std::vector<SyncDaemon> running;
        for (const netlink::Message& m :
             s.dump(netlink::encode_get_daemons(s.family_id(), seq), seq))
            running.push_back(netlink::decode_daemon(m));
        for (const SyncDaemon& d : running) {
            if (managed.count(d.state) == 0 ||
                std::ranges::any_of(desired,
                                    [&](const SyncDaemon& w) { return sync_matches(w, d); }))
                continue;
            host().info("kernel: stopping the " + to_string(d.state) + " sync daemon on " +
                        d.interface);
            seq = s.next_seq();
            s.request(netlink::encode_daemon(s.family_id(), seq, Command::del_daemon, d), seq);
        }
        started_daemons_.clear();
        for (const SyncDaemon& d : desired) {
            started_daemons_.insert(d.state);
            if (std::ranges::any_of(running,
                                    [&](const SyncDaemon& r) { return sync_matches(d, r); }))
                continue;
            host().info("kernel: starting the " + to_string(d.state) + " sync daemon on " +
                        d.interface + " syncid " + std::to_string(d.syncid));
            seq = s.next_seq();
            s.request(netlink::encode_daemon(s.family_id(), seq, Command::new_daemon, d), seq);
        }
    }

    // What the kernel reports back equals the desired daemon, where the desired one leaves an
    // option to the kernel's default (0 / empty) any reported value matches.
    static bool sync_matches(const SyncDaemon& want, const SyncDaemon& have) {
        return want.state == have.state && want.interface == have.interface &&
               want.syncid == have.syncid && (want.maxlen == 0 || want.maxlen == have.maxlen) &&
               (want.port == 0 || want.port == have.port) &&
               (want.ttl == 0 || want.ttl == have.ttl) &&
               (want.group.empty() || want.group == have.group);
    }

    void own(const Table& applied) {
        std::set<std::string> keys;
        for (const Service& s : applied.services)
            keys.insert(s.key);
        if (keys == owned_) return;
        host().store_write("DELETE FROM {ns}owned");
        for (const std::string& key : keys)
            host().store_write("INSERT INTO {ns}owned (service) VALUES (?)", {key});
        owned_ = std::move(keys);
    }

    netlink::IpvsSocket& socket() {
        if (!socket_) {
            socket_ = std::make_unique<netlink::IpvsSocket>(net_namespace_);
            if (!net_namespace_.empty())
                host().info("kernel: programming the IPVS of " + namespace_name(net_namespace_));
        }
        return *socket_;
    }

    Table read_kernel() {
        netlink::IpvsSocket& s = socket();
        Table table;
        uint32_t seq = s.next_seq();
        for (const netlink::Message& m :
             s.dump(netlink::encode_get_services(s.family_id(), seq), seq))
            table.services.push_back(netlink::decode_service(m));
        for (Service& service : table.services) {
            seq = s.next_seq();
            for (const netlink::Message& m :
                 s.dump(netlink::encode_get_destinations(s.family_id(), seq, service), seq)) {
                service.destinations.push_back(netlink::decode_destination(m));
            }
        }
        return table;
    }

    void send(const Change& c) {
        netlink::IpvsSocket& s = socket();
        const uint32_t seq = s.next_seq();
        const Destination* touched = c.after ? &*c.after : c.before ? &*c.before : nullptr;
        // What reaches the kernel: the ipvs service logs its own diff, which differs from this
        // one when the kernel's table drifted from what was last applied.
        const std::string description =
            to_string(c.kind) + " " + c.service.key + (touched ? " " + touched->key() : "");
        host().debug("kernel: " + description);
        try {
            // c.service carries a fwmark service's family (settle_fwmark_families).
            request(s, seq, c);
        } catch (const std::exception& e) {
            throw std::runtime_error(description + ": " + e.what());
        }
    }

    static void request(netlink::IpvsSocket& s, uint32_t seq, const Change& c) {
        const Service& service = c.service;
        switch (c.kind) {
            case Change::Kind::add_service:
                return s.request(encode_service(s.family_id(), seq, Command::new_service, service),
                                 seq);
            case Change::Kind::edit_service:
                return s.request(encode_service(s.family_id(), seq, Command::set_service, service),
                                 seq);
            case Change::Kind::remove_service:
                return s.request(encode_service(s.family_id(), seq, Command::del_service, service),
                                 seq);
            case Change::Kind::add_destination:
                return s.request(
                    encode_destination(s.family_id(), seq, Command::new_dest, service, *c.after),
                    seq);
            case Change::Kind::edit_destination:
                return s.request(
                    encode_destination(s.family_id(), seq, Command::set_dest, service, *c.after),
                    seq);
            case Change::Kind::remove_destination:
                return s.request(
                    encode_destination(s.family_id(), seq, Command::del_dest, service, *c.before),
                    seq);
        }
    }

    std::unique_ptr<netlink::IpvsSocket> socket_;
    std::string net_namespace_;    // the namespace file socket_ was made in; "": routerd's own
    std::set<std::string> owned_;  // service keys this forwarder applied
    ConnectionTimeouts timeouts_;  // what this forwarder last set
    std::set<SyncDaemon::State> started_daemons_;  // the sync daemons it runs
};

}  // namespace
}  // namespace routerd::ipvs

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::ipvs::KernelForwarder>("kernel", "0.1.0");
}
