// Which bus events become alerts (plugin.h's field meanings), and the smtp_alert switches.
#include "event_alert.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace routerd::smtp {
namespace {

using namespace std::chrono;

constexpr uint64_t kNs = 1795000000ull * 1000000000ull + 999999999ull;
const AlertContext kContext{"LVS1", "lb1", minutes(0)};

sdk::Event vrrp(int32_t state, std::string data = "") {
    sdk::Event e;
    e.type = ROUTERD_EVENT_VRRP_TRANSITION;
    e.time_unix_ns = kNs;
    e.subject = "VI_1";
    e.state = state;
    e.previous_state = ROUTERD_VRRP_BACKUP;
    e.value = 150;
    e.address = "192.168.1.1";
    e.reason = "150 = 200 base - 50 track_process sshd down";
    e.data = std::move(data);
    return e;
}

sdk::Event real_server(int32_t state, std::string address = "172.16.1.20:80") {
    sdk::Event e;
    e.type = ROUTERD_EVENT_REAL_SERVER;
    e.time_unix_ns = kNs;
    e.subject = "tcp:172.16.0.100:80";
    e.address = std::move(address);
    e.state = state;
    e.previous_state = 1 - state;
    e.value = 1;
    e.reason = "TCP check failed: connection refused";
    return e;
}

sdk::Event check(int32_t state, int32_t previous, std::string id = "ssh") {
    sdk::Event e;
    e.type = ROUTERD_EVENT_CHECK_RESULT;
    e.time_unix_ns = kNs;
    e.subject = std::move(id);
    e.address = "127.0.0.1:22";
    e.state = state;
    e.previous_state = previous;
    e.value = -1;
    e.reason = state ? "" : "connection refused";
    return e;
}

sdk::Event quorum(int32_t state, int32_t previous) {
    sdk::Event e;
    e.type = ROUTERD_EVENT_VIRTUAL_SERVER;
    e.time_unix_ns = kNs;
    e.subject = "web";
    e.address = "tcp:172.16.0.100:80";
    e.state = state;
    e.previous_state = previous;
    e.value = state ? 2 : 0;
    e.reason = state ? "healthy weight 2, quorum 1" : "healthy weight 0, quorum 1";
    return e;
}

std::string subject_of(const sdk::Event& event) {
    const std::optional<Alert> alert = alert_from_event(event, AlertDefaults{});
    return alert ? render_alerts(kContext, std::span(&*alert, 1)).subject : "(none)";
}

TEST(EventAlert, VrrpTransitions) {
    EXPECT_EQ(subject_of(vrrp(ROUTERD_VRRP_MASTER)),
              "[LVS1] VRRP Instance VI_1 - Entering MASTER state");
    EXPECT_EQ(subject_of(vrrp(ROUTERD_VRRP_BACKUP)),
              "[LVS1] VRRP Instance VI_1 - Entering BACKUP state");
    EXPECT_EQ(subject_of(vrrp(ROUTERD_VRRP_FAULT)),
              "[LVS1] VRRP Instance VI_1 - Entering FAULT state");
    EXPECT_EQ(subject_of(vrrp(ROUTERD_VRRP_STOP)),
              "[LVS1] VRRP Instance VI_1 - Entering STOP state");
    EXPECT_EQ(subject_of(vrrp(ROUTERD_VRRP_INIT)), "(none)");
    EXPECT_EQ(subject_of(vrrp(ROUTERD_VRRP_MASTER, R"({"group": true})")),
              "[LVS1] VRRP Group VI_1 - Entering MASTER state");
    EXPECT_THROW(alert_from_event(vrrp(7), AlertDefaults{}), std::invalid_argument);
}

TEST(EventAlert, VrrpCarriesPriorityReasonAndTime) {
    const std::optional<Alert> alert = alert_from_event(vrrp(ROUTERD_VRRP_MASTER), AlertDefaults{});
    ASSERT_TRUE(alert);
    EXPECT_EQ(alert->time, sys_seconds(seconds(1795000000)));  // rounded down
    const auto& t = std::get<VrrpTransition>(alert->event);
    EXPECT_EQ(t.effective_priority, 150);
    EXPECT_EQ(t.reason, "150 = 200 base - 50 track_process sshd down");
    sdk::Event unknown_priority = vrrp(ROUTERD_VRRP_FAULT);
    unknown_priority.value = 0;
    EXPECT_EQ(std::get<VrrpTransition>(alert_from_event(unknown_priority, AlertDefaults{})->event)
                  .effective_priority,
              std::nullopt);
}

TEST(EventAlert, RealServers) {
    EXPECT_EQ(subject_of(real_server(0)), "[LVS1] Realserver [172.16.1.20]:80 - DOWN");
    EXPECT_EQ(subject_of(real_server(1, "[2001:db8::20]:443")),
              "[LVS1] Realserver [2001:db8::20]:443 - UP");
    const auto change =
        std::get<RealServerChange>(alert_from_event(real_server(0), AlertDefaults{})->event);
    EXPECT_EQ(change.virtual_server, "tcp:172.16.0.100:80");
    EXPECT_EQ(change.reason, "TCP check failed: connection refused");
    EXPECT_THROW(alert_from_event(real_server(0, "172.16.1.20"), AlertDefaults{}),
                 std::invalid_argument);
    EXPECT_THROW(alert_from_event(real_server(0, "nonsense:port"), AlertDefaults{}),
                 std::invalid_argument);
    EXPECT_THROW(alert_from_event(real_server(2), AlertDefaults{}), std::invalid_argument);
}

TEST(EventAlert, StandaloneChecks) {
    EXPECT_EQ(subject_of(check(0, 1)), "[LVS1] Check ssh - DOWN");
    EXPECT_EQ(subject_of(check(1, 0)), "[LVS1] Check ssh - UP");
    EXPECT_EQ(subject_of(check(0, -1)), "[LVS1] Check ssh - DOWN");  // down from the start
    EXPECT_EQ(subject_of(check(1, -1)), "(none)");                   // up from the start
    // Attached to a real server: the load balancer's REAL_SERVER event is the alert.
    EXPECT_EQ(subject_of(check(0, 1, "tcp@172.16.1.20:80/3f2a")), "(none)");
    const auto change =
        std::get<CheckChange>(alert_from_event(check(0, 1), AlertDefaults{})->event);
    EXPECT_EQ(change.target, "127.0.0.1:22");
    EXPECT_EQ(change.reason, "connection refused");
}

TEST(EventAlert, VirtualServerQuorum) {
    EXPECT_EQ(subject_of(quorum(0, 1)), "[LVS1] Virtualserver web - DOWN");
    EXPECT_EQ(subject_of(quorum(1, 0)), "[LVS1] Virtualserver web - UP");
    EXPECT_EQ(subject_of(quorum(0, -1)), "[LVS1] Virtualserver web - DOWN");  // none at start
    EXPECT_EQ(subject_of(quorum(1, -1)), "(none)");                           // up from the start
    const std::optional<Alert> alert = alert_from_event(quorum(0, 1), AlertDefaults{});
    ASSERT_TRUE(alert);
    EXPECT_NE(render_alerts(kContext, std::span(&*alert, 1))
                  .body.find("Details: tcp:172.16.0.100:80; quorum lost: healthy weight 0, "
                             "quorum 1"),
              std::string::npos);
    EXPECT_FALSE(alert_from_event(quorum(0, 1), AlertDefaults{.checker = false}));
}

TEST(EventAlert, ObjectSwitchWinsOverTheGlobalOne) {
    const AlertDefaults none{.vrrp = false, .checker = false};
    for (const AlertDefaults& global : {AlertDefaults{}, none}) {
        EXPECT_TRUE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER, R"({"smtp_alert": true})"), global));
        EXPECT_FALSE(
            alert_from_event(vrrp(ROUTERD_VRRP_MASTER, R"({"smtp_alert": false})"), global));
    }
    EXPECT_TRUE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER), AlertDefaults{}));
    EXPECT_FALSE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER), none));
    EXPECT_FALSE(alert_from_event(check(0, 1), none));
    EXPECT_FALSE(alert_from_event(real_server(0), none));
    // Data that is not an object, or a switch that is not a boolean: the global setting.
    for (std::string data :
         {"not json", "[1]", R"({"smtp_alert": "no"})", R"({"router_id":"x"})"}) {
        EXPECT_TRUE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER, data), AlertDefaults{})) << data;
        EXPECT_FALSE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER, data), none)) << data;
    }
}

TEST(EventAlert, OtherEventsAreNotAlerts) {
    for (uint32_t type : {uint32_t{ROUTERD_EVENT_ALERT}, uint32_t{ROUTERD_EVENT_CONFIG_RELOAD},
                          uint32_t{ROUTERD_EVENT_CUSTOM}}) {
        sdk::Event e = vrrp(ROUTERD_VRRP_MASTER);
        e.type = type;
        EXPECT_FALSE(alert_from_event(e, AlertDefaults{})) << type;
    }
}

// keepalived.conf(5) global_defs: smtp_alert_vrrp and smtp_alert_checker are the defaults of
// their kind of object, which an object's own smtp_alert overrides; no_email_faults leaves out
// FAULT whatever the object says.
TEST(EventAlert, DefaultsByKindAndFaults) {
    const AlertDefaults checker_only{.vrrp = false, .checker = true};
    EXPECT_FALSE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER), checker_only));
    EXPECT_TRUE(
        alert_from_event(vrrp(ROUTERD_VRRP_MASTER, R"({"smtp_alert": true})"), checker_only));
    EXPECT_TRUE(alert_from_event(real_server(0), checker_only));
    EXPECT_TRUE(alert_from_event(check(0, 1), checker_only));
    EXPECT_TRUE(alert_from_event(quorum(0, 1), checker_only));
    const AlertDefaults vrrp_only{.vrrp = true, .checker = false};
    EXPECT_TRUE(alert_from_event(vrrp(ROUTERD_VRRP_BACKUP), vrrp_only));
    EXPECT_FALSE(alert_from_event(real_server(0), vrrp_only));
    EXPECT_FALSE(alert_from_event(check(0, 1), vrrp_only));

    const AlertDefaults no_faults{.faults = false};
    EXPECT_FALSE(alert_from_event(vrrp(ROUTERD_VRRP_FAULT), no_faults));
    EXPECT_FALSE(alert_from_event(vrrp(ROUTERD_VRRP_FAULT, R"({"smtp_alert": true})"), no_faults));
    EXPECT_FALSE(alert_from_event(
        vrrp(ROUTERD_VRRP_FAULT, R"({"group": true, "smtp_alert": true})"), no_faults));
    EXPECT_TRUE(alert_from_event(vrrp(ROUTERD_VRRP_MASTER), no_faults));
    EXPECT_TRUE(alert_from_event(vrrp(ROUTERD_VRRP_STOP), no_faults));
    EXPECT_TRUE(alert_from_event(real_server(0), no_faults));
}

}  // namespace
}  // namespace routerd::smtp
