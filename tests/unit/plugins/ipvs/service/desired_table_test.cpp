#include "routerd/ipvs/service/desired_table.h"

#include <gtest/gtest.h>

#include "model_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

namespace {

// "address:weight" of each destination of the only service, in table order.
std::vector<std::string> weights(const Desired& d, size_t service = 0) {
    std::vector<std::string> out;
    for (const Destination& dst : d.table.services.at(service).destinations)
        out.push_back(dst.key() + "=" + std::to_string(dst.weight));
    return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(DesiredTable, ServiceCarriesTheVirtualServerSettings) {
    VirtualServer vs = web();
    vs.scheduler = "sh";
    vs.flags = "sh-port";
    vs.persistence_timeout_ms = 300000;
    vs.persistence_granularity = "255.255.255.0";
    vs.real_servers[0].method = Method::tun;
    vs.real_servers[0].tun_type = TunType::gre;
    vs.real_servers[0].uthreshold = 100;
    vs.real_servers[0].lthreshold = 10;
    const Desired d = desired_table(model_of({vs}), {}, {});
    ASSERT_EQ(d.table.services.size(), 1u);
    const Service& s = d.table.services[0];
    EXPECT_EQ(s.key, "tcp:172.16.0.100:80");
    EXPECT_EQ(s.scheduler, "sh");
    EXPECT_EQ(s.flags, "sh-port");
    EXPECT_EQ(s.persistence_timeout_ms, 300000u);
    EXPECT_EQ(s.persistence_granularity, "255.255.255.0");
    const Destination& d0 = s.destinations.at(0);
    EXPECT_EQ(d0.method, Method::tun);
    EXPECT_EQ(d0.tun_type, TunType::gre);
    EXPECT_EQ(d0.uthreshold, 100u);
    EXPECT_EQ(d0.lthreshold, 10u);
}

TEST(DesiredTable, UnknownHealthCountsAsUpWithoutAlpha) {
    EXPECT_EQ(weights(desired_table(model_of({web()}), {}, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.21:80=1", "172.16.1.22:80=1"}));
}

TEST(DesiredTable, AlphaKeepsUnknownOut) {
    VirtualServer vs = web();
    vs.alpha = true;
    RuntimeState state;
    state.health["c2"] = Health::up;
    EXPECT_EQ(weights(desired_table(model_of({vs}), state, {})), (Strings{"172.16.1.21:80=1"}));
}

TEST(DesiredTable, FailedRealServerLeaves) {
    RuntimeState state;
    state.health = {{"c1", Health::up}, {"c2", Health::down}, {"c3", Health::up}};
    EXPECT_EQ(weights(desired_table(model_of({web()}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.22:80=1"}));
}

TEST(DesiredTable, InhibitOnFailureKeepsItAtWeightZero) {
    VirtualServer vs = web();
    vs.real_servers[1].inhibit_on_failure = true;
    vs.real_servers[1].weight = 5;
    RuntimeState state;
    state.health = {{"c2", Health::down}};
    EXPECT_EQ(weights(desired_table(model_of({vs}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.21:80=0", "172.16.1.22:80=1"}));
    state.health["c2"] = Health::up;
    EXPECT_EQ(weights(desired_table(model_of({vs}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.21:80=5", "172.16.1.22:80=1"}));
}

// Keepalived removes a real server when any of its checkers fails; it returns when all are up.
TEST(DesiredTable, EveryCheckMustBeUp) {
    VirtualServer vs = web();
    vs.real_servers[1].check_ids = {"c2", "c2b"};
    RuntimeState state;
    state.health = {{"c2", Health::up}, {"c2b", Health::down}};
    EXPECT_EQ(weights(desired_table(model_of({vs}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.22:80=1"}));
    state.health["c2b"] = Health::up;
    EXPECT_EQ(weights(desired_table(model_of({vs}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.21:80=1", "172.16.1.22:80=1"}));
    // With alpha, a check that has not reported yet holds it out too.
    vs.alpha = true;
    state.health = {{"c1", Health::up}, {"c2", Health::up}, {"c3", Health::up}};
    EXPECT_EQ(weights(desired_table(model_of({vs}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.22:80=1"}));
}

TEST(DesiredTable, RealServerWithoutCheckIsAlwaysIn) {
    VirtualServer vs = web();
    vs.alpha = true;
    vs.real_servers[0].check_ids.clear();
    EXPECT_EQ(weights(desired_table(model_of({vs}), {}, {})), (Strings{"172.16.1.20:80=1"}));
}

TEST(DesiredTable, DrainedStaysAtWeightZero) {
    RuntimeState state;
    state.drained.insert(drain_key("web", "172.16.1.21:80"));
    EXPECT_EQ(weights(desired_table(model_of({web()}), state, {})),
              (Strings{"172.16.1.20:80=1", "172.16.1.21:80=0", "172.16.1.22:80=1"}));
    // A drain of another virtual server's real server changes nothing here.
    RuntimeState other;
    other.drained.insert(drain_key("mail", "172.16.1.21:80"));
    EXPECT_EQ(weights(desired_table(model_of({web()}), other, {})).at(1), "172.16.1.21:80=1");
}

TEST(DesiredTable, OperatorWeightReplacesTheConfiguredOne) {
    RuntimeState state;
    state.weights[drain_key("web", "172.16.1.20:80")] = 5;
    EXPECT_EQ(weights(desired_table(model_of({web()}), state, {})),
              (Strings{"172.16.1.20:80=5", "172.16.1.21:80=1", "172.16.1.22:80=1"}));
    // A drain wins over a weight; health still decides whether it is in at all.
    state.drained.insert(drain_key("web", "172.16.1.20:80"));
    state.health["c2"] = Health::down;
    EXPECT_EQ(weights(desired_table(model_of({web()}), state, {})),
              (Strings{"172.16.1.20:80=0", "172.16.1.22:80=1"}));
}

TEST(DesiredTable, OperatorWeightCountsTowardsQuorum) {
    VirtualServer vs = web();
    vs.quorum = 7;
    RuntimeState state;
    state.weights[drain_key("web", "172.16.1.20:80")] = 5;
    const Desired d = desired_table(model_of({vs}), state, {});
    EXPECT_EQ(d.healthy_weight.at("web"), 7u);
    EXPECT_TRUE(d.quorum_up.at("web"));
}

TEST(DesiredTable, DrainedDoesNotCountTowardsQuorum) {
    VirtualServer vs = web();
    vs.quorum = 3;
    vs.sorry_server = real("sorry", "172.16.2.1", 8080);
    RuntimeState state;
    state.drained.insert(drain_key("web", "172.16.1.20:80"));
    const Desired d = desired_table(model_of({vs}), state, {});
    EXPECT_FALSE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.2.1:8080=1"}));
}

TEST(DesiredTable, QuorumLostBringsTheSorryServerAlone) {
    VirtualServer vs = web();
    vs.quorum = 2;
    vs.sorry_server = real("sorry", "172.16.2.1", 8080);
    RuntimeState state;
    state.health = {{"c1", Health::down}, {"c2", Health::down}};
    const Desired d = desired_table(model_of({vs}), state, {});
    EXPECT_FALSE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.2.1:8080=1"}));
}

TEST(DesiredTable, QuorumLostWithoutSorryServerKeepsTheHealthyOnes) {
    VirtualServer vs = web();
    vs.quorum = 2;
    RuntimeState state;
    state.health = {{"c1", Health::down}, {"c2", Health::down}};
    const Desired d = desired_table(model_of({vs}), state, {});
    EXPECT_FALSE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.1.22:80=1"}));
}

TEST(DesiredTable, HysteresisHoldsTheQuorumState) {
    VirtualServer vs = web();
    vs.quorum = 2;
    vs.hysteresis = 1;
    vs.sorry_server = real("sorry", "172.16.2.1", 8080);
    RuntimeState state;
    // Weight 1 with the quorum up: 1 >= 2 - 1, still up.
    state.health = {{"c1", Health::down}, {"c2", Health::down}};
    Desired d = desired_table(model_of({vs}), state, {});
    EXPECT_TRUE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.1.22:80=1"}));
    // All down: lost.
    state.health["c3"] = Health::down;
    state.quorum_up = d.quorum_up;
    d = desired_table(model_of({vs}), state, {});
    EXPECT_FALSE(d.quorum_up.at("web"));
    // Two back: 2 < 2 + 1, still lost, the sorry server stays.
    state.quorum_up = d.quorum_up;
    state.health = {{"c1", Health::up}, {"c2", Health::up}, {"c3", Health::down}};
    d = desired_table(model_of({vs}), state, {});
    EXPECT_FALSE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.2.1:8080=1"}));
    // All three: regained, the real servers are back and the sorry server gone.
    state.quorum_up = d.quorum_up;
    state.health["c3"] = Health::up;
    d = desired_table(model_of({vs}), state, {});
    EXPECT_TRUE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.1.20:80=1", "172.16.1.21:80=1", "172.16.1.22:80=1"}));
}

TEST(DesiredTable, GroupGivesOneServicePerMember) {
    VirtualServer vs = web();
    vs.addresses = {{"172.16.0.100", 80, 0}, {"172.16.0.101", 80, 0}, {"", 0, 7}};
    const Desired d = desired_table(model_of({vs}), {}, {});
    ASSERT_EQ(d.table.services.size(), 3u);
    EXPECT_EQ(d.table.services[1].key, "tcp:172.16.0.101:80");
    EXPECT_EQ(d.table.services[2].key, "fwmark:7");
    EXPECT_EQ(d.table.services[2].fwmark, 7u);
    EXPECT_EQ(weights(d, 2), weights(d, 0));
}

TEST(DesiredTable, SuspendedKeepsWhatItRanAndIgnoresHealth) {
    const Model model = model_of({web()});
    const Desired before = desired_table(model, {}, {});
    RuntimeState state;
    state.suspended.insert("web");
    state.health = {{"c1", Health::down}};
    const Desired during = desired_table(model, state, before.table);
    EXPECT_EQ(weights(during), weights(before));
    // Resumed: health applies again.
    state.suspended.clear();
    EXPECT_EQ(weights(desired_table(model, state, during.table)),
              (Strings{"172.16.1.21:80=1", "172.16.1.22:80=1"}));
}

TEST(DesiredTable, SuspendedStillTakesNewSettings) {
    VirtualServer vs = web();
    const Desired before = desired_table(model_of({vs}), {}, {});
    vs.scheduler = "wlc";
    RuntimeState state;
    state.suspended.insert("web");
    const Desired d = desired_table(model_of({vs}), state, before.table);
    EXPECT_EQ(d.table.services[0].scheduler, "wlc");
}

TEST(DesiredTable, SuspendedNewVirtualServerStartsFromConfiguration) {
    VirtualServer vs = web();
    vs.alpha = true;
    RuntimeState state;
    state.suspended.insert("web");
    state.health = {{"c1", Health::up}};  // ignored: suspended, health unknown
    const Desired d = desired_table(model_of({vs}), state, {});
    ASSERT_EQ(d.table.services.size(), 1u);
    EXPECT_TRUE(d.table.services[0].destinations.empty());
}

TEST(DesiredTable, SuspendedKeepsItsQuorumState) {
    VirtualServer vs = web();
    RuntimeState state;
    state.suspended.insert("web");
    state.quorum_up["web"] = false;
    EXPECT_FALSE(desired_table(model_of({vs}), state, {}).quorum_up.at("web"));
}

TEST(DesiredTable, EmptyModelEmptyTable) {
    EXPECT_TRUE(desired_table({}, {}, {}).table.services.empty());
}

// keepalived.conf(5) sorry_server_inhibit ("applies inhibit_on_failure behaviour to the
// sorry_server"): with quorum it stays in the table at weight 0 instead of leaving, and
// takes its weight back when the quorum is lost.
TEST(DesiredTable, InhibitedSorryServerWaitsAtWeightZero) {
    VirtualServer vs = web();
    vs.quorum = 2;
    vs.sorry_server = real("sorry", "172.16.2.1", 8080);
    vs.sorry_server->inhibit_on_failure = true;
    RuntimeState state;
    Desired d = desired_table(model_of({vs}), state, {});
    EXPECT_TRUE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.1.20:80=1", "172.16.1.21:80=1", "172.16.1.22:80=1",
                                   "172.16.2.1:8080=0"}));
    state.quorum_up = d.quorum_up;
    state.health = {{"c1", Health::down}, {"c2", Health::down}};
    d = desired_table(model_of({vs}), state, {});
    EXPECT_FALSE(d.quorum_up.at("web"));
    EXPECT_EQ(weights(d), (Strings{"172.16.2.1:8080=1"}));
    // Without sorry_server_inhibit it leaves once the quorum is back (the test above).
    vs.sorry_server->inhibit_on_failure = false;
    state.quorum_up = d.quorum_up;
    state.health.clear();
    d = desired_table(model_of({vs}), state, {});
    EXPECT_EQ(weights(d), (Strings{"172.16.1.20:80=1", "172.16.1.21:80=1", "172.16.1.22:80=1"}));
}

// A sorry server at a real server's address stays that real server's one entry (a service
// cannot hold one destination twice).
TEST(DesiredTable, InhibitedSorryServerAtARealServersAddressIsThatRealServer) {
    VirtualServer vs = web();
    vs.sorry_server = real("sorry", "172.16.1.22", 80);
    vs.sorry_server->inhibit_on_failure = true;
    const Desired d = desired_table(model_of({vs}), {}, {});
    EXPECT_EQ(weights(d), (Strings{"172.16.1.20:80=1", "172.16.1.21:80=1", "172.16.1.22:80=1"}));
}
