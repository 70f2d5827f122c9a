// The balancer with real scheduler code behind the same interface the scheduler plugins
// implement (CoreInstance over rr and wlc), and time passed in.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/rr.h"
#include "routerd/ipvs/sched/wlc.h"
#include "routerd/ipvs/table/codec.h"
#include "routerd/ipvs/userspace/service_balancer.h"

namespace routerd::ipvs::userspace {
namespace {

using boost::asio::ip::make_address;
using std::chrono::seconds;

ServiceBalancer::SchedulerInstance rr() {
    return std::make_unique<CoreInstance>(std::make_unique<RoundRobin>());
}
ServiceBalancer::SchedulerInstance wlc() {
    return std::make_unique<CoreInstance>(std::make_unique<WeightedLeastConnection>());
}

// tcp 192.0.2.1:80 over 10.0.0.1..n:80 with the given weights.
ServiceSpec service(const std::vector<uint32_t>& weights, Protocol protocol = Protocol::tcp) {
    ServiceSpec s;
    s.key = "k";
    s.scheduler = "rr";
    s.protocol = protocol;
    s.address = make_address("192.0.2.1");
    s.port = 80;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        s.destinations.push_back(
            {make_address("10.0.0." + std::to_string(i + 1)), 80, weights[i], 0, 0});
    }
    return s;
}

ClientFlow from(const std::string& client, uint16_t port = 40000) {
    return {make_address(client), port, make_address("192.0.2.1"), 80};
}

std::string key_of(const std::optional<Assignment>& a) {
    return a ? a->key : "none";
}

// The balancer's report as read() hands it over: the service object of the table's JSON.
nlohmann::json report(const ServiceBalancer& b) {
    return nlohmann::json::parse(to_json(Table{{b.report()}}, true))["services"][0];
}

uint32_t active_of(const ServiceBalancer& b, std::size_t i) {
    return report(b)["destinations"][i]["active_connections"].get<uint32_t>();
}
uint32_t inactive_of(const ServiceBalancer& b, std::size_t i) {
    return report(b)["destinations"][i]["inactive_connections"].get<uint32_t>();
}

TEST(ServiceBalancer, SchedulesThroughThePluginInterface) {
    ServiceBalancer b(service({1, 1, 1}), rr());
    EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.1:80");
    EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.2:80");
    EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.3:80");
}

TEST(ServiceBalancer, GivesTheRealServersAddressAndCountsTheConnection) {
    ServiceBalancer b(service({1}), rr());
    std::optional<Assignment> a = b.assign(from("198.51.100.1"), seconds(0));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->address.to_string(), "10.0.0.1");
    EXPECT_EQ(a->port, 80);
    EXPECT_EQ(active_of(b, 0), 1u);
    a.reset();
    EXPECT_EQ(active_of(b, 0), 0u);
}

TEST(ServiceBalancer, UdpFlowsCountAsInactive) {
    ServiceBalancer b(service({1}, Protocol::udp), rr());
    const auto a = b.assign(from("198.51.100.1"), seconds(0));
    EXPECT_EQ(active_of(b, 0), 0u);
    EXPECT_EQ(inactive_of(b, 0), 1u);
}

TEST(ServiceBalancer, NoneWithoutAvailableServers) {
    EXPECT_FALSE(ServiceBalancer(service({}), rr()).assign(from("198.51.100.1"), seconds(0)));
    EXPECT_FALSE(ServiceBalancer(service({0, 0}), rr()).assign(from("198.51.100.1"), seconds(0)));
}

TEST(ServiceBalancer, LoadBasedSchedulersSeeTheLiveCounters) {
    ServiceBalancer b(service({1, 1}), wlc());
    std::vector<Assignment> open;
    for (int i = 0; i < 6; ++i) {
        open.push_back(*b.assign(from("198.51.100.1"), seconds(0)));
    }
    EXPECT_EQ(active_of(b, 0), 3u);
    EXPECT_EQ(active_of(b, 1), 3u);
    // Two of .2's connections end: .2 is now the lighter and takes the next two.
    std::erase_if(
        open, [n = 0](const Assignment& a) mutable { return a.key == "10.0.0.2:80" && n++ < 2; });
    EXPECT_EQ(active_of(b, 1), 1u);
    open.push_back(*b.assign(from("198.51.100.1"), seconds(0)));
    open.push_back(*b.assign(from("198.51.100.1"), seconds(0)));
    EXPECT_EQ(active_of(b, 0), 3u);
    EXPECT_EQ(active_of(b, 1), 3u);
}

TEST(ServiceBalancer, AnOverloadedServerGetsNothingNew) {
    ServiceSpec s = service({1, 1});
    s.destinations[0].uthreshold = 1;
    ServiceBalancer b(s, rr());
    const auto first = b.assign(from("198.51.100.1"), seconds(0));
    ASSERT_EQ(key_of(first), "10.0.0.1:80");
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.2:80");
    }
}

TEST(ServiceBalancer, WeightZeroDrainsNewConnectionsButKeepsOpenOnes) {
    ServiceBalancer b(service({1, 1}), rr());
    const auto open = b.assign(from("198.51.100.1"), seconds(0));
    ASSERT_EQ(key_of(open), "10.0.0.1:80");
    b.reconfigure(service({0, 1}), nullptr);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.2:80");
    }
    EXPECT_EQ(active_of(b, 0), 1u);  // still open and counted
}

TEST(ServiceBalancer, AReconfigureKeepsTheCountersOfServersThatStay) {
    ServiceBalancer b(service({1, 1}), rr());
    const auto one = b.assign(from("198.51.100.1"), seconds(0));
    const auto two = b.assign(from("198.51.100.1"), seconds(0));
    ServiceSpec next = service({5, 1, 1});  // 10.0.0.1 reweighted, .2 kept, .3 new
    b.reconfigure(next, nullptr);
    EXPECT_EQ(active_of(b, 0), 1u);
    EXPECT_EQ(active_of(b, 1), 1u);
    EXPECT_EQ(active_of(b, 2), 0u);
    EXPECT_EQ(report(b)["destinations"][0]["weight"], 5);
}

TEST(ServiceBalancer, ARemovedServersOpenConnectionsRunToTheirEnd) {
    ServiceBalancer b(service({1, 1}), rr());
    auto open = b.assign(from("198.51.100.1"), seconds(0));
    ServiceSpec next = service({1, 1});
    next.destinations.erase(next.destinations.begin());
    b.reconfigure(next, nullptr);
    EXPECT_EQ(report(b)["destinations"].size(), 1u);
    EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.2:80");
    open.reset();  // the end of a connection to a server that is gone is harmless
}

TEST(ServiceBalancer, ANewSchedulerInstanceReplacesTheOld) {
    ServiceBalancer b(service({1, 1}), rr());
    const auto held = b.assign(from("198.51.100.1"), seconds(0));  // on .1
    b.assign(from("198.51.100.1"), seconds(0));                    // on .2, closed at once
    // rr would pick .1 next; wlc picks .2, the server without connections.
    b.reconfigure(service({1, 1}), wlc());
    EXPECT_EQ(key_of(b.assign(from("198.51.100.1"), seconds(0))), "10.0.0.2:80");
}

ServiceSpec persistent(const std::vector<uint32_t>& weights, unsigned prefix) {
    ServiceSpec s = service(weights);
    s.persistence_timeout = std::chrono::milliseconds(60000);
    s.persistence_mask = {};
    for (unsigned i = 0; i < prefix; ++i) {
        s.persistence_mask[i / 8] |= static_cast<uint8_t>(0x80u >> (i % 8));
    }
    return s;
}

TEST(ServiceBalancer, APersistentClientKeepsItsServerWithinTheTimeout) {
    ServiceBalancer b(persistent({1, 1, 1}, 24), rr());
    const std::string first = key_of(b.assign(from("198.51.100.7", 1000), seconds(0)));
    for (uint16_t port = 1001; port < 1010; ++port) {
        EXPECT_EQ(key_of(b.assign(from("198.51.100.7", port), seconds(30))), first);
    }
    EXPECT_EQ(key_of(b.assign(from("198.51.100.99"), seconds(30))), first);  // same /24
    EXPECT_NE(key_of(b.assign(from("198.51.101.7"), seconds(30))), first);   // rr moved on
    // Each connection renews the template: from 89 s it lasts until 149 s.
    EXPECT_EQ(key_of(b.assign(from("198.51.100.7"), seconds(89))), first);
    b.expire_persistence(seconds(150));
    EXPECT_NE(key_of(b.assign(from("198.51.100.7"), seconds(150))), first);
}

TEST(ServiceBalancer, ADrainedServerLosesItsPersistentClients) {
    ServiceBalancer b(persistent({1, 1}, 32), rr());
    ASSERT_EQ(key_of(b.assign(from("198.51.100.7"), seconds(0))), "10.0.0.1:80");
    b.reconfigure(persistent({0, 1}, 32), nullptr);
    EXPECT_EQ(key_of(b.assign(from("198.51.100.7"), seconds(1))), "10.0.0.2:80");
    b.reconfigure(persistent({1, 1}, 32), nullptr);  // back in, but the client stays moved
    EXPECT_EQ(key_of(b.assign(from("198.51.100.7"), seconds(2))), "10.0.0.2:80");
}

TEST(ServiceBalancer, ReportsTheTableShapeWithCounters) {
    ServiceBalancer b(service({2, 1}), rr());
    const auto open = b.assign(from("198.51.100.1"), seconds(0));
    const nlohmann::json r = report(b);
    EXPECT_EQ(r["key"], "k");
    EXPECT_EQ(r["protocol"], "tcp");
    EXPECT_EQ(r["scheduler"], "rr");
    EXPECT_EQ(r["destinations"][0]["address"], "10.0.0.1");
    EXPECT_EQ(r["destinations"][0]["method"], "nat");
    EXPECT_EQ(r["destinations"][0]["active_connections"], 1);
    EXPECT_EQ(r["destinations"][1]["inactive_connections"], 0);
}

}  // namespace
}  // namespace routerd::ipvs::userspace
