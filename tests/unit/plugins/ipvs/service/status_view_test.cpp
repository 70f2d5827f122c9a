#include "routerd/ipvs/service/status_view.h"

#include <gtest/gtest.h>

#include "model_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

TEST(StatusView, RealServersWithHealthWeightAndCounters) {
    VirtualServer vs = web();
    vs.sorry_server = real("sorry_server", "172.16.2.1", 8080);
    vs.real_servers[2].check_ids.clear();
    RuntimeState state;
    state.health = {{"c1", Health::up}, {"c2", Health::down}};
    state.drained.insert(drain_key("web", "172.16.1.20:80"));
    Table running{
        {service("172.16.0.100", 80, {dest("172.16.1.20", 80, 0), dest("172.16.1.22", 80)})}};
    running.services[0].destinations[1].active_connections = 12;
    running.services[0].destinations[1].inactive_connections = 3;
    const auto j = status_json("userspace", model_of({vs}), state, running);
    EXPECT_EQ(j["forwarder"], "userspace");
    const auto& rs = j["virtual_servers"][0]["real_servers"];
    ASSERT_EQ(rs.size(), 4u);
    EXPECT_EQ(rs[0]["health"], "up");
    EXPECT_EQ(rs[0]["drained"], true);
    EXPECT_EQ(rs[0]["weight"], 0);
    EXPECT_EQ(rs[1]["health"], "down");
    EXPECT_EQ(rs[1]["in_table"], false);
    EXPECT_EQ(rs[2]["health"], "no check");
    EXPECT_EQ(rs[2]["active_connections"], 12);
    EXPECT_EQ(rs[2]["inactive_connections"], 3);
    EXPECT_EQ(rs[3]["name"], "sorry_server");
    EXPECT_EQ(rs[0]["configured_weight"], 1);
    EXPECT_TRUE(rs[0]["weight_override"].is_null());
    const std::string text = status_text(j);
    EXPECT_NE(text.find("forwarder: userspace"), std::string::npos) << text;
    EXPECT_NE(text.find("tcp:172.16.0.100:80  (web, rr)"), std::string::npos) << text;
    EXPECT_NE(text.find("172.16.1.22:80"), std::string::npos) << text;
    EXPECT_NE(text.find("active 12"), std::string::npos) << text;
    EXPECT_NE(text.find("drained"), std::string::npos) << text;
}

TEST(StatusView, QuorumAndSuspension) {
    RuntimeState state;
    state.quorum_up["web"] = false;
    state.suspended.insert("web");
    const auto j = status_json("kernel", model_of({web()}), state, {});
    EXPECT_EQ(j["virtual_servers"][0]["quorum_up"], false);
    EXPECT_EQ(j["virtual_servers"][0]["suspended"], true);
    EXPECT_EQ(j["virtual_servers"][0]["in_table"], false);
    const std::string text = status_text(j);
    EXPECT_NE(text.find("QUORUM LOST, suspended, not in the forwarder"), std::string::npos) << text;
}

TEST(StatusView, OperatorWeightIsShownBesideTheConfiguredOne) {
    RuntimeState state;
    state.weights[drain_key("web", "172.16.1.21:80")] = 9;
    Table running{{service("172.16.0.100", 80, {dest("172.16.1.21", 80, 9)})}};
    const auto j = status_json("userspace", model_of({web()}), state, running);
    const auto& rs = j["virtual_servers"][0]["real_servers"][1];
    EXPECT_EQ(rs["weight"], 9);
    EXPECT_EQ(rs["weight_override"], 9);
    EXPECT_EQ(rs["configured_weight"], 1);
    EXPECT_NE(status_text(j).find("weight set at run time"), std::string::npos);
}

TEST(StatusView, EachCheckOfARealServer) {
    VirtualServer vs = web();
    vs.real_servers[0].check_ids = {"c1", "c1b"};
    vs.real_servers[1].check_ids = {"c2", "c2b"};
    RuntimeState state;
    state.health = {{"c1", Health::up}, {"c1b", Health::down}, {"c2", Health::up}};
    const auto j = status_json("userspace", model_of({vs}), state, {});
    const auto& rs = j["virtual_servers"][0]["real_servers"];
    EXPECT_EQ(rs[0]["health"], "down");
    EXPECT_EQ(rs[0]["checks"], nlohmann::json::parse(R"([{"id": "c1", "health": "up"},
                                                          {"id": "c1b", "health": "down"}])"));
    EXPECT_EQ(rs[1]["health"], "unknown");  // c2b has not reported
    EXPECT_EQ(rs[1]["checks"][1]["health"], "unknown");
    EXPECT_EQ(rs[2]["health"], "unknown");
    EXPECT_EQ(rs[2]["checks"].size(), 1u);
    const std::string text = status_text(j);
    EXPECT_NE(text.find("check c1b: down\n"), std::string::npos) << text;
    EXPECT_NE(text.find("check c2b: unknown\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("check c1:"), std::string::npos) << text;  // up
    EXPECT_EQ(text.find("check c3:"), std::string::npos) << text;  // the only one: the line says it
}
