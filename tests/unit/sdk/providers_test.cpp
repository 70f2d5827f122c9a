// Forwarders and schedulers found through Host::find: the typed calls reach the other
// plugin's table with its object, and refusals come back as nullopt / nullptr / exceptions.
#include <routerd/sdk/providers.hpp>

#include <gtest/gtest.h>

#include <string>

#include "fake_host.hpp"

namespace routerd::sdk {
namespace {

// A forwarder's table over this object (its `self`).
struct FakeForwarder {
    routerd_status_t status = ROUTERD_OK;
    std::string applied;
    std::string holds = R"({"services":[]})";

    routerd_forwarder_api_t table() const {
        routerd_forwarder_api_t t{};
        t.size = sizeof t;
        t.routerd_on_forwarder_apply = [](void* self, routerd_str_t desired) {
            auto& f = *static_cast<FakeForwarder*>(self);
            if (f.status == ROUTERD_OK) f.applied = std::string(from_c(desired));
            return f.status;
        };
        t.routerd_on_forwarder_read = [](void* self, routerd_text_fn fn, void* user) {
            auto& f = *static_cast<FakeForwarder*>(self);
            if (f.status == ROUTERD_OK) fn(user, to_c(f.holds));
            return f.status;
        };
        return t;
    }
};

// A scheduler's table: instances are ints in this object, picks answer `pick`.
struct FakeScheduler {
    routerd_status_t status = ROUTERD_OK;
    std::string flags;
    int instance = 0;
    bool destroyed = false;
    size_t updated_with = 0;
    int64_t pick = 1;

    routerd_scheduler_api_t table() const {
        routerd_scheduler_api_t t{};
        t.size = sizeof t;
        t.routerd_on_scheduler_create = [](void* self, routerd_str_t flags,
                                           const routerd_config_node_t* options,
                                           routerd_scheduler_t** out) {
            auto& s = *static_cast<FakeScheduler*>(self);
            s.flags = std::string(from_c(flags));
            EXPECT_EQ(options, nullptr);
            if (s.status == ROUTERD_OK) *out = reinterpret_cast<routerd_scheduler_t*>(&s.instance);
            return s.status;
        };
        t.routerd_on_scheduler_update = [](void* self, routerd_scheduler_t* instance,
                                           const routerd_backend_t*, size_t n) {
            auto& s = *static_cast<FakeScheduler*>(self);
            EXPECT_EQ(instance, reinterpret_cast<routerd_scheduler_t*>(&s.instance));
            s.updated_with = n;
            return s.status;
        };
        t.routerd_on_scheduler_pick = [](void* self, routerd_scheduler_t*, const routerd_backend_t*,
                                         size_t, const routerd_flow_t*) -> int64_t {
            return static_cast<FakeScheduler*>(self)->pick;
        };
        t.routerd_on_scheduler_destroy = [](void* self, routerd_scheduler_t* instance) {
            auto& s = *static_cast<FakeScheduler*>(self);
            EXPECT_EQ(instance, reinterpret_cast<routerd_scheduler_t*>(&s.instance));
            s.destroyed = true;
        };
        return t;
    }
};

class ProvidersTest : public ::testing::Test {
  protected:
    test::FakeHost fake;
    const routerd_host_api_t api = fake.api();
    const Host host{fake.c_host(), &api};
    FakeForwarder forwarder;
    const routerd_forwarder_api_t forwarder_table = forwarder.table();
    FakeScheduler scheduler;
    const routerd_scheduler_api_t scheduler_table = scheduler.table();

    void SetUp() override {
        fake.plugins[{ROUTERD_KIND_FORWARDER, "userspace"}] = {&forwarder_table, &forwarder};
        fake.plugins[{ROUTERD_KIND_SCHEDULER, "wlc"}] = {&scheduler_table, &scheduler};
    }
};

TEST_F(ProvidersTest, ForwarderAppliesAndReads) {
    const auto found = host.find<Forwarder>("userspace");
    ASSERT_TRUE(found.has_value());
    EXPECT_TRUE(found->apply(R"({"services":[1]})"));
    EXPECT_EQ(forwarder.applied, R"({"services":[1]})");
    EXPECT_EQ(found->read(), R"({"services":[]})");
}

TEST_F(ProvidersTest, ForwarderRefusalsAreReported) {
    forwarder.status = ROUTERD_ERR_FAILED;
    const auto found = host.find<Forwarder>("userspace");
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(found->apply("{}"));
    EXPECT_EQ(found->read(), std::nullopt);
}

TEST_F(ProvidersTest, SchedulerInstanceLivesInThePluginUntilDestroyed) {
    const auto found = host.find<Scheduler>("wlc");
    ASSERT_TRUE(found.has_value());
    std::unique_ptr<Scheduler::Instance> instance = found->create("sh-port");
    ASSERT_NE(instance, nullptr);
    EXPECT_EQ(scheduler.flags, "sh-port");
    const routerd_backend_t backends[2] = {};
    instance->update(backends, 2);
    EXPECT_EQ(scheduler.updated_with, 2u);
    scheduler.pick = 1;
    EXPECT_EQ(instance->pick(backends, 2, routerd_flow_t{}), 1);
    EXPECT_FALSE(scheduler.destroyed);
    instance.reset();
    EXPECT_TRUE(scheduler.destroyed);
}

TEST_F(ProvidersTest, SchedulerRefusalsAreReported) {
    const auto found = host.find<Scheduler>("wlc");
    ASSERT_TRUE(found.has_value());
    auto instance = found->create("");
    ASSERT_NE(instance, nullptr);
    scheduler.status = ROUTERD_ERR_INVALID;
    const routerd_backend_t backend{};
    EXPECT_THROW(instance->update(&backend, 1), std::runtime_error);
    EXPECT_EQ(found->create("bogus"), nullptr);
}

}  // namespace
}  // namespace routerd::sdk
