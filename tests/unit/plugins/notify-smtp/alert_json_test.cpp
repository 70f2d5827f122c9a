// The durable queue's text form of an alert: every kind survives the round trip.
#include "alert_json.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace routerd::smtp {
namespace {

using namespace std::chrono;

const sys_seconds kWhen{seconds(1795000000)};

void expect_round_trip(const Alert& alert) {
    const Alert back = alert_from_json(alert_to_json(alert));
    EXPECT_EQ(back.time, alert.time);
    EXPECT_EQ(alert_to_json(back), alert_to_json(alert));
    const AlertContext context{"LVS1", "lb1", minutes(0)};
    EXPECT_EQ(render_alerts(context, std::span(&back, 1)).body,
              render_alerts(context, std::span(&alert, 1)).body);
}

TEST(AlertJson, RoundTripsEveryKind) {
    expect_round_trip({kWhen, VrrpTransition{false, "VI_1", VrrpState::kMaster, 150, "why"}});
    expect_round_trip({kWhen, VrrpTransition{true, "G1", VrrpState::kFault, std::nullopt, ""}});
    expect_round_trip({kWhen, VrrpTransition{false, "VI_2", VrrpState::kStop, 1, ""}});
    expect_round_trip({kWhen, VrrpTransition{false, "VI_3", VrrpState::kBackup, 90, ""}});
    expect_round_trip(
        {kWhen, RealServerChange{"2001:db8::20", 443, true, "tcp:172.16.0.100:443", "ok"}});
    expect_round_trip({kWhen, CheckChange{"ssh", "127.0.0.1:22", false, "refused \"x\"\n"}});
    expect_round_trip({kWhen, QuorumChange{"web", "tcp:172.16.0.100:80", false, "weight 0"}});
}

TEST(AlertJson, RefusesWhatItDidNotWrite) {
    for (std::string_view bad :
         {"", "{", "[]", "{}", R"({"kind":"vrrp","time":1})", R"({"kind":"nope","time":1})",
          R"({"kind":"vrrp","time":1,"group":false,"name":"a","state":"HAPPY","reason":""})",
          R"({"kind":"real_server","time":1,"address":"a","port":70000,"up":true,)"
          R"("virtual_server":"","reason":""})",
          R"({"kind":"check","time":"soon","check":"a","target":"b","up":true,"reason":""})"}) {
        EXPECT_THROW(alert_from_json(bad), std::invalid_argument) << bad;
    }
}

}  // namespace
}  // namespace routerd::smtp
