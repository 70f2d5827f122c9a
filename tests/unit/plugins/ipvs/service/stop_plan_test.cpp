// What a stop does, for every combination of keep_on_stop (keepalived(8) --dont-release-ipvs)
// and omega (keepalived.conf(5)), with quorum up or lost.
#include "routerd/ipvs/service/stop_plan.h"

#include <gtest/gtest.h>

#include "model_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

namespace {

using Strings = std::vector<std::string>;

// "web" with notifiers: rs1..rs3 run "down rsN", the virtual server "quorum down".
VirtualServer notifying_web(bool omega) {
    VirtualServer vs = web();
    vs.omega = omega;
    vs.quorum_down = "quorum down";
    for (RealServer& rs : vs.real_servers)
        rs.notify_down = "down " + rs.name;
    return vs;
}

// "api" on tcp:172.16.0.200:443 with one real server, never omega.
VirtualServer api() {
    VirtualServer vs;
    vs.name = "api";
    vs.addresses = {{"172.16.0.200", 443, 0}};
    vs.real_servers = {real("a1", "172.16.2.1", 443)};
    vs.real_servers[0].notify_down = "down a1";
    vs.quorum_down = "api quorum down";
    return vs;
}

// The plan for a stop after `state` was applied (quorum as the desired table has it).
StopPlan stop_after(const Model& model, RuntimeState state) {
    const Desired running = desired_table(model, state, {});
    state.quorum_up = running.quorum_up;
    return stop_plan(model, state, running.table);
}

Strings addresses(const StopPlan& plan) {
    Strings out;
    for (const Transition& t : plan.transitions)
        out.push_back(t.address);
    return out;
}

}  // namespace

TEST(StopPlan, DefaultRemovesEverythingAndRunsNoNotifier) {
    Model model = model_of({notifying_web(false), api()});
    const StopPlan plan = stop_after(model, {});
    ASSERT_TRUE(plan.table);
    EXPECT_TRUE(plan.table->services.empty());
    EXPECT_TRUE(plan.transitions.empty());
    EXPECT_TRUE(plan.scripts.empty());
}

TEST(StopPlan, KeepOnStopLeavesTheTableAndRunsNoNotifier) {
    for (bool omega : {false, true}) {
        Model model = model_of({notifying_web(omega), api()});
        model.keep_on_stop = true;
        const StopPlan plan = stop_after(model, {});
        EXPECT_FALSE(plan.table) << "omega " << omega;
        EXPECT_TRUE(plan.transitions.empty()) << "omega " << omega;
        EXPECT_TRUE(plan.scripts.empty()) << "omega " << omega;
    }
}

TEST(StopPlan, OmegaRunsNotifyDownOfWhatWasInThenQuorumDown) {
    Model model = model_of({notifying_web(true), api()});
    RuntimeState state;
    state.health["c2"] = Health::down;  // out already: nothing to notify
    const StopPlan plan = stop_after(model, state);
    ASSERT_TRUE(plan.table);
    EXPECT_TRUE(plan.table->services.empty());
    EXPECT_EQ(addresses(plan), (Strings{"172.16.1.20:80", "172.16.1.22:80"}));
    for (const Transition& t : plan.transitions) {
        EXPECT_EQ(t.virtual_server, "web");
        EXPECT_EQ(t.service_key, "tcp:172.16.0.100:80");
        EXPECT_TRUE(t.was_in);
        EXPECT_FALSE(t.now_in);
        EXPECT_EQ(t.weight, 0u);
        EXPECT_EQ(t.reason, "stopping");
    }
    // api (no omega) leaves silently.
    EXPECT_EQ(plan.scripts, (Strings{"down rs1", "down rs3", "quorum down"}));
    EXPECT_EQ(plan.fifo_lines, (Strings{"RS [172.16.1.20]:tcp:80 [172.16.0.100]:tcp:80 DOWN\n",
                                        "RS [172.16.1.22]:tcp:80 [172.16.0.100]:tcp:80 DOWN\n",
                                        "VS [172.16.0.100]:tcp:80 DOWN\n"}));
}

TEST(StopPlan, OmegaWithoutQuorumRunsNoQuorumDown) {
    VirtualServer vs = notifying_web(true);
    vs.quorum = 3;
    RuntimeState state;
    state.health["c1"] = Health::down;
    const StopPlan plan = stop_after(model_of({vs}), state);
    EXPECT_EQ(addresses(plan), (Strings{"172.16.1.21:80", "172.16.1.22:80"}));
    EXPECT_EQ(plan.scripts, (Strings{"down rs2", "down rs3"}));
    EXPECT_EQ(plan.fifo_lines.size(), 2u);  // no VS line: its quorum was down already
}

TEST(StopPlan, OmegaSorryServerLeavesWithoutAScript) {
    VirtualServer vs = notifying_web(true);
    vs.sorry_server = real("sorry", "172.16.9.9", 80);
    vs.sorry_server->notify_down = "never";
    RuntimeState state;
    for (const char* check : {"c1", "c2", "c3"})
        state.health[check] = Health::down;
    const StopPlan plan = stop_after(model_of({vs}), state);
    ASSERT_EQ(plan.transitions.size(), 1u);
    EXPECT_TRUE(plan.transitions[0].sorry_server);
    EXPECT_EQ(plan.transitions[0].reason, "stopping");
    EXPECT_TRUE(plan.scripts.empty());
    EXPECT_TRUE(plan.fifo_lines.empty());
}

TEST(StopPlan, OmegaDrainedIsNotIn) {
    RuntimeState state;
    state.drained.insert(drain_key("web", "172.16.1.20:80"));
    const StopPlan plan = stop_after(model_of({notifying_web(true)}), state);
    EXPECT_EQ(plan.scripts, (Strings{"down rs2", "down rs3", "quorum down"}));
}

TEST(StopPlan, OmegaGroupNotifiesEachRealServerOnce) {
    VirtualServer vs = notifying_web(true);
    vs.addresses.push_back({"172.16.0.101", 80, 0});
    const StopPlan plan = stop_after(model_of({vs}), {});
    EXPECT_EQ(plan.transitions.size(), 6u);  // per address: the events name the service
    EXPECT_EQ(plan.scripts, (Strings{"down rs1", "down rs2", "down rs3", "quorum down"}));
}
