// The scheduler plugins as routerd runs them: each sched_<name>.so loaded by the real host,
// created with Keepalived's flags and options through the C ABI, and compared pick for pick
// with its core, so the mapping of routerd_backend_t / routerd_flow_t loses nothing.
#include <gtest/gtest.h>

#include <routerd/plugin.h>

#include <string>
#include <vector>

#include "config/document.hpp"
#include "host_fixture.hpp"
#include "routerd/ipvs/sched/plugin_adapter.h"
#include "routerd/ipvs/sched/registry.h"
#include "support.h"

namespace routerd::ipvs {
namespace {

using routerd::ConfigDocument;

std::filesystem::path scheduler_file(std::string_view name) {
    return std::filesystem::path(SCHEDULER_PLUGIN_DIR) / ("sched_" + std::string(name) + ".so");
}

// A set of backends both as the core sees them and as a forwarder passes them to a plugin.
struct BackendSet {
    std::vector<Backend> core;
    std::vector<routerd_backend_t> abi;

    explicit BackendSet(const std::vector<uint32_t>& weights)
        : core(test::backends_with_weights(weights)) {
        for (const Backend& b : core) {
            routerd_backend_t raw{};
            raw.size = sizeof raw;
            raw.key = sdk::to_c(b.key);
            raw.weight = b.weight;
            abi.push_back(raw);
        }
    }
    void open_connection(std::size_t i) {
        ++core[i].active_connections;
        ++abi[i].active_connections;
    }
};

routerd_flow_t abi_flow(const Flow& flow) {
    routerd_flow_t raw{};
    raw.size = sizeof raw;
    raw.family = flow.family == Family::ipv4 ? 4 : 6;
    raw.protocol = flow.protocol;
    std::copy(flow.source_address.begin(), flow.source_address.end(), raw.source_address);
    std::copy(flow.destination_address.begin(), flow.destination_address.end(),
              raw.destination_address);
    raw.source_port = flow.source_port;
    raw.destination_port = flow.destination_port;
    return raw;
}

// Flow i: varied source address and port, and destination (for dh).
Flow flow_number(uint32_t i) {
    Flow f = test::flow_from(0x0a000000 + i * 7919, static_cast<uint16_t>(1024 + i * 31));
    f.destination_address = test::ipv4(0xc0000200 + i % 13);
    return f;
}

class SchedulerPluginTest : public routerd::test::HostFixture {
  protected:
    // Loads sched_<name>.so and returns its table (self in self_).
    const routerd_scheduler_api_t* load(std::string_view name) {
        plugin_ = registry.load_file(scheduler_file(name));
        if (plugin_ == nullptr) {
            ADD_FAILURE() << registry.refusals().back().to_string();
            return nullptr;
        }
        self_ = plugin_->self();
        return static_cast<const routerd_scheduler_api_t*>(plugin_->table());
    }
    // Creates an instance, nullptr on refusal (the reason in error_).
    routerd_scheduler_t* create(const routerd_scheduler_api_t* api, std::string_view flags,
                                const routerd_config_node_t* options = nullptr) {
        routerd_scheduler_t* instance = nullptr;
        if (api->routerd_on_scheduler_create(self_, sdk::to_c(flags), options, &instance) !=
            ROUTERD_OK) {
            error_ = plugin_->take_error();
            return nullptr;
        }
        instances_.emplace_back(api, instance);
        return instance;
    }
    void TearDown() override {
        for (auto [api, instance] : instances_) {
            api->routerd_on_scheduler_destroy(self_, instance);
        }
    }

    routerd::PluginHost* plugin_ = nullptr;
    void* self_ = nullptr;
    std::string error_;
    std::vector<std::pair<const routerd_scheduler_api_t*, routerd_scheduler_t*>> instances_;
};

class EveryScheduler : public SchedulerPluginTest,
                       public ::testing::WithParamInterface<std::string_view> {};

TEST_P(EveryScheduler, LoadsUnderItsIpvsName) {
    ASSERT_NE(load(GetParam()), nullptr);
    EXPECT_EQ(plugin_->name(), GetParam());
    EXPECT_EQ(plugin_->kind(), ROUTERD_KIND_SCHEDULER);
    EXPECT_EQ(plugin_->version(), kSchedulerPluginVersion);
}

TEST_P(EveryScheduler, RefusesAnUnknownFlagByName) {
    const auto* api = load(GetParam());
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(create(api, "sh-port,turbo"), nullptr);
    EXPECT_EQ(error_, GetParam() == "sh" ? "unknown scheduler flag 'turbo'"
                                         : "scheduler flag 'sh-port' needs scheduler 'sh', not '" +
                                               std::string(GetParam()) + "'");
}

TEST_P(EveryScheduler, TakesOnePacketSchedulingAndTheGenericFlags) {
    const auto* api = load(GetParam());
    ASSERT_NE(api, nullptr);
    EXPECT_NE(create(api, "ops flag-1,flag-2"), nullptr) << error_;
}

TEST_P(EveryScheduler, PicksNoneWithoutAnAvailableServer) {
    const auto* api = load(GetParam());
    ASSERT_NE(api, nullptr);
    routerd_scheduler_t* s = create(api, "");
    ASSERT_NE(s, nullptr);
    const routerd_flow_t flow = abi_flow(flow_number(1));
    ASSERT_EQ(api->routerd_on_scheduler_update(self_, s, nullptr, 0), ROUTERD_OK);
    EXPECT_EQ(api->routerd_on_scheduler_pick(self_, s, nullptr, 0, &flow), -1);
    BackendSet drained({0, 0});
    ASSERT_EQ(api->routerd_on_scheduler_update(self_, s, drained.abi.data(), 2), ROUTERD_OK);
    EXPECT_EQ(api->routerd_on_scheduler_pick(self_, s, drained.abi.data(), 2, &flow), -1);
}

TEST_P(EveryScheduler, RefusesAFlowOfNoAddressFamily) {
    const auto* api = load(GetParam());
    ASSERT_NE(api, nullptr);
    routerd_scheduler_t* s = create(api, "");
    ASSERT_NE(s, nullptr);
    BackendSet set({1, 1});
    api->routerd_on_scheduler_update(self_, s, set.abi.data(), 2);
    routerd_flow_t flow = abi_flow(flow_number(1));
    flow.family = 5;
    EXPECT_EQ(api->routerd_on_scheduler_pick(self_, s, set.abi.data(), 2, &flow), -1);
}

TEST_P(EveryScheduler, ASetOfAnotherSizeIsTakenAsAnUpdate) {
    const auto* api = load(GetParam());
    ASSERT_NE(api, nullptr);
    routerd_scheduler_t* s = create(api, "");
    ASSERT_NE(s, nullptr);
    BackendSet small({1});
    BackendSet large({1, 1, 1, 1, 1});
    api->routerd_on_scheduler_update(self_, s, small.abi.data(), 1);
    for (uint32_t i = 0; i < 50; ++i) {
        const routerd_flow_t flow = abi_flow(flow_number(i));
        const int64_t picked = api->routerd_on_scheduler_pick(self_, s, large.abi.data(), 5, &flow);
        EXPECT_GE(picked, 0);
        EXPECT_LT(picked, 5);
    }
}

INSTANTIATE_TEST_SUITE_P(Plugins, EveryScheduler, ::testing::ValuesIn(scheduler_names()),
                         [](const auto& info) { return std::string(info.param); });

// Every deterministic scheduler, with the flags that change how it reads a flow.
struct SameAsCore {
    std::string_view name;
    std::string_view flags;
};

class DeterministicScheduler : public SchedulerPluginTest,
                               public ::testing::WithParamInterface<SameAsCore> {};

TEST_P(DeterministicScheduler, PicksExactlyAsItsCore) {
    const auto [name, flags] = GetParam();
    const auto* api = load(name);
    ASSERT_NE(api, nullptr);
    routerd_scheduler_t* plugin = create(api, flags);
    ASSERT_NE(plugin, nullptr) << error_;
    SchedulerOptions options;
    options.flags = *parse_scheduler_flags(name, flags).flags;
    auto core = make_scheduler(name, options);

    BackendSet set({3, 1, 2, 0, 4});
    set.abi[4].overloaded = set.core[4].overloaded = true;
    core->update(set.core);
    api->routerd_on_scheduler_update(self_, plugin, set.abi.data(), set.abi.size());
    for (uint32_t i = 0; i < 600; ++i) {
        const Flow flow = flow_number(i);
        const routerd_flow_t raw = abi_flow(flow);
        const auto expected = core->pick(set.core, flow);
        const int64_t picked =
            api->routerd_on_scheduler_pick(self_, plugin, set.abi.data(), set.abi.size(), &raw);
        ASSERT_EQ(picked, expected ? static_cast<int64_t>(*expected) : -1) << "flow " << i;
        if (expected && i % 3 != 0) {
            set.open_connection(*expected);  // the load-based ones must see the counters move
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Plugins, DeterministicScheduler,
                         ::testing::Values(SameAsCore{"rr", ""}, SameAsCore{"wrr", ""},
                                           SameAsCore{"lc", ""}, SameAsCore{"wlc", ""},
                                           SameAsCore{"sh", ""},
                                           SameAsCore{"sh", "sh-port,sh-fallback"},
                                           SameAsCore{"dh", ""}, SameAsCore{"mh", ""},
                                           SameAsCore{"mh", "mh-port mh-fallback"},
                                           SameAsCore{"sed", ""}, SameAsCore{"nq", ""},
                                           SameAsCore{"fo", ""}, SameAsCore{"ovf", ""}),
                         [](const auto& info) {
                             std::string name(info.param.name);
                             return info.param.flags.empty() ? name : name + "_with_flags";
                         });

TEST_F(SchedulerPluginTest, TwosOnlyPicksAvailableServers) {
    const auto* api = load("twos");
    ASSERT_NE(api, nullptr);
    routerd_scheduler_t* s = create(api, "");
    ASSERT_NE(s, nullptr);
    BackendSet set({0, 1, 1, 2});
    set.abi[2].overloaded = true;
    api->routerd_on_scheduler_update(self_, s, set.abi.data(), 4);
    std::vector<int> picks(4, 0);
    for (uint32_t i = 0; i < 300; ++i) {
        const routerd_flow_t flow = abi_flow(flow_number(i));
        const int64_t picked = api->routerd_on_scheduler_pick(self_, s, set.abi.data(), 4, &flow);
        ASSERT_TRUE(picked == 1 || picked == 3) << picked;
        ++picks[static_cast<std::size_t>(picked)];
    }
    EXPECT_GT(picks[1], 0);
    EXPECT_GT(picks[3], 0);
}

class MaglevOptions : public SchedulerPluginTest {
  protected:
    // Creates mh with [options] from `toml`; returns whether it was created.
    bool create_with(const std::string& toml) {
        doc_ = ConfigDocument::parse(toml, "routerd.toml");
        const auto* api = load("mh");
        return api != nullptr &&
               create(api, "", doc_->get(doc_->root(), "options").as_c()) != nullptr;
    }
    std::string diagnostics() { return doc_->diagnostics().to_string(); }

    std::unique_ptr<ConfigDocument> doc_;
};

TEST_F(MaglevOptions, TakesAPrimeTableSize) {
    EXPECT_TRUE(create_with("[options]\ntable_size = 251\n")) << error_;
    EXPECT_EQ(diagnostics(), "");
}

TEST_F(MaglevOptions, DefaultsWithoutOptions) {
    EXPECT_TRUE(create_with("")) << error_;
}

TEST_F(MaglevOptions, RefusesANonPrimeAtItsPlace) {
    EXPECT_FALSE(create_with("[options]\ntable_size = 250\n"));
    EXPECT_NE(diagnostics().find("routerd.toml:2:14: options.table_size: Maglev table size 250 "
                                 "is not a prime below 2^31"),
              std::string::npos)
        << diagnostics();
    EXPECT_EQ(error_, "scheduler 'mh': invalid options");
}

TEST_F(MaglevOptions, RefusesATableTooLarge) {
    EXPECT_FALSE(create_with("[options]\ntable_size = 2097143\n"));
    EXPECT_NE(diagnostics().find("options.table_size: 2097143 is out of range 2..1048576"),
              std::string::npos)
        << diagnostics();
}

TEST_F(MaglevOptions, RefusesATableSizeOfTheWrongType) {
    EXPECT_FALSE(create_with("[options]\ntable_size = \"big\"\n"));
    EXPECT_NE(diagnostics().find("options.table_size: expected an integer, found a string"),
              std::string::npos)
        << diagnostics();
}

TEST(FlowMapping, KeepsAddressesPortsAndFamily) {
    routerd_flow_t raw{};
    raw.size = sizeof raw;
    raw.family = 6;
    raw.protocol = 17;
    raw.source_address[0] = 0x20;
    raw.source_address[15] = 0x01;
    raw.destination_address[1] = 0x0d;
    raw.source_port = 40000;
    raw.destination_port = 53;
    const std::optional<Flow> flow = flow_from_abi(raw);
    ASSERT_TRUE(flow);
    EXPECT_EQ(flow->family, Family::ipv6);
    EXPECT_EQ(flow->protocol, 17);
    EXPECT_EQ(flow->source_address[0], 0x20);
    EXPECT_EQ(flow->source_address[15], 0x01);
    EXPECT_EQ(flow->destination_address[1], 0x0d);
    EXPECT_EQ(flow->source_port, 40000);
    EXPECT_EQ(flow->destination_port, 53);
    raw.family = 0;
    EXPECT_FALSE(flow_from_abi(raw));
}

TEST(BackendMapping, KeepsEveryField) {
    const std::string key = "192.0.2.1:80";
    routerd_backend_t raw{sizeof(routerd_backend_t), sdk::to_c(key), 7, 3, 9, true};
    const Backend b = backend_from_abi(raw);
    EXPECT_EQ(b.key, key);
    EXPECT_EQ(b.weight, 7u);
    EXPECT_EQ(b.active_connections, 3u);
    EXPECT_EQ(b.inactive_connections, 9u);
    EXPECT_TRUE(b.overloaded);
}

}  // namespace
}  // namespace routerd::ipvs
