#include "routerd/ipvs/service/transitions.h"

#include <gtest/gtest.h>

#include "model_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

namespace {

std::vector<Transition> between(const Model& model, const RuntimeState& before,
                                const RuntimeState& after,
                                const std::map<std::string, std::string>& reasons = {}) {
    const Desired a = desired_table(model, before, {});
    RuntimeState next = after;
    next.quorum_up = a.quorum_up;
    const Desired b = desired_table(model, next, a.table);
    next.quorum_up = b.quorum_up;
    return transitions(reconcile(a.table, b.table), model, next, reasons);
}

}  // namespace

TEST(Transitions, CheckDownTakesItOutWithTheCheckReason) {
    RuntimeState down;
    down.health["c2"] = Health::down;
    const auto t = between(model_of({web()}), {}, down, {{"c2", "connection refused"}});
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].service_key, "tcp:172.16.0.100:80");
    EXPECT_EQ(t[0].address, "172.16.1.21:80");
    EXPECT_EQ(t[0].virtual_server, "web");
    EXPECT_TRUE(t[0].was_in);
    EXPECT_FALSE(t[0].now_in);
    EXPECT_EQ(t[0].weight, 0u);
    EXPECT_EQ(t[0].reason, "check down: connection refused");
}

TEST(Transitions, WithSeveralChecksTheReasonNamesTheFailingOne) {
    Model model = model_of({web()});
    model.virtual_servers[0].real_servers[1].check_ids = {"c2", "c2b"};
    RuntimeState down;
    down.health = {{"c2", Health::up}, {"c2b", Health::down}};
    const auto t = between(model, {}, down, {{"c2b", "HTTP status 500"}});
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].address, "172.16.1.21:80");
    EXPECT_EQ(t[0].reason, "check down (c2b): HTTP status 500");
}

TEST(Transitions, CheckUpBringsItBack) {
    RuntimeState down;
    down.health["c2"] = Health::down;
    RuntimeState up;
    up.health["c2"] = Health::up;
    const auto t = between(model_of({web()}), down, up);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_TRUE(t[0].now_in);
    EXPECT_EQ(t[0].weight, 1u);
    EXPECT_EQ(t[0].reason, "check up");
}

TEST(Transitions, InhibitedIsOutAtWeightZero) {
    VirtualServer vs = web();
    vs.real_servers[0].inhibit_on_failure = true;
    RuntimeState down;
    down.health["c1"] = Health::down;
    const auto t = between(model_of({vs}), {}, down);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_FALSE(t[0].now_in);
    EXPECT_EQ(t[0].reason, "check down, inhibited (weight 0)");
}

TEST(Transitions, DrainIsOut) {
    RuntimeState drained;
    drained.drained.insert(drain_key("web", "172.16.1.20:80"));
    const auto t = between(model_of({web()}), {}, drained);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].reason, "drained");
}

TEST(Transitions, WeightChangeIsNoTransition) {
    VirtualServer heavier = web();
    heavier.real_servers[0].weight = 5;
    const Desired a = desired_table(model_of({web()}), {}, {});
    const Desired b = desired_table(model_of({heavier}), {}, a.table);
    EXPECT_TRUE(transitions(reconcile(a.table, b.table), model_of({heavier}), {}, {}).empty());
}

TEST(Transitions, QuorumLostSorryServerIn) {
    VirtualServer vs = web();
    vs.quorum = 3;
    vs.sorry_server = real("sorry_server", "172.16.2.1", 8080);
    RuntimeState down;
    down.health["c1"] = Health::down;
    const auto t = between(model_of({vs}), {}, down);
    // Every real server leaves (the failed one and the two healthy ones), the sorry server
    // comes in.
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t[0].reason, "quorum lost: sorry server in");
    EXPECT_FALSE(t[0].now_in);
    EXPECT_EQ(t[3].address, "172.16.2.1:8080");
    EXPECT_TRUE(t[3].sorry_server);
    EXPECT_TRUE(t[3].now_in);
    EXPECT_EQ(t[3].reason, "quorum lost: sorry server in");
}

TEST(Transitions, ConfigurationRemovalsSayso) {
    const Model model = model_of({web()});
    const Desired a = desired_table(model, {}, {});
    VirtualServer smaller = web();
    smaller.real_servers.pop_back();
    const Model after = model_of({smaller});
    const Desired b = desired_table(after, {}, a.table);
    auto t = transitions(reconcile(a.table, b.table), after, {}, {});
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].reason, "real server removed from the configuration");
    t = transitions(reconcile(a.table, {}), Model{}, {}, {});
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].reason, "virtual server removed from the configuration");
    EXPECT_EQ(t[0].virtual_server, "");
}

TEST(Transitions, NotifyScriptsOncePerRealServerAndDirection) {
    VirtualServer vs = web();
    vs.addresses = {{"172.16.0.100", 80, 0}, {"172.16.0.101", 80, 0}};
    vs.real_servers[0].notify_down = "/bin/rs1-down";
    vs.real_servers[0].notify_up = "/bin/rs1-up";
    vs.real_servers[1].notify_down = "/bin/rs2-down";
    RuntimeState down;
    down.health = {{"c1", Health::down}, {"c2", Health::down}, {"c3", Health::down}};
    const Model model = model_of({vs});
    const auto t = between(model, {}, down);
    EXPECT_EQ(t.size(), 6u);  // three real servers on two services
    const std::vector<RealServerNotice> notices = real_server_notices(t, model);
    ASSERT_EQ(notices.size(), 3u);  // each real server once, scripts or not
    EXPECT_EQ(notices[2].real_server->name, "rs3");
    EXPECT_FALSE(notices[2].up);
    EXPECT_EQ(notify_scripts(notices),
              (std::vector<std::string>{"/bin/rs1-down", "/bin/rs2-down"}));
    const auto back = real_server_notices(between(model, down, {}), model);
    ASSERT_EQ(back.size(), 3u);
    EXPECT_TRUE(back[0].up);
    EXPECT_EQ(notify_scripts(back), (std::vector<std::string>{"/bin/rs1-up"}));
}
