#include "routerd/ipvs/table/codec.h"

#include <sys/socket.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "routerd/ipvs/table/reconciler.h"
#include "table_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

namespace {

std::string error_of(std::string_view text) {
    try {
        table_from_json(text);
    } catch (const TableError& e) {
        return e.what();
    }
    return "";
}

// A one-service table whose service object is `service` (JSON members, no braces).
std::string with_service(const std::string& service) {
    return R"({"services": [{"key": "tcp:192.0.2.1:80", "protocol": "tcp", "address": "192.0.2.1",
                             "port": 80,)" +
           service + "}]}";
}

// A table with every field of the model set to something else than its default.
Table every_field() {
    Service web = service("172.16.0.100", 80, {dest("172.16.1.20", 8080, 7)});
    web.scheduler = "sh";
    web.flags = "sh-port,sh-fallback";
    web.persistence_timeout_ms = 360000;
    web.persistence_granularity = "255.255.255.0";
    Destination& tunnelled = web.destinations[0];
    tunnelled.method = Method::tun;
    tunnelled.tun_type = TunType::gue;
    tunnelled.tun_port = 6080;
    tunnelled.uthreshold = 1000;
    tunnelled.lthreshold = 100;
    tunnelled.active_connections = 4;
    tunnelled.inactive_connections = 2;
    Destination routed = dest("172.16.1.21", 80, 0);
    routed.method = Method::dr;
    web.destinations.push_back(routed);
    Service dns = service("2001:db8::1", 53, {dest("2001:db8::20", 53)});
    dns.protocol = Protocol::udp;
    dns.key = service_key(Protocol::udp, "2001:db8::1", 53);
    dns.scheduler = "rr";
    dns.flags = "ops";
    dns.persistence_granularity = "64";
    Service mark;
    mark.key = fwmark_key(9);
    mark.fwmark = 9;
    mark.protocol = Protocol::sctp;
    mark.scheduler = "mh";
    mark.flags = "mh-port";
    Destination gre = dest("10.1.0.1", 0, 3);
    gre.method = Method::tun;
    gre.tun_type = TunType::gre;
    mark.destinations = {gre};
    return Table{{web, dns, mark}};
}

}  // namespace

TEST(TableJson, RoundTripsEveryField) {
    Service web = service("172.16.0.100", 80, {dest("172.16.1.20", 80, 3)});
    web.scheduler = "mh";
    web.flags = "mh-port,mh-fallback";
    web.persistence_timeout_ms = 360000;
    web.persistence_granularity = "255.255.255.0";
    Destination& d = web.destinations[0];
    d.method = Method::tun;
    d.tun_type = TunType::gue;
    d.tun_port = 6080;
    d.uthreshold = 1000;
    d.lthreshold = 100;
    Service mark;
    mark.key = fwmark_key(9);
    mark.fwmark = 9;
    mark.protocol = Protocol::udp;
    mark.destinations = {dest("2001:db8::20", 53)};
    const Table table{{web, mark}};
    const Table back = table_from_json(to_json(table));
    EXPECT_TRUE(reconcile(table, back).empty());
    EXPECT_TRUE(reconcile(back, table).empty());
    EXPECT_EQ(back.services[0].destinations[0].tun_port, 6080);
    EXPECT_EQ(back.services[1].protocol, Protocol::udp);
    EXPECT_EQ(back.services[1].destinations[0].key(), "[2001:db8::20]:53");
}

TEST(TableJson, TheDocumentedShape) {
    // As written in plugin.h's forwarder comment.
    const Table t = table_from_json(R"({"services": [{
        "key": "tcp:172.16.0.100:80", "protocol": "tcp", "address": "172.16.0.100", "port": 80,
        "fwmark": 0, "scheduler": "sh", "flags": "sh-port,sh-fallback",
        "persistence_timeout_ms": 0, "persistence_granularity": "255.255.255.255",
        "destinations": [{"address": "172.16.1.20", "port": 80, "weight": 1,
                          "method": "nat", "tun_type": "ipip",
                          "uthreshold": 0, "lthreshold": 0,
                          "active_connections": 4, "inactive_connections": 2}]}]})");
    ASSERT_EQ(t.services.size(), 1u);
    EXPECT_EQ(t.services[0].destinations[0].active_connections, 4u);
    EXPECT_EQ(t.services[0].destinations[0].inactive_connections, 2u);
}

TEST(TableJson, CountersOnlyWhenAsked) {
    Table t{{service("10.0.0.1", 80, {dest("10.0.1.1", 80)})}};
    t.services[0].destinations[0].active_connections = 7;
    const auto without = nlohmann::json::parse(to_json(t));
    EXPECT_FALSE(without["services"][0]["destinations"][0].contains("active_connections"));
    const auto with = nlohmann::json::parse(to_json(t, true));
    EXPECT_EQ(with["services"][0]["destinations"][0]["active_connections"], 7);
}

TEST(TableJson, EmptyDocumentIsAnEmptyTable) {
    EXPECT_TRUE(table_from_json("{}").services.empty());
    EXPECT_TRUE(table_from_json(R"({"services": []})").services.empty());
}

TEST(TableJson, ClearErrors) {
    EXPECT_EQ(error_of("not json"), "forwarding table: document: not valid JSON");
    EXPECT_EQ(error_of("[]"), "forwarding table: document: expected an object");
    EXPECT_EQ(error_of(R"({"services": 3})"), "forwarding table: services: expected an array");
    EXPECT_EQ(error_of(R"({"services": [{"port": 80}]})"),
              "forwarding table: services[0]: needs an address or a fwmark");
    EXPECT_EQ(error_of(R"({"services": [{"address": "10.0.0.1", "port": 70000}]})"),
              "forwarding table: services[0].port: expected an integer 0..65535");
    EXPECT_EQ(
        error_of(R"({"services": [{"address": "10.0.0.1", "port": 80, "protocol": "icmp"}]})"),
        "forwarding table: services[0].protocol: unknown value 'icmp'");
    EXPECT_EQ(
        error_of(
            R"({"services": [{"key": "tcp:10.0.0.2:80", "address": "10.0.0.1", "port": 80}]})"),
        "forwarding table: services[0].key: 'tcp:10.0.0.2:80' does not match its address "
        "('tcp:10.0.0.1:80')");
    EXPECT_EQ(error_of(R"({"services": [{"address": "10.0.0.1", "port": 80},
                                        {"address": "10.0.0.1", "port": 80}]})"),
              "forwarding table: services[1]: duplicate service tcp:10.0.0.1:80");
    EXPECT_EQ(error_of(R"({"services": [{"address": "10.0.0.1", "port": 80,
                                         "destinations": [{"port": 80}]}]})"),
              "forwarding table: services[0].destinations[0].address: is required");
    EXPECT_EQ(error_of(R"({"services": [{"address": "10.0.0.1", "port": 80,
                                         "destinations": [{"address": "10.0.1.1", "weight": -1}]}]})"),
              "forwarding table: services[0].destinations[0].weight: expected an integer "
              "0..4294967295");
    EXPECT_EQ(error_of(R"({"services": [{"address": "10.0.0.1", "port": 80,
                                         "destinations": [{"address": "10.0.1.1", "method": "x"}]}]})"),
              "forwarding table: services[0].destinations[0].method: unknown value 'x'");
    EXPECT_EQ(error_of(R"({"services": [{"address": 5}]})"),
              "forwarding table: services[0].address: expected a string");
}

TEST(TableJson, RoundTripsEveryFieldWithCounters) {
    const Table table = every_field();
    EXPECT_EQ(table_from_json(to_json(table, true)), table);
}

TEST(TableJson, RoundTripsEveryFieldButTheCountersWithout) {
    Table table = every_field();
    const Table back = table_from_json(to_json(table));
    for (Service& s : table.services) {
        for (Destination& d : s.destinations) {
            d.active_connections = 0;
            d.inactive_connections = 0;
        }
    }
    EXPECT_EQ(back, table);
}

TEST(TableJson, ReadsEveryFieldOfTheDocumentedExample) {
    // The example of plugin.h.
    const Table t = table_from_json(R"({"services": [{
        "key": "tcp:172.16.0.100:80", "protocol": "tcp", "address": "172.16.0.100", "port": 80,
        "fwmark": 0, "scheduler": "sh", "flags": "sh-port,sh-fallback",
        "persistence_timeout_ms": 0, "persistence_granularity": "255.255.255.255",
        "destinations": [{"address": "172.16.1.20", "port": 80, "weight": 1, "method": "nat",
                          "tun_type": "ipip", "uthreshold": 0, "lthreshold": 0}]}]})");
    ASSERT_EQ(t.services.size(), 1u);
    const Service& s = t.services[0];
    EXPECT_EQ(s.key, "tcp:172.16.0.100:80");
    EXPECT_EQ(s.protocol, Protocol::tcp);
    EXPECT_EQ(s.address, "172.16.0.100");
    EXPECT_EQ(s.port, 80);
    EXPECT_EQ(s.scheduler, "sh");
    EXPECT_EQ(s.flags, "sh-port,sh-fallback");
    EXPECT_EQ(s.persistence_timeout_ms, 0u);
    ASSERT_EQ(s.destinations.size(), 1u);
    EXPECT_EQ(s.destinations[0].key(), "172.16.1.20:80");
    EXPECT_EQ(s.destinations[0].weight, 1u);
}

TEST(TableJson, FillsTheDefaults) {
    const Table t = table_from_json(
        R"({"services": [{"address": "192.0.2.1", "port": 80,
                          "destinations": [{"address": "192.0.2.9", "port": 8080}]}]})");
    const Service& s = t.services[0];
    EXPECT_EQ(s.key, "tcp:192.0.2.1:80");
    EXPECT_EQ(s.protocol, Protocol::tcp);
    EXPECT_EQ(s.scheduler, "wlc");
    EXPECT_EQ(s.flags, "");
    EXPECT_EQ(s.persistence_granularity, "255.255.255.255");
    const Destination& d = s.destinations[0];
    EXPECT_EQ(d.weight, 1u);
    EXPECT_EQ(d.method, Method::nat);
    EXPECT_EQ(d.tun_type, TunType::ipip);
    EXPECT_EQ(d.tun_port, 0u);
    EXPECT_EQ(d.uthreshold, 0u);
    EXPECT_EQ(d.lthreshold, 0u);
}

TEST(TableJson, NamesIPv6EndpointsWithBracketsAndAddressesInTheirCanonicalForm) {
    const Table t = table_from_json(
        R"({"services": [{"key": "udp:[2001:db8::1]:53", "protocol": "udp",
            "address": "2001:0db8:0::0001", "port": 53,
            "destinations": [{"address": "2001:db8:0:0::20", "port": 53}]}]})");
    EXPECT_EQ(t.services[0].address, "2001:db8::1");
    EXPECT_EQ(t.services[0].key, "udp:[2001:db8::1]:53");
    EXPECT_EQ(t.services[0].destinations[0].key(), "[2001:db8::20]:53");
}

TEST(TableJson, RefusesBadValuesNamingTheField) {
    EXPECT_EQ(error_of("{"), "forwarding table: document: not valid JSON");
    EXPECT_EQ(error_of(R"({"services": [{"key": "k"}]})"),
              "forwarding table: services[0]: needs an address or a fwmark");
    EXPECT_EQ(error_of(R"({"services": [{"protocol": "tcp", "address": "x", "port": 80}]})"),
              "forwarding table: services[0].address: 'x' is not an IP address");
    EXPECT_EQ(error_of(with_service(R"("destinations": {})")),
              "forwarding table: services[0].destinations: expected an array");
    EXPECT_EQ(
        error_of(with_service(R"("destinations": [{"address": "192.0.2.9", "port": 70000}])")),
        "forwarding table: services[0].destinations[0].port: expected an integer 0..65535");
    EXPECT_EQ(error_of(with_service(
                  R"("destinations": [{"address": "192.0.2.9", "port": 80, "weight": -1}])")),
              "forwarding table: services[0].destinations[0].weight: expected an integer "
              "0..4294967295");
    EXPECT_EQ(error_of(with_service(R"("destinations": [{"address": "192.0.2.9x", "port": 80}])")),
              "forwarding table: services[0].destinations[0].address: '192.0.2.9x' is not an IP "
              "address");
    EXPECT_EQ(error_of(with_service(
                  R"("destinations": [{"address": "192.0.2.9", "port": 80, "method": "nta"}])")),
              "forwarding table: services[0].destinations[0].method: unknown value 'nta'");
    EXPECT_EQ(error_of(with_service(R"("scheduler": 5, "destinations": [])")),
              "forwarding table: services[0].scheduler: expected a string");
}

TEST(TableJson, RefusesNatAcrossAddressFamilies) {
    EXPECT_EQ(error_of(with_service(R"("destinations": [{"address": "2001:db8::9", "port": 80}])")),
              "forwarding table: services[0].destinations[0].address: NAT needs the real server "
              "in the virtual server's address family");
    // Tunnels cross families, and a fwmark service has no family of its own.
    EXPECT_EQ(error_of(with_service(
                  R"("destinations": [{"address": "2001:db8::9", "port": 80, "method": "tun"}])")),
              "");
    EXPECT_EQ(error_of(R"({"services": [{"fwmark": 3, "destinations": [
                  {"address": "2001:db8::9", "port": 80}, {"address": "192.0.2.9", "port": 80}]}]})"),
              "");
}

TEST(TableJson, RefusesFlagsThatDoNotFitTheScheduler) {
    EXPECT_EQ(
        error_of(with_service(R"("scheduler": "rr", "flags": "sh-port", "destinations": [])")),
        "forwarding table: services[0].flags: scheduler flag 'sh-port' needs scheduler 'sh', not "
        "'rr'");
    EXPECT_EQ(
        error_of(with_service(R"("scheduler": "rr", "flags": "sh-prot", "destinations": [])")),
        "forwarding table: services[0].flags: unknown scheduler flag 'sh-prot'");
    EXPECT_EQ(table_from_json(with_service(R"("scheduler": "sh", "flags": "sh-port,sh-fallback",
                                              "destinations": [])"))
                  .services[0]
                  .flags,
              "sh-port,sh-fallback");
}

TEST(TableJson, RefusesABadPersistenceGranularity) {
    EXPECT_EQ(error_of(with_service(R"("persistence_granularity": "33", "destinations": [])")),
              "forwarding table: services[0].persistence_granularity: '33' is neither a netmask "
              "nor a prefix length 0..32");
    EXPECT_EQ(
        error_of(with_service(R"("persistence_granularity": "255.0.x.0", "destinations": [])")),
        "forwarding table: services[0].persistence_granularity: '255.0.x.0' is not a netmask");
}

TEST(TableJson, RefusesDuplicates) {
    EXPECT_EQ(error_of(with_service(R"("destinations": [{"address": "192.0.2.9", "port": 80},
                                                         {"address": "192.0.2.9", "port": 80}])")),
              "forwarding table: services[0].destinations[1]: duplicate destination 192.0.2.9:80");
    EXPECT_EQ(error_of(R"({"services": [
        {"protocol": "tcp", "address": "192.0.2.1", "port": 80, "destinations": []},
        {"protocol": "tcp", "address": "192.0.2.1", "port": 80, "destinations": []}]})"),
              "forwarding table: services[1]: duplicate service tcp:192.0.2.1:80");
    // One address written two ways is one service.
    EXPECT_EQ(error_of(R"({"services": [{"address": "2001:db8::1", "port": 80},
                                        {"address": "2001:db8:0::1", "port": 80}]})"),
              "forwarding table: services[1]: duplicate service tcp:[2001:db8::1]:80");
}

// "kernel": the kernel's IPVS as a whole (lvs_timeouts, lvs_sync_daemon, lvs_flush,
// lvs_flush_on_stop), written only when set, so that a table without it reads as before.
TEST(TableJson, KernelSettingsRoundTrip) {
    Table t{{service("10.0.0.1", 80, {dest("10.0.1.1", 80)})}};
    EXPECT_FALSE(nlohmann::json::parse(to_json(t)).contains("kernel"));
    t.kernel.timeouts = {900, 120, 300};
    t.kernel.flush = true;
    t.kernel.remove_services_whole = true;
    t.kernel.net_namespace = "/run/netns/lvs";
    t.kernel.sync_daemons = {
        SyncDaemon{SyncDaemon::State::master, "eth1", 51, 1400, 8849, 2, "239.1.2.3"},
        SyncDaemon{.state = SyncDaemon::State::backup, .interface = "eth1"}};
    EXPECT_EQ(table_from_json(to_json(t)), t);
    const Table documented = table_from_json(R"({"kernel": {
        "timeouts": {"tcp": 900, "udp": 300},
        "sync_daemons": [{"state": "backup", "interface": "eth0", "syncid": 5}],
        "flush": true}})");
    EXPECT_EQ(documented.kernel.timeouts, (ConnectionTimeouts{900, 0, 300}));
    ASSERT_EQ(documented.kernel.sync_daemons.size(), 1u);
    EXPECT_EQ(documented.kernel.sync_daemons[0],
              (SyncDaemon{.state = SyncDaemon::State::backup, .interface = "eth0", .syncid = 5}));
    EXPECT_TRUE(documented.kernel.flush);
    EXPECT_FALSE(documented.kernel.remove_services_whole);
}

TEST(TableJson, KernelSettingsErrors) {
    EXPECT_EQ(error_of(R"({"kernel": []})"), "forwarding table: kernel: expected an object");
    EXPECT_EQ(error_of(R"({"kernel": {"timeouts": {"tcp": -1}}})"),
              "forwarding table: kernel.timeouts.tcp: expected an integer 0..4294967295");
    EXPECT_EQ(error_of(R"({"kernel": {"sync_daemons": [{"state": "master"}]}})"),
              "forwarding table: kernel.sync_daemons[0].interface: is required");
    EXPECT_EQ(error_of(R"({"kernel": {"sync_daemons": [{"interface": "a"}, {"interface": "b"}]}})"),
              "forwarding table: kernel.sync_daemons[1]: a second master daemon");
    EXPECT_EQ(error_of(R"({"kernel": {"sync_daemons": [{"interface": "a", "syncid": 256}]}})"),
              "forwarding table: kernel.sync_daemons[0].syncid: expected an integer 0..255");
    EXPECT_EQ(error_of(R"({"kernel": {"flush": 1}})"),
              "forwarding table: kernel.flush: expected true or false");
    EXPECT_EQ(error_of(R"({"kernel": {"net_namespace": "lvs"}})"),
              "forwarding table: kernel.net_namespace: 'lvs' is not an absolute path");
}

// keepalived.conf(5) persistence_engine: "persistence_engine" on a service, written only when
// set; Linux has one engine, sip.
TEST(TableJson, PersistenceEngine) {
    Table t{{service("10.0.0.1", 5060, {dest("10.0.1.1", 5060)}),
             service("10.0.0.2", 5060, {dest("10.0.1.1", 5060)})}};
    t.services[0].persistence_timeout_ms = 60000;
    t.services[0].persistence_engine = "sip";
    EXPECT_EQ(table_from_json(to_json(t)), t);
    EXPECT_EQ(nlohmann::json::parse(to_json(t))["services"][0]["persistence_engine"], "sip");
    EXPECT_FALSE(nlohmann::json::parse(to_json(t))["services"][1].contains("persistence_engine"));
    EXPECT_EQ(error_of(with_service(R"("persistence_engine": "h323", "destinations": [])")),
              "forwarding table: services[0].persistence_engine: unknown engine 'h323'");
    EXPECT_EQ(error_of(with_service(R"("persistence_engine": 1, "destinations": [])")),
              "forwarding table: services[0].persistence_engine: expected a string");
}

// keepalived.conf(5) ip_family: "family" on a fwmark service.
TEST(TableJson, FwmarkFamily) {
    const Table t = table_from_json(R"({"services": [{"fwmark": 9, "family": "inet6"},
                                                     {"fwmark": 10}]})");
    EXPECT_EQ(t.services[0].fwmark_family, AF_INET6);
    EXPECT_EQ(t.services[1].fwmark_family, 0);
    EXPECT_EQ(table_from_json(to_json(t)), t);
    EXPECT_FALSE(nlohmann::json::parse(to_json(t))["services"][1].contains("family"));
    EXPECT_EQ(error_of(R"({"services": [{"fwmark": 9, "family": "ipx"}]})"),
              "forwarding table: services[0].family: unknown value 'ipx'");
    EXPECT_EQ(error_of(R"({"services": [{"address": "10.0.0.1", "port": 80, "family": "inet"}]})"),
              "forwarding table: services[0].family: applies to fwmark services only");
}
