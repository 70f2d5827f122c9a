#include "routerd/ipvs/service/operator_overrides.h"

#include <gtest/gtest.h>

#include "model_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;

namespace {

using Strings = std::vector<std::string>;

const std::string kRs1 = drain_key("web", "172.16.1.20:80");
const std::string kRs2 = drain_key("web", "172.16.1.21:80");
const std::string kRs3 = drain_key("web", "172.16.1.22:80");

RuntimeState overridden() {
    RuntimeState state;
    state.drained.insert(kRs1);
    state.weights[kRs2] = 4;
    state.weights[kRs3] = 2;
    state.drained.insert(kRs3);
    return state;
}

}  // namespace

TEST(OperatorOverrides, FindsTheRealServerOfAKey) {
    const Model model = model_of({web()});
    ASSERT_NE(find_real_server(model, kRs2), nullptr);
    EXPECT_EQ(find_real_server(model, kRs2)->name, "rs2");
    EXPECT_EQ(find_real_server(model, drain_key("mail", "172.16.1.21:80")), nullptr);
}

TEST(OperatorOverrides, AnUnchangedConfigurationKeepsThemAll) {
    EXPECT_TRUE(overrides_ended_by(model_of({web()}), model_of({web()}), overridden()).empty());
}

TEST(OperatorOverrides, AChangeToTheRealServerEndsItsOverrideOnly) {
    VirtualServer changed = web();
    changed.real_servers[1].weight = 3;  // rs2's configured weight
    EXPECT_EQ(overrides_ended_by(model_of({web()}), model_of({changed}), overridden()),
              Strings{kRs2});
    changed = web();
    changed.real_servers[2].notify_down = "/usr/local/bin/down";
    EXPECT_EQ(overrides_ended_by(model_of({web()}), model_of({changed}), overridden()),
              Strings{kRs3});
    changed = web();
    changed.scheduler = "wrr";  // the virtual server's, not a real server's
    EXPECT_TRUE(overrides_ended_by(model_of({web()}), model_of({changed}), overridden()).empty());
}

TEST(OperatorOverrides, ARemovedOrMovedRealServerEndsIt) {
    VirtualServer changed = web();
    changed.real_servers.erase(changed.real_servers.begin());  // rs1 gone
    changed.real_servers[0].port = 8080;                       // rs2 has a new key
    EXPECT_EQ(overrides_ended_by(model_of({web()}), model_of({changed}), overridden()),
              (Strings{kRs1, kRs2}));
}

TEST(OperatorOverrides, ClearDropsDrainAndWeight) {
    RuntimeState state = overridden();
    clear_override(state, kRs3);
    EXPECT_EQ(state.drained.count(kRs3), 0u);
    EXPECT_EQ(state.weights.count(kRs3), 0u);
    EXPECT_EQ(state.drained.count(kRs1), 1u);
}

TEST(OperatorOverrides, FingerprintCoversTheRealServersSettings) {
    const RealServer base = real("rs1", "172.16.1.20", 80, 1, "c1");
    RealServer other = base;
    EXPECT_EQ(configuration_fingerprint(base), configuration_fingerprint(other));
    for (auto change : std::vector<void (*)(RealServer&)>{
             [](RealServer& r) { r.weight = 2; }, [](RealServer& r) { r.method = Method::dr; },
             [](RealServer& r) { r.inhibit_on_failure = true; },
             [](RealServer& r) { r.uthreshold = 5; }, [](RealServer& r) { r.check_ids = {"c9"}; },
             [](RealServer& r) { r.notify_up = "x"; }, [](RealServer& r) { r.tun_port = 6080; }}) {
        other = base;
        change(other);
        EXPECT_NE(configuration_fingerprint(base), configuration_fingerprint(other));
    }
    // Fields are length-prefixed: moving text between two of them is a change.
    RealServer a = base, b = base;
    a.notify_up = "ab";
    b.notify_up = "a";
    b.notify_down = "b";
    EXPECT_NE(configuration_fingerprint(a), configuration_fingerprint(b));
}
