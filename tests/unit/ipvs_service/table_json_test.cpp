#include "routerd/ipvs/service/table_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model_builders.hpp"
#include "routerd/ipvs/service/reconciler.h"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

namespace {

std::string error_of(std::string_view text) {
    try {
        table_from_json(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
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
        "fwmark": 0, "scheduler": "wlc", "flags": "sh-port,sh-fallback",
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
